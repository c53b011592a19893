"""The technician's 设置 page on a real Kiosk started from a real config file: every tab edits and saves through
the one schema, a refused value names key, value and what is allowed and leaves the file byte for byte, every
change is logged without secrets, and a saved change restarts the pad once the technician has left."""

from __future__ import annotations

import errno
import logging
import tomllib

import pytest
from PySide6.QtGui import QInputMethodEvent

from kiosk import config
from kiosk.app.kiosk import Kiosk
from kiosk.config.edit import apply_changes
from kiosk.core.pin import hash_pin, verify_pin
from kiosk.core.timefmt import FakeClock
from kiosk.ui.font import install_app_font
from kiosk.ui.qt import QApplication, Qt
from kiosk.ui.settings import UiSettings
from kiosk.ui.setup.device_steps import EvaluatorStep, PrinterStep, ScannerStep
from kiosk.ui.setup.steps import AreaStep, CentreStep, DeviceStep, LanguageStep, ModeStep, PinStep
from kiosk.ui.technician.screen import TechnicianScreen
from kiosk.ui.technician.settings import SettingsPage
from kiosk.ui.window import PadWindow
from tests.helpers.gui import gui_run

PIN = "2468"
SECRET = "centre-secret-42"


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "kiosk.toml"
    p.write_text('# the hall\'s own comment\n[device]\nid = "PAD-09"\n', encoding="utf-8")
    apply_changes(
        p,
        {
            "ui.technician_pin_hash": hash_pin(PIN),
            "evaluator.driver": "none",
            "ui.voice": False,
            "central.url": "https://hcp.example.gov.cn",
            "central.app_mark": "mark-9",
            "central.app_secret": SECRET,
            "qr.secret": "a-hall-qr-secret",
        },
    )
    return p


@pytest.fixture
def pad(qapp, qtbot, tmp_path, path):
    install_app_font(qapp)
    kiosk = Kiosk(config.load(path, tmp_path / "data"), clock=FakeClock())
    window = PadWindow(kiosk.flow, UiSettings(width=1280, height=800))
    qtbot.addWidget(window)
    window.set_technician(kiosk.technician)
    window.show()
    qtbot.waitExposed(window)
    yield kiosk, window
    window.timer.stop()
    window.close()
    kiosk.stop()


def click(qtbot, widget):
    assert widget.isVisible(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot, field, text):
    field.clear()
    field.setFocus()
    if text.isascii():
        qtbot.keyClicks(field, text)
    else:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(field, event)


def open_settings(window, qtbot) -> SettingsPage:
    window.technician_ui.enter()
    pad = window.technician_ui.pin
    for digit in PIN:
        click(qtbot, pad.keys[digit])
    click(qtbot, pad.ok)
    screen = window.current_screen
    assert isinstance(screen, TechnicianScreen)
    click(qtbot, screen.menu_buttons["settings"])
    page = screen.page
    assert isinstance(page, SettingsPage)
    return page


def tab(qtbot, page: SettingsPage, kind):
    step = page.step_of(kind)
    click(qtbot, page.tab_buttons[page.steps.index(step)])
    assert page.step is step
    return step


