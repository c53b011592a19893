"""The setup wizard: its steps one after another, 上一步 / 下一步, and 完成 on the summary.

下一步 checks the step's values against the one schema (key, value and what is allowed, on the screen) and
keeps them in the context; 完成 hands all of them to `on_finish`, which writes the file (and answers the
errors the whole config was refused with). It is a view: kiosk/ui/setup/window.py is its top-level window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kiosk.app.setup import field_error
from kiosk.ui import theme as th
from kiosk.ui.qt import QHBoxLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget, translate
from kiosk.ui.setup.context import SetupContext
from kiosk.ui.setup.device_steps import EvaluatorStep, PressTestStep, PrinterStep, ScannerStep
from kiosk.ui.setup.fields import Note
from kiosk.ui.setup.labels import rejected_text
from kiosk.ui.setup.steps import (
    AreaStep,
    CentreStep,
    DeviceStep,
    FinishStep,
    LanguageStep,
    ModeStep,
    PinStep,
    Step,
)
from kiosk.ui.technician.widgets import TextBox
from kiosk.ui.widgets.keys import KeyButton
from kiosk.ui.widgets.labels import FitLabel

log = logging.getLogger(__name__)

Finish = Callable[[dict[str, Any]], list[str]]  # the values -> the errors (none: written)


def step_errors(step: Step, values: dict[str, Any]) -> list[str]:
    """What the schema (and the step) refuses of `values`, one text each."""
    out = []
    for key, value in values.items():
        if key in step.keys and (allowed := field_error(key, value)):
            out.append(rejected_text(key, value, allowed))
    return out + step.problems()


class SetupWizard(QWidget):
    def __init__(
        self,
        ctx: SetupContext,
        *,
        on_finish: Finish,
        on_language: Callable[[str], object] | None = None,
        start: int = 0,
    ):
        super().__init__()
        self.ctx = ctx
        self.on_finish = on_finish
        self.on_language = on_language
        self.steps: list[Step] = [
            LanguageStep(ctx, self._language),
            ModeStep(ctx),
            DeviceStep(ctx),
            AreaStep(ctx),
            CentreStep(ctx),
            EvaluatorStep(ctx),
            PressTestStep(ctx),
            PrinterStep(ctx),
            ScannerStep(ctx),
            PinStep(ctx),
            FinishStep(ctx),
        ]
        self.title = FitLabel("", "question", bold=True)
        self.progress = FitLabel("", "service", colour=th.SECONDARY)
        self.progress.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.hint = TextBox("secondary", max_lines=2, colour=th.SECONDARY)
        self.stack = QStackedWidget()
        for step in self.steps:
            self.stack.addWidget(step)
        self.errors = Note(3)
        self.back = KeyButton(translate("Setup", "上一步"), kind="secondary", role="word")
        self.back.clicked.connect(self.go_back)
        self.next = KeyButton(translate("Setup", "下一步"), kind="primary", role="word")
        self.next.clicked.connect(self.go_next)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.progress)
        nav = QHBoxLayout()
        nav.addWidget(self.back, 1)
        nav.addWidget(self.next, 2)
        self.head, self.nav = head, nav
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.hint)
        lay.addWidget(self.stack, 1)
        lay.addWidget(self.errors)
        lay.addLayout(nav)
        self.lay = lay
        self.index = -1
        self.theme = th.Theme(1280, 800)
        self.show_step(start)

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    def step_of(self, kind: type) -> Any:
        return next(s for s in self.steps if isinstance(s, kind))

    def set_theme(self, theme: th.Theme) -> None:
        self.theme = theme
        m, gap = theme.px("margin"), theme.px("gap")
        for w in (self.title, self.progress, self.hint, self.errors, self.back, self.next):
            w.set_theme(theme)
        self.progress.setMinimumWidth(theme.px(120))
        for b in (self.back, self.next):
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.setFixedHeight(theme.px("submit_h"))
        self.nav.setSpacing(gap)
        self.lay.setContentsMargins(m, m, m, m)
        self.lay.setSpacing(gap)
        for step in self.steps:
            step.set_theme(theme)

    # --- moving -----------------------------------------------------------------------------------------

    def show_step(self, index: int) -> None:
        if 0 <= self.index < len(self.steps) and index != self.index:
            self.step.leave()
        self.index = max(0, min(index, len(self.steps) - 1))
        step = self.step
        step.load()
        self.stack.setCurrentWidget(step)
        self.title.set_text(step.title)
        self.hint.set_text(step.hint)
        self.progress.set_text(
            translate("Setup", "第 {n} 步,共 {total} 步").format(n=self.index + 1, total=len(self.steps))
        )
        self.errors.set_text("")
        self.errors.setVisible(False)
        self.back.setEnabled(self.index > 0)
        last = self.index == len(self.steps) - 1
        self.next.setText(translate("Setup", "完成") if last else translate("Setup", "下一步"))
        step.enter()

    def show_errors(self, errors: list[str]) -> None:
        self.errors.error("\n".join(errors[:3]))
        self.errors.setVisible(bool(errors))

    def go_next(self) -> bool:
        """下一步 (完成 on the last step); False when the step's values were refused."""
        values = self.step.collect()
        errors = step_errors(self.step, values) or self.cross_errors(values)
        if errors:
            log.info("setup step %s refused: %d problem(s)", type(self.step).__name__, len(errors))
            self.show_errors(errors)
            return False
        self.ctx.values.update(values)
        if self.index < len(self.steps) - 1:
            self.show_step(self.index + 1)
            return True
        errors = self.on_finish(dict(self.ctx.values))
        self.show_errors(errors)
        return not errors

    def cross_errors(self, values: dict[str, Any]) -> list[str]:
        """What the whole config refuses about this step's keys (e.g. a frame evaluator with no port), now
        rather than at 完成; the later steps' keys are their own steps' business."""
        check = self.ctx.check_all
        if check is None or not self.step.keys:
            return []
        return [e for e in check({**self.ctx.values, **values}) if e.startswith(self.step.keys)]

    def go_back(self) -> None:
        values = self.step.collect()
        if not step_errors(self.step, values):
            self.ctx.values.update(values)
        self.show_step(self.index - 1)

    def _language(self, language: str) -> None:
        self.ctx.values["ui.language"] = language
        if self.on_language is not None:
            self.on_language(language)

    def close_steps(self) -> None:
        self.step.leave()
