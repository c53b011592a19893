"""The pad window: top bar, the current screen (chosen by `state.screen`), a technician status line.

It subscribes to the flow and renders every new state; a 200 ms timer calls `flow.tick()` and refreshes
the countdowns and the clock. All flow calls happen here, on the GUI thread.

On a 24-hour terminal (`flow.terminal`) idle is the attract screen, the keypad and message screens are
used, and a keyboard-wedge scanner's fast keystrokes on attract and keypad become codes (`on_code`).

`set_technician(technician)` adds the hidden way into the technician screens (see tech_overlay.py); while
they are open the flow's screens stay behind them and no key becomes a rating.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.core.flow.machine import Flow, FlowEvent, FlowState
from kiosk.core.flow.machine import Screen as ScreenName
from kiosk.core.timefmt import SHANGHAI
from kiosk.devices.wedge import WedgeDecoder
from kiosk.ui import theme as th
from kiosk.ui.i18n import domain
from kiosk.ui.qt import (
    QT_TRANSLATE_NOOP,
    QColor,
    QLayout,
    QPalette,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    translate,
)
from kiosk.ui.screens.base import INPUT_ERRORS, Screen
from kiosk.ui.settings import UiSettings
from kiosk.ui.technician.overlay import TechnicianOverlay
from kiosk.ui.widgets.labels import FitLabel
from kiosk.ui.widgets.top_bar import TopBar

__all__ = ["PadWindow", "UiSettings"]

log = logging.getLogger(__name__)

TICK_MS = 200
WEEKDAYS = (
    QT_TRANSLATE_NOOP("Window", "星期一"),
    QT_TRANSLATE_NOOP("Window", "星期二"),
    QT_TRANSLATE_NOOP("Window", "星期三"),
    QT_TRANSLATE_NOOP("Window", "星期四"),
    QT_TRANSLATE_NOOP("Window", "星期五"),
    QT_TRANSLATE_NOOP("Window", "星期六"),
    QT_TRANSLATE_NOOP("Window", "星期日"),
)
STATUS_SEP = " · "
UPLOAD_COUNT = re.compile(r"待上传 (\d+) 条")


# keys 1–5 → levels, and the two Enter keys, as `QKeyEvent.key()` ints
LEVEL_KEYS = {
    Qt.Key.Key_1.value: 1,
    Qt.Key.Key_2.value: 2,
    Qt.Key.Key_3.value: 3,
    Qt.Key.Key_4.value: 4,
    Qt.Key.Key_5.value: 5,
}
ENTER_KEYS = (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value)


def status_text(line: str) -> str:
    """The status line (kiosk.app.kiosk.Status.line: words joined by " · ") in the interface language."""
    parts = []
    for part in line.split(STATUS_SEP):
        count = UPLOAD_COUNT.fullmatch(part)
        parts.append(domain("待上传 {n} 条").format(n=count.group(1)) if count else domain(part))
    return STATUS_SEP.join(parts)


SCREEN_CLASSES: dict[ScreenName, tuple[str, str, dict]] = {
    ScreenName.IDLE: ("kiosk.ui.screens.idle", "IdleScreen", {}),
    ScreenName.INVITED: ("kiosk.ui.screens.invited", "InvitedScreen", {}),
    ScreenName.DETAILS: ("kiosk.ui.screens.details", "DetailsScreen", {}),
    ScreenName.THANKS: ("kiosk.ui.screens.end", "EndScreen", {"expired": False}),
    ScreenName.EXPIRED: ("kiosk.ui.screens.end", "EndScreen", {"expired": True}),
    ScreenName.UNAVAILABLE: ("kiosk.ui.screens.end", "UnavailableScreen", {}),
    ScreenName.KEYPAD: ("kiosk.ui.screens.keypad", "KeypadScreen", {}),
    ScreenName.MESSAGE: ("kiosk.ui.screens.message", "MessageScreen", {}),
}


class _Screens(dict):
    """Screens by name, each built by `make` the first time it is asked for."""

    def __init__(self, make: Callable[[ScreenName], Screen]):
        super().__init__()
        self._make = make

    def __missing__(self, name: ScreenName) -> Screen:
        screen = self._make(name)
        self[name] = screen
        return screen


class PadWindow(QWidget):
    """The citizen-facing window of a window evaluator pad."""

    def __init__(self, flow: Flow, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.flow = flow
        self.settings = settings
        self.terminal = flow.terminal
        self.elder_mode = settings.elder_mode
        self.on_code: Callable[[str], object] | None = None
        self.qr_url: Callable[[FlowState], str | None] | None = None
        self.wedge = WedgeDecoder()
        self.wedge_enabled = True  # a USB keyboard-wedge scanner may type codes (terminal only)
        self.key_clock: Callable[[], float] = time.monotonic  # when key events carry no timestamp
        self._wedge_base: str | None = None  # the keypad text before the current fast run
        self._entered: tuple | None = None
        self.technician_ui = None  # the technician screens (tech_overlay.TechnicianOverlay, set_technician)  # the technician screens (set_technician)
        self.setWindowTitle(translate("Window", "政务服务好差评"))
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, QColor(th.PAGE_BG))
        pal.setColor(QPalette.ColorRole.WindowText, QColor(th.TEXT))
        self.setPalette(pal)
        self.setAutoFillBackground(True)

        self.top_bar = TopBar(settings)
        self.stack = QStackedWidget()
        # screens are built on first use (the first frame needs only the current one); prewarm() builds the rest
        self.screens: dict[ScreenName, Screen] = _Screens(self._make_screen)
        self._on_print: Callable[[], object] | None = None
        self.status_line = FitLabel("", "status", colour=th.STATUS_TEXT)
        lay = QVBoxLayout(self)
        lay.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # the window keeps its size, always
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.top_bar)
        lay.addWidget(self.stack, 1)
        lay.addWidget(self.status_line)
        self._theme: th.Theme | None = None
        self.resize(settings.width, settings.height)
        self._apply_theme(settings.width, settings.height)

        flow.subscribe(self._on_flow)
        self._render(flow.state)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self._update_clock()

    # --- public -----------------------------------------------------------------------------------

    @property
    def qr_slots(self) -> dict[str, QWidget]:
        """The empty right-hand slots of the thanks and expired screens (for a QR code)."""
        return {
            "thanks": self.screens[ScreenName.THANKS].qr_slot,  # type: ignore[attr-defined]
            "expired": self.screens[ScreenName.EXPIRED].qr_slot,  # type: ignore[attr-defined]
        }

    def set_actions(
        self,
        *,
        on_code: Callable[[str], object] | None = None,
        on_print: Callable[[], object] | None = None,
        qr_url: Callable[[FlowState], str | None] | None = None,
    ) -> None:
        """Connect the terminal's actions: `on_code(text)` gets a keypad 确定 or a wedge scan, `on_print()`
        is 打印凭条 (terminal thanks), `qr_url(state)` the link shown as a QR on entering thanks / expired."""
        self.on_code = on_code
        self.qr_url = qr_url
        self._on_print = on_print
        if ScreenName.KEYPAD in self.screens:
            self.screens[ScreenName.KEYPAD].on_code = self._code  # type: ignore[attr-defined]
        if ScreenName.THANKS in self.screens:
            self.screens[ScreenName.THANKS].on_print = on_print  # type: ignore[attr-defined]
        self._entered = None  # offer QR / print on the current screen too
        self._render(self.flow.state)

    def set_notices(self, items: list[str | Path]) -> None:
        """The attract screen's notices: texts ("标题\n正文") and image paths, shown in turn (terminal)."""
        attract = self.screens[ScreenName.IDLE]
        if hasattr(attract, "set_notices"):  # the attract screen (terminal)
            attract.set_notices(list(items))
            attract.refresh(None)

    def set_technician(self, technician) -> None:
        """The technician screens behind the hidden entry (hold the hall name 3 s, or tap the clock 5 times
        in 3 s), for a `kiosk.app.technician.Technician`; None = no entry. No entry either while its
        `enabled` is false (no PIN configured)."""
        if self.technician_ui is not None:
            self.technician_ui.close()
            self.top_bar.place.removeEventFilter(self.technician_ui)
            self.top_bar.clock.removeEventFilter(self.technician_ui)
            self.technician_ui.deleteLater()
            self.technician_ui = None
        if technician is not None:
            self.technician_ui = TechnicianOverlay(self, technician)
            if self._theme is not None:
                self.technician_ui.set_theme(self._theme)

    @property
    def technician_open(self) -> bool:
        return self.technician_ui is not None and self.technician_ui.active

    @property
    def current_screen(self) -> Screen:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def render_state(self, state: FlowState) -> None:
        """Show `state` as it is (screenshots, tests); normally the flow's own changes drive rendering."""
        self._render(state)

    def refresh(self) -> None:
        """Refresh the countdown and the clock now (the timer does this every 200 ms)."""
        self.screens[self.flow.state.screen].refresh(self.flow.remaining_s())
        self._update_clock()

    def set_status_line(self, text: str) -> None:
        self.status_line.set_text(status_text(text))

    def set_elder_mode(self, on: bool) -> None:
        self.elder_mode = on
        self._theme = None
        self._apply_theme(self.width(), self.height())

    def show_configured(self) -> None:
        if self.settings.fullscreen:
            self.showFullScreen()
        else:
            self.show()

    def press(self, level: int, source: str = "screen") -> bool:
        """A rating from any input (screen, keyboard, the evaluator through the bridge)."""
        try:
            return self.flow.press(level, source)
        except INPUT_ERRORS:
            log.exception("press %s from %s refused", level, source)
            return False

    # --- Qt events ----------------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._apply_theme(event.size().width(), event.size().height())

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if self.technician_ui is not None and self.technician_ui.key_press(event):
            return
        screen = self.flow.state.screen
        if self.terminal and self.wedge_enabled and screen in (ScreenName.IDLE, ScreenName.KEYPAD):
            self._wedge_key(event, screen)
            return
        level = LEVEL_KEYS.get(event.key())
        if level is not None and (not self.terminal or screen is ScreenName.INVITED):
            self.press(level, "keyboard")
            return
        super().keyPressEvent(event)

    def prewarm(self) -> None:
        """After the first frame: take key focus (keyboard, wedge scanner) and build the other screens."""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for name in ScreenName:
            self.screens[name]

    # --- internals ------------------------------------------------------------------------------------

    def _make_screen(self, name: ScreenName) -> Screen:
        """A screen's module loads here, on its first use, so the first frame imports only what it shows."""
        import importlib

        module, cls, kwargs = SCREEN_CLASSES[name]
        if name is ScreenName.IDLE and self.terminal:
            module, cls = "kiosk.ui.screens.attract", "AttractScreen"
        screen: Screen = getattr(importlib.import_module(module), cls)(self.flow, self.settings, **kwargs)
        if name is ScreenName.THANKS:
            screen.on_print = self._on_print  # type: ignore[attr-defined]
        if name is ScreenName.KEYPAD and self.on_code is not None:
            screen.on_code = self._code  # type: ignore[attr-defined]
        self.stack.addWidget(screen)
        if self._theme is not None:
            screen.set_theme(self._theme)
        return screen

    def _apply_theme(self, width: int, height: int) -> None:
        theme = th.Theme(width, height, self.elder_mode)
        if theme == self._theme:
            return
        self._theme = theme
        self.top_bar.set_theme(theme)
        self.status_line.set_theme(theme)
        self.status_line.setContentsMargins(theme.px("margin"), 0, theme.px("margin"), theme.px(4))
        for screen in self.screens.values():
            screen.set_theme(theme)
        if self.technician_ui is not None:
            self.technician_ui.set_theme(theme)
        self._render(self.flow.state)

    def _on_flow(self, event: FlowEvent, state: FlowState) -> None:
        if event is FlowEvent.INVITED:
            details = self.screens[ScreenName.DETAILS]
            details.reset()  # type: ignore[attr-defined]
        self._render(state)

    def _render(self, state: FlowState) -> None:
        screen = self.screens[state.screen]
        covered = self.technician_ui is not None and self.technician_ui.covers(state)
        if not covered and self.stack.currentWidget() is not screen:
            self.stack.setCurrentWidget(screen)
        entered = (
            state.screen,
            state.invitation.id if state.invitation else None,
            state.evaluation.id if state.evaluation else None,
        )
        if entered != self._entered:
            self._entered = entered
            self._enter(state, screen)
        screen.render(state)

    def _enter(self, state: FlowState, screen: Screen) -> None:
        """Once per arrival on a screen: the QR link, 打印凭条, a fresh keypad, keys to the window."""
        if hasattr(screen, "qr_slot"):  # thanks / expired
            url = None
            if self.qr_url is not None:
                try:
                    url = self.qr_url(state)
                except Exception:  # no QR rather than no screen
                    log.exception("qr_url failed")
            screen.set_qr(url, state)
            screen.enter()
        if screen is self.screens.get(ScreenName.KEYPAD):
            screen.reset()
        if self.terminal and state.screen in (ScreenName.IDLE, ScreenName.KEYPAD):
            self.wedge.reset()
            self._wedge_base = None
            if self.isActiveWindow() and self.focusWidget() is not self:
                self.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- codes: keypad 确定 and the keyboard-wedge scanner ------------------------------------------------

    def _code(self, text: str) -> None:
        if self.on_code is None:
            log.warning("code %r with no on_code handler", text[:60])
            return
        try:
            self.on_code(text)
        except Exception:  # a handler failure must not break the screens
            log.exception("on_code failed")

    def _wedge_key(self, event, screen: ScreenName) -> None:
        """Attract: only a fast run ended by Enter counts (a scan). Keypad: the same, and a person's slower
        keys edit the typed text (Enter = 确定, Backspace = 退格)."""
        stamp = event.timestamp()
        t = stamp / 1000.0 if stamp else self.key_clock()
        keypad = self.screens[ScreenName.KEYPAD]
        key = event.key()
        if key in ENTER_KEYS:
            code = self.wedge.enter(t)
            base, self._wedge_base = self._wedge_base, None
            if code is not None:
                if screen is ScreenName.KEYPAD and base is not None:
                    keypad.call(self.flow.keypad_text, base)  # the scan is not typing: undo its keys
                self._code(code)
            elif screen is ScreenName.KEYPAD:
                keypad.confirm()  # type: ignore[attr-defined]
            return
        text = event.text()
        if key == Qt.Key.Key_Backspace:
            self.wedge.reset()
            if screen is ScreenName.KEYPAD:
                keypad.backspace_text()  # type: ignore[attr-defined]
            return
        if not text or not text.isprintable():
            return
        if self.wedge.key(text, t):
            self._wedge_base = self.flow.state.text
        if screen is ScreenName.KEYPAD:
            keypad.type_text(text)  # type: ignore[attr-defined]

    def _tick(self) -> None:
        try:
            self.flow.tick()
        except Exception:  # the timer must keep running whatever happens
            log.exception("flow tick failed")
        if self.technician_ui is not None:
            self.technician_ui.tick()
        self.refresh()

    def _update_clock(self) -> None:
        now = self.flow.clock.now().astimezone(SHANGHAI)
        if self.terminal:
            weekday = translate("Window", WEEKDAYS[now.weekday()])
            self.top_bar.clock.set_text(f"{now:%Y-%m-%d} {weekday} {now:%H:%M}")
        else:
            self.top_bar.clock.set_text(now.strftime("%Y-%m-%d %H:%M"))
