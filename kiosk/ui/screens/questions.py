"""The refined questionnaire (seed 004): yes/no questions as big 是 / 否 targets, a text question with
common phrases by touch and a text field (the input method's, when there is one), 跳过 and 提交.

Everything here is voluntary: 跳过 stores no answers; the page ends by itself (its countdown) and when the
next invitation arrives. Landscape: yes/no questions on the left, the text question and the buttons on the
right; portrait: one column.
"""

from __future__ import annotations

from kiosk.core.flow.machine import Flow
from kiosk.core.flow.state import FlowState
from kiosk.core.questions import NO, YES, Question, QuestionKind
from kiosk.ui import theme as th
from kiosk.ui.font import font
from kiosk.ui.i18n import domain
from kiosk.ui.qt import (
    QT_TRANSLATE_NOOP,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    translate,
)
from kiosk.ui.screens.base import ScreenView
from kiosk.ui.screens.details import PHRASE_SEP
from kiosk.ui.settings import UiSettings
from kiosk.ui.widgets.buttons import ActionButton, Chip
from kiosk.ui.widgets.labels import FitLabel, WrapLabel, countdown_min_width, countdown_text

TITLE = QT_TRANSLATE_NOOP("Questions", "请您回答几个问题(自愿填写)")
ANSWER_WORDS = {YES: QT_TRANSLATE_NOOP("Questions", "是"), NO: QT_TRANSLATE_NOOP("Questions", "否")}


class YesNoRow(QWidget):
    """One yes/no question: its text, then 是 and 否 (a second tap on the chosen one takes it back)."""

    def __init__(self, question: Question, screen: QuestionsScreen):
        super().__init__()
        self.question = question
        self.label = WrapLabel("service")
        self.label.setText(domain(question.text))
        self.chips = {value: Chip(translate("Questions", word)) for value, word in ANSWER_WORDS.items()}
        self.row = QHBoxLayout(self)
        lay = self.row
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label, 1)
        for value, chip in self.chips.items():
            chip.clicked.connect(lambda _=False, v=value: screen.choose(question.code, v))
            lay.addWidget(chip, 0)

    def set_theme(self, theme: th.Theme) -> None:
        self.label.set_theme(theme)
        self.row.setSpacing(theme.px(12))
        for chip in self.chips.values():
            chip.set_theme(theme)
            chip.setFixedWidth(theme.px(130))

    def show_answer(self, answer: str) -> None:
        for value, chip in self.chips.items():
            chip.setChecked(value == answer)


class TextBlock(QWidget):
    """A text question: its text, its common phrases (toggled into the answer), and the text field."""

    def __init__(self, question: Question, screen: QuestionsScreen):
        super().__init__()
        self.question = question
        self.owner = screen
        self.label = WrapLabel("service")
        self.label.setText(domain(question.text))
        self.phrases = [Chip(domain(p), phrase=True) for p in question.phrases]
        for chip in self.phrases:
            chip.clicked.connect(lambda _=False, c=chip: self._toggle(c.text()))
        self.write = ActionButton(translate("Questions", "填写意见"), primary=False)
        self.write.clicked.connect(self._open_editor)
        self.editor = QLineEdit()
        self.editor.setPlaceholderText(translate("Questions", "请输入您的意见"))
        self.editor.setMaxLength(500)
        self.editor.textEdited.connect(lambda text: screen.choose(question.code, text))
        self.editor.hide()
        self.editing = False
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.addWidget(self.label, 0, 0, 1, 2)
        for i, chip in enumerate(self.phrases):
            self.grid.addWidget(chip, 1 + i // 2, i % 2)
        row = 1 + (len(self.phrases) + 1) // 2
        self.grid.addWidget(self.write, row, 0, 1, 2)
        self.grid.addWidget(self.editor, row + 1, 0, 1, 2)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)

    def set_theme(self, theme: th.Theme) -> None:
        self.label.set_theme(theme)
        self.grid.setHorizontalSpacing(theme.px(12))
        self.grid.setVerticalSpacing(theme.px(12))
        for chip in self.phrases:
            chip.set_theme(theme)
        self.write.set_theme(theme)
        self.editor.setFont(font(theme.px("service")))
        self.editor.setFixedHeight(theme.px("chip_h"))
        self.editor.setStyleSheet(th.line_edit_style(theme))

    def show_answer(self, answer: str) -> None:
        used = [p.strip() for p in answer.split(PHRASE_SEP) if p.strip()]
        for chip in self.phrases:
            chip.setChecked(chip.text() in used)
        if answer != self.editor.text():
            self.editor.setText(answer)
        show_editor = self.editing or bool(answer)
        self.editor.setVisible(show_editor)
        self.write.setVisible(not show_editor)

    def _toggle(self, phrase: str) -> None:
        parts = [p.strip() for p in self.editor.text().split(PHRASE_SEP) if p.strip()]
        parts = [p for p in parts if p != phrase] if phrase in parts else [*parts, phrase]
        self.owner.choose(self.question.code, PHRASE_SEP.join(parts))

    def _open_editor(self) -> None:
        self.editing = True
        self.show_answer(self.editor.text())
        self.editor.setFocus()


