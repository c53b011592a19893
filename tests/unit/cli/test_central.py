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


def test_emulator_cli_serves_the_mobile_page_with_a_halls_2027_calendar(tmp_path):
    """`--qr-secret` serves the rating page and prints the pads' url_template; a profile carrying 2027's days
    (as a hall adds them once the State Council publishes them) makes the deadline exact: no calendarUnknown."""
    import time
    from datetime import UTC, datetime

    import requests

    from kiosk.core.qrlink import RatingLink, build_url
    from kiosk.core.timefmt import SHANGHAI
    from kiosk.sync.signing import sign_headers

    prof = demo_profile()
    prof["workdays"] = {"years": [2027], "holidays": ["2027-01-01"], "workdays": []}
    (tmp_path / "p.json").write_text(json.dumps(prof, ensure_ascii=False), encoding="utf-8")
    offset = (datetime(2027, 1, 7, 12, 0, tzinfo=SHANGHAI) - datetime.now(UTC)).total_seconds()
    args = ["--port", "0", "--db", str(tmp_path / "c.db"), "--app-mark", MARK, "--app-secret", SECRET]
    args += ["--profile", str(tmp_path / "p.json"), "--qr-secret", "S3", "--bind", "127.0.0.1"]
    args += ["--time-offset", str(offset)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "central", *args], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        url = proc.stdout.readline().split()[-1]
        line = proc.stdout.readline()
        assert line.startswith("mobile rating page: qr.url_template = ")
        template = line.split(" = ", 1)[1].strip()
        assert template == url + "/m/rate?projectNo={projectNo}&deviceId={deviceId}&pf={pf}&ts={ts}&sig={sig}"
        now_s = time.time() + offset
        case = {"projectNo": "P-27", "proStatus": 2, "serviceTime": "2026-12-30 10:00:00", "userName": "李四"}
        body = json.dumps({"deviceId": "pad-01", "items": [case]}).encode()
        h = sign_headers(MARK, SECRET, "POST", "/hcp/v1/services", body, "hmac-sha256", now_s=now_s)
        assert requests.post(url + "/hcp/v1/services", data=body, headers=h, timeout=5).status_code == 200
        link = build_url(RatingLink("pad-01", 3, "P-27", int(now_s)), "S3", template)
        page = requests.get(link, timeout=5)
        assert page.headers["X-Rating-Outcome"] == "form" and "李*" in page.text
        form = {"link": link.split("?", 1)[1], "assessNumber": "1", "satisfaction": "5", "writing": ""}
        assert requests.post(url + "/m/rate", data=form, timeout=5).headers["X-Rating-Outcome"] == "rated"
        [ev] = signed_get(url, "/hcp/v1/evaluations?since=0", now_s=now_s).json()["items"]
        assert ev["pf"] == 3 and "calendarUnknown" not in ev  # 2027 is known: exact deadline 2027-01-07
        forged = requests.get(link.replace("sig=", "sig=f"), timeout=5)
        assert forged.status_code == 403 and "<form" not in forged.text
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()


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
