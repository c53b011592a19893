"""The staff card: photo (or a drawn silhouette), name, 工号, window, department, star level, duty state."""

from __future__ import annotations

import base64
import binascii
import logging
from pathlib import Path

from kiosk.core.flow.machine import StaffStatus
from kiosk.core.staff import Staff
from kiosk.ui import theme as th
from kiosk.ui.qt import (
    QT_TRANSLATE_NOOP,
    QBoxLayout,
    QByteArray,
    QColor,
    QFrame,
    QHBoxLayout,
    QImage,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPixmap,
    QRectF,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    translate,
)
from kiosk.ui.widgets.labels import FitLabel

log = logging.getLogger(__name__)

STATUS_TEXT = {
    StaffStatus.ON_DUTY: QT_TRANSLATE_NOOP("StaffCard", "在岗"),
    StaffStatus.PAUSED: QT_TRANSLATE_NOOP("StaffCard", "暂停服务"),
    StaffStatus.AWAY: QT_TRANSLATE_NOOP("StaffCard", "暂时离开"),
    StaffStatus.SIGNED_OUT: QT_TRANSLATE_NOOP("StaffCard", "暂停服务"),
}


def status_text(status: StaffStatus) -> str:
    """The duty state in the interface language."""
    return translate("StaffCard", STATUS_TEXT[status])


def load_photo(photo: str) -> QPixmap | None:
    """A staff photo from a file path or base64 (optionally a data: URL); None when there is none or it is bad."""
    if not photo:
        return None
    pix = QPixmap()
    if len(photo) < 1024 and not photo.startswith("data:"):
        try:
            if Path(photo).is_file() and pix.load(photo):
                return pix
        except OSError:
            pass
    data = photo.split(",", 1)[1] if photo.startswith("data:") else photo
    try:
        raw = base64.b64decode(data, validate=False)
    except (binascii.Error, ValueError):
        log.warning("staff photo is neither a readable file nor base64")
        return None
    if raw and pix.loadFromData(QByteArray(raw)):
        return pix
    log.warning("staff photo could not be decoded")
    return None


SILHOUETTE = {False: ("#DDE3EA", "#9AA6B5"), True: ("#D0D3D8", "#A8ADB4")}  # greyed -> (box, figure)


