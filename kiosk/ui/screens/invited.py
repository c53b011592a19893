"""Invited: the question, the case (masked applicant), a countdown and the five rating buttons (5 → 1)."""

from __future__ import annotations

from kiosk.core.flow.machine import Flow, FlowState
from kiosk.core.levels import LEVELS
from kiosk.core.privacy import mask_name
from kiosk.ui import theme as th
from kiosk.ui.qt import QT_TRANSLATE_NOOP, QBoxLayout, QHBoxLayout, QSizePolicy, Qt, QWidget, translate
from kiosk.ui.screens.base import CardScreenView
from kiosk.ui.settings import UiSettings
from kiosk.ui.widgets.labels import FitLabel, countdown_min_width, countdown_text
from kiosk.ui.widgets.level_button import LevelButton

QUESTION = QT_TRANSLATE_NOOP("Invited", "请您对本次服务进行评价")


class InvitedScreen(CardScreenView):
    def __init__(self, flow: Flow, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(flow, settings, parent)
        self.question = FitLabel(translate("Invited", QUESTION), "question", bold=True)
        self.countdown = FitLabel(
            "", "service", colour=th.SECONDARY, align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.countdown.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.task = FitLabel("", "service", bold=True)
        self.case = FitLabel("", "secondary", colour=th.SECONDARY)
        head = QHBoxLayout()
        head.addWidget(self.question, 1)
        head.addWidget(self.countdown, 0)
        self.buttons = {value: LevelButton(value) for value in LEVELS}
        self.button_box = QWidget()
        self.button_layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.button_box)
        self.button_layout.setContentsMargins(0, 0, 0, 0)
        for value, button in self.buttons.items():
            self.button_layout.addWidget(button)
            button.clicked.connect(lambda _=False, v=value: self.call(self.flow.press, v, "screen"))
        lay = self.body_layout
        lay.addLayout(head)
        lay.addWidget(self.task)
        lay.addWidget(self.case)
        lay.addWidget(self.button_box, 1)

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        for label in (self.question, self.countdown, self.task, self.case):
            label.set_theme(theme)
        self.countdown.setMinimumWidth(countdown_min_width(theme))
        stacked = theme.portrait
        self.button_layout.setDirection(
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        self.button_layout.setSpacing(theme.px("gap"))
        for button in self.buttons.values():
            button.set_theme(theme, horizontal=stacked)
        self.body_layout.setSpacing(theme.px(10))

    def show_state(self, state: FlowState) -> None:
        self.show_card(state)
        inv = state.invitation
        svc = inv.service if inv else None
        task = translate("Invited", "事项名称:{name}")
        self.task.set_text(task.format(name=svc.taskName) if svc and svc.taskName else "")
        parts = []
        if svc is not None:
            parts.append(translate("Invited", "办件编号 {number}").format(number=svc.projectNo))
            if svc.userName:
                parts.append(translate("Invited", "申请人 {name}").format(name=mask_name(svc.userName)))
        self.case.set_text(" · ".join(parts))
        self.refresh(self.flow.remaining_s())

    def refresh(self, remaining_s: int | None) -> None:
        self.countdown.set_text(countdown_text(remaining_s))
