"""The ends of an invitation: thanks (after a rating), expired (no press in time), unavailable (storage down).

Thanks and expired keep a right-hand `qr_slot` (an empty widget another module fills with a QR code) with
one caption line under it.
"""

from __future__ import annotations

from kiosk.core.flow import FlowState
from kiosk.ui import theme as th
from kiosk.ui.qt import QHBoxLayout, QSizePolicy, Qt, QVBoxLayout, QWidget
from kiosk.ui.screen_base import Screen
from kiosk.ui.widgets import CheckMark, FitLabel, countdown_text

CENTER = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter


class EndScreen(Screen):
    """Thanks (`expired=False`) or 评价已超时 (`expired=True`)."""

    def __init__(self, flow, settings, *, expired: bool, parent=None):
        super().__init__(flow, settings, parent)
        self.expired = expired
        self.mark = CheckMark()
        self.mark.setVisible(not expired)
        self.headline = FitLabel("评价已超时" if expired else "感谢您的评价", "question", bold=True, align=CENTER)
        self.sub = FitLabel(
            "本次评价邀请已结束" if expired else "您的评价已记录", "service", colour=th.SECONDARY, align=CENTER
        )
        self.countdown = FitLabel("", "secondary", colour=th.SECONDARY, align=CENTER)
        self.qr_slot = QWidget()
        self.qr_slot.setObjectName("qrSlot")
        self.qr_caption = FitLabel("扫码稍后评价" if expired else "", "secondary", colour=th.TEXT, align=CENTER)
        self.qr_panel = QWidget()
        qr = QVBoxLayout(self.qr_panel)
        qr.setContentsMargins(0, 0, 0, 0)
        qr.addStretch(1)
        qr.addWidget(self.qr_slot, 0, Qt.AlignmentFlag.AlignHCenter)
        qr.addWidget(self.qr_caption)
        qr.addStretch(1)
        main = QVBoxLayout()
        main.addStretch(2)
        main.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignHCenter)
        main.addWidget(self.headline)
        main.addWidget(self.sub)
        main.addWidget(self.countdown)
        main.addStretch(3)
        self.main_layout = main
        root = QHBoxLayout(self)
        root.addLayout(main, 1)
        root.addWidget(self.qr_panel)
        self.root_layout = root

    def set_theme(self, theme):
        super().set_theme(theme)
        m = theme.px("margin")
        self.root_layout.setContentsMargins(m, m, m, m)
        self.root_layout.setSpacing(m)
        self.main_layout.setSpacing(theme.px("gap"))
        self.mark.set_theme(theme)
        for label in (self.headline, self.sub, self.countdown, self.qr_caption):
            label.set_theme(theme)
        side = theme.px("qr")
        self.qr_slot.setFixedSize(side, side)
        self.qr_panel.setFixedWidth(side + theme.px(40))
        self.qr_panel.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

    def qr_filled(self) -> bool:
        """Whether something (a QR code) has been put into `qr_slot`."""
        return self.qr_slot.layout() is not None or bool(self.qr_slot.findChildren(QWidget))

    def render(self, state: FlowState) -> None:
        self.refresh(self.flow.remaining_s())

    def refresh(self, remaining_s):
        self.countdown.set_text(countdown_text(remaining_s, "后返回"))
        # no QR offered (the slot is empty): no caption promising one, and the message stays centred
        filled = self.qr_filled()
        if self.qr_panel.isVisibleTo(self) != filled:
            self.qr_panel.setVisible(filled)


class UnavailableScreen(Screen):
    """Storage failing: 暂停评价 · 请稍候 on the whole screen, never a thank-you."""

    def __init__(self, flow, settings, parent=None):
        super().__init__(flow, settings, parent)
        self.headline = FitLabel("暂停评价 · 请稍候", "question", bold=True, align=CENTER)
        self.sub = FitLabel("设备正在恢复,如需帮助请咨询大厅工作人员", "service", colour=th.SECONDARY, align=CENTER)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(self.headline)
        lay.addWidget(self.sub)
        lay.addStretch(1)
        self.lay = lay

    def set_theme(self, theme):
        super().set_theme(theme)
        m = theme.px("margin")
        self.lay.setContentsMargins(m, m, m, m)
        self.lay.setSpacing(theme.px("gap"))
        self.headline.set_theme(theme)
        self.sub.set_theme(theme)

    def render(self, state: FlowState) -> None:
        self.headline.set_text(state.message or "暂停评价 · 请稍候")
