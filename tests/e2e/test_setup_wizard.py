"""The first boot, end to end: from an empty data dir and no config file, the setup wizard driven by touch
(pytest-qt, offscreen) through every step against real parts (the reference central on 127.0.0.1, a pty
evaluator answering the frame protocol, a pty ESC/POS printer, a pty line scanner), then the pad built from the
file it wrote takes a rating into SQLite."""

from __future__ import annotations

import os
import select
import signal
import stat
import subprocess
import sys
import threading
import tomllib
import tty
from pathlib import Path

import pytest
from PySide6.QtGui import QInputMethodEvent

from kiosk import config
from kiosk.app.kiosk import Kiosk
from kiosk.app.setup_run import WizardRun
from kiosk.central.server import CentralEmulator
from kiosk.core.flow.state import Screen
from kiosk.core.pin import verify_pin
from kiosk.demo.samples import SAMPLE_STAFF, sample_case
from kiosk.devices.printer import escpos
from kiosk.devices.tools.pty_device import PtyFrameDevice
from kiosk.store.db import Store
from kiosk.ui.qt import QApplication, Qt
from kiosk.ui.setup.device_steps import EvaluatorStep, PressTestStep, PrinterStep, ScannerStep
from kiosk.ui.setup.steps import AreaStep, CentreStep, DeviceStep, FinishStep, LanguageStep, ModeStep, PinStep
from tests.helpers.gui import gui_run

PIN = "2580"


@pytest.fixture
def emulator(tmp_path):
    emu = CentralEmulator(tmp_path / "central.db", "mark-setup", "secret-setup").start()
    yield emu
    emu.stop()


@pytest.fixture
def evaluator(tmp_path):
    dev = PtyFrameDevice(link=str(tmp_path / "evaluator"), heartbeat_interval_s=0.5)
    yield dev
    dev.close()


class PtyPort:
    """The far end of a pty pair: a printer answering DLE EOT 4 with paper present, or a scanner."""

    def __init__(self, printer: bool):
        self.master, self.slave = os.openpty()
        tty.setraw(self.master)
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.received = bytearray()
        self.printer = printer
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            self.received += data
            if self.printer and escpos.STATUS_PAPER in data:
                os.write(self.master, bytes([0x12]))  # paper present

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)
        os.close(self.slave)
        os.close(self.master)


@pytest.fixture
def printer():
    port = PtyPort(printer=True)
    yield port
    port.close()


@pytest.fixture
def scanner():
    port = PtyPort(printer=False)
    yield port
    port.close()


