"""The pad as seen by the local API: thread-safe methods that hop onto the flow's thread.

Implements `kiosk.api.port.PadPort`. Every call runs on the owning thread through a `Caller`; long-polls
wait on a condition that the flow's observer notifies, so they return as soon as the citizen rates.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import asdict

from kiosk.api.port import NoScreen, invitation_result
from kiosk.app import diagnostics
from kiosk.app.runloop import Caller
from kiosk.core.errors import FlowError
from kiosk.core.flow.machine import DeviceMode, FlowEvent, FlowState, Screen
from kiosk.core.model import Case
from kiosk.core.stats import Period
from kiosk.store import stats as store_stats
from kiosk.store.db import Store
from kiosk.store.roster import get_staff


def screen_id(state: FlowState) -> str:
    """The id remote support sees: the terminal's idle screen is its attract screen."""
    if state.screen is Screen.IDLE and state.mode is DeviceMode.TERMINAL:
        return "attract"
    return str(state.screen)


SCREENSHOT_WAIT_S = 5.0
SYNC_WAIT_S = 60.0


class AppPort:
    def __init__(self, kiosk, caller: Caller, *, grab: Callable[[], bytes] | None = None):
        """`grab`: the screens' PNG of the window, run on the GUI thread (None: a headless pad)."""
        self.kiosk = kiosk
        self.caller = caller
        self.grab = grab
        self._changed = threading.Condition()
        self._version = 0
        kiosk.flow.subscribe(self._on_flow)

    def _on_flow(self, _event: FlowEvent, _state: FlowState) -> None:
        with self._changed:
            self._version += 1
            self._changed.notify_all()

    def health(self) -> dict:
        def read() -> dict:
            h = self.kiosk.health()
            return {
                "status": "ok" if self.kiosk.flow.state.screen is not Screen.UNAVAILABLE else "degraded",
                "mode": h["mode"],
                "deviceId": h["deviceId"],
                "version": h["version"],
                "evaluator": h["evaluator"],
                "queueDepth": self.kiosk.outbox.depth(),
            }

        return self.caller.call(read)

    def sign_in(self, staff_id: str) -> dict:
        def run() -> dict:
            staff = get_staff(self.kiosk.store, staff_id)
            if staff is None:
                raise LookupError(f"staff {staff_id!r} is not in the roster")
            self.kiosk.flow.sign_in(staff)
            return {k: v for k, v in asdict(staff).items() if k != "photo"}

        return self.caller.call(run)

    def sign_out(self) -> None:
        self.caller.call(self.kiosk.flow.sign_out)

    def set_staff_status(self, status: str) -> None:
        self.caller.call(lambda: self.kiosk.flow.set_staff_status(status))

    def invite(self, service: Case, pf: int | None, timeout_s: int | None) -> dict:
        def run() -> dict:
            inv = self.kiosk.flow.invite(service, pf=pf, timeout_s=timeout_s)
            return {"invitationId": inv.id, "state": "pending", "assessNumber": inv.assess_number}

        return self.caller.call(run)

    def invitation(self, invitation_id: str) -> dict | None:
        def run() -> dict | None:
            out = self.kiosk.flow.outcomes.get(invitation_id)
            return None if out is None else invitation_result(invitation_id, out)

        return self.caller.call(run)

    def wait_invitation(self, invitation_id: str, timeout_s: float, seen: dict | None = None) -> dict | None:
        """Until the result differs from `seen` (None: until it is no longer pending), or timeout_s."""
        deadline = time.monotonic() + max(0.0, timeout_s)
        while True:
            with self._changed:
                version = self._version
            result = self.invitation(invitation_id)
            if result is None or (result != seen if seen is not None else result["state"] != "pending"):
                return result
            left = deadline - time.monotonic()
            if left <= 0:
                return result
            with self._changed:
                if self._version == version:
                    self._changed.wait(min(left, 1.0))

    def cancel(self, invitation_id: str) -> None:
        def run() -> None:
            if invitation_id not in self.kiosk.flow.outcomes:
                raise LookupError(f"invitation {invitation_id!r} not found")
            self.kiosk.flow.cancel(invitation_id)

        self.caller.call(run)

    def print_receipt(self, project_no: str) -> dict:
        def run() -> dict:
            if self.kiosk.peripherals is None:
                raise FlowError("no receipt printer is configured", "no_printer")
            receipt = self.kiosk.peripherals.print_receipt(project_no)
            return {"status": "queued", "projectNo": project_no, "url": receipt.url}

        return self.caller.call(run)

    def screen(self) -> dict:
        def run() -> dict:
            st = self.kiosk.flow.state
            return {"screen": screen_id(st), "message": st.message}

        return self.caller.call(run)

    def stats(self, period: Period, staff: str | None, counter: str | None) -> dict:
        """On this (the API's) thread, over its own connection: the query never holds up the GUI thread."""
        self.caller.call(self.kiosk.ignored.flush)  # presses still buffered count too
        with Store(self.kiosk.store.path, clock=self.kiosk.clock) as store:
            return store_stats.report(store.conn, period, staff=staff, counter=counter).summary()

    def diagnostics(self) -> dict:
        return self.caller.call(lambda: diagnostics.snapshot(self.kiosk))

    def screenshot(self) -> bytes:
        grab = self.grab
        if grab is None:
            raise NoScreen("this pad runs headless (no screens): there is no screen to take")
        return self.caller.call(grab, timeout=SCREENSHOT_WAIT_S)

    def sync_now(self) -> dict:
        sync = self.kiosk.sync
        if sync is None:
            raise FlowError("no centre is configured ([central] url): there is nothing to sync with", "no_sync")
        return sync.sync_now(SYNC_WAIT_S)
