"""`kiosk config show|get|set|unset|validate` and `kiosk pin set|clear`: success, and every rejection exits 2 with
the key, the value and what is allowed, no traceback, and the file byte for byte as it was."""

from __future__ import annotations

import io
import logging
import os
import pty
import select
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk import config, logs
from kiosk.cli.config import main, main_pin
from kiosk.config import edit
from kiosk.core.pin import verify_pin

ROOT = Path(__file__).resolve().parents[3]
HALL = '# hall 2\n[device]\nid = "PAD-0201"  # on the back\n\n[api]\ntoken = "tok-0123456789abcdef"\n'


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No command here may reach the machine's config or log (nor this checkout's directory)."""
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.setattr("kiosk.cli.config.APPLIANCE_CONFIG", tmp_path / "etc" / "kiosk.toml")
    monkeypatch.setattr("kiosk.cli.config.APPLIANCE_DATA", tmp_path / "var")
    yield
    logs.setup(None, stderr=False)


@pytest.fixture
def cfg_file(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(HALL, encoding="utf-8")
    (tmp_path / "data").mkdir()
    return path


def cli(capsys, func, *argv) -> tuple[int, str, str]:
    code = func(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_set_get_unset(cfg_file, capsys):
    data = str(cfg_file.parent / "data")
    code, out, _ = cli(capsys, main, "set", "flow.thanks_s", "5", "--config", str(cfg_file), "--data-dir", data)
    assert code == 0 and out == f"{cfg_file}: flow.thanks_s = 5\n"
    assert cli(capsys, main, "get", "flow.thanks_s", "--config", str(cfg_file))[1] == "5\n"
    assert cli(capsys, main, "set", "device.hall", "市民之家", "--config", str(cfg_file), "--data-dir", data)[0] == 0
    assert cli(capsys, main, "get", "device.hall", "--config", str(cfg_file))[1] == '"市民之家"\n'
    text = cfg_file.read_text(encoding="utf-8")
    assert "# hall 2" in text and "# on the back" in text and 'hall = "市民之家"' in text
    assert stat.S_IMODE(cfg_file.stat().st_mode) == 0o640 and (cfg_file.parent / "kiosk.toml.bak").is_file()
    assert cli(capsys, main, "unset", "flow.thanks_s", "--config", str(cfg_file), "--data-dir", data)[0] == 0
    assert config.load(cfg_file).flow.thanks_s == 3
    log_text = (cfg_file.parent / "data" / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "flow.thanks_s = 5 (was None)" in log_text and "device.hall = '市民之家'" in log_text


@pytest.mark.parametrize(
    "argv, says",
    [
        (["set", "flow.thanks_s", "soon"], "flow.thanks_s = 'soon': must be an integer"),
        (["set", "flow.thanks_s", "0"], "flow.thanks_s = '0': must be an integer from 1 to 60"),
        (["set", "device.mode", "kiosk"], "device.mode = 'kiosk': allowed values are 'window', 'terminal'"),
        (["set", "device.colour", "red"], "device.colour = 'red': unknown key (allowed in [device]: id, mode"),
        (["set", "api.bind", "0.0.0.0"], None),  # fine: the token is set
        (["unset", "api.token"], None),  # fine: loopback
        (["set", "ui.technician_pin", "740318"], "use `kiosk pin set`"),
        (["get", "device.colour"], "device.colour: unknown key"),
    ],
)
def test_rejections_exit_2_and_leave_the_file(cfg_file, capsys, argv, says):
    before = cfg_file.read_bytes()
    code, out, err = cli(capsys, main, *argv, "--config", str(cfg_file))
    if says is None:
        assert code == 0, err
        return
    assert code == 2 and says in err and "Traceback" not in err and out == ""
    assert cfg_file.read_bytes() == before and not (cfg_file.parent / "kiosk.toml.bak").exists()
    if "740318" in argv:
        assert "740318" not in err


def test_a_cross_check_rejection_names_the_command(cfg_file, capsys):
    cli(capsys, main, "set", "api.bind", "0.0.0.0", "--config", str(cfg_file))
    before = cfg_file.read_bytes()
    code, _, err = cli(capsys, main, "unset", "api.token", "--config", str(cfg_file))
    assert (
        code == 2
        and "api.token = '': required when api.bind = '0.0.0.0'" in err
        and "kiosk config set api.token" in err
    )
    assert cfg_file.read_bytes() == before


def test_rejection_as_a_process_prints_no_traceback(cfg_file):
    before = cfg_file.read_bytes()
    res = subprocess.run(
        [sys.executable, "-m", "kiosk", "config", "set", "evaluator.baudrate", "12345", "--config", str(cfg_file)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "evaluator.baudrate = '12345': allowed values are 1200, 2400" in res.stderr
    assert cfg_file.read_bytes() == before


def test_a_write_failure_exits_1_and_leaves_the_file(cfg_file, capsys, monkeypatch):
    before = cfg_file.read_bytes()

    def fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(edit.os, "fsync", fsync)
    code, _, err = cli(capsys, main, "set", "flow.thanks_s", "5", "--config", str(cfg_file))
    assert code == 1 and "No space left on device" in err and "Traceback" not in err
    assert cfg_file.read_bytes() == before
    assert sorted(p.name for p in cfg_file.parent.iterdir()) == ["data", "kiosk.toml"]


def test_show_and_get_mask_secrets(cfg_file, capsys):
    cli(capsys, main, "set", "qr.secret", "qr-very-secret-0123", "--config", str(cfg_file))
    code, out, _ = cli(capsys, main, "show", "--config", str(cfg_file))
    assert code == 0 and "[qr]" in out and 'secret = "***"' in out and 'token = "***"' in out
    assert "qr-very-secret-0123" not in out and "tok-0123456789abcdef" not in out
    assert 'id = "PAD-0201"  # set' in out and 'mode = "window"\n' in out
    assert cli(capsys, main, "get", "qr.secret", "--config", str(cfg_file))[1] == '"***"\n'
    assert cli(capsys, main, "get", "qr.secret", "--reveal", "--config", str(cfg_file))[1] == '"qr-very-secret-0123"\n'


def test_validate_and_production(cfg_file, capsys):
    assert cli(capsys, main, "validate", "--config", str(cfg_file))[0] == 0
    code, _, err = cli(capsys, main, "validate", "--production", "--config", str(cfg_file))
    assert code == 2 and "qr.secret is the shipped default 'change-me'" in err
    assert f"kiosk config set qr.secret KEY --config {cfg_file}" in err
    cli(capsys, main, "set", "qr.secret", "qr-very-secret-0123", "--config", str(cfg_file))
    assert cli(capsys, main, "validate", "--production", "--config", str(cfg_file))[0] == 0


def test_set_without_a_file_is_refused(capsys):
    code, _, err = cli(capsys, main, "set", "flow.thanks_s", "5")
    assert code == 2 and "give --config FILE" in err


def test_set_creates_a_missing_file(tmp_path, capsys):
    path = tmp_path / "new.toml"
    assert cli(capsys, main, "set", "device.id", "PAD-9", "--config", str(path))[0] == 0
    assert config.load(path).device.id == "PAD-9" and stat.S_IMODE(path.stat().st_mode) == 0o640


# --- kiosk pin set ---------------------------------------------------------------------------------------------


def pin_set(capsys, monkeypatch, path, text, *extra):
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    return cli(capsys, main_pin, "set", "--config", str(path), *extra)


def test_pin_set_from_piped_stdin(cfg_file, capsys, monkeypatch):
    data = str(cfg_file.parent / "data")
    code, out, err = pin_set(capsys, monkeypatch, cfg_file, "740318\n740318\n", "--data-dir", data)
    assert code == 0, err and "technician PIN set" in out
    cfg = config.load(cfg_file)
    assert verify_pin("740318", cfg.ui.technician_pin_hash) and cfg.warnings == ()
    assert "740318" not in cfg_file.read_text(encoding="utf-8") + out + err
    assert "# hall 2" in cfg_file.read_text(encoding="utf-8")
    assert stat.S_IMODE(cfg_file.stat().st_mode) == 0o640
    code, out, _ = cli(capsys, main_pin, "clear", "--config", str(cfg_file), "--data-dir", data)
    assert code == 0 and config.load(cfg_file).ui.technician_pin_hash == ""


@pytest.mark.parametrize(
    "text, says",
    [
        ("740318\n740319\n", "the two PINs differ"),
        ("1234\n1234\n", "trivial"),
        ("12a4\n12a4\n", "must be 4-12 digits"),
        ("123\n123\n", "must be 4-12 digits"),
        ("740318\n", "standard input ended"),
        ("", "standard input ended"),
    ],
)
def test_pin_set_rejections(cfg_file, capsys, monkeypatch, text, says):
    before = cfg_file.read_bytes()
    code, out, err = pin_set(capsys, monkeypatch, cfg_file, text)
    assert code == 2 and says in err and "Traceback" not in err
    assert cfg_file.read_bytes() == before
    for line in text.split():
        assert line not in out + err


def test_pin_set_replaces_a_clear_pin(tmp_path, capsys, monkeypatch):
    path = tmp_path / "kiosk.toml"
    path.write_text('[ui]\n# PIN\ntechnician_pin = "135790"\nvoice = false\n', encoding="utf-8")
    code, _, err = cli(capsys, main, "validate", "--config", str(path))
    assert code == 0 and "SECURITY" in err and "135790" not in err
    assert pin_set(capsys, monkeypatch, path, "246813\n246813\n")[0] == 0
    text = path.read_text(encoding="utf-8")
    assert "135790" not in text and "technician_pin =" not in text and "voice = false" in text
    bak = (tmp_path / "kiosk.toml.bak").read_text(encoding="utf-8")  # the previous file, but for the clear PIN
    assert "135790" not in bak and "# PIN" in bak and "voice = false" in bak


def test_pin_set_on_a_terminal_does_not_echo(cfg_file):
    """getpass on a real pseudo-terminal: the prompt shows, the digits do not."""
    master, slave = pty.openpty()

    def controlling_tty():
        os.setsid()
        import fcntl
        import termios

        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "pin", "set", "--config", str(cfg_file)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        preexec_fn=controlling_tty,
    )
    os.close(slave)
    seen = b""

    def read_until(marker: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 30
        while marker not in seen and time.monotonic() < deadline:
            if select.select([master], [], [], 0.5)[0]:
                try:
                    seen += os.read(master, 4096)
                except OSError:
                    return

    try:
        read_until(b"PIN (")
        os.write(master, b"975310\n")
        read_until(b"again: ")
        os.write(master, b"975310\n")
        read_until(b"technician PIN set")
        assert proc.wait(30) == 0, seen
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert b"975310" not in seen and b"technician PIN set" in seen
    assert verify_pin("975310", config.load(cfg_file).ui.technician_pin_hash)


def test_an_existing_log_is_appended_to_and_never_rolled_over(cfg_file, capsys, monkeypatch):
    """As root on the appliance: the pad's user owns kiosk.log; a rollover from here would recreate it as root."""
    log_file = cfg_file.parent / "data" / "logs" / "kiosk.log"
    log_file.parent.mkdir(parents=True)
    log_file.write_text("the pad's own line\n", encoding="utf-8")
    monkeypatch.setattr(os, "geteuid", lambda: 12345)  # not the data dir's owner
    assert cli(capsys, main, "set", "flow.thanks_s", "6", "--config", str(cfg_file))[0] == 0
    handlers = [h for h in logging.getLogger().handlers if getattr(h, "baseFilename", None) == str(log_file)]
    assert len(handlers) == 1 and handlers[0].maxBytes == 0
    text = log_file.read_text(encoding="utf-8")
    assert text.startswith("the pad's own line\n") and "flow.thanks_s = 6" in text


