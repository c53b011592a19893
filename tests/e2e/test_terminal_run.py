"""A 24-hour terminal as a real process: a receipt QR scanned on a pty scanner starts a rating, a KEY
frame rates it, `POST /api/v1/receipts` prints an ESC/POS receipt on a pty printer whose QR decodes to a
valid signed link, and `GET /api/v1/screen` shows what the citizen sees."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import threading
import tty
from datetime import datetime

import requests

from kiosk.core.qrlink import parse_url
from kiosk.core.timefmt import SHANGHAI
from kiosk.devices.printer import escpos
from kiosk.devices.tools.pty_device import PtyFrameDevice
from tests.e2e.test_kiosk_run import free_port
from tests.helpers.wait import wait_until

TOKEN = "term-token"
SECRET = "qr-secret-e2e"
TEMPLATE = "https://hcp.example.gov.cn/rate?projectNo={projectNo}&deviceId={deviceId}&pf={pf}&ts={ts}&sig={sig}"


class PtyPrinter:
    """Device side of a serial ESC/POS printer: answers paper status 'ok', records what it is sent."""

    def __init__(self):
        self.master, self.slave = os.openpty()
        tty.setraw(self.master)
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.data = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            chunk = os.read(self.master, 65536)
            while escpos.STATUS_PAPER in chunk:
                at = chunk.find(escpos.STATUS_PAPER)
                self.data.extend(chunk[:at])
                chunk = chunk[at + len(escpos.STATUS_PAPER) :]
                os.write(self.master, b"\x12")
            self.data.extend(chunk)

    def close(self):
        self._stop.set()
        self._thread.join()
        os.close(self.slave)
        os.close(self.master)


def test_scan_rate_and_print_on_a_terminal(tmp_path):
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    scanner_path = os.ttyname(slave)
    printer = PtyPrinter()
    device = PtyFrameDevice(link=str(tmp_path / "evaluator"), heartbeat_interval_s=0.5)
    port = free_port()
    cfg = tmp_path / "terminal.toml"
    cfg.write_text(
        f"""
[device]
id = "TERM-01"
mode = "terminal"
hall = "市民之家"
window = "自助区"
[evaluator]
driver = "frame"
port = "{device.link}"
[scanner]
driver = "serial"
port = "{scanner_path}"
[printer]
driver = "escpos"
port = "{printer.path}"
[qr]
secret = "{SECRET}"
url_template = "{TEMPLATE}"
[api]
port = {port}
token = "{TOKEN}"
[flow]
details_timeout_s = 5
thanks_s = 1
""",
        encoding="utf-8",
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_LOG_STDERR="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--config", str(cfg), "--data-dir", str(tmp_path / "data")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {TOKEN}"
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        wait_until(lambda: _get(s, base + "/screen").get("screen") == "attract", timeout=15.0)
        # the business application registers a case, then has its receipt printed
        today = datetime.now(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
        service = {
            "projectNo": "TERM-0001",
            "taskCode": "T9",
            "taskName": "居民身份证换领",
            "deptCode": "GA",
            "proDepart": "公安局",
            "proStatus": 2,
            "userProp": 1,
            "userName": "欧阳小明",
            "certKey": "420104200203034321",
            "serviceTime": today,
        }
        resp = s.post(base + "/invitations", json={"service": service, "timeoutSeconds": 5}, timeout=5)
        assert resp.status_code == 201, resp.text
        assert s.delete(f"{base}/invitations/{resp.json()['invitationId']}", timeout=5).status_code == 200
        resp = s.post(base + "/receipts", json={"projectNo": "TERM-0001"}, timeout=5)
        assert resp.status_code == 202, resp.text
        wait_until(lambda: escpos.CUT in printer.data, timeout=15.0)
        receipt = escpos.decode(bytes(printer.data))
        assert "市民之家" in receipt.lines and "事项:居民身份证换领" in receipt.lines
        assert "申请人:欧**明" in receipt.lines
        assert len(receipt.qr) == 1 and parse_url(receipt.qr[0], SECRET, TEMPLATE).projectNo == "TERM-0001"

        # later, the citizen scans the receipt at the terminal: a forged code first, then the real one
        os.write(master, receipt.qr[0].replace("TERM-0001", "TERM-0002").encode() + b"\r\n")
        wait_until(lambda: _get(s, base + "/screen").get("screen") == "message", timeout=15.0)
        assert "二维码无效" in _get(s, base + "/screen")["message"]
        os.write(master, receipt.qr[0].encode() + b"\r\n")
        wait_until(lambda: _get(s, base + "/screen").get("screen") == "invited", timeout=15.0)
        wait_until(lambda: _get(s, base + "/health").get("evaluator") == "online", timeout=15.0)
        device.press(5)
        wait_until(lambda: _get(s, base + "/screen").get("screen") in ("details", "thanks"), timeout=15.0)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=15)
        s.close()
        device.close()
        printer.close()
        os.close(slave)
        os.close(master)
    assert proc.returncode == 0, out
    assert "420104200203034321" not in out and "欧阳小明" not in out
    conn = sqlite3.connect(tmp_path / "data" / "kiosk.db")
    try:
        rows = conn.execute("SELECT projectNo, satisfaction, pf, assessNumber FROM evaluations").fetchall()
    finally:
        conn.close()
    assert rows == [("TERM-0001", 5, 5, 1)]


def _get(session: requests.Session, url: str) -> dict:
    try:
        return session.get(url, timeout=2).json()
    except (requests.RequestException, ValueError):
        return {}
