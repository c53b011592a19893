"""Terminal building blocks: large on-screen keys and the display of what is typed."""

from __future__ import annotations

from kiosk.ui import theme as th
from kiosk.ui.font import font
from kiosk.ui.qt import (
    QAbstractButton,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPointF,
    QRect,
    QRectF,
    QResizeEvent,
    QSize,
    QSizePolicy,
    Qt,
    QWidget,
)
from kiosk.ui.widgets.labels import LARGE_BOLD_PX, MIN_SHRINK


def shrink_to(
    text: str, base_px: int, width: int, *, bold: bool = False, floor: float = MIN_SHRINK
) -> tuple[QFont, bool]:
    """The largest font (≤ base, ≥ floor·base) whose `text` fits `width`, and whether it does."""
    px = base_px
    while True:
        f = font(px, bold=bold)
        fm = QFontMetrics(f)
        if fm.horizontalAdvance(text) <= width:
            return f, True
        if px <= max(1, int(base_px * floor)):
            return f, False
        px -= 1


def draw_line(p: QPainter, rect: QRect | QRectF, align: Qt.AlignmentFlag, text: str, f: QFont, colour: QColor) -> None:
    """One line of text in `rect`; large bold text is drawn as a filled and stroked outline, because Qt
    draws glyphs that large as outlines without the synthetic bold (the CJK font has no bold face)."""
    if not (f.bold() and f.pixelSize() >= LARGE_BOLD_PX):
        p.setFont(f)
        p.setPen(colour)
        p.drawText(rect, int(align), text)
        return
    box = QRectF(rect)
    fm = QFontMetrics(f)
    width = fm.horizontalAdvance(text)
    if align & Qt.AlignmentFlag.AlignHCenter:
        x = box.left() + (box.width() - width) / 2
    elif align & Qt.AlignmentFlag.AlignRight:
        x = box.right() - width
    else:
        x = box.left()
    if align & Qt.AlignmentFlag.AlignTop:
        y = box.top() + fm.ascent()
    elif align & Qt.AlignmentFlag.AlignBottom:
        y = box.bottom() - fm.descent()
    else:
        y = box.top() + (box.height() - fm.height()) / 2 + fm.ascent()
    path = QPainterPath()
    path.addText(QPointF(x, y), f, text)
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, max(1.0, f.pixelSize() / 30), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(colour)
    p.drawPath(path)
    p.restore()


BREAK_AFTER = ",，、;；。:：!！?？ "


def wrap_chars(text: str, fm: QFontMetrics, width: int) -> list[str]:
    """Break `text` into lines no wider than `width`: after punctuation where that fits (phrases stay
    whole), else between any two characters (Chinese text). Explicit newlines are kept."""
    lines: list[str] = []
    for para in text.split("\n"):
        phrases, cur = [], ""
        for ch in para:
            cur += ch
            if ch in BREAK_AFTER:
                phrases.append(cur)
                cur = ""
        if cur or not phrases:
            phrases.append(cur)
        line = ""
        for phrase in phrases:
            if fm.horizontalAdvance((line + phrase).rstrip()) <= width:
                line += phrase
                continue
            if line:
                lines.append(line.rstrip())
                line = ""
            for ch in phrase:  # a phrase wider than the line: between characters
                if line and fm.horizontalAdvance((line + ch).rstrip()) > width:
                    lines.append(line.rstrip())
                    line = ch
                else:
                    line += ch
        lines.append(line.rstrip())
    return lines


class KeyButton(QAbstractButton):
    """A big key: `kind` key (white), fn (退格, 清空, ABC), primary (确定, filled) or secondary (返回)."""

    def __init__(self, text: str, *, kind: str = "key", role: str = "key_text", parent: QWidget | None = None):
        super().__init__(parent)
        self.setText(text)
        self.kind = kind
        self._role = role
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(text)
        self._theme = th.Theme(1280, 800)

    def set_theme(self, theme: th.Theme) -> None:
        self._theme = theme
        self.updateGeometry()
        self.update()

    def _base_px(self) -> int:
        """The role's size; keys grow their label with the key (tall portrait keys), up to 1.6×."""
        base = self._theme.px(self._role)
        if self.kind in ("key", "fn"):
            return int(min(base * 1.6, max(base, self.height() * 0.3)))
        return base

    def _text_width(self) -> int:
        return max(1, self.width() - self._theme.px(12))

    def _font(self) -> QFont:
        return shrink_to(self.text(), self._base_px(), self._text_width(), bold=self.kind != "key")[0]

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(font(self._theme.px(self._role), bold=True))
        return QSize(fm.horizontalAdvance(self.text()) + self._theme.px(40), self._theme.px(88))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(font(self._theme.px(self._role), bold=True))
        return QSize(fm.horizontalAdvance(self.text()) + self._theme.px(16), self._theme.px("key_min_h"))

    def fits(self) -> bool:
        f = self._font()
        fm = QFontMetrics(f)
        return fm.horizontalAdvance(self.text()) <= self._text_width() and fm.height() <= self.height()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        t = self._theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        down = self.isDown()
        enabled = self.isEnabled()
        pen: QPen | Qt.PenStyle
        if self.kind == "primary":
            bg = QColor(th.PRIMARY if enabled else th.DISABLED_BG)
            pen, fg = Qt.PenStyle.NoPen, QColor(th.PRIMARY_TEXT if enabled else th.DISABLED_TEXT)
        elif self.kind == "secondary":
            bg, pen, fg = QColor(th.CHIP_BG), QPen(QColor(th.PRIMARY), t.px(2)), QColor(th.PRIMARY)
        elif not enabled:  # a key that does nothing now (the technician's PIN pad while locked)
            bg, pen, fg = (
                QColor(th.DISABLED_BG),
                QPen(QColor(th.CARD_BORDER), max(1, t.px(2))),
                QColor(th.DISABLED_TEXT),
            )
        else:
            bg = QColor(th.FN_BG if self.kind == "fn" else th.KEY_BG)
            pen, fg = QPen(QColor(th.CARD_BORDER), max(1, t.px(2))), QColor(th.TEXT)
        if down:
            bg = bg.darker(115)
        p.setPen(pen)
        p.setBrush(bg)
        p.drawRoundedRect(r, t.px(12), t.px(12))
        draw_line(p, self.rect(), Qt.AlignmentFlag.AlignCenter, self.text(), self._font(), fg)
        p.end()