def test_no_log_is_created_in_a_data_dir_of_another_user(cfg_file, capsys, monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 12345)
    (cfg_file.parent / "data").chmod(0o755)
    code, _, err = cli(capsys, main, "set", "flow.thanks_s", "6", "--config", str(cfg_file))
    assert code == 0 and "flow.thanks_s = 6 (was None)" in err  # logged to stderr instead
    assert not (cfg_file.parent / "data" / "logs").exists()


def test_set_a_secret_from_stdin(cfg_file, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("qr-from-stdin-0123456789\n"))
    code, out, _ = cli(capsys, main, "set", "qr.secret", "--stdin", "--config", str(cfg_file))
    assert code == 0 and "qr-from-stdin" not in out and config.load(cfg_file).qr.secret == "qr-from-stdin-0123456789"
    before = cfg_file.read_bytes()
    code, _, err = cli(capsys, main, "set", "qr.secret", "x", "--stdin", "--config", str(cfg_file))
    assert code == 2 and "give VALUE or --stdin" in err and cfg_file.read_bytes() == before
    assert cli(capsys, main, "set", "qr.secret", "--config", str(cfg_file))[0] == 2


def test_validate_missing_ok_is_for_a_config_the_wizard_has_not_written_yet(tmp_path, capsys):
    """The unit's ExecStartPre on a first boot: no file yet is fine (the wizard writes it); a bad one is not."""
    path = tmp_path / "none.toml"
    code, out, _ = cli(capsys, main, "validate", "--missing-ok", "--config", str(path))
    assert code == 0 and "no config yet: `kiosk run` opens the setup wizard" in out and not path.exists()
    assert cli(capsys, main, "validate", "--config", str(path))[0] == 2  # without the flag: an error
    path.write_text("[ui]\nwidth = 'wide'\n", encoding="utf-8")
    code, _, err = cli(capsys, main, "validate", "--missing-ok", "--config", str(path))
    assert code == 2 and "ui.width" in err
