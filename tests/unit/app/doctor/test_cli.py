"""`kiosk doctor`: exit codes 0 / 1 / 2, the text and --json reports, and a fresh default config's findings."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from kiosk import config
from kiosk.app.doctor import Report, diagnose
from kiosk.app.doctor.base import Finding, fail, info, ok, warn
from kiosk.cli.doctor import main
from kiosk.core.pin import hash_pin

GOOD_TOML = f"""
[qr]
secret = "9f2c41d7e0b35a68c1d4f7a2b9e06c3d"
[ui]
technician_pin_hash = "{hash_pin("740318")}"
voice = false
[evaluator]
driver = "none"
"""


@pytest.fixture
def good(machine, tmp_path):
    machine.command("timedatectl", "printf 'NTP=yes\\nNTPSynchronized=yes\\n'")
    machine.host.env["QT_QPA_PLATFORM"] = "offscreen"
    path = tmp_path / "kiosk.toml"
    path.write_text(GOOD_TOML, encoding="utf-8")
    path.chmod(0o640)  # a world-readable file with secrets is itself a warning
    return ["--config", str(path), "--data-dir", str(tmp_path / "data")]


def run(capsys, argv, host) -> tuple[int, str]:
    code = main(argv, host=host)
    return code, capsys.readouterr().out


def test_all_well_is_exit_0(machine, good, capsys):
    machine.host.now = lambda: datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
    code, out = run(capsys, good, machine.host)
    assert code == 0, out
    assert "0 warning(s), 0 failure(s): exit 0" in out
    assert "fix:" not in out


def test_a_warning_is_exit_1(machine, good, capsys):
    code, out = run(capsys, good, machine.host)  # 1 December 2026: 2027 is not in the calendar
    assert code == 1, out
    assert "WARN  calendar" in out and "1 warning(s), 0 failure(s): exit 1" in out


def test_a_failure_is_exit_2(machine, good, capsys, tmp_path):
    (tmp_path / "kiosk.toml").write_text(GOOD_TOML.replace('"none"', '"keys"'), encoding="utf-8")
    code, out = run(capsys, good, machine.host)
    assert code == 2 and "FAIL  config" in out and "evaluator.port" in out


def test_a_fresh_default_config_names_the_default_secret_and_the_calendar_gap(machine, tmp_path, capsys):
    path = tmp_path / "kiosk.toml"
    path.write_text(config.render_default(), encoding="utf-8")  # what `kiosk config default` writes
    code, out = run(capsys, ["--config", str(path), "--data-dir", str(tmp_path / "d"), "--json"], machine.host)
    doc = json.loads(out)
    assert code == 2 and doc["exit_code"] == 2 and doc["status"] == "fail"
    found = {f["check"]: f for f in doc["findings"]}
    qr = found["secret.qr"]
    assert qr["level"] == "fail" and "change-me" in qr["message"] and "[qr] secret" in qr["fix"]
    cal = found["calendar"]
    assert cal["level"] == "warn" and "2027" in cal["message"] and '"years": [2027]' in cal["fix"]
    assert cal["missing"] == [2027]
    assert found["secret.pin"]["level"] == "warn"


def test_the_json_shape(machine, good, capsys):
    code, out = run(capsys, [*good, "--json"], machine.host)
    doc = json.loads(out)
    assert set(doc) == {"version", "host", "config", "data_dir", "exit_code", "status", "counts", "findings"}
    assert doc["exit_code"] == code == 1 and doc["status"] == "warn"
    assert sum(doc["counts"].values()) == len(doc["findings"])
    checks = [f["check"] for f in doc["findings"]]
    for check in ("config", "secret.qr", "qt.platform", "font.cjk", "serial", "clock.ntp", "disk", "store",
                  "centre", "calendar", "voice", "unit"):  # fmt: skip
        assert check in checks, check
    for f in doc["findings"]:
        assert {"check", "level", "message", "fix"} <= set(f)
        assert f["level"] in ("ok", "info", "warn", "fail")
        assert bool(f["fix"]) == (f["level"] in ("warn", "fail")), f


def test_an_invalid_config_still_checks_the_machine(machine, tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text("[nosuch]\n", encoding="utf-8")
    report = diagnose(str(path), str(tmp_path), machine.host)
    checks = [f.check for f in report.findings]
    assert checks[0] == "config" and report.findings[0].level == "fail"
    assert {"qt.platform", "font.cjk", "clock.ntp", "calendar", "unit"} <= set(checks)
    assert "secret.qr" not in checks and report.exit_code == 2


def test_a_check_that_breaks_is_reported_not_raised(machine, good, monkeypatch):
    import kiosk.app.doctor as doctor

    def broken(_host):
        raise RuntimeError("boom")

    monkeypatch.setattr(doctor, "clock_sync", broken)
    report = diagnose(good[1], good[3], machine.host)
    [f] = [f for f in report.findings if f.check == "clock.ntp"]
    assert f.level == "fail" and "RuntimeError: boom" in f.message
    assert any(f.check == "unit" for f in report.findings)  # the later checks still ran


@pytest.mark.parametrize(
    ("levels", "code"), [(["ok", "info"], 0), (["ok", "warn", "info"], 1), (["warn", "fail", "ok"], 2), ([], 0)]
)
def test_exit_code_is_the_worst_level(levels, code):
    make = {"ok": lambda: ok("c", "m"), "info": lambda: info("c", "m"), "warn": lambda: warn("c", "m", "f"),
            "fail": lambda: fail("c", "m", "f")}  # fmt: skip
    assert Report([make[level]() for level in levels], "x", "y").exit_code == code


def test_a_problem_without_a_fix_is_a_programming_error():
    with pytest.raises(ValueError, match="must name its fix"):
        Finding("c", "warn", "something is off")
