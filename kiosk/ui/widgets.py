"""Small building blocks shared by the screens: self-fitting labels, chips, the primary button, a check mark.

Every text widget here fits its text into the space it gets (shrinking the font a little, then eliding),
so nothing is ever clipped whatever the window size or elder mode; `fits()` tells tests that it did.
"""

from __future__ import annotations

from kiosk.ui import align as al
from kiosk.ui import qt
from kiosk.ui import theme as th
from kiosk.ui.font import font
from kiosk.ui.qt import (
    QAbstractButton,
    QColor,
    QFontMetrics,
    QLabel,
    QSize,
    QSizePolicy,
    Qt,
    QWidget,
    translate,
)

MIN_SHRINK = 0.7  # a text may shrink to 70 % of its size before it is elided
LARGE_BOLD_PX = 60  # from about this size Qt draws glyph outlines and loses synthetic bold


class FitLabel(QLabel):
    """A single-line label that keeps its whole text visible: shrinks the font, elides as a last resort."""

    def __init__(
        self,
        text: str = "",
        role: str = "secondary",
        *,
        bold: bool = False,
        colour: str = th.TEXT,
        align: int = al.LEFT_MIDDLE,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._full = text
        self._role = role
        self._bold = bold
        self._base_px = th.SIZES.get(role, 20)
        self._sized = False  # no resize event yet: no real width to fit into (Qt sends one on the first show)
        self.set_align(align)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.set_colour(colour)
        self._apply()

    def set_align(self, align: int) -> None:
        """`align`: kiosk.ui.align bits (the values of Qt.AlignmentFlag)."""
        self._align = align
        self.setProperty("alignment", align)

    def set_colour(self, colour: str) -> None:
        self.setStyleSheet(f"color: {colour}; background: transparent;")

    def set_theme(self, theme: th.Theme) -> None:
        self._base_px = theme.px(self._role)
        self._apply()

    def set_text(self, text: str) -> None:
        if text != self._full:
            self._full = text
            self._apply()

    def full_text(self) -> str:
        return self._full

    def _base_font(self):
        return font(self._base_px, bold=self._bold)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        fm = QFontMetrics(self._base_font())
        return QSize(fm.horizontalAdvance(self._full) + 4, fm.height() + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(self._base_font())
        return QSize(min(fm.horizontalAdvance(self._full) + 4, fm.averageCharWidth() * 3), fm.height() + 4)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._sized = True
        self._apply()

    def _apply(self) -> None:
        px = self._base_px
        f = font(px, bold=self._bold)
        if not self._sized:  # the placeholder geometry of a widget not laid out yet: measuring it is wasted
            self._show(f, self._full)
            return
        width = self.contentsRect().width()
        floor = max(1, int(self._base_px * MIN_SHRINK))
        advance = QFontMetrics(f).horizontalAdvance(self._full)
        if width > 0 and advance > width:
            # text width scales about linearly with the pixel size: jump close, then step down until it fits
            px = max(floor, min(px - 1, int(px * width / advance)))
            f = font(px, bold=self._bold)
            while px > floor and QFontMetrics(f).horizontalAdvance(self._full) > width:
                px -= 1
                f = font(px, bold=self._bold)
            while px + 1 < self._base_px:  # the estimate may undershoot: take the largest size that fits
                bigger = font(px + 1, bold=self._bold)
                if QFontMetrics(bigger).horizontalAdvance(self._full) > width:
                    break
                px, f = px + 1, bigger
        shown = self._full
        fm = QFontMetrics(f)
        if fm.horizontalAdvance(shown) > width > 0:
            # not even "…" fits (a label not laid out yet): nothing, as elidedText would give
            fits_any = width >= fm.horizontalAdvance("…")
            shown = fm.elidedText(shown, Qt.TextElideMode.ElideRight, width) if fits_any else ""
        self._show(f, shown)

    def _show(self, f, shown: str) -> None:
        if self.font() != f:
            self.setFont(f)
        if self.text() != shown:
            super().setText(shown)

    def fits(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) <= self.contentsRect().width()

    def paintEvent(self, event) -> None:  # noqa: N802
        f = self.font()
        if not (f.bold() and f.pixelSize() >= LARGE_BOLD_PX):
            super().paintEvent(event)
            return
        # Large glyphs are drawn as outlines without synthetic bold: fill and stroke the outline instead.
        p = qt.QPainter(self)
        p.setRenderHint(qt.QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        rect = self.contentsRect()
        width = fm.horizontalAdvance(self.text())
        if self._align & al.HCENTER:
            x = rect.left() + (rect.width() - width) / 2
        elif self._align & al.RIGHT:
            x = rect.right() - width
        else:
            x = rect.left()
        y = rect.top() + (rect.height() - fm.height()) / 2 + fm.ascent()
        path = qt.QPainterPath()
        path.addText(qt.QPointF(x, y), f, self.text())
        colour = self.palette().color(self.foregroundRole())
        p.setPen(
            qt.QPen(
                colour,
                max(1.0, f.pixelSize() / 30),
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        p.setBrush(colour)
        p.drawPath(path)
        p.end()


class WrapLabel(QLabel):
    """A word-wrapped label (messages); its height follows its text."""

    def __init__(
        self, role: str = "secondary", *, bold: bool = False, colour: str = th.TEXT, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._role = role
        self._bold = bold
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {colour}; background: transparent;")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFont(font(th.SIZES.get(role, 20), bold=bold))

    def set_theme(self, theme: th.Theme) -> None:
        self.setFont(theme.font(self._role, bold=self._bold))

    def fits(self) -> bool:
        return not self.text() or self.heightForWidth(self.width()) <= self.height()


def fit_wrapped(text: str, rect: qt.QRect, base_px: int, *, bold: bool = False, max_lines: int = 2):
    """The largest font (≤ base, ≥ MIN_SHRINK·base) whose word-wrapped text fits `rect`; (font, fits)."""
    flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    floor = max(1, int(base_px * MIN_SHRINK))
    px = base_px
    while True:
        f = font(px, bold=bold)
        fm = QFontMetrics(f)
        box = fm.boundingRect(rect, flags, text)
        lines_ok = box.height() <= fm.lineSpacing() * max_lines + 2
        if box.width() <= rect.width() and box.height() <= rect.height() and lines_ok:
            return f, True
        if px <= floor:
            return f, False
        px -= 1


class Chip(QAbstractButton):
    """A large toggle chip: rounded box, a check mark when on, word-wrapped text (two lines at most)."""

    def __init__(self, text: str, *, checkable: bool = True, phrase: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.phrase = phrase  # a common phrase: pill shape, a round "+" that turns into a tick
        self.setText(text)
        self.setCheckable(checkable)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._theme = th.Theme(1280, 800)
        self.set_theme(self._theme)

    def set_theme(self, theme: th.Theme) -> None:
        self._theme = theme
        self.setFixedHeight(theme.px("chip_h"))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(self._theme.font("chip_text"))
        return QSize(
            fm.horizontalAdvance(self.text()) + self._text_left() + self._theme.px(20), self._theme.px("chip_h")
        )

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._text_left() + self._theme.px(80), self._theme.px("chip_h"))

    def _text_left(self) -> int:
        return self._theme.px(16) + self._box_size() + self._theme.px(12)

    def _box_size(self) -> int:
        return self._theme.px(28)

    def text_rect(self) -> qt.QRect:
        pad = self._theme.px(6)
        return qt.QRect(
            self._text_left(),
            pad,
            max(1, self.width() - self._text_left() - self._theme.px(14)),
            max(1, self.height() - 2 * pad),
        )

    def fits(self) -> bool:
        return fit_wrapped(self.text(), self.text_rect(), self._theme.px("chip_text"))[1]

    def paintEvent(self, event) -> None:  # noqa: N802
        t = self._theme
        p = qt.QPainter(self)
        p.setRenderHint(qt.QPainter.RenderHint.Antialiasing)
        on = self.isChecked()
        border = QColor(th.CHIP_ON_BORDER if on else th.CARD_BORDER)
        p.setPen(qt.QPen(border, t.px(3) if on else t.px(2)))
        p.setBrush(QColor(th.CHIP_ON_BG if on else th.CHIP_BG))
        r = qt.QRectF(self.rect()).adjusted(2, 2, -2, -2)
        radius = r.height() / 2 if self.phrase else t.px(12)
        p.drawRoundedRect(r, radius, radius)
        # check box (round for phrases) with a tick when on
        box = self._box_size()
        bx, by = t.px(16), (self.height() - box) / 2
        p.setPen(qt.QPen(QColor(th.PRIMARY if on else th.SECONDARY), t.px(2)))
        p.setBrush(QColor(th.PRIMARY) if on else Qt.BrushStyle.NoBrush)
        box_radius = box / 2 if self.phrase else t.px(6)
        p.drawRoundedRect(qt.QRectF(bx, by, box, box), box_radius, box_radius)
        if self.phrase and not on:
            c, arm = qt.QPointF(bx + box / 2, by + box / 2), box * 0.26
            p.drawLine(qt.QPointF(c.x() - arm, c.y()), qt.QPointF(c.x() + arm, c.y()))
            p.drawLine(qt.QPointF(c.x(), c.y() - arm), qt.QPointF(c.x(), c.y() + arm))
        if on:
            path = qt.QPainterPath(qt.QPointF(bx + box * 0.22, by + box * 0.52))
            path.lineTo(bx + box * 0.43, by + box * 0.72)
            path.lineTo(bx + box * 0.80, by + box * 0.30)
            p.setPen(
                qt.QPen(
                    QColor("#FFFFFF"),
                    max(2, t.px(4)),
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin,
                )
            )
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
        rect = self.text_rect()
        f, _ = fit_wrapped(self.text(), rect, t.px("chip_text"))
        f.setBold(on)
        p.setFont(f)
        p.setPen(QColor(th.TEXT))
        p.drawText(
            rect,
            int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.text(),
        )
        p.end()


class ActionButton(QAbstractButton):
    """A big filled button (提交 is the primary one; secondary ones are outlined)."""

    def __init__(self, text: str, *, primary: bool = True, role: str = "service", parent: QWidget | None = None):
        super().__init__(parent)
        self.setText(text)
        self._primary = primary
        self._role = role
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._theme = th.Theme(1280, 800)
        self.set_theme(self._theme)

    def set_theme(self, theme: th.Theme) -> None:
        self._theme = theme
        self.setFixedHeight(theme.px("submit_h") if self._primary else theme.px("chip_h"))
        self.updateGeometry()
        self.update()

    def _font(self):
        return self._theme.font(self._role, bold=self._primary)

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(self._font())
        return QSize(fm.horizontalAdvance(self.text()) + self._theme.px(64), self.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def fits(self) -> bool:
        return QFontMetrics(self._font()).horizontalAdvance(self.text()) <= self.width() - self._theme.px(16)

    def paintEvent(self, event) -> None:  # noqa: N802
        t = self._theme
        p = qt.QPainter(self)
        p.setRenderHint(qt.QPainter.RenderHint.Antialiasing)
        r = qt.QRectF(self.rect()).adjusted(1, 1, -1, -1)
        down = self.isDown()
        if self._primary:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(th.PRIMARY).darker(120 if down else 100))
            colour = QColor(th.PRIMARY_TEXT)
        else:
            p.setPen(qt.QPen(QColor(th.PRIMARY), t.px(2)))
            p.setBrush(QColor(th.CHIP_ON_BG if down else th.CHIP_BG))
            colour = QColor(th.PRIMARY)
        p.drawRoundedRect(r, t.px(12), t.px(12))
        p.setFont(self._font())
        p.setPen(colour)
        p.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), self.text())
        p.end()


class CheckMark(QWidget):
    """A large green disc with a white tick (the thanks screen)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_theme(th.Theme(1280, 800))

    def set_theme(self, theme: th.Theme) -> None:
        self.setFixedSize(theme.px("check"), theme.px("check"))
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        p = qt.QPainter(self)
        p.setRenderHint(qt.QPainter.RenderHint.Antialiasing)
        s = min(self.width(), self.height())
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(th.OK_GREEN))
        p.drawEllipse(qt.QRectF(2, 2, s - 4, s - 4))
        path = qt.QPainterPath(qt.QPointF(s * 0.27, s * 0.52))
        path.lineTo(s * 0.44, s * 0.69)
        path.lineTo(s * 0.75, s * 0.35)
        p.setPen(
            qt.QPen(
                QColor("#FFFFFF"), s * 0.08, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
            )
        )
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        p.end()


def countdown_text(seconds: int | None, *, back: bool = False) -> str:
    """30 秒, or with `back` 30 秒后返回 (the screen goes back by itself then)."""
    if seconds is None:
        return ""
    text = translate("Countdown", "{n} 秒后返回") if back else translate("Countdown", "{n} 秒")
    return text.format(n=seconds)


def countdown_min_width(theme: th.Theme, role: str = "service", sample: str | None = None) -> int:
    """Room for the countdown's widest text (`sample`, else "600 秒")."""
    text = countdown_text(600) if sample is None else sample
    return QFontMetrics(theme.font(role)).horizontalAdvance(text) + 8
