"""Details after the press: the level's eight reasons as toggle chips, common phrases, optional text, 提交.

For a 差评 (flow.needs_reason()) a reason or a text is required; the flow's message is shown in red.
The keyboard appears only when the citizen taps 填写意见.
"""

from __future__ import annotations

from kiosk.core.flow.machine import Flow, FlowState
from kiosk.core.levels import level_name
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
from kiosk.ui.settings import UiSettings
from kiosk.ui.widgets.buttons import ActionButton, Chip
from kiosk.ui.widgets.labels import FitLabel, WrapLabel, countdown_min_width, countdown_text

GOOD_PHRASES = (
    QT_TRANSLATE_NOOP("Details", "办事效率高"),
    QT_TRANSLATE_NOOP("Details", "服务热情周到"),
    QT_TRANSLATE_NOOP("Details", "指引清楚明白"),
)
BAD_PHRASES = (
    QT_TRANSLATE_NOOP("Details", "等候时间太长"),
    QT_TRANSLATE_NOOP("Details", "解释不够清楚"),
    QT_TRANSLATE_NOOP("Details", "材料反复补充"),
)
PHRASE_SEP = ";"
TITLE_BAD = QT_TRANSLATE_NOOP("Details", "请选择不满意的原因")
TITLE_GOOD = QT_TRANSLATE_NOOP("Details", "您可以选择满意的原因(可选)")