def click(qtbot, widget):
    assert widget.isVisible(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot, field, text):
    """What the on-screen keyboard does: focus the field, type into it (Latin letters as key presses,
    Chinese as an input method's commit, as a Pinyin keyboard sends it)."""
    field.clear()
    field.setFocus()
    if text.isascii():
        qtbot.keyClicks(field, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(field, event)
    assert field.text() == text


def test_first_boot_wizard_to_a_pad_that_rates(qapp, qtbot, tmp_path, emulator, evaluator, printer, scanner):
    path = tmp_path / "etc" / "kiosk.toml"
    data = tmp_path / "data"
    run = WizardRun(path, data, extra_ports=(evaluator.link,))
    window, wizard = run.window, run.window.wizard
    assert wizard is not None
    window.show()
    qtbot.waitExposed(window)
    assert not path.exists() and not data.exists()
    try:
        assert isinstance(wizard.step, LanguageStep)
        click(qtbot, wizard.step.choice.buttons["zh_CN"])
        click(qtbot, wizard.next)
        assert isinstance(wizard.step, ModeStep)
        click(qtbot, wizard.step.choice.buttons["window"])
        click(qtbot, wizard.next)

        device = wizard.step
        assert isinstance(device, DeviceStep)
        assert device.fields["device.id"].text() == device.suggested != "KIOSK-DEMO-01"  # from the machine
        type_into(qtbot, device.fields["device.id"], "HALL 07")  # a space: refused by the schema
        click(qtbot, wizard.next)
        assert wizard.step is device and wizard.errors.isVisible()
        assert "device.id" in wizard.errors.text() and "'HALL 07'" in wizard.errors.text()
        type_into(qtbot, device.fields["device.id"], "HALL-07")
        type_into(qtbot, device.fields["device.hall"], "武汉市民之家")
        type_into(qtbot, device.fields["device.counter"], "12号窗口")
        type_into(qtbot, device.fields["device.dept_code"], "11420100MB1234567X")
        type_into(qtbot, device.fields["device.dept_name"], "市市场监督管理局")
        click(qtbot, wizard.next)

        area = wizard.step
        assert isinstance(area, AreaStep)
        click(qtbot, area.pad.clear)
        for ch in "4201":
            click(qtbot, area.pad.keys[ch])
        click(qtbot, wizard.next)
        assert wizard.step is area and "exactly 12 digits" in wizard.errors.text()
        for ch in "02000000":
            click(qtbot, area.pad.keys[ch])
        assert area.area.digits == "420102000000"
        click(qtbot, wizard.next)

        centre = wizard.step
        assert isinstance(centre, CentreStep)
        type_into(qtbot, centre.fields["central.url"], emulator.url)
        type_into(qtbot, centre.fields["central.app_mark"], "mark-setup")
        type_into(qtbot, centre.fields["central.app_secret"], "wrong-secret")
        click(qtbot, centre.test)
        qtbot.waitUntil(lambda: centre.last is not None, timeout=10000)
        assert centre.last is not None and centre.last.status == "refused"
        type_into(qtbot, centre.fields["central.app_secret"], "secret-setup")
        click(qtbot, centre.test)
        qtbot.waitUntil(lambda: centre.last is not None and centre.last.status == "ok", timeout=10000)
        assert "连接成功" in centre.result.text() and centre.last.staff > 0
        click(qtbot, wizard.next)

        ev_step = wizard.step
        assert isinstance(ev_step, EvaluatorStep)
        qtbot.waitUntil(lambda: not wizard.ctx.probing and bool(wizard.ctx.ports), timeout=15000)  # probed on entry
        found = [p for p in wizard.ctx.ports if p.path == evaluator.link]
        assert found and found[0].verdict == "frame", wizard.ctx.ports
        button = ev_step.picker.buttons[ev_step.picker.shown.index(found[0])]
        click(qtbot, button)
        assert ev_step.picker.field.text() == evaluator.link and ev_step.driver.value() == "frame"
        click(qtbot, wizard.next)

        press = wizard.step
        assert isinstance(press, PressTestStep)
        click(qtbot, press.toggle)
        qtbot.waitUntil(lambda: "已连接" in press.state.text(), timeout=10000)
        evaluator.press(4)
        qtbot.waitUntil(lambda: press.presses == [4], timeout=5000)
        assert press.cells[4].count == 1 and "满意" in press.last.text()
        assert not data.exists()  # no store at all: a test press cannot become a rating
        click(qtbot, wizard.next)  # leaving stops the test and closes the port

        pr = wizard.step
        assert isinstance(pr, PrinterStep)
        click(qtbot, pr.driver.buttons["escpos"])
        type_into(qtbot, pr.picker.field, printer.path)
        click(qtbot, pr.test)
        qtbot.waitUntil(lambda: "测试页已打印" in pr.result.text(), timeout=10000)
        assert "打印测试页".encode("gb18030") in printer.received
        assert b"HALL-07" in printer.received
        click(qtbot, wizard.next)

        sc = wizard.step
        assert isinstance(sc, ScannerStep)
        click(qtbot, sc.driver.buttons["serial"])
        type_into(qtbot, sc.picker.field, scanner.path)
        click(qtbot, sc.test)
        qtbot.wait(500)  # the scanner opens its port on the device lane
        os.write(scanner.master, b"https://hcp.example.gov.cn/rate?projectNo=TEST\r\n")
        qtbot.waitUntil(lambda: sc.code.endswith("projectNo=TEST"), timeout=10000)
        assert "扫码成功" in sc.result.text()
        click(qtbot, wizard.next)

        pin = wizard.step
        assert isinstance(pin, PinStep)
        for ch in PIN:
            click(qtbot, pin.pad.keys[ch])
        click(qtbot, pin.second)
        for ch in "2581":
            click(qtbot, pin.pad.keys[ch])
        click(qtbot, wizard.next)
        assert wizard.step is pin and "不一致" in wizard.errors.text()
        click(qtbot, pin.pad.backspace)
        click(qtbot, pin.pad.keys["0"])
        assert pin.first.text() == "●●●●"  # never shown
        click(qtbot, wizard.next)

        assert isinstance(wizard.step, FinishStep)
        assert wizard.step.summary.value_of("设备编号") == "HALL-07"
        assert not path.exists()
        click(qtbot, wizard.next)  # 完成
        assert run.cfg is not None
    finally:
        run.close()

    # the file: validated, 0640, the PIN only as its hash, the QR secret no longer the shipped one
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    text = path.read_text(encoding="utf-8")
    assert PIN not in text and "secret-setup" in text
    raw = tomllib.loads(text)
    assert verify_pin(PIN, raw["ui"]["technician_pin_hash"])
    cfg = config.load(path, data)  # exactly what `kiosk run` reads next
    assert (cfg.device.id, cfg.device.hall, cfg.device.counter) == ("HALL-07", "武汉市民之家", "12号窗口")
    assert (cfg.device.area_code, cfg.device.dept_code) == ("420102000000", "11420100MB1234567X")
    assert (cfg.evaluator.driver, cfg.evaluator.port) == ("frame", evaluator.link)
    assert (cfg.printer.driver, cfg.printer.port, cfg.scanner.driver) == ("escpos", printer.path, "serial")
    assert cfg.central.url == emulator.url and cfg.qr.secret not in ("", "change-me")

    # the pad, from that file: a press on the evaluator is a stored rating
    kiosk = Kiosk(cfg)
    with gui_run(kiosk) as gui:
        kiosk.start_devices(gui.bridge)
        qtbot.waitUntil(lambda: kiosk.evaluator is not None and kiosk.evaluator.online, timeout=10000)
        kiosk.flow.sign_in(SAMPLE_STAFF[0])
        kiosk.flow.invite(sample_case(0))
        assert gui.window.current_screen is gui.window.screens[Screen.INVITED]
        evaluator.press(5)
        qtbot.waitUntil(lambda: kiosk.flow.state.screen is not Screen.INVITED, timeout=10000)
        rows = kiosk.store.evaluations()
    assert len(rows) == 1
    assert (rows[0]["satisfaction"], rows[0]["deviceId"], rows[0]["window"]) == (5, "HALL-07", "12号窗口")


def test_kiosk_run_without_its_config_file_opens_the_wizard(tmp_path):
    path = tmp_path / "kiosk.toml"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_LOG_STDERR="0", KIOSK_CONFIG=str(path))
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--data-dir", str(tmp_path / "data"), "--exit-when-ready"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "kiosk ready" in out.stdout and "(setup)" in out.stdout
    assert not path.exists()  # stopped before 完成: nothing written
    assert "setting up: the wizard writes" in (tmp_path / "data" / "logs" / "kiosk.log").read_text()


