"""The 24-hour terminal's additions to the flow: the keypad for a 办件编号 and short notices.

idle (attract) ──我要评价 / 扫码──▶ keypad ──办件编号──▶ invited …   (or ▶ message ──▶ idle)
"""

from __future__ import annotations

import logging

from kiosk.core.errors import FlowError
from kiosk.core.flow.machine import Flow
from kiosk.core.flow.state import FlowEvent, Screen

log = logging.getLogger(__name__)


class TerminalFlow(Flow):
    def open_keypad(self) -> None:
        """The citizen wants to type a 办件编号 (terminal attract screen)."""
        if self.state.screen not in (Screen.IDLE, Screen.MESSAGE):
            raise FlowError("the keypad opens only from the attract screen", "busy")
        self._set(
            FlowEvent.KEYPAD,
            screen=Screen.KEYPAD,
            deadline=self.clock.monotonic() + self.settings.idle_timeout_s,
            message="",
            text="",
        )

    def keypad_text(self, text: str) -> None:
        """What is typed so far (kept in the state so remote view and timeouts see it); any key restarts the
        idle countdown."""
        if self.state.screen is Screen.KEYPAD:
            self._set(FlowEvent.KEYPAD, text=text[:50], deadline=self.clock.monotonic() + self.settings.idle_timeout_s)

    def show_message(self, text: str, seconds: float | None = None) -> None:
        """A notice on its own screen that returns to idle by itself; not while a rating is under way."""
        if self.state.screen in (Screen.INVITED, Screen.DETAILS, Screen.QUESTIONS, Screen.UNAVAILABLE):
            log.info("message %r not shown over screen %s", text, self.state.screen)
            return
        span = self.settings.thanks_s * 2 if seconds is None else seconds
        self._set(
            FlowEvent.MESSAGE,
            screen=Screen.MESSAGE,
            message=text,
            deadline=self.clock.monotonic() + span,
            invitation=None,
            evaluation=None,
            selected=(),
            text="",
        )

    def go_idle(self) -> None:
        """Leave keypad / message / thanks / expired for the idle (attract) screen now (the citizen's 返回)."""
        if self.state.screen in (Screen.KEYPAD, Screen.MESSAGE, Screen.THANKS, Screen.EXPIRED):
            self._to_idle()
