"""The 24-hour terminal's window: a PadWindow on a TerminalFlow.

Idle is the attract screen (rotating notices, 我要评价, 扫码评价); the keypad and message screens are used;
the clock shows the weekday. A keyboard-wedge scanner's fast keystrokes on attract and keypad become codes
for the `on_code` action; on the keypad a person's slower keys type. Keys 1–5 rate on the invited screen only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from kiosk.core.flow.state import FlowState, Screen
from kiosk.core.flow.terminal import TerminalFlow
from kiosk.devices.wedge import WedgeDecoder
from kiosk.ui.qt import QT_TRANSLATE_NOOP, QKeyEvent, Qt, QWidget, translate
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.base import ScreenView, TerminalScreenView
from kiosk.ui.screens.keypad import KeypadScreen
from kiosk.ui.screens.message import MessageScreen
from kiosk.ui.settings import UiSettings
from kiosk.ui.widgets.notices import Notice
from kiosk.ui.window import ENTER_KEYS, PadWindow

log = logging.getLogger(__name__)

WEEKDAYS = (
    QT_TRANSLATE_NOOP("Window", "星期一"),
    QT_TRANSLATE_NOOP("Window", "星期二"),
    QT_TRANSLATE_NOOP("Window", "星期三"),
    QT_TRANSLATE_NOOP("Window", "星期四"),
    QT_TRANSLATE_NOOP("Window", "星期五"),
    QT_TRANSLATE_NOOP("Window", "星期六"),
    QT_TRANSLATE_NOOP("Window", "星期日"),
)
WEDGE_SCREENS = (Screen.IDLE, Screen.KEYPAD)


class TerminalWindow(PadWindow):
    """The citizen-facing window of a 24-hour self-service terminal."""

    flow: TerminalFlow
    TERMINAL_VIEWS: ClassVar[dict[Screen, Callable[[TerminalFlow, UiSettings], TerminalScreenView]]] = {
        Screen.IDLE: AttractScreen,
        Screen.KEYPAD: KeypadScreen,
        Screen.MESSAGE: MessageScreen,
    }

    def __init__(self, flow: TerminalFlow, settings: UiSettings, parent: QWidget | None = None):
        # set before PadWindow.__init__: its first render enters the attract screen, which resets the wedge
        self.wedge = WedgeDecoder()
        self.wedge_enabled = True  # a USB keyboard-wedge scanner may type codes
        self.key_clock: Callable[[], float] = time.monotonic  # when key events carry no timestamp
        self._wedge_base: str | None = None  # the keypad text before the current fast run
        super().__init__(flow, settings, parent)

    @property
    def attract(self) -> AttractScreen:
        return self._view(Screen.IDLE, AttractScreen)

    @property
    def keypad(self) -> KeypadScreen:
        return self._view(Screen.KEYPAD, KeypadScreen)

    def set_notices(self, items: Sequence[str | Path | Notice]) -> None:
        """The attract screen's notices: texts ("标题\n正文") and image paths, shown in turn."""
        self.attract.set_notices(items)
        self.attract.refresh(None)

    def prewarm(self) -> None:
        super().prewarm()
        for name in self.TERMINAL_VIEWS:
            self.screens[name]

    # --- internals ------------------------------------------------------------------------------------

    def _new_view(self, name: Screen) -> ScreenView:
        make = self.TERMINAL_VIEWS.get(name)
        return make(self.flow, self.settings) if make is not None else super()._new_view(name)

    def _enter(self, state: FlowState, view: ScreenView) -> None:
        super()._enter(state, view)
        if state.screen in WEDGE_SCREENS:
            self.wedge.reset()
            self._wedge_base = None
            if self.isActiveWindow() and self.focusWidget() is not self:
                self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _key(self, event: QKeyEvent) -> bool:
        screen = self.flow.state.screen
        if self.wedge_enabled and screen in WEDGE_SCREENS:
            self._wedge_key(event, screen)
            return True
        if screen is Screen.INVITED:
            return super()._key(event)
        return False

    def _clock_text(self, now: datetime) -> str:
        weekday = translate("Window", WEEKDAYS[now.weekday()])
        return f"{now:%Y-%m-%d} {weekday} {now:%H:%M}"

    # --- codes: keypad 确定 and the keyboard-wedge scanner ------------------------------------------------

    def _code(self, text: str) -> None:
        on_code = self.screen_actions.on_code
        if on_code is None:
            log.warning("code %r with no on_code handler", text[:60])
            return
        try:
            on_code(text)
        except Exception:  # a handler failure must not break the screens
            log.exception("on_code failed")

    def _wedge_key(self, event: QKeyEvent, screen: Screen) -> None:
        """Attract: only a fast run ended by Enter counts (a scan). Keypad: the same, and a person's slower
        keys edit the typed text (Enter = 确定, Backspace = 退格)."""
        stamp = event.timestamp()
        t = stamp / 1000.0 if stamp else self.key_clock()
        key = event.key()
        if key in ENTER_KEYS:
            code = self.wedge.enter(t)
            base, self._wedge_base = self._wedge_base, None
            if code is not None:
                if screen is Screen.KEYPAD and base is not None:
                    self.keypad.call(self.flow.keypad_text, base)  # the scan is not typing: undo its keys
                self._code(code)
            elif screen is Screen.KEYPAD:
                self.keypad.confirm()
            return
        text = event.text()
        if key == Qt.Key.Key_Backspace:
            self.wedge.reset()
            if screen is Screen.KEYPAD:
                self.keypad.backspace_text()
            return
        if not text or not text.isprintable():
            return
        if self.wedge.key(text, t):
            self._wedge_base = self.flow.state.text
        if screen is Screen.KEYPAD:
            self.keypad.type_text(text)