def test_the_pad_starts_in_the_same_process_once_the_wizard_has_written(tmp_path):
    path = tmp_path / "etc" / "kiosk.toml"
    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_LOG_STDERR="0")
    env.pop("KIOSK_CONFIG", None)
    child = Path(__file__).with_name("setup_child.py")
    out = subprocess.run(
        [sys.executable, str(child), "HALL-08", "--config", str(path), "--data-dir", str(data), "--no-api"],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "wizard finished: []" in out.stdout and "pad rated: True" in out.stdout
    ready = [line for line in out.stdout.splitlines() if line.startswith("kiosk ready")]
    assert len(ready) == 2 and ready[0].endswith("(setup)"), ready  # the wizard's first frame, then the pad's
    assert config.load(path, data).device.id == "HALL-08"
    store = Store(data / "kiosk.db")
    try:
        rows = store.evaluations()
    finally:
        store.close()
    assert [(r["satisfaction"], r["deviceId"]) for r in rows] == [(4, "HALL-08")]


def test_under_systemd_the_wizard_is_ready_pings_the_watchdog_and_stops_on_sigterm(tmp_path):
    from tests.e2e.test_notify import WATCHDOG_USEC, Manager

    manager = Manager(tmp_path / "notify")
    path = tmp_path / "kiosk.toml"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        KIOSK_LOG_STDERR="0",
        NOTIFY_SOCKET=str(manager.path),
        WATCHDOG_USEC=str(WATCHDOG_USEC),
        WATCHDOG_PID=str(os.getpid()),  # the test process stands in for cage
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--config", str(path), "--data-dir", str(tmp_path / "data")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        manager.wait(lambda: len(manager.times("WATCHDOG=1")) >= 5, 30)
        first = manager.messages[0][1]
        assert first.startswith("READY=1\nSTATUS=设备初始设置"), first  # a slow setup is not a failed start
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(15) == 0
        manager.wait(lambda: manager.times("STOPPING=1"), 5)
    finally:
        if proc.poll() is None:
            proc.kill()
        out, _ = proc.communicate(timeout=10)
        manager.close()
    assert "(setup)" in out and not path.exists()  # stopped before 完成: nothing written
