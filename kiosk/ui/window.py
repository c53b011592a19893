"""The pad window: top bar, the current screen (chosen by `state.screen`), a technician status line.

It subscribes to the flow and renders every new state; a 200 ms timer calls `flow.tick()` and refreshes
the countdowns and the clock. All flow calls happen here, on the GUI thread.
"""

from __future__ import annotations

import logging

from kiosk.core.flow import Flow, FlowState
from kiosk.core.flow import Screen as ScreenName
from kiosk.core.timefmt import SHANGHAI
from kiosk.ui import theme as th
from kiosk.ui.qt import QColor, QFrame, QHBoxLayout, QLayout, QPalette, QStackedWidget, Qt, QTimer, QVBoxLayout, QWidget
from kiosk.ui.screen_base import INPUT_ERRORS, Screen
from kiosk.ui.screen_details import DetailsScreen
from kiosk.ui.screen_end import EndScreen, UnavailableScreen
from kiosk.ui.screen_idle import IdleScreen
from kiosk.ui.screen_invited import InvitedScreen
from kiosk.ui.settings import UiSettings
from kiosk.ui.widgets import FitLabel

__all__ = ["PadWindow", "UiSettings"]

log = logging.getLogger(__name__)

TICK_MS = 200
KEY_LEVELS = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3, Qt.Key.Key_4: 4, Qt.Key.Key_5: 5}


class TopBar(QFrame):
    def __init__(self, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("topBar")
        self.setStyleSheet(f"QFrame#topBar {{ background: {th.TOPBAR_BG}; }}")
        place = " · ".join(x for x in (settings.hall, settings.window) if x)
        self.place = FitLabel(place, "topbar_text", bold=True, colour=th.TOPBAR_TEXT)
        self.clock = FitLabel(
            "", "topbar_text", colour=th.TOPBAR_TEXT, align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        lay = QHBoxLayout(self)
        lay.addWidget(self.place, 3)
        lay.addWidget(self.clock, 2)
        self.lay = lay

    def set_theme(self, theme: th.Theme) -> None:
        self.setFixedHeight(theme.px("topbar"))
        m = theme.px("margin")
        self.lay.setContentsMargins(m, 0, m, 0)
        self.place.set_theme(theme)
        self.clock.set_theme(theme)


class PadWindow(QWidget):
    """The citizen-facing window of a window evaluator pad."""

    def __init__(self, flow: Flow, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.flow = flow
        self.settings = settings
        self.elder_mode = settings.elder_mode
        self.setWindowTitle("政务服务好差评")
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, QColor(th.PAGE_BG))
        pal.setColor(QPalette.ColorRole.WindowText, QColor(th.TEXT))
        self.setPalette(pal)
        self.setAutoFillBackground(True)

        self.top_bar = TopBar(settings)
        self.stack = QStackedWidget()
        self.screens: dict[ScreenName, Screen] = {
            ScreenName.IDLE: IdleScreen(flow, settings),
            ScreenName.INVITED: InvitedScreen(flow, settings),
            ScreenName.DETAILS: DetailsScreen(flow, settings),
            ScreenName.THANKS: EndScreen(flow, settings, expired=False),
            ScreenName.EXPIRED: EndScreen(flow, settings, expired=True),
            ScreenName.UNAVAILABLE: UnavailableScreen(flow, settings),
        }
        for screen in self.screens.values():
            self.stack.addWidget(screen)
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

    @property
    def current_screen(self) -> Screen:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def render_state(self, state: FlowState) -> None:
        """Show `state` as it is (screenshots, tests); normally the flow's own changes drive rendering."""
        self._render(state)

    def refresh(self) -> None:
        """Refresh the countdown and the clock now (the timer does this every 200 ms)."""
        self.current_screen.refresh(self.flow.remaining_s())
        self._update_clock()

    def set_status_line(self, text: str) -> None:
        self.status_line.set_text(text)

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
        level = KEY_LEVELS.get(Qt.Key(event.key()))
        if level is not None:
            self.press(level, "keyboard")
            return
        super().keyPressEvent(event)

    # --- internals ------------------------------------------------------------------------------------

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
        self._render(self.flow.state)

    def _on_flow(self, event: str, state: FlowState) -> None:
        if event == "invited":
            details = self.screens[ScreenName.DETAILS]
            details.reset()  # type: ignore[attr-defined]
        self._render(state)

    def _render(self, state: FlowState) -> None:
        screen = self.screens[state.screen]
        if self.stack.currentWidget() is not screen:
            self.stack.setCurrentWidget(screen)
        screen.render(state)

    def _tick(self) -> None:
        try:
            self.flow.tick()
        except Exception:  # the timer must keep running whatever happens
            log.exception("flow tick failed")
        self.refresh()

    def _update_clock(self) -> None:
        now = self.flow.clock.now().astimezone(SHANGHAI)
        self.top_bar.clock.set_text(now.strftime("%Y-%m-%d %H:%M"))
