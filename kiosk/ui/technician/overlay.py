"""The way into the technician screens and out again, for a PadWindow.

Hidden entry, only when a technician PIN is configured and no citizen is rating: hold the top bar's hall
name for 3 s, or tap the clock 5 times within 3 s → the PIN pad → the technician screen. Both are pages
of the window's stack outside the flow's screens. They close on 退出 / 取消, after 120 s without input, and
at once when an invitation arrives (the citizen comes first); closing stops a device test.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from kiosk.core.flow.state import FlowState, Screen
from kiosk.ui import theme as th
from kiosk.ui.qt import QCoreApplication, QEvent, QKeyEvent, QObject, Qt, QTimer, QWidget
from kiosk.ui.technician.export import USB_ROOTS
from kiosk.ui.technician.pin import PinScreen
from kiosk.ui.technician.port import TechnicianPort
from kiosk.ui.technician.screen import TechnicianScreen

if TYPE_CHECKING:
    from kiosk.ui.window import PadWindow  # window.py imports this module: for the annotations only, no cycle

log = logging.getLogger(__name__)

HOLD_MS = 3000
TAPS = 5
TAP_WINDOW_S = 3.0
IDLE_S = 120.0
REFRESH_S = 2.0
CITIZEN_SCREENS = (Screen.INVITED, Screen.DETAILS, Screen.QUESTIONS)  # a citizen is rating: no entry, and leave
ACTIVITY = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress)


def pin_digit(key: Qt.Key) -> str | None:
    """The digit of keys Key_0 … Key_9 (Qt's key codes are the ASCII codes of the digits), else None."""
    return chr(key.value) if Qt.Key.Key_0.value <= key.value <= Qt.Key.Key_9.value else None


def running_app() -> QCoreApplication:
    """The application whose events the overlay watches for activity (there is one: a window exists)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("the technician screens need a running QApplication")
    return app


class TechnicianOverlay(QObject):
    """Owns the PIN pad and the technician screen of one window (built on first use)."""

    def __init__(self, window: PadWindow, technician: TechnicianPort, *, usb_roots: tuple[str, ...] | None = None):
        super().__init__(window)
        self.window = window
        self.technician = technician
        self.usb_roots = usb_roots
        self.clock = window.flow.clock.monotonic
        self.pin: PinScreen | None = None
        self.panel: TechnicianScreen | None = None
        self.mode: str | None = None  # None, "pin" or "panel"
        self.hold = QTimer(self)
        self.hold.setSingleShot(True)
        self.hold.setInterval(HOLD_MS)
        self.hold.timeout.connect(self.enter)
        self.taps: list[float] = []
        self.last_input = 0.0
        self.last_refresh = 0.0
        self._theme: th.Theme | None = None
        self._watching = False
        for target in (window.top_bar.place, window.top_bar.clock):  # the hidden entry gestures
            target.installEventFilter(self)
            target.setProperty(th.TARGET_PROPERTY, True)

    @property
    def active(self) -> bool:
        return self.mode is not None

    def allowed(self) -> bool:
        """Entry is possible: a PIN is configured and no citizen is rating."""
        return bool(self.technician.enabled) and self.window.flow.state.screen not in CITIZEN_SCREENS

    # --- entry gestures --------------------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if self._watching and kind in ACTIVITY:
            self.touch()
        if obj is self.window.top_bar.place:
            if kind == QEvent.Type.MouseButtonPress and not self.active:
                self.hold.start()
            elif kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.Leave, QEvent.Type.Hide):
                self.hold.stop()
        elif obj is self.window.top_bar.clock and kind == QEvent.Type.MouseButtonPress and not self.active:
            self.tap_clock()
        return False

    def tap_clock(self) -> None:
        now = self.clock()
        self.taps = [t for t in self.taps if now - t < TAP_WINDOW_S] + [now]
        if len(self.taps) >= TAPS:
            self.taps = []
            self.enter()

    def enter(self) -> None:
        """The hidden gesture was made: the PIN pad (nothing at all when not allowed)."""
        if self.active or not self.allowed():
            return
        self.open_pin()

    # --- pages --------------------------------------------------------------------------------------------

    def set_theme(self, theme: th.Theme) -> None:
        self._theme = replace(theme, elder=False)  # technicians get the normal sizes, elder mode or not
        for page in (self.pin, self.panel):
            if page is not None:
                page.set_theme(self._theme)

    def _build(self) -> tuple[PinScreen, TechnicianScreen]:
        """The PIN pad and the technician screen, built together on first use."""
        if self.pin is None or self.panel is None:
            pin = PinScreen()
            pin.on_pin = self.check_pin
            pin.on_cancel = self.close
            panel = TechnicianScreen(
                self.technician,
                on_exit=self.close,
                on_activity=self.touch,
                usb_roots=USB_ROOTS if self.usb_roots is None else self.usb_roots,
            )
            theme = self._theme or th.Theme(self.window.width(), self.window.height())
            for page in (pin, panel):
                page.set_theme(theme)
                self.window.stack.addWidget(page)
            self.pin, self.panel = pin, panel
        return self.pin, self.panel

    def open_pin(self) -> PinScreen:
        """Show the PIN pad (cleared, locked while the lockout lasts); returns it."""
        pin, _ = self._build()
        pin.reset()
        pin.set_locked(self.technician.locked_for_s())
        self._show("pin", pin)
        log.info("technician PIN pad opened")
        return pin

    def check_pin(self, entered: str) -> None:
        pin, _ = self._build()
        if self.technician.check_pin(entered):
            self.open_panel()
            return
        locked = self.technician.locked_for_s()
        if locked:
            pin.set_locked(locked)
        else:
            pin.show_wrong()

    def open_panel(self) -> TechnicianScreen:
        """Show the technician screen (its status page); returns it."""
        _, panel = self._build()
        self._show("panel", panel)
        panel.open()
        self.last_refresh = self.clock()
        return panel

    def _show(self, mode: str, page: QWidget) -> None:
        self.mode = mode
        self.touch()
        self.window.stack.setCurrentWidget(page)
        if not self._watching:
            running_app().installEventFilter(self)
            self._watching = True

    def close(self, *, quiet: bool = False) -> None:
        """Back to the flow's screen; a device test stops (`quiet`: the device keeps its new command)."""
        if not self.active:
            return
        if self.mode == "panel" and self.panel is not None:
            self.panel.close_pages(quiet=quiet)
        if self.pin is not None:
            self.pin.reset()
        self.mode = None
        if self._watching:
            running_app().removeEventFilter(self)
            self._watching = False
        state = self.window.flow.state
        self.window.stack.setCurrentWidget(self.window.screens[state.screen])
        if self.window.isActiveWindow():
            self.window.setFocus(Qt.FocusReason.OtherFocusReason)
        log.info("technician screens closed")

    # --- from the window -----------------------------------------------------------------------------------

    def covers(self, state: FlowState) -> bool:
        """Called on every flow change: True while the technician pages stay on top. A citizen's
        invitation closes them at once (quietly: the device has just been invited)."""
        if self.active and state.screen in CITIZEN_SCREENS:
            log.info("invitation while the technician screens were open: closing them")
            self.close(quiet=True)
        return self.active

    def touch(self) -> None:
        self.last_input = self.clock()

    def tick(self) -> None:
        """The window's 200 ms timer: idle timeout, the lockout countdown, the 2 s refresh."""
        if not self.active:
            return
        now = self.clock()
        if now - self.last_input >= IDLE_S:
            log.info("technician screens idle for %d s: closing", IDLE_S)
            self.close()
            return
        if self.mode == "pin" and self.pin is not None and (self.pin.locked or self.technician.locked_for_s()):
            self.pin.set_locked(self.technician.locked_for_s())
        elif self.mode == "panel" and self.panel is not None and now - self.last_refresh >= REFRESH_S:
            self.last_refresh = now
            self.panel.refresh_snapshot()

    def key_press(self, event: QKeyEvent) -> bool:
        """Keys while the pages are open: never a rating. The PIN pad takes digits, Backspace, Enter, Esc."""
        if not self.active:
            return False
        key = Qt.Key(event.key())
        if key == Qt.Key.Key_Escape:
            self.close()
        elif self.mode == "pin" and self.pin is not None:
            digit = pin_digit(key)
            if digit is not None:
                self.pin.type_digit(digit)
            elif key == Qt.Key.Key_Backspace:
                self.pin.backspace_pin()
            elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.pin.confirm()
        return True
