"""The painted controls: toggle chips (reasons, phrases), the big action buttons, the check mark.

Each paints itself with QPainter and fits its text the way kiosk/ui/widgets/labels.py's labels do; `fits()` tells
tests that it did.
"""

from __future__ import annotations

from kiosk.ui import theme as th
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
    QSize,
    QSizePolicy,
    Qt,
    QWidget,
)
from kiosk.ui.widgets.labels import fit_wrapped


class _Painted(QAbstractButton):
    """What the painted controls share: touch only (no key focus), the row's width, a height from the theme."""

    def __init__(self, text: str, parent: QWidget | None):
        super().__init__(parent)
        self.setText(text)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._theme = th.Theme(1280, 800)

    def _height(self, theme: th.Theme) -> int:
        return theme.px("chip_h")

    def set_theme(self, theme: th.Theme) -> None:
        self._theme = theme
        self.setFixedHeight(self._height(theme))
        self.updateGeometry()
        self.update()


class Chip(_Painted):
    """A large toggle chip: rounded box, a check mark when on, word-wrapped text (two lines at most)."""

    def __init__(self, text: str, *, checkable: bool = True, phrase: bool = False, parent: QWidget | None = None):
        super().__init__(text, parent)
        self.phrase = phrase  # a common phrase: pill shape, a round "+" that turns into a tick
        self.setCheckable(checkable)
        self.set_theme(self._theme)

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

    def text_rect(self) -> QRect:
        pad = self._theme.px(6)
        return QRect(
            self._text_left(),
            pad,
            max(1, self.width() - self._text_left() - self._theme.px(14)),
            max(1, self.height() - 2 * pad),
        )

    def fits(self) -> bool:
        return fit_wrapped(self.text(), self.text_rect(), self._theme.px("chip_text"))[1]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        t = self._theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        on = self.isChecked()
        border = QColor(th.CHIP_ON_BORDER if on else th.CARD_BORDER)
        p.setPen(QPen(border, t.px(3) if on else t.px(2)))
        p.setBrush(QColor(th.CHIP_ON_BG if on else th.CHIP_BG))
        r = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        radius = r.height() / 2 if self.phrase else t.px(12)
        p.drawRoundedRect(r, radius, radius)
        # check box (round for phrases) with a tick when on
        box = self._box_size()
        bx, by = t.px(16), (self.height() - box) / 2
        p.setPen(QPen(QColor(th.PRIMARY if on else th.SECONDARY), t.px(2)))
        p.setBrush(QColor(th.PRIMARY) if on else Qt.BrushStyle.NoBrush)
        box_radius = box / 2 if self.phrase else t.px(6)
        p.drawRoundedRect(QRectF(bx, by, box, box), box_radius, box_radius)
        if self.phrase and not on:
            c, arm = QPointF(bx + box / 2, by + box / 2), box * 0.26
            p.drawLine(QPointF(c.x() - arm, c.y()), QPointF(c.x() + arm, c.y()))
            p.drawLine(QPointF(c.x(), c.y() - arm), QPointF(c.x(), c.y() + arm))
        if on:
            path = QPainterPath(QPointF(bx + box * 0.22, by + box * 0.52))
            path.lineTo(bx + box * 0.43, by + box * 0.72)
            path.lineTo(bx + box * 0.80, by + box * 0.30)
            p.setPen(
                QPen(
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


class ActionButton(_Painted):
    """A big filled button (提交 is the primary one; secondary ones are outlined)."""

    def __init__(self, text: str, *, primary: bool = True, role: str = "service", parent: QWidget | None = None):
        super().__init__(text, parent)
        self._primary = primary
        self._role = role
        self.set_theme(self._theme)

    def _height(self, theme: th.Theme) -> int:
        return theme.px("submit_h") if self._primary else theme.px("chip_h")

    def _font(self) -> QFont:
        return self._theme.font(self._role, bold=self._primary)

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(self._font())
        return QSize(fm.horizontalAdvance(self.text()) + self._theme.px(64), self.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def fits(self) -> bool:
        return QFontMetrics(self._font()).horizontalAdvance(self.text()) <= self.width() - self._theme.px(16)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        t = self._theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        down = self.isDown()
        if self._primary:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(th.PRIMARY).darker(120 if down else 100))
            colour = QColor(th.PRIMARY_TEXT)
        else:
            p.setPen(QPen(QColor(th.PRIMARY), t.px(2)))
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

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = min(self.width(), self.height())
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(th.OK_GREEN))
        p.drawEllipse(QRectF(2, 2, s - 4, s - 4))
        path = QPainterPath(QPointF(s * 0.27, s * 0.52))
        path.lineTo(s * 0.44, s * 0.69)
        path.lineTo(s * 0.75, s * 0.35)
        p.setPen(
            QPen(QColor("#FFFFFF"), s * 0.08, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        )
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        p.end()
