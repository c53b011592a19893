"""Small building blocks shared by the screens: self-fitting labels and countdown texts (the painted
controls, chips and buttons, are in kiosk/ui/widgets/buttons.py).

Every text widget here fits its text into the space it gets (shrinking the font a little, then eliding),
so nothing is ever clipped whatever the window size or elder mode; `fits()` tells tests that it did.
"""

from __future__ import annotations

from kiosk.ui import theme as th
from kiosk.ui.font import font
from kiosk.ui.qt import (
    QFont,
    QFontMetrics,
    QGridLayout,
    QLabel,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPointF,
    QRect,
    QResizeEvent,
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
        colour: str | None = None,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
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

    def set_align(self, align: Qt.AlignmentFlag) -> None:
        self._align = align
        self.setAlignment(align)

    def set_colour(self, colour: str | None) -> None:
        """The text colour (None: the palette's TEXT)."""
        self.setStyleSheet(f"color: {colour or th.TEXT}; background: transparent;")

    def set_theme(self, theme: th.Theme) -> None:
        self._base_px = theme.px(self._role)
        self._apply()

    def set_text(self, text: str) -> None:
        if text != self._full:
            self._full = text
            self._apply()

    def full_text(self) -> str:
        return self._full

    def _base_font(self) -> QFont:
        return font(self._base_px, bold=self._bold)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        fm = QFontMetrics(self._base_font())
        return QSize(fm.horizontalAdvance(self._full) + 4, fm.height() + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(self._base_font())
        return QSize(min(fm.horizontalAdvance(self._full) + 4, fm.averageCharWidth() * 3), fm.height() + 4)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._sized = True
        self._apply()

    def _apply(self) -> None:
        px = self._base_px
        f = font(px, bold=self._bold)
        if not self._sized:  # not laid out yet: its geometry is a placeholder; it fits on the first resize
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

    def _show(self, f: QFont, shown: str) -> None:
        if self.font() != f:
            self.setFont(f)
        if self.text() != shown:
            super().setText(shown)

    def fits(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) <= self.contentsRect().width()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        f = self.font()
        if not (f.bold() and f.pixelSize() >= LARGE_BOLD_PX):
            super().paintEvent(event)
            return
        # Large glyphs are drawn as outlines without synthetic bold: fill and stroke the outline instead.
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        rect = self.contentsRect()
        width = fm.horizontalAdvance(self.text())
        if self._align & Qt.AlignmentFlag.AlignHCenter:
            x = rect.left() + (rect.width() - width) / 2
        elif self._align & Qt.AlignmentFlag.AlignRight:
            x = rect.right() - width
        else:
            x = rect.left()
        y = rect.top() + (rect.height() - fm.height()) / 2 + fm.ascent()
        path = QPainterPath()
        path.addText(QPointF(x, y), f, self.text())
        colour = self.palette().color(self.foregroundRole())
        p.setPen(
            QPen(
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
        self,
        role: str = "secondary",
        *,
        bold: bool = False,
        colour: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._role = role
        self._bold = bold
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {colour or th.TEXT}; background: transparent;")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFont(font(th.SIZES.get(role, 20), bold=bold))

    def set_theme(self, theme: th.Theme) -> None:
        self.setFont(theme.font(self._role, bold=self._bold))

    def fits(self) -> bool:
        return not self.text() or self.heightForWidth(self.width()) <= self.height()


def fit_wrapped(text: str, rect: QRect, base_px: int, *, bold: bool = False, max_lines: int = 2) -> tuple[QFont, bool]:
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


def clear_grid(grid: QGridLayout) -> None:
    """Empty a QGridLayout (the widgets stay, unplaced) and zero its stretches, to place them anew."""
    while grid.count():
        grid.takeAt(0)
    for r in range(grid.rowCount()):
        grid.setRowStretch(r, 0)
    for c in range(grid.columnCount()):
        grid.setColumnStretch(c, 0)


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
