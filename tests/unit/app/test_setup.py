"""The wizard's Qt-free logic: the device id from the machine, the schema's checks, the changes to write, and the
centre test against the reference central on 127.0.0.1."""

from __future__ import annotations

import socket

import pytest

from kiosk import config
from kiosk.app import setup
from kiosk.central.server import CentralEmulator


@pytest.fixture
def emulator(tmp_path):
    emu = CentralEmulator(tmp_path / "central.db", "mark-u", "secret-u").start()
    yield emu
    emu.stop()


def test_device_id_from_the_machine_id(tmp_path):
    mid = tmp_path / "machine-id"
    mid.write_text("3d1219c7a5b64f0e9d2a7c1e5b0f4a21\n")
    assert setup.suggest_device_id(mid, "pad") == "KIOSK-3D1219C7"


def test_device_id_from_the_host_name_else_random(tmp_path):
    missing = tmp_path / "none"
    assert setup.suggest_device_id(missing, "hall-07.local") == "hall-07.local"
    for host in ("", "localhost", "平板"):
        made = setup.suggest_device_id(missing, host)
        assert made.startswith("KIOSK-") and setup.field_error("device.id", made) is None


@pytest.mark.parametrize(
    ("key", "value", "allowed"),
    [
        ("device.area_code", "4201", "exactly 12 digits"),
        ("device.id", "PAD 03", "1-32 letters"),
        ("device.mode", "kiosk", "one of 'window', 'terminal'"),
        ("central.url", "ftp://x", "http:// or https://"),
        ("evaluator.baudrate", 12345, "one of"),
    ],
)
def test_field_error_is_the_schemas_rule(key, value, allowed):
    assert allowed in (setup.field_error(key, value) or "")


def test_field_error_none_for_good_values():
    assert setup.field_error("device.area_code", "420100000000") is None
    assert setup.field_error("central.url", "") is None


def test_first_boot_values_replace_the_demo_id_and_the_simulator(tmp_path):
    cfg = config.check({}, data_dir=tmp_path)
    values = setup.first_boot_values(cfg)
    assert values["device.id"] != "KIOSK-DEMO-01" and values["evaluator.driver"] == "none"
    assert set(values) == set(setup.FIELDS)


def test_changes_are_the_difference_and_never_keep_the_shipped_qr_secret():
    before = {"device.hall": "A", "qr.secret": "change-me", "device.counter": "1"}
    out = setup.changes({"device.hall": "B", "qr.secret": "change-me", "device.counter": "1"}, before)
    assert out["device.hall"] == "B" and "device.counter" not in out
    assert out["qr.secret"] not in ("", "change-me") and len(out["qr.secret"]) >= 24
    assert setup.changes({"device.hall": "A"}, before) == {}  # no QR secret on this page: left alone
    kept = setup.changes({"qr.secret": "hall-secret"}, None)
    assert kept == {"qr.secret": "hall-secret"}


def values(emulator, **kw):
    v = {"central.url": emulator.url, "central.app_mark": "mark-u", "central.app_secret": "secret-u"}
    return {**v, "device.id": "PAD-01", **kw}


def test_centre_accepts_the_signed_profile_request(emulator, tmp_path):
    result = setup.check_centre(values(emulator), config.check({}, data_dir=tmp_path))
    assert result.status == "ok" and result.staff > 0 and result.detail == emulator.url


def test_centre_refuses_a_wrong_secret(emulator, tmp_path):
    result = setup.check_centre(
        values(emulator, **{"central.app_secret": "wrong"}), config.check({}, data_dir=tmp_path)
    )
    assert result.status == "refused" and "401" in result.detail


def test_centre_unreachable_and_invalid(emulator, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    cfg = config.check({}, data_dir=tmp_path)
    assert setup.check_centre(values(emulator, **{"central.url": closed}), cfg).status == "unreachable"
    assert setup.check_centre(values(emulator, **{"central.app_mark": ""}), cfg).status == "invalid"


def test_needs_setup_only_when_a_named_file_is_missing(tmp_path, monkeypatch):
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    assert not setup.needs_setup(None)  # no file named: the built-in defaults, as before
    assert setup.needs_setup(tmp_path / "kiosk.toml")
    (tmp_path / "kiosk.toml").write_text("")
    assert not setup.needs_setup(tmp_path / "kiosk.toml")
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "other.toml"))
    assert setup.needs_setup(None)


def test_write_goes_through_the_schema_and_leaves_a_refused_file(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('[device]\nid = "PAD-01"\n')
    before = path.read_bytes()
    with pytest.raises(config.ConfigError) as err:
        setup.write(path, {"evaluator.driver": "frame", "evaluator.port": ""}, {}, tmp_path)
    assert "evaluator.port" in str(err.value) and path.read_bytes() == before
    cfg = setup.write(path, {"device.hall": "新大厅"}, {"device.hall": "旧"}, tmp_path)
    assert cfg.device.hall == "新大厅" and (tmp_path / "kiosk.toml.bak").read_bytes() == before
