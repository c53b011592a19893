"""The loaded config: frozen, typed sections; renamed keys with a migration note; the one loopback rule."""

import dataclasses
from pathlib import Path
from types import MappingProxyType
from typing import get_type_hints

import pytest

from kiosk import config
from kiosk.cli import config as config_cli

SECTION_TYPES = {
    "device": config.DeviceConfig,
    "store": config.StoreConfig,
    "evaluator": config.EvaluatorConfig,
    "api": config.ApiConfig,
    "central": config.CentralConfig,
    "ui": config.UiConfig,
    "scanner": config.ScannerConfig,
    "printer": config.PrinterConfig,
    "qr": config.QrConfig,
    "flow": config.FlowConfig,
}


def test_every_section_is_a_frozen_dataclass_in_file_order(tmp_path):
    cfg = config.load(None, tmp_path)
    assert list(config.SCHEMA) == list(SECTION_TYPES)
    assert isinstance(cfg, config.Config) and not isinstance(cfg, dict)
    for name, cls in SECTION_TYPES.items():
        section = getattr(cfg, name)
        assert type(section) is cls and not isinstance(section, dict)
        assert [f.name for f in dataclasses.fields(cls)] == list(config.SCHEMA[name])
        first = dataclasses.fields(cls)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(section, first, getattr(section, first))
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.data_dir = tmp_path / "elsewhere"  # the point: a Config cannot change
    with pytest.raises(TypeError):
        cfg["ui"]  # no dict behind the attributes


def test_attributes_have_their_declared_types(tmp_path):
    f = tmp_path / "k.toml"
    f.write_text(
        '[evaluator]\ndriver = "keys"\nport = "/dev/ttyS0"\nkeymap = { A = 5, C = 1 }\n'
        '[ui]\nwidth = 1024\nnotices = ["公告\\n正文", "/srv/hall.png"]\n',
        encoding="utf-8",
    )
    cfg = config.load(f, tmp_path / "data")
    assert cfg.data_dir == tmp_path / "data" and isinstance(cfg.data_dir, Path)
    assert cfg.source == str(f) and cfg.warnings == ()
    for name, cls in SECTION_TYPES.items():
        for field, hint in get_type_hints(cls).items():
            origin = getattr(hint, "__origin__", hint)
            assert isinstance(getattr(getattr(cfg, name), field), origin), (name, field, hint)
    assert cfg.ui.width == 1024 and type(cfg.ui.fullscreen) is bool
    assert cfg.ui.notices == ("公告\n正文", "/srv/hall.png")  # a list in the file, a tuple here
    assert isinstance(cfg.evaluator.keymap, MappingProxyType) and cfg.evaluator.keymap == {"A": 5, "C": 1}
    with pytest.raises(TypeError):
        cfg.evaluator.keymap["B"] = 3  # the point: read-only
    assert config.load(None, tmp_path).evaluator.keymap == {}


def test_defaults_come_from_the_dataclasses():
    assert config.UiConfig().notices == () and config.SCHEMA["ui"]["notices"].default == []
    assert config.EvaluatorConfig().keymap == {} and config.SCHEMA["evaluator"]["keymap"].default == {}
    assert config.FlowConfig().invite_timeout_s == config.SCHEMA["flow"]["invite_timeout_s"].default == 30
    assert config.SCHEMA["ui"]["notices"].type is list and config.SCHEMA["evaluator"]["keymap"].type is dict


def test_replace_derives_a_modified_config(tmp_path):
    cfg = config.load(None, tmp_path)
    walk_in = dataclasses.replace(cfg, flow=dataclasses.replace(cfg.flow, walk_in=True))
    assert walk_in.flow.walk_in is True and cfg.flow.walk_in is False
    assert walk_in.device is cfg.device


# --- renamed keys ----------------------------------------------------------------------------------------


@pytest.fixture
def renamed(monkeypatch):
    """The real rename (`device.window`, the service counter, is now `device.counter`) and a synthetic one."""
    monkeypatch.setattr(config, "RENAMED", {"device.window": "device.counter", "display.width": "ui.width"})


def test_the_service_counter_key_is_renamed_with_a_note(tmp_path):
    f = tmp_path / "old.toml"
    f.write_text('[device]\nwindow = "5号窗口"\n', encoding="utf-8")
    cfg = config.load(f, tmp_path)
    assert cfg.device.counter == "5号窗口"
    assert cfg.warnings == (
        f"device.window is renamed to device.counter: read as device.counter = '5号窗口'; update {f} to use "
        "device.counter",
    )


