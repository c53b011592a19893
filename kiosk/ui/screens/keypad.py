"""Terminal keypad: type a 办件编号 on large keys (0–9, a compact A–Z page, '-', 退格, 清空), then 确定.

Every key goes through `flow.keypad_text(new_text)` (the text lives in the flow state, and the countdown
restarts); 确定 hands the text to the window's `on_code` action; 返回 goes back to the attract screen.
Landscape: title, display and 返回/确定 on the left, keys on the right. Portrait: one column.
"""

from __future__ import annotations

import logging
import string

from kiosk.core.flow.machine import FlowState
from kiosk.core.flow.terminal import TerminalFlow
from kiosk.ui import theme as th
from kiosk.ui.qt import (
    QT_TRANSLATE_NOOP,
    QGridLayout,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    translate,
)
from kiosk.ui.screens.base import TerminalScreenView
from kiosk.ui.settings import UiSettings
from kiosk.ui.widgets.keys import CodeDisplay, KeyButton
from kiosk.ui.widgets.labels import FitLabel, clear_grid, countdown_min_width, countdown_text

log = logging.getLogger(__name__)

TITLE = QT_TRANSLATE_NOOP("Keypad", "请输入办件编号")
HINT = QT_TRANSLATE_NOOP("Keypad", "办件编号见受理通知书或办事凭条")
PLACEHOLDER = QT_TRANSLATE_NOOP("Keypad", "例如 420100202611230032")
DIGIT_ROWS = ("123", "456", "789")
LETTER_COLUMNS = 7
MAX_LEN = 50


