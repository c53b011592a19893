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


def test_new_keys_prints_a_pair_that_works(capsys):
    from kiosk.sync.protocols import sm2

    assert main(["--new-keys"]) == 0
    out = dict(line.split(" = ") for line in capsys.readouterr().out.splitlines())
    assert sm2.public_key_hex(out["private_key"]) == out["platform_public_key"]
    text = sm2.Encryptor(out["platform_public_key"]).encrypt(b"ok")
    assert sm2.decrypt(out["private_key"], text) == b"ok"


def test_a_provincial_protocol_needs_its_key(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "c.db"), "--protocol", "envelope-sm2", "--app-word", "w"]) == 2
    assert "private key" in capsys.readouterr().err


def test_emulator_cli_in_envelope_sm2_prints_its_public_key(tmp_path):
    from tests.unit.sync.helpers import APP_WORD, SM2_PRIVATE, SM2_PUBLIC

    args = ["--port", "0", "--db", str(tmp_path / "c.db"), "--protocol", "envelope-sm2"]
    args += ["--app-word", APP_WORD, "--private-key", SM2_PRIVATE]
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "central", *args], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().startswith("central emulator listening on http://127.0.0.1:")
        assert proc.stdout.readline().strip() == f"protocol envelope-sm2, platform_public_key = {SM2_PUBLIC}"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
