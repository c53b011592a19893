"""Terminal notice: the flow's message (已超过评价期限, 该办件已评价, 二维码无效, 正在查询…) large and centred,
a countdown and 返回. The flow returns to the attract screen by itself after the deadline."""

from __future__ import annotations

from kiosk.core.flow.machine import FlowState
from kiosk.core.flow.terminal import TerminalFlow
from kiosk.ui import theme as th
from kiosk.ui.i18n import domain
from kiosk.ui.qt import (
    QColor,
    QHBoxLayout,
    QPainter,
    QPaintEvent,
    QPen,
    QRectF,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    translate,
)
from kiosk.ui.screens.base import TerminalScreenView
from kiosk.ui.settings import UiSettings
from kiosk.ui.widgets.keys import BigText, KeyButton
from kiosk.ui.widgets.labels import FitLabel, countdown_text

NOTICE_BLUE = "#0B57D0"


class InfoMark(QWidget):
    """A blue ring with an "i" (or three dots while something is being looked up)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.busy = False
        self.setFixedSize(120, 120)

    def set_side(self, side: int) -> None:
        self.setFixedSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = min(self.width(), self.height())
        w = s * 0.07
        blue = QColor(NOTICE_BLUE)
        p.setPen(QPen(blue, w))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(QRectF(w, w, s - 2 * w, s - 2 * w))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(blue)
        if self.busy:
            d = s * 0.12
            for i in (-1, 0, 1):
                p.drawEllipse(QRectF(s / 2 + i * s * 0.2 - d / 2, s / 2 - d / 2, d, d))
        else:
            d = s * 0.12
            p.drawEllipse(QRectF(s / 2 - d / 2, s * 0.24, d, d))
            p.drawRoundedRect(QRectF(s / 2 - d / 2, s * 0.42, d, s * 0.34), d / 3, d / 3)
        p.end()


class MessageScreen(TerminalScreenView):
    def __init__(self, flow: TerminalFlow, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(flow, settings, parent)
        self.mark = InfoMark()
        self.message = BigText("message")
        self.countdown = FitLabel("", "secondary", colour=th.SECONDARY, align=Qt.AlignmentFlag.AlignCenter)
        self.back = KeyButton(translate("Message", "返回"), kind="secondary", role="word")
        self.back.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.back.clicked.connect(lambda: self.call(self.flow.go_idle))
        back_row = QHBoxLayout()
        back_row.addStretch(1)
        back_row.addWidget(self.back)
        back_row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addStretch(2)
        lay.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(self.message)
        lay.addWidget(self.countdown)
        lay.addStretch(1)
        lay.addLayout(back_row)
        lay.addStretch(1)
        self.lay = lay

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        m = theme.px("margin")
        self.lay.setContentsMargins(m * 2, m, m * 2, m)
        self.lay.setSpacing(theme.px("gap") * 2)
        self.mark.set_side(theme.px(120))
        self.message.set_theme(theme)
        self.countdown.set_theme(theme)
        self.back.set_theme(theme)
        self.back.setFixedSize(theme.px("submit_w"), theme.px("submit_h"))

    def show_state(self, state: FlowState) -> None:
        self.message.set_text(domain(state.message))
        busy = state.message.endswith("…")
        if busy != self.mark.busy:
            self.mark.busy = busy
            self.mark.update()
        self.refresh(self.flow.remaining_s())

    def refresh(self, remaining_s: int | None) -> None:
        self.countdown.set_text(countdown_text(remaining_s, back=True))
