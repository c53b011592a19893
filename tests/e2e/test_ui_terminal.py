"""End to end on a terminal: the real Kiosk (store, TerminalFlow, rate-later, QR links, receipts) behind the
window; a keyboard-wedge scan and the on-screen keypad both lead to a stored rating, a QR and a receipt."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk import config
from kiosk.app.kiosk import Kiosk
from kiosk.app.receipts import rating_url
from kiosk.core.flow.state import Screen
from kiosk.core.model import Case
from kiosk.core.qrlink import parse_url
from kiosk.core.timefmt import SHANGHAI, FakeClock
from kiosk.ui.font import install_app_font
from kiosk.ui.qt import Qt
from kiosk.ui.settings import UiSettings
from kiosk.ui.terminal_window import TerminalWindow
from kiosk.ui.widgets.qr import qr_matrix

NOW = datetime(2025, 10, 10, 10, 0, tzinfo=SHANGHAI)


class FakePrinter:
    def __init__(self):
        self.receipts = []

    def print_receipt(self, receipt) -> None:
        self.receipts.append(receipt)


class KeyTimes:
    def __init__(self):
        self.t = 500.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def term(qapp, qtbot, tmp_path):
    install_app_font(qapp)
    cfg = config.load(
        None,
        tmp_path,
        {"device": {"mode": "terminal", "id": "T-01", "hall": "政务服务中心"}, "evaluator": {"driver": "none"}},
    )
    kiosk = Kiosk(cfg, clock=FakeClock(NOW))
    kiosk.attach_peripherals(lambda fn: fn())
    p = kiosk.peripherals
    p.printer = FakePrinter()
    kiosk.store.upsert_case(Case("P-001", taskName="社会保障卡挂失", proStatus=3, serviceTime="2025-09-29 16:30:00"))
    window = TerminalWindow(
        kiosk.flow, UiSettings(width=1280, height=800, hall="政务服务中心", counter="24小时自助服务区")
    )
    qtbot.addWidget(window)
    window.timer.stop()
    window.key_clock = KeyTimes()
    window.set_actions(on_code=p.rate_later.handle_code, on_print=p.print_current, qr_url=p.qr_url)
    window.show()
    qtbot.waitExposed(window)
    yield window, kiosk, p
    kiosk.stop()


def click(qtbot, widget):
    assert widget.isVisible(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def rate_and_check_thanks(qtbot, window, kiosk, p):
    assert kiosk.flow.state.screen is Screen.INVITED
    click(qtbot, window.screens[Screen.INVITED].buttons[5])
    click(qtbot, window.screens[Screen.DETAILS].submit)
    thanks = window.screens[Screen.THANKS]
    assert window.current_screen is thanks
    url = thanks.qr_view.data()
    assert url and parse_url(url, kiosk.cfg.qr.secret, kiosk.cfg.qr.url_template).projectNo == "P-001"
    assert thanks.qr_view.matrix() == qr_matrix(url)
    click(qtbot, thanks.print_button)
    assert [r.project_no for r in p.printer.receipts] == ["P-001"]
    rows = kiosk.store.evaluations(project_no="P-001")
    assert len(rows) == 1 and rows[0]["pf"] == 5 and rows[0]["satisfaction"] == 5


def test_wedge_scan_on_attract_to_receipt(term, qtbot):
    window, kiosk, p = term
    for ch in rating_url(kiosk.cfg, "P-001", NOW):
        qtbot.keyClick(window, ch)
        window.key_clock.t += 0.004
    qtbot.keyClick(window, Qt.Key.Key_Return)
    rate_and_check_thanks(qtbot, window, kiosk, p)


def test_keypad_number_to_receipt(term, qtbot):
    window, kiosk, p = term
    click(qtbot, window.screens[Screen.IDLE].rate)
    pad = window.screens[Screen.KEYPAD]
    click(qtbot, pad.toggle)
    click(qtbot, pad.keys["P"])
    click(qtbot, pad.keys["-"])
    click(qtbot, pad.toggle)
    for ch in "001":
        click(qtbot, pad.keys[ch])
    assert pad.display.text() == "P-001"
    click(qtbot, pad.ok)
    rate_and_check_thanks(qtbot, window, kiosk, p)


def test_unknown_number_shows_a_message_that_returns_to_attract(term, qtbot):
    window, kiosk, p = term
    click(qtbot, window.screens[Screen.IDLE].rate)
    pad = window.screens[Screen.KEYPAD]
    for ch in "9999":
        click(qtbot, pad.keys[ch])
    click(qtbot, pad.ok)
    msg = window.screens[Screen.MESSAGE]
    assert window.current_screen is msg and msg.message.text() == "未找到该办件,请核对办件编号"
    kiosk.clock.advance(6)
    kiosk.flow.tick()
    assert window.current_screen is window.screens[Screen.IDLE]
