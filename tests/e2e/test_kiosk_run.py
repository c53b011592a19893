"""`kiosk run` as a real process: a KEY frame on a pty evaluator becomes a stored, synced evaluation,
the local API sees the result, and SIGTERM / SIGINT end the process cleanly with everything committed."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from kiosk.central.server import CentralEmulator
from kiosk.devices.evaluator import codec as fc
from kiosk.devices.tools.pty_device import PtyFrameDevice
from tests.helpers.wait import wait_until

TOKEN = "e2e-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def emulator(tmp_path):
    emu = CentralEmulator(tmp_path / "central.db", "mark-e2e", "secret-e2e").start()
    yield emu
    emu.stop()


@pytest.fixture
def device(tmp_path):
    dev = PtyFrameDevice(link=str(tmp_path / "evaluator"), heartbeat_interval_s=0.5)
    yield dev
    dev.close()


def start_kiosk(tmp_path: Path, emulator, device_link: str, api_port: int) -> subprocess.Popen:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(
        f"""
[device]
id = "E2E-01"
window = "5号窗口"
[evaluator]
driver = "frame"
port = "{device_link}"
[api]
port = {api_port}
token = "{TOKEN}"
[central]
url = "{emulator.url}"
app_mark = "mark-e2e"
app_secret = "secret-e2e"
interval_seconds = 5
[qr]
secret = "qr-secret-e2e-0123456789"
[flow]
details_timeout_s = 5
thanks_s = 1
""",
        encoding="utf-8",
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_LOG_STDERR="1")
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--config", str(cfg), "--data-dir", str(tmp_path / "data")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def api(port: int) -> requests.Session:
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {TOKEN}"
    s.base = f"http://127.0.0.1:{port}"  # type: ignore[attr-defined]
    return s


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_key_frame_to_central_and_clean_exit(tmp_path, emulator, device, stop_signal):
    port = free_port()
    proc = start_kiosk(tmp_path, emulator, device.link, port)
    s = api(port)
    try:
        base = f"http://127.0.0.1:{port}/api/v1"
        wait_until(lambda: _ok(s, "GET", base + "/health"), timeout=15.0)
        # the roster comes from the centre's profile: sign-in works once it has arrived
        wait_until(lambda: _ok(s, "POST", base + "/staff/session", {"staffId": "s001"}), timeout=15.0)
        health = s.get(base + "/health", timeout=5).json()
        assert health["deviceId"] == "E2E-01" and health["mode"] == "window"
        wait_until(lambda: s.get(base + "/health", timeout=5).json()["evaluator"] == "online", timeout=15.0)

        service = {
            "projectNo": "E2E-0001",
            "taskCode": "T1",
            "taskName": "社会保障卡挂失",
            "deptCode": "D1",
            "proDepart": "人社局",
            "proStatus": 3,
            "userProp": 1,
            "userName": "张小三",
            "certKey": "420102199001011234",
        }
        resp = s.post(base + "/invitations", json={"service": service}, timeout=5)
        assert resp.status_code == 201, resp.text
        inv = resp.json()
        assert inv["state"] == "pending" and inv["assessNumber"] == 1
        wait_until(lambda: any(f.cmd == fc.INVITE for f in device.received_frames(include_acks=False)), timeout=15.0)

        device.press(4)
        result = s.get(f"{base}/invitations/{inv['invitationId']}?wait=10", timeout=15).json()
        assert result["state"] == "rated" and result["satisfaction"] == 4
        wait_until(lambda: any(f.cmd == fc.THANKS for f in device.received_frames(include_acks=False)), timeout=15.0)

        # details time out (5 s), the row goes to sync, the centre gets it exactly once
        wait_until(lambda: emulator.stats().get("evaluations", 0) == 1, timeout=30)
    finally:
        proc.send_signal(stop_signal)
        t0 = time.monotonic()
        out, _ = proc.communicate(timeout=15)
        stopped_in = time.monotonic() - t0
        s.close()
    assert proc.returncode == 0, out
    assert stopped_in < 5, stopped_in
    assert "张小三" not in out and "420102199001011234" not in out  # no personal data in the log
    conn = sqlite3.connect(tmp_path / "data" / "kiosk.db")
    try:
        rows = conn.execute(
            "SELECT projectNo, satisfaction, assessNumber, window, handleUserPageCode, pf, sync_state FROM evaluations"
        ).fetchall()
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert rows == [("E2E-0001", 4, 1, "5号窗口", "GZ1001", 4, "delivered")]
    log_text = (tmp_path / "data" / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "ready: first interactive frame" in log_text and "kiosk stopped" in log_text
    assert "420102199001011234" not in log_text and "张小三" not in log_text


def _ok(session: requests.Session, method: str, url: str, body: dict | None = None) -> bool:
    try:
        return session.request(method, url, json=body, timeout=2).status_code < 300
    except requests.RequestException:
        return False
