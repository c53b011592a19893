"""The technician's PIN pad: digits, 退格, 确定, 取消; the PIN shows as dots; wrong PIN and lockout in red.

It only collects the PIN: `on_pin(pin)` (set by the technician overlay) checks it, `on_cancel()` leaves.
Landscape: title, dots, message and 取消/确定 on the left, the keys on the right. Portrait: one column.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.ui import theme as th
from kiosk.ui.qt import QT_TRANSLATE_NOOP, QGridLayout, QHBoxLayout, QSizePolicy, QWidget, translate
from kiosk.ui.widgets.keys import CodeDisplay, KeyButton
from kiosk.ui.widgets.labels import FitLabel, clear_grid

TITLE = QT_TRANSLATE_NOOP("Pin", "技术维护")
HINT = QT_TRANSLATE_NOOP("Pin", "请输入维护密码")
WRONG = QT_TRANSLATE_NOOP("Pin", "密码错误,请重新输入")
MAX_LEN = 12
DOT = "●"


def locked_text(seconds: int) -> str:
    """Five wrong PINs lock the pad for 5 minutes (kept across a restart): the minutes left, rounded up."""
    return translate("Pin", "输错次数过多,已锁定,请 {n} 分钟后再试").format(n=(seconds + 59) // 60)


class PinScreen(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.on_pin: Callable[[str], object] | None = None
        self.on_cancel: Callable[[], object] | None = None
        self.pin = ""
        self.locked = False
        self.title = FitLabel(translate("Pin", TITLE), "question", bold=True)
        self.hint = FitLabel(translate("Pin", HINT), "secondary", colour=th.SECONDARY)
        self.display = CodeDisplay(translate("Pin", HINT))
        self.message = FitLabel("", "service", bold=True, colour=th.ERROR)
        self.keys: dict[str, KeyButton] = {}
        self.pad = QWidget()
        grid = QGridLayout(self.pad)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, ch in enumerate("123456789"):
            grid.addWidget(self._key(ch), i // 3, i % 3)
        self.backspace = KeyButton(translate("Pin", "退格"), kind="fn")
        self.backspace.clicked.connect(self.backspace_pin)
        grid.addWidget(self.backspace, 3, 0)
        grid.addWidget(self._key("0"), 3, 1, 1, 2)
        self.grid = grid
        self.cancel = KeyButton(translate("Pin", "取消"), kind="secondary", role="word")
        self.cancel.clicked.connect(self._cancel)
        self.ok = KeyButton(translate("Pin", "确定"), kind="primary", role="word")
        self.ok.clicked.connect(self.confirm)
        actions = QHBoxLayout()
        actions.addWidget(self.cancel, 1)
        actions.addWidget(self.ok, 2)
        self.action_row = actions
        self.root = QGridLayout(self)
        self._render()

    def _key(self, ch: str) -> KeyButton:
        b = KeyButton(ch)
        b.clicked.connect(lambda _=False, ch=ch: self.type_digit(ch))
        self.keys[ch] = b
        return b

    # --- layout ---------------------------------------------------------------------------------------

    def set_theme(self, theme: th.Theme) -> None:
        m, gap = theme.px("margin"), theme.px("gap")
        for w in (self.title, self.hint, self.message, self.display):
            w.set_theme(theme)
        for b in self.findChildren(KeyButton):
            b.set_theme(theme)
        for b in (self.cancel, self.ok):
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.setFixedHeight(theme.px("submit_h"))
        self.grid.setSpacing(theme.px(12))
        self.action_row.setSpacing(gap)
        root = self.root
        clear_grid(root)
        root.addWidget(self.title, 0, 0)
        root.addWidget(self.hint, 1, 0)
        root.addWidget(self.display, 2, 0)
        root.addWidget(self.message, 3, 0)
        if theme.portrait:
            root.addWidget(self.pad, 4, 0)
            root.addLayout(self.action_row, 5, 0)
            root.setRowStretch(4, 1)
            root.setColumnStretch(0, 1)
        else:
            root.setRowStretch(4, 1)
            root.addLayout(self.action_row, 5, 0)
            root.addWidget(self.pad, 0, 1, 6, 1)
            root.setColumnStretch(0, 5)
            root.setColumnStretch(1, 5)
        root.setContentsMargins(m, m, m, m)
        root.setHorizontalSpacing(m * 2)
        root.setVerticalSpacing(gap)

    # --- input ------------------------------------------------------------------------------------------

    def reset(self) -> None:
        self.pin = ""
        self.message.set_text("")
        self._render()

    def type_digit(self, ch: str) -> None:
        if self.locked or not ch.isdigit() or len(self.pin) >= MAX_LEN:
            return
        self.pin += ch
        if self.message.full_text() == translate("Pin", WRONG):
            self.message.set_text("")
        self._render()

    def backspace_pin(self) -> None:
        self.pin = self.pin[:-1]
        self._render()

    def confirm(self) -> None:
        if self.locked or not self.pin or self.on_pin is None:
            return
        pin, self.pin = self.pin, ""
        self._render()
        self.on_pin(pin)

    def _cancel(self) -> None:
        if self.on_cancel is not None:
            self.on_cancel()

    # --- what the overlay tells it ------------------------------------------------------------------------

    def show_wrong(self) -> None:
        self.message.set_text(translate("Pin", WRONG))

    def set_locked(self, seconds: int) -> None:
        """Locked for `seconds` (0 = open again): keys off, the wait in red."""
        was = self.locked
        self.locked = seconds > 0
        if self.locked:
            self.pin = ""
            self.message.set_text(locked_text(seconds))
        elif was:
            self.message.set_text("")
        self._render()

    def _render(self) -> None:
        self.display.set_text(DOT * len(self.pin))
        for b in (*self.keys.values(), self.backspace):
            b.setEnabled(not self.locked)
        self.ok.setEnabled(bool(self.pin) and not self.locked)
