"""`kiosk central`: the reference central emulator as a process, served until SIGTERM."""

import json
import os
import signal
import subprocess
import sys

from kiosk.central.demo_profile import demo_profile
from kiosk.cli.central import main
from tests.unit.sync.helpers import MARK, SECRET, signed_get

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def test_emulator_cli_serves_profile_and_stops_on_sigterm(tmp_path):
    prof = demo_profile()
    prof["hall"]["name"] = "测试大厅"
    (tmp_path / "p.json").write_text(json.dumps(prof, ensure_ascii=False), encoding="utf-8")
    args = ["--port", "0", "--db", str(tmp_path / "c.db"), "--app-mark", MARK, "--app-secret", SECRET]
    args += ["--profile", str(tmp_path / "p.json")]
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "central", *args], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("central emulator listening on http://127.0.0.1:")
        url = line.split()[-1]
        resp = signed_get(url, "/hcp/v1/devices/pad-01/profile")
        assert resp.status_code == 200 and resp.json()["hall"]["name"] == "测试大厅" and resp.headers["ETag"]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
        assert "stopped" in proc.stdout.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()


def test_emulator_cli_rejects_bad_faults(tmp_path):
    assert main(["--port", "0", "--db", str(tmp_path / "c.db"), "--faults", "flood"]) == 2
