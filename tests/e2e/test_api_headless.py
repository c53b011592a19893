"""The local API in front of the real app, headless: Kiosk on a temp data dir, its flow thread, AppPort.

No screens and no device: the citizen's press is posted onto the flow thread. Checks that the app's port
fits the API's promises (shapes, error mapping) with the real SQLite store behind it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import requests

from kiosk import config
from kiosk.api import ApiServer
from kiosk.app.api_port import AppPort
from kiosk.app.kiosk import Kiosk
from kiosk.app.runloop import FlowLoop
from kiosk.core.staff import Staff
from kiosk.store.roster import replace_roster
from tests.helpers.api import case_json, run_schemathesis, schemathesis_exe

TOKEN = "e2e-api-token"
STAFF = Staff(staffId="s-001", name="李明", pageCode="GH1001", dept="市场监管窗口")


@contextlib.contextmanager
def headless_app(tmp_path: Path, *, auto_press: int | None = None):
    cfg = config.load(
        None,
        data_dir=tmp_path,
        overrides={"device": {"id": "E2E-API", "mode": "window"}, "evaluator": {"driver": "none"}},
    )
    kiosk = Kiosk(cfg)
    replace_roster(kiosk.store, [STAFF])
    loop = FlowLoop(kiosk.flow.tick).start()
    if auto_press is not None:

        def on_flow(event: str, _state) -> None:
            if event == "invited":
                loop.caller.post(lambda: kiosk.flow.press(auto_press, "device"))
            elif event == "rated":
                loop.caller.post(kiosk.flow.submit)

        kiosk.flow.subscribe(on_flow)
    srv = ApiServer(AppPort(kiosk, loop.caller), port_number=0, token=TOKEN)
    srv.start()
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {TOKEN}"
    try:
        yield kiosk, loop, srv, http
    finally:
        http.close()
        srv.stop()
        loop.stop()
        kiosk.stop()


def test_invite_press_result_and_stored_row(tmp_path):
    with headless_app(tmp_path) as (kiosk, loop, srv, http):
        base = f"{srv.url}/api/v1"
        assert http.get(f"{base}/health", timeout=5).json()["status"] == "ok"
        assert http.post(f"{base}/staff/session", json={"staffId": "nobody"}, timeout=5).status_code == 404
        assert http.post(f"{base}/invitations", json={"service": case_json("E-1")}, timeout=5).status_code == 409
        assert http.post(f"{base}/staff/session", json={"staffId": "s-001"}, timeout=5).json()["name"] == "李明"

        resp = http.post(f"{base}/invitations", json={"service": case_json("E-1")}, timeout=5)
        assert resp.status_code == 201, resp.text
        inv = resp.json()["invitationId"]
        busy = http.post(f"{base}/invitations", json={"service": case_json("E-2")}, timeout=5)
        assert busy.status_code == 409 and busy.json()["error"]["code"] == "busy"
        assert http.get(f"{base}/screen", timeout=5).json()["screen"] == "invited"

        def press_later() -> None:
            time.sleep(0.3)
            loop.caller.call(lambda: kiosk.flow.press(2, "device"))

        presser = threading.Thread(target=press_later)
        presser.start()
        started = time.monotonic()
        result = http.get(f"{base}/invitations/{inv}?wait=10", timeout=15).json()
        presser.join(5)
        assert result["state"] == "rated" and result["satisfaction"] == 2 and result["detailsDone"] is False
        assert time.monotonic() - started < 1.5

        reason = kiosk.flow.catalog.for_level(2)[0].code
        loop.caller.call(lambda: kiosk.flow.toggle_reason(reason))
        submitter = threading.Thread(target=lambda: (time.sleep(0.2), loop.caller.call(kiosk.flow.submit)))
        submitter.start()
        done = http.get(f"{base}/invitations/{inv}?wait=10&details=true", timeout=15).json()
        submitter.join(5)
        assert done["detailsDone"] is True and done["evalDetail"] == reason

        again = http.post(f"{base}/invitations", json={"service": case_json("E-1")}, timeout=5)
        assert again.status_code == 409 and again.json()["error"]["code"] == "already_evaluated"
        follow = http.post(f"{base}/invitations", json={"service": case_json("E-1", proStatus=3)}, timeout=5)
        assert follow.status_code == 201 and follow.json()["assessNumber"] == 2
        cancelled = http.delete(f"{base}/invitations/{follow.json()['invitationId']}", timeout=5)
        assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
        assert http.delete(f"{base}/staff/session", timeout=5).status_code == 200
        db = kiosk.store.path
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT projectNo, satisfaction, assessNumber, evalDetail FROM evaluations").fetchall()
    finally:
        conn.close()
    assert rows == [("E-1", 2, 1, reason)]


@pytest.mark.skipif(schemathesis_exe() is None, reason="no schemathesis")
def test_schemathesis_against_the_real_app_port(tmp_path):
    with headless_app(tmp_path, auto_press=5) as (kiosk, loop, srv, http):
        assert http.post(f"{srv.url}/api/v1/staff/session", json={"staffId": "s-001"}, timeout=5).status_code == 200
        res = run_schemathesis(
            srv.url, TOKEN, tmp_path, examples="15", seed="7", timeout=150, exclude_paths=("/api/v1/screenshot",)
        )
    output = res.stdout + res.stderr
    assert res.returncode == 0, output[-6000:]