class KeypadScreen(TerminalScreenView):
    def __init__(self, flow: TerminalFlow, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(flow, settings, parent)
        self.title = FitLabel(translate("Keypad", TITLE), "question", bold=True)
        self.hint = FitLabel(translate("Keypad", HINT), "secondary", colour=th.SECONDARY)
        self.countdown = FitLabel(
            "", "service", colour=th.SECONDARY, align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.countdown.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.display = CodeDisplay(translate("Keypad", PLACEHOLDER))
        self.keys: dict[str, KeyButton] = {}
        # digits page: 1–9 in three rows, 0 across the bottom
        self.digits = QWidget()
        grid = QGridLayout(self.digits)
        grid.setContentsMargins(0, 0, 0, 0)
        for r, row in enumerate(DIGIT_ROWS):
            for c, ch in enumerate(row):
                grid.addWidget(self._key(ch), r, c)
        grid.addWidget(self._key("0"), 3, 0, 1, 3)
        self.digit_grid = grid
        # letters page: A–Z, seven to a row (same four rows, same height)
        self.letters = QWidget()
        grid = QGridLayout(self.letters)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, ch in enumerate(string.ascii_uppercase):
            grid.addWidget(self._key(ch), i // LETTER_COLUMNS, i % LETTER_COLUMNS)
        self.letter_grid = grid
        self.pages = QStackedWidget()
        self.pages.addWidget(self.digits)
        self.pages.addWidget(self.letters)
        self.toggle = KeyButton("ABC", kind="fn")
        self.toggle.clicked.connect(self._toggle_page)
        self.dash = self._key("-", kind="fn")
        self.backspace = KeyButton(translate("Keypad", "退格"), kind="fn")
        self.backspace.clicked.connect(lambda: self._edit(self.flow.state.text[:-1]))
        self.clear = KeyButton(translate("Keypad", "清空"), kind="fn")
        self.clear.clicked.connect(lambda: self._edit(""))
        fn_row = QHBoxLayout()
        for b in (self.toggle, self.dash, self.backspace, self.clear):
            fn_row.addWidget(b)
        self.fn_row = fn_row
        self.back = KeyButton(translate("Keypad", "返回"), kind="secondary", role="word")
        self.back.clicked.connect(lambda: self.call(self.flow.go_idle))
        self.ok = KeyButton(translate("Keypad", "确定"), kind="primary", role="word")
        self.ok.clicked.connect(self.confirm)
        actions = QHBoxLayout()
        actions.addWidget(self.back, 1)
        actions.addWidget(self.ok, 2)
        self.action_row = actions
        self.pad_box = QWidget()
        pad = QVBoxLayout(self.pad_box)
        pad.setContentsMargins(0, 0, 0, 0)
        pad.addWidget(self.pages, 4)
        pad.addLayout(fn_row, 1)
        self.pad_layout = pad
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.countdown)
        self.head = head
        self.root = QGridLayout(self)

    def _key(self, ch: str, kind: str = "key") -> KeyButton:
        b = KeyButton(ch, kind=kind)
        b.clicked.connect(lambda _=False, ch=ch: self.type_text(ch))
        self.keys[ch] = b
        return b

    # --- layout ---------------------------------------------------------------------------------------

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        m, gap = theme.px("margin"), theme.px("gap")
        for label in (self.title, self.hint, self.countdown):
            label.set_theme(theme)
        self.countdown.setMinimumWidth(countdown_min_width(theme, sample=countdown_text(60, back=True)))
        self.display.set_theme(theme)
        for b in self.findChildren(KeyButton):
            b.set_theme(theme)
        for b in (self.back, self.ok):
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.setFixedHeight(theme.px("submit_h"))
        key_gap = theme.px(12)
        for grid in (self.digit_grid, self.letter_grid):
            grid.setSpacing(key_gap)
        self.fn_row.setSpacing(key_gap)
        self.pad_layout.setSpacing(key_gap)
        self.action_row.setSpacing(gap)
        self._place(theme)
        self.root.setContentsMargins(m, m, m, m)
        self.root.setHorizontalSpacing(m * 2)
        self.root.setVerticalSpacing(gap)

    def _place(self, theme: th.Theme) -> None:
        root = self.root
        clear_grid(root)
        if theme.portrait:
            root.addLayout(self.head, 0, 0)
            root.addWidget(self.hint, 1, 0)
            root.addWidget(self.display, 2, 0)
            root.addWidget(self.pad_box, 3, 0)
            root.addLayout(self.action_row, 4, 0)
            root.setRowStretch(3, 1)
            root.setColumnStretch(0, 1)
        else:
            root.addLayout(self.head, 0, 0)
            root.addWidget(self.hint, 1, 0)
            root.addWidget(self.display, 2, 0)
            root.setRowStretch(3, 1)
            root.addLayout(self.action_row, 4, 0)
            root.addWidget(self.pad_box, 0, 1, 5, 1)
            root.setColumnStretch(0, 5)
            root.setColumnStretch(1, 6)

    # --- input ------------------------------------------------------------------------------------------

    def type_text(self, chars: str) -> None:
        self._edit((self.flow.state.text + chars)[:MAX_LEN])

    def backspace_text(self) -> None:
        self._edit(self.flow.state.text[:-1])

    def _edit(self, text: str) -> None:
        self.call(self.flow.keypad_text, text)

    def _toggle_page(self) -> None:
        letters = self.pages.currentWidget() is self.digits
        self.pages.setCurrentWidget(self.letters if letters else self.digits)
        self.toggle.setText("123" if letters else "ABC")

    def confirm(self) -> None:
        """确定: the typed number goes to the `on_code` action (the rate-later lookup)."""
        text = self.flow.state.text.strip()
        if not text:
            return
        on_code = self.screen_actions.on_code
        if on_code is None:
            log.warning("keypad 确定 with no on_code handler")
            return
        try:
            on_code(text)
        except Exception:  # a handler failure must not break the screen
            log.exception("on_code failed")

    # --- render -----------------------------------------------------------------------------------------

    def show_state(self, state: FlowState) -> None:
        self.display.set_text(state.text)
        self.ok.setEnabled(bool(state.text.strip()))
        self.refresh(self.flow.remaining_s())

    def refresh(self, remaining_s: int | None) -> None:
        self.countdown.set_text(countdown_text(remaining_s, back=True))

    def enter(self, state: FlowState) -> None:
        """A fresh keypad (digits page) each time it opens."""
        if self.pages.currentWidget() is not self.digits:
            self._toggle_page()
