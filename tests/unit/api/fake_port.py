"""An in-memory PadPort for the API tests: the real `Flow` over an in-memory sink, behind one lock.

It behaves as the app's port does (one pending invitation at a time, roster lookup, 追加评价 rules, staff
status, storage failure), minus the hop onto the GUI thread: here the lock plays that thread. Test code
drives the citizen's side with `press`, `submit`, `advance` (time) and `fail_storage`.
"""

from __future__ import annotations

import struct
import threading
import zlib

from kiosk import __version__
from kiosk.api.port import NoScreen, invitation_result
from kiosk.core.errors import FlowError
from kiosk.core.flow.machine import Flow, FlowSettings, Screen
from kiosk.core.model import Case
from kiosk.core.staff import Staff
from kiosk.core.stats import Period, RatingGroup, build_report
from kiosk.core.timefmt import FakeClock
from tests.helpers.fakes import FakeSink

ROSTER = (
    Staff(staffId="s-001", name="李明", pageCode="GH1001", dept="市场监管窗口", photo="iVBORw0KGgo=", stars=5),
    Staff(staffId="s-002", name="王芳", pageCode="GH1002", dept="社保窗口", stars=4),
)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


class FakePadPort:
    def __init__(self, *, mode: str = "window", invite_timeout_s: int = 30, evaluator: str = "online"):
        self.clock = FakeClock()
        self.sink = FakeSink()
        self.flow = Flow(
            self.sink,
            self.clock,
            FlowSettings(mode=mode, device_id="PAD01", counter="W07", invite_timeout_s=invite_timeout_s),
        )
        self.roster = {s.staffId: s for s in ROSTER}
        self.evaluator = evaluator
        self.cond = threading.Condition()
        self.calls: list[tuple[str, object]] = []
        self.printer = True
        self.screen_up = True
        self.printed: list[str] = []
        self.flow.subscribe(lambda _event, _state: self.cond.notify_all())  # always called under the lock

    # --- PadPort ------------------------------------------------------------------------------------

    def health(self) -> dict:
        with self.cond:
            return {
                "status": "degraded" if self.flow.state.screen is Screen.UNAVAILABLE else "ok",
                "mode": self.flow.settings.mode,
                "deviceId": self.flow.settings.device_id,
                "version": __version__,
                "evaluator": self.evaluator,
                "queueDepth": len(self.sink.finished),
            }

    def sign_in(self, staff_id: str) -> dict:
        with self.cond:
            self.calls.append(("sign_in", staff_id))
            staff = self.roster.get(staff_id)
            if staff is None:
                raise LookupError(f"staff {staff_id!r} is not in the roster")
            self.flow.sign_in(staff)
            return {k: v for k, v in staff.to_dict().items() if k != "photo"}

    def sign_out(self) -> None:
        with self.cond:
            self.calls.append(("sign_out", None))
            self.flow.sign_out()

    def set_staff_status(self, status: str) -> None:
        with self.cond:
            self.calls.append(("set_staff_status", status))
            self.flow.set_staff_status(status)

    def invite(self, service: Case, pf: int | None, timeout_s: int | None) -> dict:
        with self.cond:
            self.calls.append(("invite", (service, pf, timeout_s)))
            inv = self.flow.invite(service, pf=pf, timeout_s=timeout_s)
            return {"invitationId": inv.id, "state": "pending", "assessNumber": inv.assess_number}

    def invitation(self, invitation_id: str) -> dict | None:
        with self.cond:
            return self._result(invitation_id)

    def wait_invitation(self, invitation_id: str, timeout_s: float, seen: dict | None = None) -> dict | None:
        def changed() -> bool:
            now = self._result(invitation_id)
            if now is None:
                return True
            return now != seen if seen is not None else now["state"] != "pending"

        with self.cond:
            self.cond.wait_for(changed, timeout_s)
            return self._result(invitation_id)

    def cancel(self, invitation_id: str) -> None:
        with self.cond:
            self.calls.append(("cancel", invitation_id))
            if invitation_id not in self.flow.outcomes:
                raise LookupError(f"no invitation {invitation_id!r}")
            self.flow.cancel(invitation_id)

    def print_receipt(self, project_no: str) -> dict:
        """A pad with (printer=True) or without a receipt printer; cases known once invited."""
        with self.cond:
            self.calls.append(("print_receipt", project_no))
            if not self.printer:
                raise FlowError("no receipt printer is configured", "no_printer")
            if project_no not in self.sink.services:
                raise LookupError(f"case {project_no!r} is not known to this pad")
            self.printed.append(project_no)
            return {"status": "queued", "projectNo": project_no, "url": f"https://hcp.example/r?projectNo={project_no}"}

    def screen(self) -> dict:
        with self.cond:
            return {"screen": str(self.flow.state.screen), "message": self.flow.state.message}

    def stats(self, period: Period, staff: str | None, counter: str | None) -> dict:
        """The in-memory ratings through the same domain rules (kiosk.core.stats) as the store's SQL."""
        with self.cond:
            self.calls.append(("stats", (period, staff, counter)))
            lo, hi = period.bounds()
            groups = [
                RatingGroup(level=ev.satisfaction, n=1, day=ev.assessTime[:10], incomplete=int(ev.incomplete))
                for ev in self.sink.ratings.values()
                if lo <= ev.assessTime < hi and staff in (None, ev.handleUserPageCode) and counter in (None, ev.window)
            ]
            return build_report(period, groups).summary()

    def diagnostics(self) -> dict:
        with self.cond:
            return {"screen": str(self.flow.state.screen), "flow_counters": dict(self.flow.counters)}

    def screenshot(self) -> bytes:
        """A 2×1 grey PNG (the real one is the window's; tests/unit/app/test_api_support.py)."""
        if not self.screen_up:
            raise NoScreen("this pad runs headless (no screens): there is no screen to take")
        raw = b"\x00" + b"\x80\x80\x80" * 2
        ihdr = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(raw)) + _chunk(b"IEND", b"")

    def sync_now(self) -> dict:
        raise FlowError("no centre is configured ([central] url): there is nothing to sync with", "no_sync")

    def _result(self, invitation_id: str) -> dict | None:
        outcome = self.flow.outcomes.get(invitation_id)
        return None if outcome is None else invitation_result(invitation_id, outcome)

    # --- the citizen and the world ------------------------------------------------------------------

    def press(self, level: int) -> bool:
        with self.cond:
            return self.flow.press(level, "device")

    def choose(self, *codes: str, text: str = "") -> None:
        with self.cond:
            for code in codes:
                self.flow.toggle_reason(code)
            if text:
                self.flow.set_text(text)

    def submit(self) -> bool:
        with self.cond:
            return self.flow.submit()

    def advance(self, seconds: float) -> None:
        with self.cond:
            self.clock.advance(seconds)
            self.flow.tick()

    def fail_storage(self, failing: bool = True) -> None:
        with self.cond:
            self.sink.fail_all() if failing else self.sink.heal()

    def pending_id(self) -> str | None:
        with self.cond:
            inv = self.flow.state.invitation
            return inv.id if inv is not None and self.flow.state.screen is Screen.INVITED else None
