"""The attract screen's rotating notices: text (a title line, then the body) or images, which fit their
space and are never stretched. Images come from `assets/images/` or the window's `set_notices()`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.assets import asset_path
from kiosk.ui import theme as th
from kiosk.ui.qt import (
    QT_TRANSLATE_NOOP,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QRect,
    QRectF,
    QSizePolicy,
    Qt,
    QWidget,
    translate,
)
from kiosk.ui.widgets.keys import draw_line, shrink_to
from kiosk.ui.widgets.labels import fit_wrapped

log = logging.getLogger(__name__)

ASSET_IMAGES = asset_path("images")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp")
ROTATE_S = 8.0
DEFAULT_TEXTS = (  # shown in the interface language (configured notices are shown as they come)
    QT_TRANSLATE_NOOP("Notices", "24小时自助评价\n办事完成后,输入办件编号或扫描凭条二维码,即可评价本次服务"),
    QT_TRANSLATE_NOOP("Notices", "您的评价,我们的动力\n“好差评”结果实时汇总,差评件件有回音、有整改"),
    QT_TRANSLATE_NOOP("Notices", "评价期限\n办件办理完成之日起5个工作日内可以评价;办结后还可追加评价一次"),
)


@dataclass(frozen=True)
class Notice:
    title: str = ""
    body: str = ""
    image: str = ""  # a file path; title/body unused then


def is_image_path(item: str | Path) -> bool:
    text = str(item)
    return "\n" not in text and text.lower().endswith(IMAGE_SUFFIXES)


def make_notice(item: str | Path | Notice) -> Notice:
    """A text ("标题\\n正文", or just a line) or an image path → Notice."""
    if isinstance(item, Notice):
        return item
    if isinstance(item, Path) or is_image_path(item):
        return Notice(image=str(item))
    title, _, body = str(item).partition("\n")
    return Notice(title=title.strip(), body=body.strip()) if body else Notice(body=title.strip())


def asset_images(folder: Path = ASSET_IMAGES) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def default_notices() -> list[Notice]:
    return [make_notice(translate("Notices", t)) for t in DEFAULT_TEXTS] + [make_notice(p) for p in asset_images()]


class NoticeView(QWidget):
    """Shows one notice at a time; `show_index(i)` picks it (the attract screen rotates by the clock)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._theme = th.Theme(1280, 800)
        self.notices: list[Notice] = []
        self.index = 0
        self._pixmaps: dict[str, QPixmap] = {}
        self._scaled: tuple[str, int, int, QPixmap] | None = None

    def set_theme(self, theme: th.Theme) -> None:
        self._theme = theme
        self.update()

    def set_notices(self, notices: list[Notice]) -> None:
        """Keep the notices that can be shown (unreadable images are left out, with a warning)."""
        kept = []
        self._pixmaps.clear()
        self._scaled = None
        for n in notices:
            if n.image:
                pix = QPixmap(n.image)
                if pix.isNull():
                    log.warning("notice image %s could not be read; left out", n.image)
                    continue
                self._pixmaps[n.image] = pix
            kept.append(n)
        self.notices = kept
        self.index = 0
        self.update()

    def show_index(self, index: int) -> None:
        index = index % len(self.notices) if self.notices else 0
        if index != self.index:
            self.index = index
            self.update()

    @property
    def current(self) -> Notice | None:
        return self.notices[self.index] if self.notices else None

    # --- geometry shared by paint and fits() ------------------------------------------------------------

    def _dots_h(self) -> int:
        return self._theme.px(28) if len(self.notices) > 1 else 0

    def _card(self) -> QRect:
        return self.rect().adjusted(0, 0, 0, -self._dots_h())

    def text_layout(self) -> tuple[QRect, QFont | None, QRect, QFont | None, bool]:
        """(title rect, title font, body rect, body font, fits) of the current text notice: the text grows
        with the card (up to 1.6× its base size), the title and body centred together as one block."""
        t = self._theme
        pad = t.px(40)
        inner = self._card().adjusted(pad + t.px(16), pad, -pad, -pad)
        n = self.current or Notice()
        base = t.px("notice_text")
        body_px = int(min(base * 1.6, max(base, inner.height() / 9)))
        title_px = max(t.px("notice_title"), round(body_px * 1.4))
        ok = True
        title_font, title_h = None, 0
        if n.title:
            title_font, title_ok = shrink_to(n.title, title_px, inner.width(), bold=True)
            title_h = QFontMetrics(title_font).height()
            ok = ok and title_ok
        gap = t.px(24) if n.title and n.body else 0
        body_font, body_h = None, 0
        if n.body:
            room = QRect(inner.left(), 0, inner.width(), max(1, inner.height() - title_h - gap))
            body_font, body_ok = fit_wrapped(n.body, room, body_px, max_lines=4)
            flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft)
            body_h = min(room.height(), QFontMetrics(body_font).boundingRect(room, flags, n.body).height())
            ok = ok and body_ok
        top = inner.top() + max(0, (inner.height() - title_h - gap - body_h) // 2)
        title_rect = QRect(inner.left(), top, inner.width(), title_h)
        body_rect = QRect(inner.left(), top + title_h + gap, inner.width(), body_h)
        return title_rect, title_font, body_rect, body_font, ok

    def fits(self) -> bool:
        n = self.current
        if n is None or n.image:
            return True
        return self.text_layout()[4]

    def image_rect(self) -> QRect:
        """Where the current image is drawn: the largest rect of its aspect inside the card, centred."""
        n = self.current
        pix = self._pixmaps.get(n.image) if n else None
        if pix is None:
            return QRect()
        card = self._card()
        size = pix.size().scaled(card.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRect(
            card.left() + (card.width() - size.width()) // 2,
            card.top() + (card.height() - size.height()) // 2,
            size.width(),
            size.height(),
        )

    # --- paint ------------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        n = self.current
        if n is not None and n.image:
            self._paint_image(p, n)
        elif n is not None:
            self._paint_text(p, n)
        self._paint_dots(p)
        p.end()

    def _paint_image(self, p: QPainter, n: Notice) -> None:
        rect = self.image_rect()
        if rect.isEmpty():
            return
        key = (n.image, rect.width(), rect.height())
        if self._scaled is None or self._scaled[:3] != key:
            pix = self._pixmaps[n.image].scaled(
                rect.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            self._scaled = (*key, pix)
        p.drawPixmap(rect.topLeft(), self._scaled[3])

    def _paint_text(self, p: QPainter, n: Notice) -> None:
        t = self._theme
        card = self._card()
        p.setPen(QPen(QColor(th.CARD_BORDER), max(1, t.px(2))))
        p.setBrush(QColor(th.CARD_BG))
        p.drawRoundedRect(QRectF(card).adjusted(1, 1, -1, -1), t.px("radius"), t.px("radius"))
        title_rect, title_font, body_rect, body_font, _ = self.text_layout()
        # a blue accent bar beside the text block
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(th.TOPBAR_BG))
        top, bottom = title_rect.top(), max(title_rect.bottom(), body_rect.bottom())
        p.drawRoundedRect(QRectF(card.left() + t.px(36), top, t.px(8), bottom - top), t.px(4), t.px(4))
        if title_font is not None:
            align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            draw_line(p, title_rect, align, n.title, title_font, QColor(th.TOPBAR_BG))
        if body_font is not None:
            p.setFont(body_font)
            p.setPen(QColor(th.TEXT))
            p.drawText(body_rect, int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft), n.body)

    def _paint_dots(self, p: QPainter) -> None:
        count = len(self.notices)
        if count < 2:
            return
        t = self._theme
        d, gap = t.px(12), t.px(12)
        total = count * d + (count - 1) * gap
        x = (self.width() - total) / 2
        y = self.height() - self._dots_h() / 2 - d / 2
        p.setPen(Qt.PenStyle.NoPen)
        for i in range(count):
            p.setBrush(QColor(th.PRIMARY if i == self.index else th.CARD_BORDER))
            p.drawEllipse(QRectF(x + i * (d + gap), y, d, d))
