"""The pad window: top bar, the current screen (chosen by `state.screen`), the status line.

It subscribes to the flow and renders every new state; a 200 ms timer calls `flow.tick()` and refreshes
the countdowns and the clock. All flow calls happen here, on the GUI thread. Each screen is built the
first time it is shown, or by `prewarm()`. A 24-hour terminal has its own window (kiosk/ui/terminal_window.py).

`set_technician(technician)` adds the hidden way into the technician screens (see technician/overlay.py);
while they are open the flow's screens stay behind them and no key becomes a rating.

Every text field in the window (填写意见, the questionnaire's, the technician's) gets the on-screen keyboard
(kiosk/ui/keyboard.py; `keyboard` is None when it is not installed), built by `prewarm()`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import ClassVar, TypeVar

from kiosk.app.status import StatusLine
from kiosk.core.flow.machine import Flow, FlowEvent
from kiosk.core.flow.state import FlowState, Screen
from kiosk.core.timefmt import SHANGHAI
from kiosk.ui import theme as th
from kiosk.ui.keyboard import OnScreenKeyboard, attach_keyboard
from kiosk.ui.qt import (
    QColor,
    QKeyEvent,
    QLayout,
    QPalette,
    QResizeEvent,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    translate,
)
from kiosk.ui.screens.base import INPUT_ERRORS, ScreenActions, ScreenView
from kiosk.ui.screens.details import DetailsScreen
from kiosk.ui.screens.end import EndScreen, ExpiredScreen, ThanksScreen, UnavailableScreen
from kiosk.ui.screens.idle import IdleScreen
from kiosk.ui.screens.invited import InvitedScreen
from kiosk.ui.screens.questions import QuestionsScreen
from kiosk.ui.settings import UiSettings
from kiosk.ui.technician.overlay import TechnicianOverlay
from kiosk.ui.technician.port import TechnicianPort
from kiosk.ui.widgets.status_bar import StatusBar
from kiosk.ui.widgets.top_bar import TopBar

__all__ = ["PadWindow", "UiSettings"]

log = logging.getLogger(__name__)

TICK_MS = 200
# keys 1–5 → levels, and the two Enter keys, as `QKeyEvent.key()` ints
LEVEL_KEYS = {
    Qt.Key.Key_1.value: 1,
    Qt.Key.Key_2.value: 2,
    Qt.Key.Key_3.value: 3,
    Qt.Key.Key_4.value: 4,
    Qt.Key.Key_5.value: 5,
}
ENTER_KEYS = (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value)

V = TypeVar("V", bound=ScreenView)


class ScreenViews(dict[Screen, ScreenView]):
    """The screens built so far, by name; asking for another one builds it (`make`)."""

    def __init__(self, make: Callable[[Screen], ScreenView]):
        super().__init__()
        self._make = make

    def __missing__(self, name: Screen) -> ScreenView:
        view = self._make(name)
        self[name] = view
        return view


class PadWindow(QWidget):
    """The citizen-facing window of a window evaluator pad."""

    VIEWS: ClassVar[dict[Screen, Callable[[Flow, UiSettings], ScreenView]]] = {
        Screen.IDLE: IdleScreen,
        Screen.INVITED: InvitedScreen,
        Screen.DETAILS: DetailsScreen,
        Screen.QUESTIONS: QuestionsScreen,
        Screen.THANKS: ThanksScreen,
        Screen.EXPIRED: ExpiredScreen,
        Screen.UNAVAILABLE: UnavailableScreen,
    }

    def __init__(self, flow: Flow, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.flow = flow
        self.settings = settings
        self.elder_mode = settings.elder_mode
        self.screen_actions = ScreenActions()
        self._entered: tuple | None = None
        self.technician_ui: TechnicianOverlay | None = None  # the technician screens (set_technician)
        self.setWindowTitle(translate("Window", "政务服务好差评"))
        th.use_palette(settings.theme)  # before any widget is built: they take their colours from it
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, QColor(th.PAGE_BG))
        pal.setColor(QPalette.ColorRole.WindowText, QColor(th.TEXT))
        self.setPalette(pal)
        self.setAutoFillBackground(True)

        self.top_bar = TopBar(settings)
        self.stack = QStackedWidget()
        self.screens = ScreenViews(self._make_view)
        self.status_line = StatusBar()
        lay = QVBoxLayout(self)
        lay.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # the window keeps its size, always
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.top_bar)
        lay.addWidget(self.stack, 1)
        lay.addWidget(self.status_line)
        self._theme: th.Theme | None = None
        self.keyboard: OnScreenKeyboard | None = attach_keyboard(self, elder=settings.elder_mode)
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
            "thanks": self._view(Screen.THANKS, EndScreen).qr_slot,
            "expired": self._view(Screen.EXPIRED, EndScreen).qr_slot,
        }

    def set_actions(
        self,
        *,
        on_code: Callable[[str], object] | None = None,
        on_print: Callable[[], object] | None = None,
        qr_url: Callable[[FlowState], str | None] | None = None,
    ) -> None:
        """Connect the owner's actions: `on_code(text)` gets a keypad 确定 or a wedge scan (terminal),
        `on_print()` is 打印凭条 (terminal thanks), `qr_url(state)` the link shown as a QR on entering
        thanks / expired."""
        self.screen_actions = ScreenActions(on_code=on_code, on_print=on_print, qr_url=qr_url)
        for view in self.screens.values():
            view.screen_actions = self.screen_actions
        self._entered = None  # offer QR / print on the current screen too
        self._render(self.flow.state)

    def set_technician(self, technician: TechnicianPort | None) -> None:
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
    def current_screen(self) -> QWidget | None:
        """What the window shows: the flow's screen, or a technician page over it."""
        return self.stack.currentWidget()

    def render_state(self, state: FlowState) -> None:
        """Show `state` as it is (screenshots, tests); normally the flow's own changes drive rendering."""
        self._render(state)

    def refresh(self) -> None:
        """Refresh the countdown and the clock now (the timer does this every 200 ms)."""
        self.screens[self.flow.state.screen].refresh(self.flow.remaining_s())
        self._update_clock()

    def set_status_line(self, line: StatusLine) -> None:
        self.status_line.show_status(line)

    def set_elder_mode(self, on: bool) -> None:
        self.elder_mode = on
        self._theme = None
        self._apply_theme(self.width(), self.height())
        if self.keyboard is not None:
            self.keyboard.set_elder_mode(on)

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

    def prewarm(self) -> None:
        """After the first frame: take key focus (keyboard, wedge scanner), build the other screens and the
        on-screen keyboard."""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for name in self.VIEWS:
            self.screens[name]
        if self.keyboard is not None:
            self.keyboard.preload()

    # --- Qt events ----------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._apply_theme(event.size().width(), event.size().height())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.technician_ui is not None and self.technician_ui.key_press(event):
            return
        if not self._key(event):
            super().keyPressEvent(event)

    # --- internals ------------------------------------------------------------------------------------

    def _key(self, event: QKeyEvent) -> bool:
        """A key for the flow (the technician pages are closed): 1–5 rate. True when it was used."""
        level = LEVEL_KEYS.get(event.key())
        if level is None:
            return False
        self.press(level, "keyboard")
        return True

    def _make_view(self, name: Screen) -> ScreenView:
        view = self._new_view(name)
        view.screen_actions = self.screen_actions
        self.stack.addWidget(view)
        if self._theme is not None:
            view.set_theme(self._theme)
        return view

    def _new_view(self, name: Screen) -> ScreenView:
        return self.VIEWS[name](self.flow, self.settings)

    def _view(self, name: Screen, kind: type[V]) -> V:
        """The screen for `name`, which is a `kind`."""
        view = self.screens[name]
        if not isinstance(view, kind):
            raise TypeError(f"the {name} screen is a {type(view).__name__}, not a {kind.__name__}")
        return view

    def px_per_mm(self) -> float:
        """The panel's pixels per mm: from the configured size and diagonal (ui.screen_inches), else from the
        physical size Qt reports for the screen; 0 when neither is known."""
        if self.settings.screen_inches > 0:
            return th.px_per_mm(self.settings.width, self.settings.height, self.settings.screen_inches)
        return th.screen_px_per_mm(self.screen())

    def _apply_theme(self, width: int, height: int) -> None:
        theme = th.Theme(width, height, self.elder_mode, self.px_per_mm())
        if theme == self._theme:
            return
        self._theme = theme
        self.top_bar.set_theme(theme)
        self.status_line.set_theme(theme)
        self.status_line.setContentsMargins(theme.px("margin"), 0, theme.px("margin"), theme.px(4))
        for view in self.screens.values():
            view.set_theme(theme)
        if self.technician_ui is not None:
            self.technician_ui.set_theme(theme)
        self._render(self.flow.state)

    def _on_flow(self, event: FlowEvent, state: FlowState) -> None:
        self._render(state)

    def _render(self, state: FlowState) -> None:
        view = self.screens[state.screen]
        covered = self.technician_ui is not None and self.technician_ui.covers(state)
        if not covered and self.stack.currentWidget() is not view:
            self.stack.setCurrentWidget(view)
        entered = (
            state.screen,
            state.invitation.id if state.invitation else None,
            state.evaluation.id if state.evaluation else None,
        )
        if entered != self._entered:
            self._entered = entered
            self._enter(state, view)
        view.show_state(state)

    def _enter(self, state: FlowState, view: ScreenView) -> None:
        """Once per arrival on a screen."""
        view.enter(state)

    def _tick(self) -> None:
        try:
            self.flow.tick()
        except Exception:  # the timer must keep running whatever happens
            log.exception("flow tick failed")
        if self.technician_ui is not None:
            self.technician_ui.tick()
        self.refresh()

    def _update_clock(self) -> None:
        self.top_bar.clock.set_text(self._clock_text(self.flow.clock.now().astimezone(SHANGHAI)))

    def _clock_text(self, now: datetime) -> str:
        return now.strftime("%Y-%m-%d %H:%M")