class CodeDisplay(QWidget):
    """What is typed, large in a white box with a caret; a hint in grey when empty. A long text shrinks a
    little, then shows its end (the digits just typed) after a leading …"""

    def __init__(self, placeholder: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._text = ""
        self.placeholder = placeholder
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._theme = th.Theme(1280, 800)
        self.set_theme(self._theme)

    def set_theme(self, theme: th.Theme) -> None:
        self._theme = theme
        self.setFixedHeight(theme.px("display_h"))
        self.update()

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.update()

    def text(self) -> str:
        return self._text

    def _inner_width(self) -> int:
        return max(1, self.width() - 2 * self._theme.px(20) - self._theme.px(8))

    def shown_text(self) -> tuple[str, QFont]:
        """(the text as drawn, its font): shrunk, then its tail after a leading … when still too long."""
        t = self._theme
        if not self._text:
            f, _ = shrink_to(self.placeholder, t.px("service"), self._inner_width())
            return self.placeholder, f
        f, ok = shrink_to(self._text, t.px("display_text"), self._inner_width(), bold=True, floor=0.6)
        if ok:
            return self._text, f
        fm = QFontMetrics(f)
        tail = self._text
        while tail and fm.horizontalAdvance("…" + tail) > self._inner_width():
            tail = tail[1:]
        return "…" + tail, f

    def fits(self) -> bool:
        text, f = self.shown_text()
        fm = QFontMetrics(f)
        return fm.horizontalAdvance(text) <= self._inner_width() and fm.height() <= self.height()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        t = self._theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor(th.PRIMARY), t.px(3)))
        p.setBrush(QColor(th.CARD_BG))
        p.drawRoundedRect(QRectF(self.rect()).adjusted(2, 2, -2, -2), t.px(12), t.px(12))
        text, f = self.shown_text()
        left = t.px(20)
        rect = self.rect().adjusted(left, 0, -left, 0)
        colour = QColor(th.TEXT if self._text else th.SECONDARY)
        draw_line(p, rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text, f, colour)
        if self._text:  # the caret after the text
            x = left + QFontMetrics(f).horizontalAdvance(text) + t.px(4)
            h = QFontMetrics(f).height()
            p.setPen(QPen(QColor(th.PRIMARY), t.px(3)))
            p.drawLine(x, (self.height() - h) // 2, x, (self.height() + h) // 2)
        p.end()


class BigText(QWidget):
    """A large centred message, wrapped between characters over at most `max_lines` lines; shrinks (to
    60 %) rather than clip. Its height follows the text at the current width."""

    def __init__(self, role: str = "message", *, bold: bool = True, max_lines: int = 3, parent: QWidget | None = None):
        super().__init__(parent)
        self._text = ""
        self._role = role
        self._bold = bold
        self.max_lines = max_lines
        self.colour = QColor(th.TEXT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._theme = th.Theme(1280, 800)

    def set_theme(self, theme: th.Theme) -> None:
        self._theme = theme
        self._relayout()

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._relayout()

    def text(self) -> str:
        return self._text

    def layout_lines(self, width: int | None = None) -> tuple[list[str], QFont, bool]:
        """(lines, font, fits) at `width` (default: the current width)."""
        width = max(1, self.width() if width is None else width)
        base = self._theme.px(self._role)
        px = base
        while True:
            f = font(px, bold=self._bold)
            lines = wrap_chars(self._text, QFontMetrics(f), width)
            fm = QFontMetrics(f)
            ok = len(lines) <= self.max_lines and all(fm.horizontalAdvance(x) <= width for x in lines)
            if ok or px <= int(base * 0.6):
                return lines, f, ok
            px -= 1

    def _relayout(self) -> None:
        lines, f, _ = self.layout_lines()
        self.setFixedHeight(QFontMetrics(f).lineSpacing() * max(1, len(lines)) + self._theme.px(8))
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._relayout()

    def fits(self) -> bool:
        lines, f, ok = self.layout_lines()
        return ok and QFontMetrics(f).lineSpacing() * len(lines) <= self.height()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        lines, f, _ = self.layout_lines()
        step = QFontMetrics(f).lineSpacing()
        top = (self.height() - step * len(lines)) / 2
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        for i, line in enumerate(lines):
            draw_line(
                p, QRectF(0, top + i * step, self.width(), step), Qt.AlignmentFlag.AlignCenter, line, f, self.colour
            )
        p.end()
