"""Doctor: serial ports on real pty devices, real processes holding them (named as ModemManager and brltty
name themselves), the kiosk user's access judged from the device's owner, group and mode, a printer on a pty."""

from __future__ import annotations

import os
import select
import subprocess
import threading
import tty

import pytest

from kiosk import config
from kiosk.app.doctor.serial import check_port, grabber_services, holders, serial_checks
from kiosk.devices.printer import escpos

ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="changes a device's owner and mode")


@pytest.fixture
def pty_port():
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    path = os.ttyname(slave)
    yield master, path
    os.close(slave)
    os.close(master)


@pytest.fixture
def holder():
    """Start a real process that opens the port and names itself (its /proc/PID/comm) as asked."""
    procs = []

    def start(path: str, comm: str = "", argv0: str = "sh") -> subprocess.Popen:
        rename = f"printf {comm} > /proc/$$/comm; " if comm else ""
        proc = subprocess.Popen(
            [argv0, "-c", rename + 'exec 3<>"$1"; echo open; read x', argv0, path],
            executable="/bin/sh",
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout.readline().strip() == "open"
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        proc.kill()
        proc.communicate(timeout=5)  # closes its pipes


def keys_cfg(tmp_path, port: str, **extra) -> config.Config:
    return config.load(None, tmp_path, {"evaluator": {"driver": "keys", "port": port}, **extra})


def test_nothing_configured(machine, tmp_path):
    assert [(f.check, f.level) for f in serial_checks(config.load(None, tmp_path), machine.host)] == [
        ("serial", "info")
    ]


def test_a_missing_port(machine, tmp_path):
    f = serial_checks(keys_cfg(tmp_path, str(tmp_path / "ttyUSB7")), machine.host)[0]
    assert f.check == "serial.evaluator" and f.level == "fail"
    assert "kiosk devices probe" in f.fix and "/dev/kiosk/evaluator" in f.fix


def test_not_a_serial_device(machine, tmp_path):
    (tmp_path / "file").write_text("")
    f, _ = check_port(machine.host, "scanner", str(tmp_path / "file"))
    assert f.level == "fail" and "not a serial device" in f.message


def test_a_free_port_the_user_may_use(machine, tmp_path, pty_port):
    _, path = pty_port
    machine.host.user = "root"
    link = tmp_path / "evaluator"
    link.symlink_to(path)  # as udev's /dev/kiosk/evaluator
    f = serial_checks(keys_cfg(tmp_path, str(link)), machine.host)[0]
    assert f.check == "serial.evaluator" and f.level == "ok", f
    assert f.detail["real"] == path and f.detail["holders"] == []


@ROOT_ONLY
def test_access_is_judged_for_the_kiosk_user(machine, pty_port):
    _, path = pty_port
    machine.host.user = "nobody"
    os.chown(path, 0, 0)
    os.chmod(path, 0o600)
    f, _ = check_port(machine.host, "evaluator", path)
    assert f.level == "fail" and "user nobody cannot read and write" in f.message
    assert 'GROUP="dialout"' in f.fix  # a root-group device needs a udev rule first
    os.chown(path, 0, 65534)  # the group nobody belongs to
    os.chmod(path, 0o660)
    assert check_port(machine.host, "evaluator", path)[0].level == "ok"
    os.chmod(path, 0o600)
    f, _ = check_port(machine.host, "evaluator", path)
    assert f.level == "fail" and "usermod -aG nogroup nobody" in f.fix


def test_no_such_user_is_not_judged(machine, pty_port):
    _, path = pty_port
    machine.host.user = "no-such-user-kiosk"
    f, _ = check_port(machine.host, "evaluator", path)
    assert f.level == "info" and "access not judged" in f.message


@pytest.mark.parametrize(("comm", "fix"), [("ModemManager", "ID_MM_DEVICE_IGNORE"), ("brltty", "systemctl mask")])
def test_a_grabber_holding_the_port(machine, tmp_path, pty_port, holder, comm, fix):
    _, path = pty_port
    machine.host.user = "root"
    proc = holder(path, comm)
    found = {f.check: f for f in serial_checks(keys_cfg(tmp_path, path), machine.host)}
    f = found["serial.evaluator"]
    assert f.level == "fail" and f"{comm} (pid {proc.pid}) holds" in f.message and fix in f.fix
    service = found["serial.modemmanager" if comm == "ModemManager" else "serial.brltty"]
    assert service.level == "warn" and str(proc.pid) in service.message


def test_modemmanager_behind_the_udev_ignore_rule(machine, pty_port, holder):
    _, path = pty_port
    holder(path, "ModemManager")
    [f] = grabber_services(machine.host)
    assert f.level == "warn"
    rules = machine.host.udev_rules[0]
    rules.mkdir(parents=True)
    (rules / "60-kiosk.rules").write_text('SUBSYSTEM=="tty", ENV{ID_MM_DEVICE_IGNORE}="1"\n')
    [f] = grabber_services(machine.host)
    assert f.level == "info"


def test_another_program_holding_the_port(machine, pty_port, holder):
    _, path = pty_port
    machine.host.user = "root"
    proc = holder(path, "minicom")
    f, found = check_port(machine.host, "evaluator", path)
    assert f.level == "warn" and f"kill {proc.pid}" in f.fix
    assert [h.pid for h in found] == [proc.pid]


def test_the_running_kiosk_holding_its_port(machine, pty_port, holder):
    _, path = pty_port
    machine.host.user = "root"
    proc = holder(path, argv0="kiosk")  # argv[0] as the console script's
    f, _ = check_port(machine.host, "evaluator", path)
    assert f.level == "ok" and f"in use by the running kiosk (pid {proc.pid})" in f.message


def test_this_process_is_not_a_holder(machine, pty_port):
    _, path = pty_port  # the fixture keeps the slave open here
    assert holders(machine.host, path) == ([], False)


def answer_status(master: int, status: int | None, stop: threading.Event) -> threading.Thread:
    """The printer's side: answer DLE EOT 4 with `status` (None: stay silent)."""

    def run() -> None:
        seen = b""
        while not stop.is_set():
            if select.select([master], [], [], 0.05)[0]:
                seen += os.read(master, 1024)
                if escpos.STATUS_PAPER in seen and status is not None:
                    seen = b""
                    os.write(master, bytes([status]))

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


@pytest.mark.parametrize(("status", "level"), [(0x12, "ok"), (0x72, "warn"), (None, "fail")])
def test_the_printer_answers(machine, tmp_path, pty_port, status, level):
    master, path = pty_port
    machine.host.user = "root"
    cfg = config.load(None, tmp_path, {"printer": {"driver": "escpos", "port": path}})
    stop = threading.Event()
    t = answer_status(master, status, stop)
    try:
        found = {f.check: f for f in serial_checks(cfg, machine.host)}
    finally:
        stop.set()
        t.join(2)
    assert found["serial.printer"].level == "ok"
    assert found["printer"].level == level, found["printer"]
    if level != "ok":
        assert found["printer"].fix


def test_a_printer_in_use_is_not_queried(machine, tmp_path, pty_port, holder):
    master, path = pty_port
    machine.host.user = "root"
    proc = holder(path, argv0="kiosk")
    cfg = config.load(None, tmp_path, {"printer": {"driver": "escpos", "port": path}})
    found = {f.check: f for f in serial_checks(cfg, machine.host)}
    assert found["printer"].level == "info" and f"pid {proc.pid}" in found["printer"].message
    assert not select.select([master], [], [], 0.2)[0]  # nothing was sent to it


@pytest.mark.parametrize(
    ("printer_cfg", "level", "words"),
    [
        ({"print_when_unknown": True}, "warn", "print anyway"),
        ({"status_query": False}, "info", "status_query = false"),
    ],
)
def test_a_printer_that_never_answers_as_configured(machine, tmp_path, pty_port, printer_cfg, level, words):
    master, path = pty_port
    machine.host.user = "root"
    cfg = config.load(None, tmp_path, {"printer": {"driver": "escpos", "port": path, **printer_cfg}})
    found = {f.check: f for f in serial_checks(cfg, machine.host)}
    assert found["printer"].level == level and words in found["printer"].message, found["printer"]
    if not cfg.printer.status_query:
        assert not select.select([master], [], [], 0.2)[0]  # not asked
