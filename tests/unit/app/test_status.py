"""The status the screens show: what the Kiosk hands its listeners as the evaluator, the printer and sync
report, and the outbox depth; the string values the diagnostics, the API and the heartbeat carry."""

from __future__ import annotations

import json

from kiosk import config
from kiosk.app.kiosk import Kiosk
from kiosk.app.status import EvaluatorStatus, PrinterStatus, StatusLine, SyncState
from kiosk.core.model import Case
from kiosk.core.staff import Staff
from kiosk.core.timefmt import FakeClock
from kiosk.devices.evaluator.sim import SimEvaluator
from kiosk.sync import client


def test_listeners_get_a_status_line_as_the_devices_and_sync_report(tmp_path):
    cfg = config.load(None, tmp_path / "data", {"evaluator": {"driver": "none"}})
    kiosk = Kiosk(cfg, clock=FakeClock(), evaluator=SimEvaluator())
    seen: list[StatusLine] = []
    kiosk.on_status(seen.append)
    try:
        assert kiosk.status_line() == StatusLine(EvaluatorStatus.OFFLINE, PrinterStatus.NONE, SyncState.DISABLED, 0)
        kiosk.on_online()
        kiosk.on_printer("paper_out")
        kiosk.on_sync_status({"state": "auth_error", "last_error": "401"})
        kiosk.flow.sign_in(Staff("s1", "王小明", "0101"))
        kiosk.flow.invite(Case("P-1", taskName="社会保障卡挂失"))
        kiosk.flow.press(5)
        kiosk.flow.submit()  # details done: the line is sent again, with the new outbox depth
        assert seen == [
            StatusLine(EvaluatorStatus.ONLINE, PrinterStatus.NONE, SyncState.DISABLED, 0),
            StatusLine(EvaluatorStatus.ONLINE, PrinterStatus.PAPER_OUT, SyncState.DISABLED, 0),
            StatusLine(EvaluatorStatus.ONLINE, PrinterStatus.PAPER_OUT, SyncState.AUTH_ERROR, 0),
            StatusLine(EvaluatorStatus.ONLINE, PrinterStatus.PAPER_OUT, SyncState.AUTH_ERROR, 2),
        ]
        extras = kiosk.heartbeat_extras()
        assert json.loads(json.dumps(extras)) == {
            "evaluatorOnline": True,
            "evaluator": "online",
            "printer": "paper_out",
        }
        assert json.loads(json.dumps(kiosk.health()))["evaluator"] == "online"
    finally:
        kiosk.stop()


def test_sync_state_names_every_state_the_sync_client_reports():
    errors = [client.CentralError, client.TransportError, client.ServerError, client.AuthError, client.ProtocolError]
    assert {SyncState(e.state) for e in errors} == {SyncState.BACKOFF, SyncState.OFFLINE, SyncState.AUTH_ERROR}
    assert [str(s) for s in SyncState] == ["idle", "draining", "backoff", "offline", "auth_error", "disabled"]
    assert [str(s) for s in EvaluatorStatus] == ["online", "offline", "none"]
    assert [str(s) for s in PrinterStatus] == [
        "ok", "paper_out", "offline", "error", "no_answer", "unchecked", "unknown", "none"
    ]  # fmt: skip
