import logging
import os
import stat

import pytest

from kiosk import config
from kiosk.config import edit
from kiosk.core.pin import hash_pin, verify_pin

HALL = """\
# 市民中心 hall 2, installed by 王工
[device]
id = "PAD-0201"  # printed on the back
window = "5号窗口"

[qr]
secret = "0123456789abcdef0123"
"""


@pytest.fixture
def cfg_file(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(HALL, encoding="utf-8")
    os.chmod(path, 0o644)
    return path


@pytest.mark.parametrize(
    "key, text, value",
    [
        ("device.id", "PAD-7", "PAD-7"),
        ("flow.thanks_s", " 5 ", 5),
        ("ui.fullscreen", "yes", True),
        ("ui.voice", "false", False),
        ("evaluator.keymap", "{ A = 5, C = 1 }", {"A": 5, "C": 1}),
        ("evaluator.keymap", "", {}),
        ("ui.notices", '["标题\\n正文", "a.png"]', ["标题\n正文", "a.png"]),
        ("evaluator.baudrate", "19200", 19200),
    ],
)
def test_parse_value(key, text, value):
    assert edit.parse_value(key, text) == value


@pytest.mark.parametrize(
    "key, text, says",
    [
        ("flow.thanks_s", "x", "flow.thanks_s = 'x': must be an integer"),
        ("flow.thanks_s", "0", "must be an integer from 1 to 60"),
        ("ui.fullscreen", "maybe", "must be true or false"),
        ("device.mode", "kiosk", "allowed values are 'window', 'terminal'"),
        ("device.area_code", "12", "exactly 12 digits"),
        ("evaluator.keymap", "{ A = 9 }", "a table of single characters to levels"),
        ("ui.notices", "hello", "must be a TOML array"),
        ("device.colour", "red", "device.colour = 'red': unknown key (allowed in [device]: id, mode"),
        ("nope.x", "1", "unknown section 'nope'"),
        ("ui.technician_pin", "740318", "use `kiosk pin set`"),
        ("device.window", "5", "renamed to device.counter"),
    ],
)
def test_parse_value_rejects_naming_key_value_and_allowed(key, text, says):
    with pytest.raises(config.ConfigError) as err:
        edit.parse_value(key, text)
    assert says in str(err.value)
    if key == "ui.technician_pin":
        assert "740318" not in str(err.value)


def test_secret_errors_never_echo_the_value():
    with pytest.raises(config.ConfigError) as err:
        edit.parse_value("ui.technician_pin_hash", "hunter2-secret")
    assert "hunter2-secret" not in str(err.value) and "ui.technician_pin_hash = '***'" in str(err.value)
    assert {"qr.secret", "api.token", "central.app_secret", "ui.technician_pin_hash"} <= edit.SECRET_KEYS
    assert "device.id" not in edit.SECRET_KEYS


def test_apply_keeps_comments_renames_bak_and_mode(cfg_file, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="kiosk.config.edit")
    before = cfg_file.read_bytes()
    cfg = edit.apply_changes(cfg_file, {"device.counter": "6号窗口", "flow.thanks_s": 4, "qr.secret": "s" * 24})
    text = cfg_file.read_text(encoding="utf-8")
    assert "# 市民中心 hall 2, installed by 王工" in text and "# printed on the back" in text
    assert 'counter = "6号窗口"' in text and "window =" not in text  # the old name goes with the new value
    assert cfg.device.counter == "6号窗口" and cfg.flow.thanks_s == 4 and cfg.warnings == ()
    assert config.load(cfg_file).flow.thanks_s == 4
    assert (tmp_path / "kiosk.toml.bak").read_bytes() == before
    assert stat.S_IMODE(cfg_file.stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "kiosk.toml.bak").stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.toml", "kiosk.toml.bak"]  # no temp file left
    logged = caplog.text
    assert "device.counter = '6号窗口' (was '5号窗口')" in logged and "flow.thanks_s = 4 (was None)" in logged
    assert "qr.secret set (secret, value not logged)" in logged and "s" * 24 not in logged


def test_none_removes_a_key(cfg_file):
    edit.apply_changes(cfg_file, {"qr.secret": None})
    assert "secret" not in cfg_file.read_text(encoding="utf-8")
    assert config.load(cfg_file).qr.secret == "change-me"


def test_creates_a_missing_file(tmp_path):
    path = tmp_path / "etc" / "kiosk.toml"
    cfg = edit.apply_changes(path, {"device.id": "PAD-9", "evaluator.keymap": {"A": 5}, "ui.notices": ("x",)})
    assert cfg.device.id == "PAD-9" and dict(cfg.evaluator.keymap) == {"A": 5} and cfg.ui.notices == ("x",)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640 and not (tmp_path / "etc" / "kiosk.toml.bak").exists()
    assert config.load(path).evaluator.keymap == {"A": 5}


def test_invalid_result_leaves_file_byte_for_byte(cfg_file, tmp_path):
    before = cfg_file.read_bytes()
    with pytest.raises(config.ConfigError) as err:
        edit.apply_changes(cfg_file, {"api.bind": "0.0.0.0", "device.area_code": "12", "flow.thanks_s": "3"})
    errors = "\n".join(err.value.errors)
    assert "api.token = '': required when api.bind = '0.0.0.0'" in errors  # cross-checks too, all at once
    assert "device.area_code = '12'" in errors and "flow.thanks_s = '3': must be an integer" in errors
    assert cfg_file.read_bytes() == before and not (tmp_path / "kiosk.toml.bak").exists()
    with pytest.raises(config.ConfigError, match="unknown key"):
        edit.apply_changes(cfg_file, {"device.colour": "red"})
    assert cfg_file.read_bytes() == before


def test_not_toml_is_refused_untouched(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b"[device\nid = 1\n")
    with pytest.raises(config.ConfigError, match="not valid TOML"):
        edit.apply_changes(path, {"device.id": "X"})
    assert path.read_bytes() == b"[device\nid = 1\n"


@pytest.mark.parametrize("fail_on", ["replace", "fsync", "write"])
def test_write_failure_leaves_file_and_bak_untouched(cfg_file, tmp_path, monkeypatch, fail_on):
    edit.apply_changes(cfg_file, {"flow.thanks_s": 4})  # a .bak from a first edit
    before, bak = cfg_file.read_bytes(), (tmp_path / "kiosk.toml.bak").read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if fail_on == "write":
        real = os.fdopen

        def fdopen(fd, *args, **kwargs):
            fh = real(fd, *args, **kwargs)
            fh.write = boom
            return fh

        monkeypatch.setattr(edit.os, "fdopen", fdopen)
    else:
        monkeypatch.setattr(edit.os, fail_on, boom)
    with pytest.raises(edit.ConfigWriteError) as err:
        edit.apply_changes(cfg_file, {"flow.thanks_s": 9})
    assert "No space left on device" in str(err.value) and "unchanged" in str(err.value)
    monkeypatch.undo()
    assert cfg_file.read_bytes() == before and (tmp_path / "kiosk.toml.bak").read_bytes() == bak
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.toml", "kiosk.toml.bak"]


def test_replace_failure_on_the_main_file_keeps_it(cfg_file, tmp_path, monkeypatch):
    """The .bak is written, then the rename of the new file fails: the file is the old one."""
    before = cfg_file.read_bytes()
    real = os.replace

    def replace(src, dst):
        if str(dst) == str(cfg_file):
            raise OSError(30, "Read-only file system")
        return real(src, dst)

    monkeypatch.setattr(edit.os, "replace", replace)
    with pytest.raises(edit.ConfigWriteError, match="Read-only file system"):
        edit.apply_changes(cfg_file, {"flow.thanks_s": 9})
    assert cfg_file.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.toml", "kiosk.toml.bak"]


def test_clear_pin_read_as_hash_with_warning_then_replaced(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('[ui]\n# the hall PIN\ntechnician_pin = "740318"\n', encoding="utf-8")
    cfg = config.load(path)
    assert verify_pin("740318", cfg.ui.technician_pin_hash) and not verify_pin("740319", cfg.ui.technician_pin_hash)
    assert len(cfg.warnings) == 1 and "SECURITY" in cfg.warnings[0] and "kiosk pin set" in cfg.warnings[0]
    assert "740318" not in cfg.warnings[0] and "740318" not in repr(cfg)
    edit.apply_changes(path, {"ui.technician_pin_hash": hash_pin("258013")})
    text = path.read_text(encoding="utf-8")
    assert "740318" not in text and "technician_pin =" not in text and "# the hall PIN" in text
    cfg = config.load(path)
    assert cfg.warnings == () and verify_pin("258013", cfg.ui.technician_pin_hash)


def test_clear_pin_errors_hide_it(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('[ui]\ntechnician_pin = "74a3"\n', encoding="utf-8")
    with pytest.raises(config.ConfigError) as err:
        config.load(path)
    assert "74a3" not in str(err.value) and "kiosk pin set" in str(err.value)
    path.write_text(f'[ui]\ntechnician_pin = "1357"\ntechnician_pin_hash = "{hash_pin("2468")}"\n', encoding="utf-8")
    with pytest.raises(config.ConfigError, match="give only ui.technician_pin_hash"):
        config.load(path)


def test_check_changes_writes_nothing(cfg_file):
    before = cfg_file.read_bytes()
    assert edit.check_changes(cfg_file, {"flow.thanks_s": 7}).flow.thanks_s == 7
    assert cfg_file.read_bytes() == before


def test_format_value_masks_secrets():
    assert edit.format_value("qr.secret", "abc") == '"***"'
    assert edit.format_value("qr.secret", "abc", reveal=True) == '"abc"'
    assert edit.format_value("api.token", "") == '""'
    assert edit.format_value("evaluator.keymap", {"A": 5}) == "{A = 5}"
    assert edit.format_value("flow.thanks_s", 3) == "3"


def test_a_changed_value_keeps_its_comment_and_a_symlink_stays(tmp_path, cfg_file):
    edit.apply_changes(cfg_file, {"device.id": "PAD-0202"})
    assert 'id = "PAD-0202"  # printed on the back' in cfg_file.read_text(encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(cfg_file)
    edit.apply_changes(link, {"flow.thanks_s": 2})
    assert link.is_symlink() and config.load(link).flow.thanks_s == 2
