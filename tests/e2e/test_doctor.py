"""`kiosk doctor` as a technician runs it: a real process on this machine, its exit code, text and --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from kiosk import config


def doctor(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_CONFIG", "KIOSK_DATA_DIR")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "doctor", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )


def test_fresh_default_config(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(config.render_default(), encoding="utf-8")
    res = doctor(tmp_path, "--config", str(path), "--data-dir", str(tmp_path / "data"), "--json")
    assert res.returncode == 2, res.stderr
    doc = json.loads(res.stdout)
    assert doc["exit_code"] == 2 and doc["config"] == str(path) and doc["data_dir"] == str(tmp_path / "data")
    found = {f["check"]: f for f in doc["findings"]}
    assert found["secret.qr"]["level"] == "fail" and "secrets.token_hex" in found["secret.qr"]["fix"]
    assert found["config"]["level"] == "ok" and found["qt.platform"]["level"] == "ok"
    assert found["store"]["level"] == "info" and not (tmp_path / "data").exists()  # nothing created
    assert all(f["fix"] for f in doc["findings"] if f["level"] in ("warn", "fail"))


def test_text_report(tmp_path):
    res = doctor(tmp_path, "--data-dir", str(tmp_path / "data"))
    assert res.returncode == 2
    lines = res.stdout.splitlines()
    assert lines[0] == f"kiosk doctor: config <defaults>, data {tmp_path / 'data'}"
    assert any(line.startswith("WARN  config") for line in lines)
    assert any(line.startswith("FAIL  secret.qr") for line in lines)
    problems = [i for i, line in enumerate(lines) if line.startswith(("WARN", "FAIL"))]
    assert problems and all(lines[i + 1].lstrip().startswith("fix: ") for i in problems)
    assert lines[-1].endswith("exit 2")


def test_listed_in_the_help():
    res = subprocess.run([sys.executable, "-m", "kiosk", "--help"], capture_output=True, text=True, timeout=60)
    assert "doctor" in res.stdout