class QuestionsScreen(ScreenView):
    def __init__(self, flow: Flow, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(flow, settings, parent)
        self.title = FitLabel(translate("Questions", TITLE), "question", bold=True)
        self.countdown = FitLabel(
            "", "service", colour=th.SECONDARY, align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.countdown.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.message = WrapLabel("secondary", bold=True, colour=th.ERROR)
        self.skip = ActionButton(translate("Questions", "跳过"), primary=False)
        self.skip.clicked.connect(lambda: self.call(self.flow.skip_questions))
        self.submit = ActionButton(translate("Questions", "提交"), primary=True)
        self.submit.clicked.connect(lambda: self.call(self.flow.submit_answers))
        self.rows: list[YesNoRow | TextBlock] = []
        self._asked: tuple[Question, ...] = ()
        self.root = QGridLayout(self)
        self._holder: QWidget | None = None

    def choose(self, code: str, value: str) -> None:
        """A tap on 是 / 否 (again on the chosen one: taken back) or a text changed."""
        current = dict(self.flow.state.answers).get(code, "")
        question = next((q for q in self.flow.state.questions if q.code == code), None)
        if question is not None and question.kind is QuestionKind.YES_NO and value == current:
            value = ""
        self.call(self.flow.answer, code, value)

    # --- layout -----------------------------------------------------------------------------------

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        for label in (self.title, self.countdown):
            label.set_theme(theme)
        self.countdown.setMinimumWidth(countdown_min_width(theme))
        self.message.set_theme(theme)
        self.skip.set_theme(theme)
        self.submit.set_theme(theme)
        self._build(theme)

    def _build(self, theme: th.Theme) -> None:
        """(Re)place everything for the questions on screen and this orientation, in a fresh holder."""
        if self._holder is not None:
            for w in (self.title, self.countdown, self.message, self.skip, self.submit, *self.rows):
                w.setParent(self)  # out of the old holder before it goes (its layouts go with it)
            self.root.removeWidget(self._holder)
            self._holder.deleteLater()
        holder = self._holder = QWidget(self)
        m, gap, small = theme.px("margin"), theme.px("gap"), theme.px(12)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.countdown, 0)
        buttons = QHBoxLayout()
        buttons.setSpacing(gap)
        buttons.addWidget(self.skip, 1)
        buttons.addWidget(self.submit, 2)
        yes_no = [r for r in self.rows if isinstance(r, YesNoRow)]
        texts = [r for r in self.rows if isinstance(r, TextBlock)]
        for row in self.rows:
            row.set_theme(theme)
        left = QVBoxLayout()
        left.setSpacing(small)
        left.addLayout(head)
        for row in yes_no:
            left.addWidget(row)
        if theme.portrait:
            for block in texts:
                left.addWidget(block)
            left.addWidget(self.message)
            left.addStretch(1)
            left.addLayout(buttons)
            outer = QHBoxLayout(holder)
            outer.addLayout(left, 1)
        else:
            left.addWidget(self.message)
            left.addStretch(1)
            right = QVBoxLayout()
            right.setSpacing(small)
            for block in texts:
                right.addWidget(block)
            right.addStretch(1)
            right.addLayout(buttons)
            outer = QHBoxLayout(holder)
            outer.setSpacing(m)
            outer.addLayout(left, 3)
            outer.addLayout(right, 2)
        outer.setContentsMargins(m, m, m, m)
        self.root.setContentsMargins(0, 0, 0, 0)
        self.root.addWidget(holder, 0, 0)
        holder.show()  # made while the screen may be showing: a new child is hidden until shown

    # --- rendering --------------------------------------------------------------------------------

    def enter(self, state: FlowState) -> None:
        """A new questionnaire: its rows are made for its questions, the text field closed."""
        if state.questions != self._asked or not self.rows:
            self._asked = state.questions
            for row in self.rows:
                row.setParent(None)
                row.deleteLater()
            self.rows = [
                TextBlock(q, self) if q.kind is QuestionKind.TEXT else YesNoRow(q, self) for q in state.questions
            ]
            self._build(self.theme)
        for row in self.rows:
            if isinstance(row, TextBlock):
                row.editing = False
                row.editor.clearFocus()

    def show_state(self, state: FlowState) -> None:
        answers = dict(state.answers)
        for row in self.rows:
            row.show_answer(answers.get(row.question.code, ""))
        self.message.setText(domain(state.message))
        self.message.setVisible(bool(state.message))
        self.refresh(self.flow.remaining_s())

    def refresh(self, remaining_s: int | None) -> None:
        self.countdown.set_text(countdown_text(remaining_s))
