"""Building blocks of the technician screens: wrapped text, name/value rows, buttons of one size."""

from __future__ import annotations

from kiosk.ui import theme as th
from kiosk.ui.font import font
from kiosk.ui.qt import (
    QT_TRANSLATE_NOOP,
    QColor,
    QFont,
    QFontMetrics,
    QGridLayout,
    QPainter,
    QPaintEvent,
    QRectF,
    QResizeEvent,
    QSizePolicy,
    Qt,
    QWidget,
    translate,
)
from kiosk.ui.widgets.keys import KeyButton, wrap_chars
from kiosk.ui.widgets.labels import FitLabel

NAME_SAMPLE = QT_TRANSLATE_NOOP("TechFormat", "评价器计数")  # the widest row name: the name column's width


class TextBox(QWidget):
    """Left-aligned text wrapped after punctuation or between characters (paths, errors, Chinese), at most
    `max_lines` lines, shrinking to 70 % before the last line ends in …; its height follows the text."""

    def __init__(self, role: str = "secondary", *, bold: bool = False, max_lines: int = 3, colour: str | None = None):
        super().__init__()
        self._text = ""
        self._role = role
        self._bold = bold
        self.max_lines = max_lines
        self.colour = QColor(colour or th.TEXT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._theme = th.Theme(1280, 800)
        self._relayout()

    def set_theme(self, theme: th.Theme) -> None:
        self._theme = theme
        self._relayout()

    def set_text(self, text: str, colour: str | None = None) -> None:
        if colour is not None and QColor(colour) != self.colour:
            self.colour = QColor(colour)
            self.update()
        if text != self._text:
            self._text = text
            self._relayout()

    def text(self) -> str:
        return self._text

    def layout_lines(self, width: int | None = None) -> tuple[list[str], QFont]:
        """(lines, font) at `width`: the largest font ≥ 70 % whose lines fit; else cut with …"""
        width = max(1, self.width() if width is None else width)
        base = self._theme.px(self._role)
        px = base
        while True:
            f = font(px, bold=self._bold)
            fm = QFontMetrics(f)
            lines = wrap_chars(self._text, fm, width)
            if len(lines) <= self.max_lines:
                return lines, f
            if px <= int(base * 0.7):
                last = lines[self.max_lines - 1]
                while last and fm.horizontalAdvance(last + "…") > width:
                    last = last[:-1]
                return [*lines[: self.max_lines - 1], last + "…"], f
            px -= 1

    def _relayout(self) -> None:
        lines, f = self.layout_lines()
        height = QFontMetrics(f).lineSpacing() * max(1, len(lines)) + self._theme.px(4)
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._relayout()

    def fits(self) -> bool:
        lines, f = self.layout_lines()
        fm = QFontMetrics(f)
        return all(fm.horizontalAdvance(x) <= self.width() for x in lines) and (
            fm.lineSpacing() * len(lines) <= self.height()
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        lines, f = self.layout_lines()
        step = QFontMetrics(f).lineSpacing()
        p = QPainter(self)
        p.setFont(f)
        p.setPen(self.colour)
        align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for i, line in enumerate(lines):
            p.drawText(QRectF(0, self._theme.px(2) + i * step, self.width(), step), align, line)
        p.end()


class InfoRows(QWidget):
    """Name / value rows (the 状态 page): names in grey, values wrapped, a warning value in red."""

    def __init__(self, role: str = "secondary", max_lines: int = 2):
        super().__init__()
        self._role = role
        self._max_lines = max_lines
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        self.names: list[TextBox] = []
        self.values: list[TextBox] = []
        self._theme = th.Theme(1280, 800)

    def set_theme(self, theme: th.Theme) -> None:
        self._theme = theme
        self.grid.setHorizontalSpacing(theme.px(20))
        self.grid.setVerticalSpacing(theme.px(6))
        width = QFontMetrics(theme.font(self._role)).horizontalAdvance(translate("TechFormat", NAME_SAMPLE)) + theme.px(
            8
        )
        self.grid.setColumnMinimumWidth(0, width)
        for w in (*self.names, *self.values):
            w.set_theme(theme)

    def set_rows(self, rows: list[tuple[str, str, bool]]) -> None:
        while len(self.names) < len(rows):
            i = len(self.names)
            name = TextBox(self._role, max_lines=1, colour=th.SECONDARY)
            value = TextBox(self._role, max_lines=self._max_lines)
            name.set_theme(self._theme)
            value.set_theme(self._theme)
            self.grid.addWidget(name, i, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(value, i, 1, Qt.AlignmentFlag.AlignTop)
            self.names.append(name)
            self.values.append(value)
        for i, (name, value) in enumerate(zip(self.names, self.values, strict=True)):
            shown = i < len(rows)
            name.setVisible(shown)
            value.setVisible(shown)
            if shown:
                n, v, warn = rows[i]
                name.set_text(n)
                value.set_text(v, th.ERROR if warn else th.TEXT)

    def value_of(self, name: str) -> str | None:
        for n, v in zip(self.names, self.values, strict=True):
            if n.isVisibleTo(self) and n.text() == name:
                return v.text()
        return None


def tech_button(text: str, kind: str = "fn") -> KeyButton:
    """A technician's button: kind fn (grey), primary (filled) or secondary (outlined); chip height."""
    return KeyButton(text, kind=kind, role="chip_text")


def size_buttons(theme: th.Theme, *buttons: KeyButton) -> None:
    for b in buttons:
        b.set_theme(theme)
        b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        b.setFixedHeight(theme.px("chip_h"))


def title_label(text: str) -> FitLabel:
    return FitLabel(text, "word", bold=True)
