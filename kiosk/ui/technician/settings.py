"""The technician's 设置 page: the setup wizard's steps as tabs (kiosk/ui/setup/), editable on a running pad.

保存 writes the tab's changed keys through the one schema (`TechnicianPort.save_settings`): a value the schema
refuses names the key, the value and what is allowed, and the file stays as it was; a saved change takes effect
when the pad starts again, which it does by itself once the technician has left (kiosk/app/gui.py). The device
tests that would open the ports the running pad holds are not offered here: the evaluator's is 评价器测试.
"""

from __future__ import annotations

import logging
from typing import Any

from kiosk.app.setup import FIELDS, PIN_KEY, changes, values_of
from kiosk.config import ConfigError
from kiosk.ui import theme as th
from kiosk.ui.qt import QT_TRANSLATE_NOOP, QGridLayout, QHBoxLayout, QStackedWidget, translate
from kiosk.ui.setup.context import SetupContext
from kiosk.ui.setup.device_steps import EvaluatorStep, PrinterStep, ScannerStep
from kiosk.ui.setup.fields import Note
from kiosk.ui.setup.steps import AreaStep, CentreStep, DeviceStep, LanguageStep, ModeStep, PinStep, Step
from kiosk.ui.setup.wizard import step_errors
from kiosk.ui.technician.pages import TechPage
from kiosk.ui.technician.port import TechnicianPort
from kiosk.ui.technician.widgets import size_buttons, tech_button
from kiosk.ui.widgets.keys import KeyButton

log = logging.getLogger(__name__)

TABS: tuple[type[Step], ...] = (
    LanguageStep,
    ModeStep,
    DeviceStep,
    AreaStep,
    CentreStep,
    EvaluatorStep,
    PrinterStep,
    ScannerStep,
    PinStep,
)


def changed(step: Step, entered: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    """The keys of `step` whose entered value differs from the file's; an empty QR secret means a new one."""
    return changes({k: v for k, v in entered.items() if k in step.keys}, before)


class SettingsPage(TechPage):
    title_text = QT_TRANSLATE_NOOP("TechPages", "设置")
    wants_snapshot = False

    def __init__(self, technician: TechnicianPort):
        super().__init__(technician)
        self.ctx: SetupContext | None = None
        self.steps: list[Step] = []
        self.tab_buttons: list[KeyButton] = []
        for i, kind in enumerate(TABS):
            b = tech_button(translate("Setup", kind.tab_text))
            b.clicked.connect(lambda _=False, i=i: self.show_tab(i))
            self.tab_buttons.append(b)
        self.tab_grid = QGridLayout()
        self._place_tabs()
        self.stack = QStackedWidget()
        self.save = tech_button(translate("TechPages", "保存"), "primary")
        self.save.clicked.connect(self.save_tab)
        self.result = Note(3)
        action_row = QHBoxLayout()
        action_row.addWidget(self.save, 1)
        action_row.addWidget(self.result, 3)
        self.action_row = action_row
        self.lay.addLayout(self.tab_grid)
        self.lay.addWidget(self.stack, 1)
        self.lay.addLayout(action_row)
        self.current = 0
        self.before: dict[str, Any] = {}

    # --- building ------------------------------------------------------------------------------------

    def _build(self) -> None:
        """The tabs on a fresh context: the file's values as they are now."""
        cfg = self.technician.settings_config()
        values = values_of(cfg, FIELDS)
        values[PIN_KEY] = cfg.ui.technician_pin_hash
        self.before = dict(values)
        if self.ctx is not None:
            self.ctx.close()
        self.ctx = SetupContext(cfg, values, live=False)
        for step in self.steps:
            self.stack.removeWidget(step)
            step.deleteLater()
        self.steps = [kind(self.ctx) for kind in TABS]
        for step in self.steps:
            self.stack.addWidget(step)
            step.set_theme(self.theme)

    def _place_tabs(self) -> None:
        grid = self.tab_grid
        while grid.count():
            grid.takeAt(0)
        columns = 5 if self.theme.portrait else len(self.tab_buttons)
        for i, b in enumerate(self.tab_buttons):
            grid.addWidget(b, i // columns, i % columns)

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        size_buttons(theme, self.save, *self.tab_buttons)
        self.tab_grid.setSpacing(theme.px(8))
        self.action_row.setSpacing(theme.px(12))
        self.result.set_theme(theme)
        for step in self.steps:
            step.set_theme(theme)
        self._place_tabs()
        self.title.setVisible(not theme.portrait)

    # --- tabs ----------------------------------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.steps[self.current]

    def step_of(self, kind: type) -> Any:
        return next(s for s in self.steps if isinstance(s, kind))

    def enter(self) -> None:
        try:
            self._build()
        except ConfigError as exc:  # the file was broken behind the pad's back: said, nothing to edit
            self.result.error("\n".join(exc.errors[:3]))
            return
        self.result.set_text("")
        self.show_tab(0)

    def show_tab(self, index: int) -> None:
        if not self.steps:
            return
        if index != self.current:
            self.step.leave()
        self.current = index
        step = self.step
        step.load()
        self.stack.setCurrentWidget(step)
        for i, b in enumerate(self.tab_buttons):
            b.kind = "primary" if i == index else "fn"
            b.update()
        self.result.hint(step.hint)
        step.enter()

    def save_tab(self) -> bool:
        """保存: the tab's changed keys, checked, written; True when written (or nothing changed)."""
        if self.ctx is None:
            return False
        step = self.step
        entered = step.collect()
        errors = step_errors(step, entered)
        if errors:
            self.result.error("\n".join(errors[:3]))
            return False
        todo = changed(step, entered, self.before)
        if not todo:
            self.result.hint(translate("TechPages", "没有改动"))
            return True
        try:
            self.technician.save_settings(todo)
        except ConfigError as exc:
            log.warning("settings refused: %s", "; ".join(exc.errors))
            self.result.error(translate("TechPages", "未保存:{errors}").format(errors="; ".join(exc.errors[:3])))
            return False
        self.before.update(todo)
        self.ctx.values.update(todo)
        step.load()
        self.result.ok(
            translate("TechPages", "已保存 {n} 项;退出维护后设备自动重新启动,设置随即生效").format(n=len(todo))
        )
        return True

    def leave(self) -> None:
        if self.steps:
            self.step.leave()
