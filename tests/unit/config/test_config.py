import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import config

ROOT = Path(__file__).resolve().parents[3]


def test_default_file_matches_schema():
    assert (ROOT / "config" / "kiosk.toml").read_text(encoding="utf-8") == config.render_default()
    cfg = config.load(ROOT / "config" / "kiosk.toml", data_dir="/tmp/x")
    assert cfg.device.mode == "window"
    assert cfg.flow.invite_timeout_s == 30 and cfg.flow.details_timeout_s == 60 and cfg.flow.thanks_s == 3
    assert cfg.flow.walk_in is False
    assert cfg.api.port == 8470


def test_every_error_reported_at_once(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[device]\nid = "bad id!"\nmode = "kiosk"\narea_code = "123"\n'
        '[ui]\nwidth = "big"\nelder_mode = 1\nfoo = 1\n[flow]\nthanks_s = 0\n[zzz]\n',
        encoding="utf-8",
    )
    with pytest.raises(config.ConfigError) as err:
        config.load(bad)
    errors = err.value.errors
    assert len(errors) == 8
    text = "\n".join(errors)
    assert "device.mode = 'kiosk': allowed values are 'window', 'terminal'" in text
    assert "device.area_code = '123': must be exactly 12 digits" in text
    assert "ui.width = 'big': must be an integer" in text
    assert "ui.elder_mode = 1: must be true or false" in text
    assert "flow.thanks_s = 0: must be an integer from 1 to 60" in text
    assert "ui.foo: unknown key" in text
    assert "[zzz]: unknown section" in text
    assert "device.id = 'bad id!'" in text


def test_interference_thresholds_checked(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text("[flow]\nmin_response_ms = -1\nburst_count = 1\nburst_window_s = 0\n", encoding="utf-8")
    with pytest.raises(config.ConfigError) as err:
        config.load(f)
    text = "\n".join(err.value.errors)
    assert "flow.min_response_ms = -1: must be an integer from 0 to 10000" in text
    assert "flow.burst_count = 1: must be 0 (off) or an integer from 2 to 1000" in text
    assert "flow.burst_window_s = 0: must be an integer from 1 to 86400" in text
    f.write_text("[flow]\nmin_response_ms = 0\nburst_count = 0\nburst_window_s = 600\n", encoding="utf-8")
    flow = config.load(f).flow
    assert (flow.min_response_ms, flow.burst_count, flow.burst_window_s) == (0, 0, 600)
    defaults = config.load(ROOT / "config" / "kiosk.toml").flow
    assert (defaults.min_response_ms, defaults.burst_count, defaults.burst_window_s) == (800, 5, 120)


def test_cross_checks(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text('[evaluator]\ndriver = "frame"\n[api]\nbind = "0.0.0.0"\n[central]\nurl = "http://127.0.0.1:1"\n')
    with pytest.raises(config.ConfigError) as err:
        config.load(f)
    assert len(err.value.errors) == 3
    assert any(e.startswith("evaluator.port = '': required") for e in err.value.errors)
    assert any(e.startswith("api.token = '': required") for e in err.value.errors)


def test_keymap_and_env(tmp_path, monkeypatch):
    f = tmp_path / "k.toml"
    f.write_text('[evaluator]\ndriver = "keys"\nport = "/dev/ttyS0"\nkeymap = { A = 5, B = 3, C = 1 }\n')
    monkeypatch.setenv("KIOSK_CONFIG", str(f))
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    cfg = config.load()
    assert cfg.evaluator.keymap == {"A": 5, "B": 3, "C": 1}
    assert config.store_path(cfg) == tmp_path / "data" / "kiosk.db"
    f.write_text("[evaluator]\nkeymap = { AB = 5, C = 9 }\n")
    with pytest.raises(config.ConfigError, match="single characters to levels 1..5"):
        config.load()


def test_not_toml_and_missing(tmp_path):
    f = tmp_path / "x.toml"
    f.write_text("[device\n")
    with pytest.raises(config.ConfigError, match="not valid TOML"):
        config.load(f)
    with pytest.raises(config.ConfigError, match="file not found"):
        config.load(tmp_path / "nope.toml")


def test_validate_cli_exit_codes(tmp_path):
    good = subprocess.run(
        [sys.executable, "-m", "kiosk", "config", "validate", "--config", str(ROOT / "config" / "kiosk.toml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert good.returncode == 0, good.stderr
    bad = tmp_path / "b.toml"
    bad.write_text('[flow]\ninvite_timeout_s = "soon"\n')
    res = subprocess.run(
        [sys.executable, "-m", "kiosk", "config", "validate", "--config", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.returncode == 2
    assert "flow.invite_timeout_s = 'soon': must be an integer" in res.stderr


def test_readme_config_reference_is_current():
    """The README ends with the reference table, exactly as generated: no stale or missing row."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration reference\n", 1)[1]
    table = section[section.index("\n| key | default | meaning |") + 1 :]
    assert table == config.render_reference() + "\n", (
        "regenerate the README table with: python -c 'from kiosk import config; print(config.render_reference())'"
    )
