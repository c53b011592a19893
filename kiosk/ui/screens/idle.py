"""Idle: the staff card and a greeting; greyed with 暂停服务 / 暂时离开 when the staff member is not on duty."""

from __future__ import annotations

from kiosk.core.flow.machine import Flow, FlowState, StaffStatus
from kiosk.ui import theme as th
from kiosk.ui.qt import Qt, QWidget, translate
from kiosk.ui.screens.base import CardScreenView
from kiosk.ui.settings import UiSettings
from kiosk.ui.widgets.labels import FitLabel
from kiosk.ui.widgets.staff_card import status_text


class IdleScreen(CardScreenView):
    def __init__(self, flow: Flow, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(flow, settings, parent)
        self.greeting = FitLabel(
            translate("Idle", "您好,欢迎办理业务"), "question", bold=True, align=Qt.AlignmentFlag.AlignCenter
        )
        hint = translate("Idle", "办理完成后,请对本次服务进行评价")
        self.hint = FitLabel(hint, "service", colour=th.SECONDARY, align=Qt.AlignmentFlag.AlignCenter)
        lay = self.body_layout
        lay.addStretch(2)
        lay.addWidget(self.greeting)
        lay.addWidget(self.hint)
        lay.addStretch(3)

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        self.greeting.set_theme(theme)
        self.hint.set_theme(theme)

    def show_state(self, state: FlowState) -> None:
        self.show_card(state)
        if state.staff_status is StaffStatus.ON_DUTY:
            self.greeting.set_text(translate("Idle", "您好,欢迎办理业务"))
            self.greeting.set_colour(th.TEXT)
            self.hint.set_text(translate("Idle", "办理完成后,请对本次服务进行评价"))
        else:
            greeting = translate("Idle", "本窗口{status}")
            self.greeting.set_text(greeting.format(status=status_text(state.staff_status)))
            self.greeting.set_colour(th.SECONDARY)
            self.hint.set_text(translate("Idle", "请稍候,或咨询大厅引导人员"))
