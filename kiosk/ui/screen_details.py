"""Details after the press: the level's eight reasons as toggle chips, common phrases, optional text, 提交.

For a 差评 (flow.needs_reason()) a reason or a text is required; the flow's message is shown in red.
The keyboard appears only when the citizen taps 填写意见.
"""

from __future__ import annotations

from kiosk.core.flow import FlowState
from kiosk.core.levels import level_name
from kiosk.ui import theme as th
from kiosk.ui.font import font
from kiosk.ui.qt import QGridLayout, QHBoxLayout, QLineEdit, QSizePolicy, Qt, QVBoxLayout, QWidget
from kiosk.ui.screen_base import Screen
from kiosk.ui.widgets import ActionButton, Chip, FitLabel, WrapLabel, countdown_min_width, countdown_text

GOOD_PHRASES = ("办事效率高", "服务热情周到", "指引清楚明白")
BAD_PHRASES = ("等候时间太长", "解释不够清楚", "材料反复补充")
PHRASE_SEP = ";"
TITLE_BAD = "请选择不满意的原因"
TITLE_GOOD = "您可以选择满意的原因(可选)"


class DetailsScreen(Screen):
    def __init__(self, flow, settings, parent=None):
        super().__init__(flow, settings, parent)
        self.title = FitLabel(TITLE_GOOD, "question", bold=True)
        self.rated = FitLabel("", "secondary", colour=th.SECONDARY)
        self.countdown = FitLabel(
            "", "service", colour=th.SECONDARY, align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.countdown.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.chips: list[Chip] = [Chip("") for _ in range(8)]
        for i, chip in enumerate(self.chips):
            chip.clicked.connect(lambda _=False, i=i: self._toggle_reason(i))
        self.phrases: list[Chip] = [Chip("") for _ in range(3)]
        for i, chip in enumerate(self.phrases):
            chip.clicked.connect(lambda _=False, i=i: self._toggle_phrase(i))
        self.write = ActionButton("填写意见", primary=False)
        self.write.clicked.connect(self._open_editor)
        self.editor = QLineEdit()
        self.editor.setPlaceholderText("请输入您的意见")
        self.editor.setMaxLength(500)
        self.editor.textEdited.connect(self._edited)
        self.editor.hide()
        self.message = WrapLabel("secondary", bold=True, colour=th.ERROR)
        self.submit = ActionButton("提交", primary=True)
        self.submit.clicked.connect(self._submit)
        self._codes: list[str] = []
        self._editing = False
        self._built_portrait: bool | None = None

    # --- layout -----------------------------------------------------------------------------------

    def set_theme(self, theme):
        super().set_theme(theme)
        for label in (self.title, self.rated, self.countdown):
            label.set_theme(theme)
        self.countdown.setMinimumWidth(countdown_min_width(theme))
        for chip in (*self.chips, *self.phrases):
            chip.set_theme(theme)
        self.write.set_theme(theme)
        self.submit.set_theme(theme)
        self.message.set_theme(theme)
        self.editor.setFont(font(theme.px("service")))
        self.editor.setFixedHeight(theme.px("chip_h"))
        self.editor.setStyleSheet(
            f"QLineEdit {{ background: {th.CARD_BG}; color: {th.TEXT}; border: 2px solid {th.PRIMARY};"
            f" border-radius: {theme.px(12)}px; padding: 0 {theme.px(12)}px; }}"
        )
        self._build(theme)

    def _build(self, theme: th.Theme) -> None:
        old = self.layout()
        if old is not None:
            QWidget().setLayout(old)  # discard the old layout tree; the widgets stay children of self
        m, gap = theme.px("margin"), theme.px("gap")
        chips = QGridLayout()
        chips.setHorizontalSpacing(gap)
        chips.setVerticalSpacing(theme.px(12))
        for i, chip in enumerate(self.chips):
            chips.addWidget(chip, i // 2, i % 2)
        chips.setColumnStretch(0, 1)
        chips.setColumnStretch(1, 1)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.countdown, 0)
        if theme.portrait:
            root = QVBoxLayout(self)
            root.addLayout(head)
            root.addWidget(self.rated)
            root.addLayout(chips)
            extra = QGridLayout()
            extra.setHorizontalSpacing(gap)
            extra.setVerticalSpacing(theme.px(12))
            extra.setColumnStretch(0, 1)
            extra.setColumnStretch(1, 1)
            for i, chip in enumerate(self.phrases):
                extra.addWidget(chip, i // 2, i % 2)
            extra.addWidget(self.write, 1, 1)
            extra.addWidget(self.editor, 2, 0, 1, 2)
            root.addSpacing(theme.px(8))
            root.addLayout(extra)
            root.addWidget(self.message)
            root.addStretch(1)
            root.addWidget(self.submit)
        else:
            root = QHBoxLayout(self)
            left = QVBoxLayout()
            left.setSpacing(gap)
            left.addLayout(head)
            left.addLayout(chips)
            left.addWidget(self.message)
            left.addStretch(1)
            right = QVBoxLayout()
            right.setSpacing(theme.px(12))
            right.addWidget(self.rated)
            for chip in self.phrases:
                right.addWidget(chip)
            right.addWidget(self.write)
            right.addWidget(self.editor)
            right.addStretch(1)
            right.addWidget(self.submit)
            side = QWidget()
            side.setLayout(right)
            right.setContentsMargins(0, 0, 0, 0)
            side.setFixedWidth(int((self.theme.width - 3 * m) * 0.28))
            root.addLayout(left, 1)
            root.addWidget(side)
            self._side = side
        root.setContentsMargins(m, m, m, m)
        root.setSpacing(gap)
        self._built_portrait = theme.portrait

    # --- rendering --------------------------------------------------------------------------------

    def render(self, state: FlowState) -> None:
        ev = state.evaluation
        if ev is None:
            return
        bad = self.flow.needs_reason()
        self.title.set_text(TITLE_BAD if bad else TITLE_GOOD)
        self.rated.set_text(f"您的评价:{level_name(ev.satisfaction)}")
        reasons = self.flow.catalog.for_level(ev.satisfaction)
        self._codes = [r.code for r in reasons]
        for i, chip in enumerate(self.chips):
            if i < len(reasons):
                chip.setText(reasons[i].name)
                chip.setChecked(reasons[i].code in state.selected)
                chip.show()
            else:
                chip.hide()
        phrases = BAD_PHRASES if bad else GOOD_PHRASES
        used = self._phrases_in(state.text)
        for chip, phrase in zip(self.phrases, phrases, strict=True):
            chip.setText(phrase)
            chip.setChecked(phrase in used)
        if state.text != self.editor.text():
            self.editor.setText(state.text)
        show_editor = self._editing or bool(state.text)
        self.editor.setVisible(show_editor)
        self.write.setVisible(not show_editor)
        self.message.setText(state.message)
        self.message.setVisible(bool(state.message))
        self.refresh(self.flow.remaining_s())

    def refresh(self, remaining_s):
        self.countdown.set_text(countdown_text(remaining_s))

    def reset(self) -> None:
        """A new rating starts: the editor closes again."""
        self._editing = False
        self.editor.clearFocus()

    # --- input ------------------------------------------------------------------------------------

    @staticmethod
    def _phrases_in(text: str) -> list[str]:
        return [p.strip() for p in text.split(PHRASE_SEP) if p.strip()]

    def _toggle_reason(self, i: int) -> None:
        if i < len(self._codes):
            self.call(self.flow.toggle_reason, self._codes[i])

    def _toggle_phrase(self, i: int) -> None:
        phrase = self.phrases[i].text()
        parts = self._phrases_in(self.flow.state.text)
        parts = [p for p in parts if p != phrase] if phrase in parts else [*parts, phrase]
        self.call(self.flow.set_text, PHRASE_SEP.join(parts))

    def _open_editor(self) -> None:
        self._editing = True
        self.render(self.flow.state)
        self.editor.setFocus()

    def _edited(self, text: str) -> None:
        self.call(self.flow.set_text, text)

    def _submit(self) -> None:
        self.call(self.flow.submit)