def saved(path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_every_tab_edits_and_saves(pad, qtbot, path, caplog):
    kiosk, window = pad
    page = open_settings(window, qtbot)
    caplog.set_level(logging.INFO)

    click(qtbot, tab(qtbot, page, LanguageStep).choice.buttons["en"])
    click(qtbot, page.save)
    assert saved(path)["ui"]["language"] == "en" and "已保存 1 项" in page.result.text()

    click(qtbot, tab(qtbot, page, ModeStep).choice.buttons["terminal"])
    click(qtbot, page.save)
    assert saved(path)["device"]["mode"] == "terminal"

    device = tab(qtbot, page, DeviceStep)
    assert device.fields["device.id"].text() == "PAD-09"
    type_into(qtbot, device.fields["device.hall"], "武汉市民之家")
    type_into(qtbot, device.fields["device.counter"], "8号窗口")
    click(qtbot, page.save)
    assert (saved(path)["device"]["hall"], saved(path)["device"]["counter"]) == ("武汉市民之家", "8号窗口")

    area = tab(qtbot, page, AreaStep)
    click(qtbot, area.pad.clear)
    for ch in "420111000000":
        click(qtbot, area.pad.keys[ch])
    click(qtbot, page.save)
    assert saved(path)["device"]["area_code"] == "420111000000"

    centre = tab(qtbot, page, CentreStep)
    assert centre.fields["central.app_secret"].text() == ""  # a secret is never shown back
    type_into(qtbot, centre.fields["central.app_mark"], "mark-10")
    click(qtbot, page.save)
    assert saved(path)["central"]["app_mark"] == "mark-10"
    assert saved(path)["central"]["app_secret"] == SECRET  # left empty: kept

    ev = tab(qtbot, page, EvaluatorStep)
    click(qtbot, ev.driver.buttons["keys"])
    type_into(qtbot, ev.picker.field, "/dev/ttyUSB9")
    click(qtbot, ev.baud.buttons[19200])
    click(qtbot, page.save)
    assert saved(path)["evaluator"] == {"driver": "keys", "port": "/dev/ttyUSB9", "baudrate": 19200}

    pr = tab(qtbot, page, PrinterStep)
    click(qtbot, pr.driver.buttons["escpos"])
    type_into(qtbot, pr.picker.field, "/dev/kiosk/printer")
    click(qtbot, page.save)
    assert (saved(path)["printer"]["driver"], saved(path)["printer"]["port"]) == ("escpos", "/dev/kiosk/printer")

    sc = tab(qtbot, page, ScannerStep)
    click(qtbot, sc.driver.buttons["keyboard"])
    click(qtbot, page.save)
    assert saved(path)["scanner"]["driver"] == "keyboard"

    pin = tab(qtbot, page, PinStep)
    for ch in "3579":
        click(qtbot, pin.pad.keys[ch])
    click(qtbot, pin.second)
    for ch in "3579":
        click(qtbot, pin.pad.keys[ch])
    click(qtbot, page.save)
    assert verify_pin("3579", saved(path)["ui"]["technician_pin_hash"])

    text = path.read_text(encoding="utf-8")
    assert text.startswith("# the hall's own comment")  # the file is edited, not rewritten
    assert "3579" not in text and PIN not in text
    logged = caplog.text
    assert "device.hall = '武汉市民之家'" in logged and "central.app_mark = 'mark-10'" in logged
    assert "ui.technician_pin_hash" in logged and "3579" not in logged and SECRET not in logged
    assert kiosk.technician.restart_requested


@pytest.mark.parametrize(
    ("kind", "edit", "named"),
    [
        (CentreStep, lambda qtbot, s: type_into(qtbot, s.fields["central.url"], "ftp://hcp"), "central.url"),
        (DeviceStep, lambda qtbot, s: type_into(qtbot, s.fields["device.id"], "PAD 09/1"), "device.id"),
        (AreaStep, lambda qtbot, s: (click(qtbot, s.pad.clear), click(qtbot, s.pad.keys["4"])), "device.area_code"),
    ],
)
def test_a_refused_value_names_key_value_and_rule_and_leaves_the_file(pad, qtbot, path, kind, edit, named):
    kiosk, window = pad
    page = open_settings(window, qtbot)
    before = path.read_bytes()
    step = tab(qtbot, page, kind)
    edit(qtbot, step)
    click(qtbot, page.save)
    assert named in page.result.text() and "应为" in page.result.text()
    assert path.read_bytes() == before
    assert not kiosk.technician.restart_requested


def test_a_change_the_whole_config_refuses_leaves_the_file(pad, qtbot, path):
    """Each value alone is fine, together not (a frame evaluator needs a port): refused by apply_changes."""
    kiosk, window = pad
    page = open_settings(window, qtbot)
    before = path.read_bytes()
    ev = tab(qtbot, page, EvaluatorStep)
    click(qtbot, ev.driver.buttons["frame"])
    ev.picker.field.clear()
    click(qtbot, page.save)
    assert "未保存" in page.result.text() and "evaluator.port = ''" in page.result.text()
    assert path.read_bytes() == before


def test_a_saved_change_restarts_the_pad_once_the_technician_has_left(qapp, qtbot, tmp_path, path):
    install_app_font(qapp)
    kiosk = Kiosk(config.load(path, tmp_path / "data"), clock=FakeClock())
    with gui_run(kiosk) as gui:
        gui.window.set_technician(kiosk.technician)
        gui.window.show()
        qtbot.waitExposed(gui.window)
        page = open_settings(gui.window, qtbot)
        device = tab(qtbot, page, DeviceStep)
        type_into(qtbot, device.fields["device.counter"], "9号窗口")
        click(qtbot, page.save)
        gui.restart_when_idle()
        assert not gui.restarting  # the technician is still there
        gui.window.technician_ui.close()
        gui.restart_when_idle()
        assert gui.restarting


def test_a_failed_write_leaves_the_file_and_says_so(pad, qtbot, path, monkeypatch):
    kiosk, window = pad
    page = open_settings(window, qtbot)
    before = path.read_bytes()
    device = tab(qtbot, page, DeviceStep)
    type_into(qtbot, device.fields["device.counter"], "8号窗口")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("kiosk.config.edit.os.replace", full)
    click(qtbot, page.save)
    assert "未保存" in page.result.text() and "cannot write" in page.result.text()
    assert path.read_bytes() == before and not kiosk.technician.restart_requested
