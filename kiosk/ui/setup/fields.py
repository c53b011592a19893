"""The setup wizard's and the settings pages' input widgets, all usable by touch alone.

- `TextField`: a QLineEdit for names, URLs, ids and secrets. On a pad without a keyboard the on-screen
  Pinyin/English keyboard of the setup window (`SetupWindow.keyboard_slot`) types into it.
- `DigitField` with a `DigitPad`: digits (the 12-digit area code, the PIN) on the large on-screen keys of the
  terminal keypad (kiosk/ui/widgets/keys.py), shown in a `CodeDisplay` (as dots for a PIN).
- `Choice`: a row of large buttons, one of them on (language, mode, protocol, speed, driver).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from kiosk.ui import theme as th
from kiosk.ui.qt import QGridLayout, QHBoxLayout, QLineEdit, QMouseEvent, QSizePolicy, Qt, QWidget, translate
from kiosk.ui.technician.widgets import TextBox
from kiosk.ui.widgets.keys import CodeDisplay, KeyButton

DOT = "●"


def style_line_edit(edit: QLineEdit, theme: th.Theme) -> None:
    edit.setFont(theme.font("service"))
    edit.setFixedHeight(theme.px("chip_h"))
    edit.setStyleSheet(
        f"QLineEdit {{ background: {th.CARD_BG}; border: {theme.px(2)}px solid {th.CARD_BORDER};"
        f" border-radius: {theme.px(10)}px; padding: 0 {theme.px(12)}px; color: {th.TEXT}; }}"
        f" QLineEdit:focus {{ border-color: {th.PRIMARY}; }}"
    )


class TextField(QLineEdit):
    """One text value. `secret`: typed as dots, never shown back (an empty field keeps the stored one)."""

    def __init__(self, key: str, *, secret: bool = False, placeholder: str = ""):
        super().__init__()
        self.key = key
        self.secret = secret
        self.setObjectName(key)
        self.setPlaceholderText(placeholder)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        if secret:
            self.setEchoMode(QLineEdit.EchoMode.Password)
        self.stored = ""

    def set_theme(self, theme: th.Theme) -> None:
        style_line_edit(self, theme)

    def load(self, value: Any) -> None:
        self.stored = str(value)
        if self.secret:
            self.clear()
            self.setPlaceholderText(translate("Setup", "已设置(留空则保持不变)") if value else "")
        else:
            self.setText(str(value))

    def value(self) -> str:
        text = self.text().strip()
        return self.stored if self.secret and not text else text


class DigitField(CodeDisplay):
    """Digits typed on a DigitPad; `secret` shows dots. Tapping it makes it the pad's target."""

    def __init__(self, key: str, *, max_len: int = 12, secret: bool = False, placeholder: str = ""):
        super().__init__(placeholder)
        self.key = key
        self.max_len = max_len
        self.secret = secret
        self.digits = ""
        self.on_tap: Callable[[DigitField], object] | None = None
        self.active = False

    def set_digits(self, digits: str) -> None:
        self.digits = "".join(c for c in digits if c.isdigit())[: self.max_len]
        self.set_text(DOT * len(self.digits) if self.secret else self.digits)

    def set_active(self, on: bool) -> None:
        self.active = on
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.on_tap is not None:
            self.on_tap(self)


class DigitPad(QWidget):
    """0–9, 退格 and 清空 on large keys, typing into its target DigitField."""

    def __init__(self, on_change: Callable[[], object] | None = None):
        super().__init__()
        self.target: DigitField | None = None
        self.on_change = on_change
        self.keys: dict[str, KeyButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, ch in enumerate("123456789"):
            grid.addWidget(self._key(ch), i // 3, i % 3)
        self.backspace = KeyButton(translate("Setup", "退格"), kind="fn")
        self.backspace.clicked.connect(lambda: self._edit(lambda d: d[:-1]))
        self.clear = KeyButton(translate("Setup", "清空"), kind="fn")
        self.clear.clicked.connect(lambda: self._edit(lambda d: ""))
        grid.addWidget(self.backspace, 3, 0)
        grid.addWidget(self._key("0"), 3, 1)
        grid.addWidget(self.clear, 3, 2)
        self.grid = grid

    def _key(self, ch: str) -> KeyButton:
        b = KeyButton(ch)
        b.clicked.connect(lambda _=False, ch=ch: self.type_digit(ch))
        self.keys[ch] = b
        return b

    def set_theme(self, theme: th.Theme) -> None:
        for b in self.findChildren(KeyButton):
            b.set_theme(theme)
        self.grid.setSpacing(theme.px(10))

    def attach(self, field: DigitField) -> None:
        if self.target is not None:
            self.target.set_active(False)
        self.target = field
        field.set_active(True)

    def type_digit(self, ch: str) -> None:
        self._edit(lambda d: d + ch)

    def type_digits(self, digits: str) -> None:
        for ch in digits:
            self.type_digit(ch)

    def _edit(self, change: Callable[[str], str]) -> None:
        if self.target is None:
            return
        self.target.set_digits(change(self.target.digits))
        if self.on_change is not None:
            self.on_change()


class Choice(QWidget):
    """A row of large buttons, one on: `options` are (value, label); `on_change(value)` after a tap."""

    def __init__(self, key: str, options: Sequence[tuple[Any, str]], on_change: Callable[[Any], object] | None = None):
        super().__init__()
        self.key = key
        self.on_change = on_change
        self.current: Any = None
        self.buttons: dict[Any, KeyButton] = {}
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for value, label in options:
            b = KeyButton(label, kind="fn", role="chip_text")
            b.clicked.connect(lambda _=False, value=value: self.choose(value))
            self.buttons[value] = b
            lay.addWidget(b)
        self.lay = lay
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_theme(self, theme: th.Theme) -> None:
        for b in self.buttons.values():
            b.set_theme(theme)
            b.setFixedHeight(theme.px("chip_h"))
            b.setMinimumWidth(0)
        self.setFixedHeight(theme.px("chip_h"))
        self.lay.setSpacing(theme.px(10))

    def load(self, value: Any) -> None:
        self.current = value
        for v, b in self.buttons.items():
            b.kind = "primary" if v == value else "fn"
            b.update()

    def choose(self, value: Any) -> None:
        self.load(value)
        if self.on_change is not None:
            self.on_change(value)

    def value(self) -> Any:
        return self.current


class Note(TextBox):
    """A result or hint line under a field (red for an error, green for a passed test)."""

    def __init__(self, max_lines: int = 2):
        super().__init__("secondary", max_lines=max_lines, colour=th.SECONDARY)

    def ok(self, text: str) -> None:
        self.set_text(text, th.OK_GREEN)

    def error(self, text: str) -> None:
        self.set_text(text, th.ERROR)

    def hint(self, text: str) -> None:
        self.set_text(text, th.SECONDARY)