class PhotoView(QWidget):
    """The photo cropped to a rounded 4:5 box, or a silhouette (head and shoulders); grey when the card is greyed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._pixmap: QPixmap | None = None
        self._source = ""
        self.greyed = False

    def set_photo(self, photo: str) -> None:
        if photo != self._source:
            self._source = photo
            self._pixmap = load_photo(photo)
            self.update()

    def set_greyed(self, greyed: bool) -> None:
        if greyed != self.greyed:
            self.greyed = greyed
            self.update()

    def has_photo(self) -> bool:
        return self._pixmap is not None and not self._pixmap.isNull()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._pixmap is not None and not self._pixmap.isNull():
            self._paint_photo(p, self._pixmap)
        else:
            self._paint_silhouette(p)
        p.end()

    def _paint_silhouette(self, p: QPainter) -> None:
        """A rounded box; in it a round head and, below it, shoulders running off the bottom edge."""
        w, h = self.width(), self.height()
        box, figure = SILHOUETTE[self.greyed]
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(box))
        radius = round(min(w, h) * 0.06)
        p.drawRoundedRect(QRectF(0, 0, w, h), radius, radius)
        p.setBrush(QColor(figure))
        head = round(min(w, h) * 0.36)
        top = round(h * 0.18)
        p.drawEllipse(QRectF((w - head) // 2, top, head, head))
        shoulders_top = top + round(head * 1.08)
        r = round(w * 0.3)  # the round top corners; the bottom ones lie below the edge
        p.drawRoundedRect(QRectF(round(w * 0.14), shoulders_top, round(w * 0.72), max(0, h - shoulders_top) + r), r, r)

    def _paint_photo(self, p: QPainter, pixmap: QPixmap) -> None:
        r = QRectF(self.rect())
        radius = min(r.width(), r.height()) * 0.06
        clip = QPainterPath()
        clip.addRoundedRect(r, radius, radius)
        p.setClipPath(clip)
        scaled = pixmap.scaled(
            self.size(), Qt.AspectRatioMode.KeepAspectRatioByExpanding, Qt.TransformationMode.SmoothTransformation
        )
        img = scaled.toImage()
        if self.greyed:
            img = img.convertToFormat(QImage.Format.Format_Grayscale8)
        x = (scaled.width() - self.width()) // 2
        y = (scaled.height() - self.height()) // 2
        p.drawImage(0, 0, img, x, y, self.width(), self.height())


class StaffCard(QFrame):
    """Vertical card (landscape, left column) or a band (portrait / elder, on top)."""

    def __init__(self, *, band: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.band = band
        self.setObjectName("staffCard")
        self.photo = PhotoView()
        self.name = FitLabel("", "service", bold=True)
        self.code = FitLabel("", "secondary", colour=th.SECONDARY)
        self.place = FitLabel("", "secondary", colour=th.SECONDARY)
        self.stars = FitLabel("", "secondary", colour=th.STAR)
        self.status = FitLabel("", "secondary", bold=True, colour=th.OK_GREEN)
        outer: QBoxLayout
        if band:
            outer = QHBoxLayout(self)
            outer.addWidget(self.photo)
            outer.addSpacing(8)
            text = QVBoxLayout()
            text.addStretch(1)
            for w in (self.name, self.code, self.place):
                text.addWidget(w)
            text.addStretch(1)
            outer.addLayout(text, 3)
            right = QVBoxLayout()
            right.addStretch(1)
            right.addWidget(self.stars)
            right.addWidget(self.status)
            right.addStretch(1)
            outer.addLayout(right, 2)
            self.stars.set_align(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.status.set_align(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        else:
            outer = QVBoxLayout(self)
            centred = QHBoxLayout()  # the photo keeps its size, centred
            centred.addStretch(1)
            centred.addWidget(self.photo)
            centred.addStretch(1)
            outer.addLayout(centred)
            for w in (self.name, self.code, self.place, self.stars, self.status):
                w.set_align(Qt.AlignmentFlag.AlignCenter)
                outer.addWidget(w)
            outer.addStretch(1)
            self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.outer = outer
        self._greyed: bool | None = None  # None: not styled for a duty state yet
        self._theme = th.Theme(1280, 800)
        self._style(False)

    def set_theme(self, theme: th.Theme) -> None:
        self._theme = theme
        m = theme.px(12 if self.band else 16)
        self.outer.setContentsMargins(m, m, m, m)
        self.outer.setSpacing(theme.px(8 if not self.band else 4))
        for w in (self.name, self.code, self.place, self.stars):
            w.set_theme(theme)
        self.status.set_theme(theme)
        if self.band:
            h = theme.px("band_h")
            self.setFixedHeight(h)
            ph = h - 2 * m
            self.photo.setFixedSize(int(ph * 0.8), ph)
        else:
            self.setFixedWidth(theme.px("card_w"))
            self.photo.setFixedSize(theme.px("photo_w"), theme.px("photo_h"))

    def _style(self, greyed: bool) -> None:
        bg = th.GREYED_BG if greyed else th.CARD_BG
        self.setStyleSheet(
            f"QFrame#staffCard {{ background: {bg}; border: 1px solid {th.CARD_BORDER}; border-radius: 12px; }}"
        )
        self.name.set_colour(th.GREYED_TEXT if greyed else th.TEXT)
        for label in (self.code, self.place):
            label.set_colour(th.GREYED_TEXT if greyed else th.SECONDARY)
        self.stars.set_colour(th.GREYED_TEXT if greyed else th.STAR)
        self.status.set_colour(th.TEXT if greyed else th.OK_GREEN)
        self.photo.set_greyed(greyed)

    def show_staff(self, staff: Staff | None, status: StaffStatus, window: str, dept: str) -> None:
        greyed = status is not StaffStatus.ON_DUTY
        if greyed != self._greyed:
            self._greyed = greyed
            self._style(greyed)
            # 暂停服务 / 暂时离开 in 40 px on a greyed card; 在岗 small
            self.status._role = "paused" if greyed else "secondary"
            self.status.set_theme(self._theme)
        self.photo.set_photo(staff.photo if staff else "")
        self.name.set_text(staff.name if staff else translate("StaffCard", "暂无工作人员"))
        self.code.set_text(translate("StaffCard", "工号 {code}").format(code=staff.pageCode) if staff else "")
        self.code.setVisible(staff is not None)
        dept_name = (staff.dept if staff and staff.dept else dept) or ""
        self.place.set_text(" · ".join(x for x in (window, dept_name) if x))
        stars = max(0, min(5, staff.stars)) if staff else 0
        self.stars.set_text("★" * stars + "☆" * (5 - stars) if staff else "")
        self.stars.setVisible(staff is not None)
        self.status.set_text(status_text(status))