def test_an_old_key_is_read_under_its_new_name_with_one_warning(tmp_path, renamed, capsys):
    f = tmp_path / "old.toml"
    f.write_text('[device]\nwindow = "5号窗口"\n[display]\nwidth = 1024\n', encoding="utf-8")
    cfg = config.load(f, tmp_path)
    assert cfg.device.counter == "5号窗口" and cfg.ui.width == 1024
    assert cfg.warnings == (
        f"device.window is renamed to device.counter: read as device.counter = '5号窗口'; update {f} to use "
        "device.counter",
        f"display.width is renamed to ui.width: read as ui.width = 1024; update {f} to use ui.width",
    )
    assert config_cli.main(["validate", "--config", str(f)]) == 0
    err = capsys.readouterr().err
    assert err.count("device.window is renamed to device.counter") == 1
    assert err.count("display.width is renamed to ui.width") == 1
    assert f"{f}: warning: " in err


def test_no_warning_without_the_old_key(tmp_path, renamed):
    f = tmp_path / "new.toml"
    f.write_text('[device]\ncounter = "5号窗口"\n', encoding="utf-8")
    cfg = config.load(f, tmp_path)
    assert cfg.device.counter == "5号窗口" and cfg.warnings == ()


def test_old_and_new_key_both_given_is_an_error(tmp_path, renamed, capsys):
    f = tmp_path / "both.toml"
    f.write_text('[device]\nwindow = "5号窗口"\ncounter = "6号窗口"\n[flow]\nthanks_s = 0\n', encoding="utf-8")
    with pytest.raises(config.ConfigError) as err:
        config.load(f, tmp_path)
    assert err.value.errors == [
        "device.window = '5号窗口': renamed to device.counter, which is given too; remove device.window",
        "flow.thanks_s = 0: must be an integer from 1 to 60",
    ]
    assert config_cli.main(["validate", "--config", str(f)]) == 2
    assert "renamed to device.counter, which is given too" in capsys.readouterr().err


def test_an_override_wins_over_a_renamed_key(tmp_path, renamed):
    """The demo's overrides use the new names; a file with the old name is not 'both given'."""
    f = tmp_path / "old.toml"
    f.write_text('[device]\nwindow = "5号窗口"\n', encoding="utf-8")
    cfg = config.load(f, tmp_path, {"device": {"counter": "演示窗口"}})
    assert cfg.device.counter == "演示窗口" and len(cfg.warnings) == 1


def test_errors_still_carry_the_rename_note(tmp_path, renamed):
    f = tmp_path / "bad.toml"
    f.write_text('[device]\nwindow = "5号窗口"\nmode = "kiosk"\n', encoding="utf-8")
    with pytest.raises(config.ConfigError) as err:
        config.load(f, tmp_path)
    assert err.value.errors == ["device.mode = 'kiosk': allowed values are 'window', 'terminal'"]
    assert len(err.value.warnings) == 1 and "warning: device.window is renamed" in str(err.value)


# --- loopback ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.5.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("", False),
        ("192.168.1.5", False),
        ("hall-pad.example.gov.cn", False),
    ],
)
def test_is_loopback(host, loopback):
    assert config.is_loopback(host) is loopback


@pytest.mark.parametrize("bind", ["127.5.0.1", "::1", "localhost"])
def test_loopback_bind_needs_no_token(tmp_path, bind):
    assert config.load(None, tmp_path, {"api": {"bind": bind}}).api.bind == bind


@pytest.mark.parametrize("bind", ["0.0.0.0", "192.168.1.5"])
def test_other_bind_needs_a_token(tmp_path, bind):
    with pytest.raises(config.ConfigError) as err:
        config.load(None, tmp_path, {"api": {"bind": bind}})
    assert err.value.errors == [
        f"api.token = '': required when api.bind = {bind!r} is not loopback "
        "(`kiosk config set api.token VALUE`, a long random value)"
    ]
    assert config.load(None, tmp_path, {"api": {"bind": bind, "token": "t"}}).api.token == "t"


def test_the_api_server_uses_the_same_rule():
    from kiosk.api import server

    assert server.is_loopback is config.is_loopback
