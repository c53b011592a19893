"""Remote support over the local API, against the real app: stats, diagnostics, sync now, the screenshot.

HTTP on 127.0.0.1 with the token. Headless: a Kiosk on a temp data dir, its FlowLoop thread, AppPort (so
the screenshot is 503). With screens: a GuiRun whose API marshals the grab onto the GUI thread.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path

import pytest
import requests

from kiosk import config
from kiosk.api import ApiServer
from kiosk.app.api_port import AppPort
from kiosk.app.kiosk import Kiosk
from kiosk.app.runloop import FlowLoop
from kiosk.central.server import CentralEmulator
from kiosk.core.model import Case, Evaluation
from kiosk.store import stats as store_stats
from kiosk.ui.qt import QImage
from tests.helpers.gui import gui_run
from tests.unit.sync.helpers import MARK, SECRET

TOKEN = "support-token"
RATINGS = [  # projectNo, assessTime, 工号, window, satisfaction, assessNumber, incomplete
    ("S1", "2026-11-20 09:00:00", "0101", "3号窗口", 5, 1, False),
    ("S1", "2026-11-20 09:30:00", "0101", "3号窗口", 2, 2, True),  # 追加评价, an incomplete 差评
    ("S2", "2026-11-21 10:00:00", "0102", "3号窗口", 4, 1, False),
    ("S3", "2026-11-21 11:00:00", "0102", "4号窗口", 1, 1, False),
    ("S4", "2026-11-22 08:00:00", "0101", "4号窗口", 3, 1, False),
]


def fill(kiosk: Kiosk) -> None:
    for pn, at, staff, counter, level, number, incomplete in RATINGS:
        kiosk.store.upsert_case(Case(projectNo=pn, taskName="食品经营许可", userName="张小三"))
        kiosk.store.add_evaluation(
            Evaluation(
                projectNo=pn,
                satisfaction=level,
                assessTime=at,
                assessTimeUtc="2026-11-20T01:00:00.000Z",
                assessNumber=number,
                handleUserPageCode=staff,
                window=counter,
                incomplete=incomplete,
                evalDetail="" if incomplete or level > 2 else "108",
            ),  # fmt: skip
            draft=False,
        )
    with kiosk.store.tx() as conn:
        store_stats.add_ignored(conn, {("2026-11-21", "0102", "3号窗口"): 2})


def load(tmp_path: Path, **overrides) -> config.Config:
    base = {"device": {"id": "SUPPORT-01"}, "evaluator": {"driver": "none"}, "api": {"token": TOKEN}}
    for section, values in overrides.items():
        base.setdefault(section, {}).update(values)
    return config.load(None, tmp_path / "data", base)


@contextlib.contextmanager
def headless(tmp_path: Path, **overrides):
    kiosk = Kiosk(load(tmp_path, **overrides))
    loop = FlowLoop(kiosk.flow.tick).start()
    srv = ApiServer(AppPort(kiosk, loop.caller), port_number=0, token=TOKEN)
    srv.start()
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {TOKEN}"
    try:
        yield kiosk, f"{srv.url}/api/v1", http
    finally:
        http.close()
        srv.stop()
        loop.stop()
        kiosk.stop()


def test_stats_over_http_match_the_hand_computed_figures(tmp_path):
    with headless(tmp_path) as (kiosk, base, http):
        fill(kiosk)
        resp = http.get(f"{base}/stats", params={"from": "2026-11-20", "to": "2026-11-21"}, timeout=10)
        assert resp.status_code == 200, resp.text
        body = resp.json()
        assert {k: body[k] for k in ("from", "to", "total", "byLevel", "goodRate", "score", "bad", "incomplete")} == {
            "from": "2026-11-20",
            "to": "2026-11-21",
            "total": 4,  # S1 twice (first rating and 追加评价), S2, S3; S4 is on the 22nd
            "byLevel": {"1": 1, "2": 1, "3": 0, "4": 1, "5": 1},
            "goodRate": 0.5,
            "score": 10.0,
            "bad": 2,
            "incomplete": 1,
        }
        assert body["badReasons"] == {"108": 1} and body["ignored"] == 2
        staff = http.get(
            f"{base}/stats", params={"from": "2026-11-01", "to": "2026-11-30", "staff": "0101"}, timeout=10
        )
        assert (staff.json()["total"], staff.json()["goodRate"], staff.json()["score"]) == (3, 0.6667, 13.33)
        window = {"from": "2026-11-01", "to": "2026-11-30", "window": "4号窗口", "staff": "0102"}
        assert http.get(f"{base}/stats", params=window, timeout=10).json()["byLevel"]["1"] == 1


@pytest.mark.parametrize(
    ("params", "field", "says"),
    [
        ({"from": "2026-11-20"}, "to", "to is required"),
        ({"from": "2026-11-31", "to": "2026-12-01"}, "from", "not a calendar date"),
        ({"from": "20261120", "to": "2026-12-01"}, "from", "YYYY-MM-DD"),
        ({"from": "2026-11-20", "to": "2026-11-19"}, "to", "before from"),
        ({"from": "2026-11-20", "to": "2026-11-21", "staff": ""}, "staff", "1..64 characters"),
    ],
)
def test_bad_stats_queries_are_400_naming_the_parameter(tmp_path, params, field, says):
    with headless(tmp_path) as (_kiosk, base, http):
        resp = http.get(f"{base}/stats", params=params, timeout=10)
        assert resp.status_code == 400, resp.text
        err = resp.json()["error"]
        assert err["code"] == "bad_request" and err["field"] == field and says in err["message"], err


def test_every_support_route_needs_the_token(tmp_path):
    with headless(tmp_path) as (_kiosk, base, _http):
        for method, path in (("GET", "/stats?from=2026-11-01&to=2026-11-30"), ("GET", "/diagnostics"),
                             ("GET", "/screenshot"), ("POST", "/sync")):  # fmt: skip
            resp = requests.request(method, base + path, timeout=10)
            assert resp.status_code == 401 and resp.json()["error"]["code"] == "unauthorized", (path, resp.text)
            wrong = requests.request(method, base + path, headers={"Authorization": "Bearer nope"}, timeout=10)
            assert wrong.status_code == 401


def test_diagnostics_is_the_status_page_snapshot(tmp_path):
    with headless(tmp_path) as (kiosk, base, http):
        fill(kiosk)
        kiosk.on_key(3)  # an ignored press: counted on the status page's flow counters
        body = http.get(f"{base}/diagnostics", timeout=10).json()
        assert body["device"]["id"] == "SUPPORT-01" and body["screen"] == "idle"
        assert body["ratings"]["total"] == 5 and body["flow_counters"]["ignored_presses"] == 1
        assert "张小三" not in str(body)


def test_headless_screenshot_is_503_and_sync_without_a_centre_is_409(tmp_path):
    with headless(tmp_path) as (_kiosk, base, http):
        shot = http.get(f"{base}/screenshot", timeout=10)
        assert shot.status_code == 503 and "headless" in shot.json()["error"]["message"]
        sync = http.post(f"{base}/sync", timeout=10)
        assert sync.status_code == 409 and sync.json()["error"]["code"] == "no_sync"


def test_sync_now_answers_what_was_sent(tmp_path):
    emu = CentralEmulator(tmp_path / "central.db", MARK, SECRET, seed=7).start()
    central = {"url": emu.url, "app_mark": MARK, "app_secret": SECRET, "interval_seconds": 3600}
    try:
        with headless(tmp_path, central=central) as (kiosk, base, http):
            kiosk.attach_sync(lambda fn: None)
            assert kiosk.sync is not None
            kiosk.sync.start()
            assert kiosk.sync.wait_idle(20)  # the start-up drain (nothing yet)
            fill(kiosk)
            resp = http.post(f"{base}/sync", timeout=70)
            assert resp.status_code == 200, resp.text
            body = resp.json()
            assert body["sent"] == {"services": 4, "evaluations": 5}, body
            # the centre refuses the incomplete 差评 (no reason, no text) for good: a dead letter
            assert (body["delivered"], body["rejected"], body["state"], body["queueDepth"]) == (8, 1, "idle", 1), (
                body
            )  # the dead letter is not at the centre
            again = http.post(f"{base}/sync", timeout=70).json()
            assert again["sent"] == {"services": 0, "evaluations": 0}
    finally:
        emu.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_screenshot_from_a_running_gui_is_a_png_of_the_window(tmp_path, qtbot):
    kiosk = Kiosk(load(tmp_path, api={"port": free_port()}))
    with gui_run(kiosk) as run:
        run.window.resize(1280, 800)
        run.window.show()
        qtbot.waitExposed(run.window)
        assert run.bridge is not None  # built on the GUI thread, as GuiRun's first frame does before the API
        run._api_now()  # the API as GuiRun starts it: AppPort with the GUI's grab
        assert run.api is not None
        got: dict = {}

        def fetch() -> None:  # the API's thread asks; the grab must run on this (the GUI) thread
            got["resp"] = requests.get(
                f"{run.api.url}/api/v1/screenshot", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10
            )

        try:
            worker = threading.Thread(target=fetch)
            worker.start()
            qtbot.waitUntil(lambda: "resp" in got, timeout=10_000)
            worker.join(5)
        finally:
            run.api.stop()
        resp = got["resp"]
        assert resp.status_code == 200, resp.text
        assert resp.headers["Content-Type"] == "image/png"
        image = QImage.fromData(resp.content, "PNG")
        assert not image.isNull()
        ratio = run.window.devicePixelRatioF()
        assert (image.width(), image.height()) == (round(1280 * ratio), round(800 * ratio))
        assert image.pixelColor(10, 10).name() == "#0b3d91"  # the top bar, as the citizen sees it
