"""Doctor: the config is valid, carries no shipped or demo secret, the calendar reaches far enough, voice works."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kiosk import config
from kiosk.app.doctor.settings import calendar, config_paths, load_config, secrets, voice
from kiosk.core.pin import hash_pin
from kiosk.demo.credentials import DEMO_SECRET, DEMO_TOKEN

GOOD = {
    "qr": {"secret": "9f2c41d7e0b35a68c1d4f7a2b9e06c3d"},
    "ui": {"technician_pin_hash": hash_pin("740318")},
}


def cfg_with(tmp_path, overrides: dict) -> config.Config:
    return config.load(None, tmp_path / "data", overrides)


def by_check(findings):
    return {f.check: f for f in findings}


def test_config_paths_prefer_argument_then_environment_then_the_appliance(machine, tmp_path):
    host = machine.host
    assert config_paths(None, None, host) == (None, None)
    host.etc_config.parent.mkdir(parents=True)
    host.etc_config.write_text("", encoding="utf-8")
    host.var_data.mkdir(parents=True)
    assert config_paths(None, None, host) == (str(host.etc_config), str(host.var_data))
    host.env["KIOSK_CONFIG"], host.env["KIOSK_DATA_DIR"] = "/env/kiosk.toml", "/env/data"
    assert config_paths(None, None, host) == ("/env/kiosk.toml", "/env/data")
    assert config_paths("a.toml", "d", host) == ("a.toml", "d")


def test_an_invalid_config_fails_with_every_error(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[device]\nmode = "kiosk"\n[evaluator]\ndriver = "frame"\n', encoding="utf-8")
    cfg, finding = load_config(str(path), str(tmp_path))
    assert cfg is None and finding.level == "fail"
    assert "device.mode" in finding.message and "evaluator.port" in finding.message
    assert f"kiosk config validate --config {path}" in finding.fix
    assert len(finding.detail["errors"]) == 2


def test_a_valid_file_is_ok_and_no_file_is_a_warning(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(config.render_default(), encoding="utf-8")
    cfg, finding = load_config(str(path), str(tmp_path))
    assert finding.level == "ok" and cfg.source == str(path)
    cfg, finding = load_config(None, str(tmp_path))
    assert finding.level == "warn" and "/etc/kiosk/kiosk.toml" in finding.fix


def test_shipped_defaults_are_reported_with_their_fixes(tmp_path):
    found = by_check(secrets(cfg_with(tmp_path, {})))
    assert found["secret.qr"].level == "fail"
    assert "'change-me'" in found["secret.qr"].message
    assert "[qr] secret" in found["secret.qr"].fix and "secrets.token_hex" in found["secret.qr"].fix
    assert found["secret.pin"].level == "warn" and "kiosk pin set" in found["secret.pin"].fix
    assert "technician screens stay closed" in found["secret.pin"].message
    assert found["secret.api"].level == "ok"  # loopback: no token needed
    assert "secret.central" not in found  # no centre configured


def test_good_secrets_pass_and_are_never_echoed(tmp_path):
    cfg = cfg_with(tmp_path, {**GOOD, "api": {"bind": "0.0.0.0", "token": "t0k3n-long-enough-0123456789"}})
    findings = secrets(cfg)
    assert [f.level for f in findings] == ["ok", "ok", "ok"]
    text = json.dumps([f.to_dict() for f in findings], ensure_ascii=False)
    for value in (GOOD["qr"]["secret"], GOOD["ui"]["technician_pin_hash"], "740318", "t0k3n-long-enough-0123456789"):
        assert value not in text


@pytest.mark.parametrize(("token", "level"), [(DEMO_TOKEN, "fail"), ("short-token", "warn"), ("x" * 16, "ok")])
def test_api_token_off_loopback(tmp_path, token, level):
    found = by_check(secrets(cfg_with(tmp_path, {**GOOD, "api": {"bind": "0.0.0.0", "token": token}})))
    assert found["secret.api"].level == level


@pytest.mark.parametrize(("pin", "trivial"), [("1111", True), ("1234", True), ("987654", True), ("740318", False)])
def test_a_clear_pin_is_a_warning_naming_the_fix(tmp_path, pin, trivial):
    found = by_check(secrets(cfg_with(tmp_path, {**GOOD, "ui": {"technician_pin": pin}})))["secret.pin"]
    assert found.level == "warn" and "clear text" in found.message and "kiosk pin set" in found.fix
    assert ("trivial" in found.message) is trivial and pin not in json.dumps(found.to_dict())


def test_a_world_readable_config_file_is_a_warning(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[qr]\nsecret = "{GOOD["qr"]["secret"]}"\n', encoding="utf-8")
    path.chmod(0o644)
    found = by_check(secrets(config.load(path, tmp_path / "data")))["secret.file"]
    assert found.level == "warn" and "0644" in found.message and f"chmod 640 {path}" in found.fix
    path.chmod(0o640)
    assert by_check(secrets(config.load(path, tmp_path / "data")))["secret.file"].level == "ok"


def test_short_qr_secret_and_the_demo_central_secret(tmp_path):
    cfg = cfg_with(
        tmp_path,
        {
            "qr": {"secret": "abc123"},
            "central": {"url": "https://hcp.example.gov.cn", "app_mark": "m", "app_secret": DEMO_SECRET},
        },
    )
    found = by_check(secrets(cfg))
    assert found["secret.qr"].level == "warn" and "6 characters" in found["secret.qr"].message
    assert found["secret.central"].level == "fail" and "app_secret" in found["secret.central"].fix


def test_december_needs_next_year(tmp_path):
    f = calendar(None, date(2026, 12, 1))  # the bundled chinesecalendar ends at 2026
    assert f.level == "warn"
    assert "2027" in f.message
    assert '"years": [2027]' in f.fix and "chinesecalendar" in f.fix
    assert f.detail["missing"] == [2027]


def test_before_december_this_year_is_enough(tmp_path):
    assert calendar(None, date(2026, 6, 1)).level == "ok"


def test_an_unknown_current_year_fails():
    f = calendar(None, date(2027, 3, 1))
    assert f.level == "fail" and "2027" in f.message and '"years": [2027]' in f.fix


def test_the_centres_overrides_cover_next_year():
    profile = {"workdays": {"years": [2027], "holidays": ["2027-01-01"], "workdays": []}}
    f = calendar(profile, date(2026, 12, 1))
    assert f.level == "ok" and f.detail["overrides"] == [2027]


def test_voice_prompts_and_player(machine, tmp_path):
    cfg = cfg_with(tmp_path, {"ui": {"voice_player": "no-such-player -q"}})
    machine.host.voice_dir = tmp_path / "voice"
    (tmp_path / "voice").mkdir()
    (tmp_path / "voice" / "invite.wav").write_bytes(b"RIFF")
    found = by_check(voice(cfg, machine.host))
    assert found["voice.prompts"].level == "warn" and "invite" not in found["voice.prompts"].detail["missing"]
    assert "kiosk voice build" in found["voice.prompts"].fix
    assert found["voice.player"].level == "warn" and "alsa-utils" in found["voice.player"].fix
    machine.command("no-such-player", "exit 0")
    assert by_check(voice(cfg, machine.host))["voice.player"].level == "ok"


def test_the_shipped_prompts_are_found(machine, tmp_path):
    found = by_check(voice(cfg_with(tmp_path, {}), machine.host))
    assert found["voice.prompts"].level == "ok"


def test_voice_off_is_information(machine, tmp_path):
    assert [f.level for f in voice(cfg_with(tmp_path, {"ui": {"voice": False}}), machine.host)] == ["info"]