class DetailsScreen(ScreenView):
    def __init__(self, flow: Flow, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(flow, settings, parent)
        self.title = FitLabel(translate("Details", TITLE_GOOD), "question", bold=True)
        self.rated = FitLabel("", "secondary", colour=th.SECONDARY)
        self.phrase_title = FitLabel(translate("Details", "常用意见(点选即可填入)"), "secondary", colour=th.SECONDARY)
        self.countdown = FitLabel(
            "", "service", colour=th.SECONDARY, align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.countdown.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.chips: list[Chip] = [Chip("") for _ in range(8)]
        for i, chip in enumerate(self.chips):
            chip.clicked.connect(lambda _=False, i=i: self._toggle_reason(i))
        self.phrases: list[Chip] = [Chip("", phrase=True) for _ in range(3)]
        for i, chip in enumerate(self.phrases):
            chip.clicked.connect(lambda _=False, i=i: self._toggle_phrase(i))
        self.write = ActionButton(translate("Details", "填写意见"), primary=False)
        self.write.clicked.connect(self._open_editor)
        self.editor = QLineEdit()
        self.editor.setPlaceholderText(translate("Details", "请输入您的意见"))
        self.editor.setMaxLength(500)
        self.editor.textEdited.connect(self._edited)
        self.editor.hide()
        self.message = WrapLabel("secondary", bold=True, colour=th.ERROR)
        self.submit = ActionButton(translate("Details", "提交"), primary=True)
        self.submit.clicked.connect(self._submit)
        self._codes: list[str] = []
        self._editing = False
        # persistent containers; _build() only moves them for the orientation
        self.head_box = QWidget()
        head = QHBoxLayout(self.head_box)
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title, 1)
        head.addWidget(self.countdown, 0)
        self.chip_box = QWidget()
        self.chip_grid = QGridLayout(self.chip_box)
        self.chip_grid.setContentsMargins(0, 0, 0, 0)
        for i, chip in enumerate(self.chips):
            self.chip_grid.addWidget(chip, i // 2, i % 2)
        self.chip_grid.setColumnStretch(0, 1)
        self.chip_grid.setColumnStretch(1, 1)
        self.extra_box = QWidget()
        self.extra_grid = QGridLayout(self.extra_box)
        self.extra_grid.setContentsMargins(0, 0, 0, 0)
        self.extra_grid.setColumnStretch(0, 1)
        self.left_box = QWidget()
        self.left_layout = QVBoxLayout(self.left_box)
        self.left_layout.setContentsMargins(0, 0, 0, 0)
        self.side_box = QWidget()
        self.side_layout = QVBoxLayout(self.side_box)
        self.side_layout.setContentsMargins(0, 0, 0, 0)
        self.root = QGridLayout(self)
        self._placed = (self.head_box, self.rated, self.chip_box, self.extra_box, self.message, self.submit)

    # --- layout -----------------------------------------------------------------------------------

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        for label in (self.title, self.rated, self.countdown, self.phrase_title):
            label.set_theme(theme)
        self.countdown.setMinimumWidth(countdown_min_width(theme))
        for chip in (*self.chips, *self.phrases):
            chip.set_theme(theme)
        self.write.set_theme(theme)
        self.submit.set_theme(theme)
        self.message.set_theme(theme)
        self.editor.setFont(font(theme.px("service")))
        self.editor.setFixedHeight(theme.px("chip_h"))
        self.editor.setStyleSheet(th.line_edit_style(theme))
        self._build(theme)

    def _build(self, theme: th.Theme) -> None:
        """Place the widgets for this orientation (containers persist; only their positions change)."""
        m, gap, small = theme.px("margin"), theme.px("gap"), theme.px(12)
        extras = (self.phrase_title, *self.phrases, self.write, self.editor)
        for w in (*self._placed, self.left_box, self.side_box, *extras):
            _detach(w)
        for row in range(8):
            self.root.setRowStretch(row, 0)
        self.chip_grid.setHorizontalSpacing(gap)
        self.chip_grid.setVerticalSpacing(small)
        self.extra_grid.setHorizontalSpacing(gap)
        self.extra_grid.setVerticalSpacing(small)
        if theme.portrait:
            self.extra_grid.addWidget(self.phrase_title, 0, 0, 1, 2)
            for i, chip in enumerate(self.phrases):
                self.extra_grid.addWidget(chip, 1 + i // 2, i % 2)
            self.extra_grid.addWidget(self.write, 2, 1)
            self.extra_grid.addWidget(self.editor, 3, 0, 1, 2)
            self.extra_grid.setColumnStretch(1, 1)
            for row, w in enumerate((self.head_box, self.rated, self.chip_box, self.extra_box, self.message)):
                self.root.addWidget(w, row, 0)
            self.root.setRowStretch(5, 1)
            self.root.addWidget(self.submit, 6, 0)
            self.left_box.hide()
            self.side_box.hide()
        else:
            for i, w in enumerate(extras):
                self.extra_grid.addWidget(w, i, 0)
            self.extra_grid.setColumnStretch(1, 0)
            for w in (self.head_box, self.rated, self.chip_box, self.message):
                self.left_layout.addWidget(w)
            self.left_layout.addStretch(1)
            self.side_layout.addWidget(self.extra_box)
            self.side_layout.addStretch(1)
            self.side_layout.addWidget(self.submit)
            self.side_box.setFixedWidth(int((theme.width - 3 * m) * 0.28))
            self.root.addWidget(self.left_box, 0, 0)
            self.root.addWidget(self.side_box, 0, 1)
            self.root.setColumnStretch(0, 1)
            self.left_box.show()
            self.side_box.show()
        for lay in (self.left_layout, self.side_layout):
            lay.setSpacing(small)
        self.root.setContentsMargins(m, m, m, m)
        self.root.setHorizontalSpacing(m)
        self.root.setVerticalSpacing(small)

    # --- rendering --------------------------------------------------------------------------------

    def show_state(self, state: FlowState) -> None:
        ev = state.evaluation
        if ev is None:
            return
        bad = self.flow.needs_reason()
        self.title.set_text(translate("Details", TITLE_BAD if bad else TITLE_GOOD))
        rated = translate("Details", "您的评价:{level}")
        self.rated.set_text(rated.format(level=domain(level_name(ev.satisfaction))))
        reasons = self.flow.catalog.for_level(ev.satisfaction)
        self._codes = [r.code for r in reasons]
        for i, chip in enumerate(self.chips):
            if i < len(reasons):
                chip.setText(domain(reasons[i].name))
                chip.setChecked(reasons[i].code in state.selected)
                chip.show()
            else:
                chip.hide()
        phrases = BAD_PHRASES if bad else GOOD_PHRASES
        used = self._phrases_in(state.text)
        for chip, phrase in zip(self.phrases, phrases, strict=True):
            chip.setText(translate("Details", phrase))
            chip.setChecked(chip.text() in used)
        if state.text != self.editor.text():
            self.editor.setText(state.text)
        show_editor = self._editing or bool(state.text)
        self.editor.setVisible(show_editor)
        self.write.setVisible(not show_editor)
        self.message.setText(domain(state.message))
        self.message.setVisible(bool(state.message))
        self.refresh(self.flow.remaining_s())

    def refresh(self, remaining_s: int | None) -> None:
        self.countdown.set_text(countdown_text(remaining_s))

    def enter(self, state: FlowState) -> None:
        """A new rating: the editor is closed again."""
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
        self.show_state(self.flow.state)
        self.editor.setFocus()

    def _edited(self, text: str) -> None:
        self.call(self.flow.set_text, text)

    def _submit(self) -> None:
        self.call(self.flow.submit)


def _detach(w: QWidget) -> None:
    """Take `w` out of whatever layout holds it (it stays a child widget), dropping spacer items too."""
    parent = w.parentWidget()
    lay = parent.layout() if parent is not None else None
    if lay is not None:
        lay.removeWidget(w)
        if isinstance(lay, QVBoxLayout):  # the landscape columns: clear their stretch items as well
            while lay.count():
                lay.takeAt(0)
