"""The technician screens on a real Kiosk (temporary data dir, FakeClock, SimEvaluator): the hidden entry,
the PIN with its lockout, the pages, the device test that never rates, and the ways out."""

from __future__ import annotations

import pytest

from kiosk import config
from kiosk.app.kiosk import Kiosk
from kiosk.core.flow.machine import Screen
from kiosk.core.model import Case, Evaluation
from kiosk.core.pin import hash_pin
from kiosk.core.timefmt import FakeClock
from kiosk.demo.samples import SAMPLE_STAFF, sample_case
from kiosk.devices.evaluator.sim import SimEvaluator
from kiosk.store.outbox import Result
from kiosk.ui import theme as th
from kiosk.ui.font import install_app_font
from kiosk.ui.qt import QColor, Qt
from kiosk.ui.settings import UiSettings
from kiosk.ui.technician.pin import WRONG, PinScreen
from kiosk.ui.technician.screen import TechnicianScreen
from kiosk.ui.window import PadWindow

PIN = "2468"


def make_pad(qapp, qtbot, tmp_path, pin=PIN):
    install_app_font(qapp)
    cfg = config.load(
        None,
        tmp_path / "data",
        {"evaluator": {"driver": "none"}, "ui": {"technician_pin_hash": hash_pin(pin) if pin else ""}},
    )
    sim = SimEvaluator()
    kiosk = Kiosk(cfg, clock=FakeClock(), evaluator=sim)
    window = PadWindow(kiosk.flow, UiSettings(width=1280, height=800, hall="政务服务中心", counter="3号窗口"))
    qtbot.addWidget(window)
    window.set_technician(kiosk.technician)
    window.show()
    qtbot.waitExposed(window)
    return kiosk, window, sim


@pytest.fixture
def pad(qapp, qtbot, tmp_path):
    kiosk, window, sim = make_pad(qapp, qtbot, tmp_path)
    yield kiosk, window, sim
    window.timer.stop()
    window.close()
    kiosk.stop()


def click(qtbot, widget):
    assert widget.isVisible(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_pin(qtbot, window, pin):
    pad = window.technician_ui.pin
    for digit in pin:
        click(qtbot, pad.keys[digit])
    click(qtbot, pad.ok)


def sign_in(window, qtbot, pin=PIN):
    window.technician_ui.enter()
    type_pin(qtbot, window, pin)
    assert isinstance(window.current_screen, TechnicianScreen)
    return window.current_screen


# --- the hidden entry ---------------------------------------------------------------------------------------


def test_holding_the_hall_name_opens_the_pin_pad(pad, qtbot):
    kiosk, window, _ = pad
    ui = window.technician_ui
    ui.hold.setInterval(50)
    qtbot.mousePress(window.top_bar.place, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(window.top_bar.place, Qt.MouseButton.LeftButton)  # a short tap: nothing
    qtbot.wait(120)
    assert not window.technician_open
    qtbot.mousePress(window.top_bar.place, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.technician_open, timeout=2000)
    qtbot.mouseRelease(window.top_bar.place, Qt.MouseButton.LeftButton)
    assert isinstance(window.current_screen, PinScreen)
    assert window.current_screen.display.text() == ""


def test_five_quick_taps_on_the_clock_open_the_pin_pad(pad, qtbot):
    kiosk, window, _ = pad
    for _ in range(4):
        qtbot.mousePress(window.top_bar.clock, Qt.MouseButton.LeftButton)
    kiosk.clock.advance(3.5)  # too slow: the count starts again
    qtbot.mousePress(window.top_bar.clock, Qt.MouseButton.LeftButton)
    assert not window.technician_open
    for _ in range(4):
        qtbot.mousePress(window.top_bar.clock, Qt.MouseButton.LeftButton)
    assert window.technician_open and isinstance(window.current_screen, PinScreen)


def test_no_entry_without_a_pin(qapp, qtbot, tmp_path):
    kiosk, window, _ = make_pad(qapp, qtbot, tmp_path, pin="")
    try:
        assert not kiosk.technician.enabled
        window.technician_ui.hold.setInterval(20)
        qtbot.mousePress(window.top_bar.place, Qt.MouseButton.LeftButton)
        for _ in range(5):
            qtbot.mousePress(window.top_bar.clock, Qt.MouseButton.LeftButton)
        qtbot.wait(80)
        window.technician_ui.enter()
        assert not window.technician_open and window.current_screen is window.screens[Screen.IDLE]
        window.set_technician(None)
        assert window.technician_ui is None and not window.technician_open
    finally:
        window.timer.stop()
        kiosk.stop()


def test_no_entry_while_a_citizen_rates(pad, qtbot):
    kiosk, window, _ = pad
    kiosk.flow.sign_in(SAMPLE_STAFF[0])
    kiosk.flow.invite(sample_case(0))
    window.technician_ui.enter()
    assert not window.technician_open and window.current_screen is window.screens[Screen.INVITED]


# --- PIN ---------------------------------------------------------------------------------------------------


def test_wrong_then_right_pin(pad, qtbot):
    kiosk, window, _ = pad
    window.technician_ui.enter()
    pin_pad = window.current_screen
    for digit in "135":
        click(qtbot, pin_pad.keys[digit])
    assert pin_pad.display.text() == "●●●"  # masked
    click(qtbot, pin_pad.backspace)
    click(qtbot, pin_pad.ok)
    assert pin_pad.message.full_text() == WRONG and window.current_screen is pin_pad
    assert pin_pad.display.text() == ""
    type_pin(qtbot, window, PIN)
    screen = window.current_screen
    assert isinstance(screen, TechnicianScreen) and screen.current == "status"


def test_cancel_goes_back_to_the_flow_screen(pad, qtbot):
    kiosk, window, _ = pad
    window.technician_ui.enter()
    click(qtbot, window.current_screen.cancel)
    assert not window.technician_open and window.current_screen is window.screens[Screen.IDLE]


def test_keyboard_types_the_pin_and_never_rates(pad, qtbot):
    kiosk, window, _ = pad
    kiosk.flow.sign_in(SAMPLE_STAFF[0])
    window.technician_ui.enter()
    for key in (Qt.Key.Key_2, Qt.Key.Key_4, Qt.Key.Key_6, Qt.Key.Key_8):
        qtbot.keyClick(window, key)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert isinstance(window.current_screen, TechnicianScreen)
    qtbot.keyClick(window, Qt.Key.Key_5)  # would be 非常满意 on the pad
    assert kiosk.store.count_evaluations() == 0 and window.technician_open
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.technician_open


def test_lockout_after_five_wrong_pins(pad, qtbot):
    kiosk, window, _ = pad
    window.technician_ui.enter()
    pin_pad = window.current_screen
    for _ in range(5):
        type_pin(qtbot, window, "1111")
    assert pin_pad.message.full_text() == "输错次数过多,已锁定,请 5 分钟后再试"
    assert pin_pad.locked and not pin_pad.keys["2"].isEnabled() and not pin_pad.ok.isEnabled()
    pin_pad.type_digit("2")
    assert pin_pad.pin == ""
    kiosk.clock.advance(60)
    window.technician_ui.touch()
    window._tick()
    assert pin_pad.message.full_text() == "输错次数过多,已锁定,请 4 分钟后再试"
    window.technician_ui.close()
    window.technician_ui.enter()  # coming back does not reset the lock
    assert window.current_screen.message.full_text() == "输错次数过多,已锁定,请 4 分钟后再试"
    kiosk.clock.advance(239)
    window.technician_ui.touch()
    window._tick()
    assert pin_pad.message.full_text() == "输错次数过多,已锁定,请 1 分钟后再试"
    kiosk.clock.advance(1)
    window.technician_ui.touch()
    window._tick()
    assert not pin_pad.locked and pin_pad.message.full_text() == "" and pin_pad.keys["2"].isEnabled()
    type_pin(qtbot, window, PIN)
    assert isinstance(window.current_screen, TechnicianScreen)


# --- pages ------------------------------------------------------------------------------------------------


def test_status_page_shows_the_snapshot_and_refreshes_every_two_seconds(pad, qtbot, monkeypatch):
    kiosk, window, _ = pad
    screen = sign_in(window, qtbot)
    rows = screen.pages["status"].rows
    assert rows.value_of("设备").startswith("KIOSK-DEMO-01 · 窗口评价器")
    assert rows.value_of("待上传") == "0 条"
    assert rows.value_of("评价记录") == "共 0 条"
    assert rows.value_of("上报状态") == "未配置上报地址"
    assert rows.value_of("评价器").startswith("未连接 · 驱动 none")
    assert rows.value_of("时钟偏差").startswith("未知")
    real = kiosk.technician.snapshot
    calls = []

    def snapshot():
        calls.append(1)
        snap = real()
        return {**snap, "queue_depth": 7, "clock_offset_s": -90.0}

    monkeypatch.setattr(kiosk.technician, "snapshot", snapshot)
    kiosk.clock.advance(1)
    window._tick()
    assert not calls  # not yet: every 2 s
    kiosk.clock.advance(1)
    window._tick()
    assert calls and rows.value_of("待上传") == "7 条"
    offset = rows.values[[n.text() for n in rows.names].index("时钟偏差")]
    assert offset.text().startswith("-90.0 秒") and offset.colour == QColor(th.ERROR)


def make_dead_letter(kiosk) -> str:
    kiosk.store.upsert_case(Case("P-D"))
    kiosk.store.add_evaluation(Evaluation("P-D", 1, "2026-11-23 10:00:00", "2026-11-23T02:00:00.000Z"), draft=False)
    kiosk.outbox.mark_services(kiosk.outbox.pending_services(10), [Result("P-D", "accepted")])
    ev_id = kiosk.outbox.pending_evaluations(10)[0]["id"]
    kiosk.outbox.mark_evaluations([Result(ev_id, "rejected", "E4001", "差评必须勾选详情或填写文字评价")])
    return ev_id


def test_sync_page_lists_dead_letters_and_retries_them(pad, qtbot, monkeypatch):
    kiosk, window, _ = pad
    ev_id = make_dead_letter(kiosk)
    screen = sign_in(window, qtbot)
    click(qtbot, screen.menu_buttons["sync"])
    page = screen.pages["sync"]
    assert page.rows.value_of("上报失败") == "1 条"
    head, error = page.dead_lines[0]
    assert head.isVisible() and "P-D" in head.text() and "已尝试" in head.text()
    assert error.text() == "E4001: 差评必须勾选详情或填写文字评价"
    assert page.retry_button.text() == "全部重新上报(1)"
    calls = []
    real = kiosk.technician.retry_dead
    monkeypatch.setattr(kiosk.technician, "retry_dead", lambda keys=None: calls.append(keys) or real(keys))
    click(qtbot, page.retry_button)
    assert calls == [None]
    assert page.result.text() == "已重新加入上报队列 1 条"
    assert page.rows.value_of("上报失败") == "0 条" and not head.isVisible() and not page.retry_button.isEnabled()
    assert kiosk.outbox.pending_evaluations(10)[0]["id"] == ev_id
    click(qtbot, page.sync_button)  # no [central] url here
    assert page.result.text() == "未配置上报地址,无法上报"


# --- device test ---------------------------------------------------------------------------------------------


def test_device_test_shows_keys_and_never_rates(pad, qtbot):
    kiosk, window, sim = pad
    kiosk.flow.sign_in(SAMPLE_STAFF[0])
    screen = sign_in(window, qtbot)
    click(qtbot, screen.menu_buttons["device"])
    page = screen.pages["device"]
    click(qtbot, page.toggle)
    assert page.active and kiosk.technician.key_listener is not None
    assert sim.commands[-1][0] == "invite"  # the device lights its buttons
    for level in (4, 4, 1):
        kiosk.on_key(level)  # as the evaluator's bridge delivers it
    assert page.cells[4].count == 2 and page.cells[1].count == 1 and page.cells[5].count == 0
    assert page.last.text() == "最近按键:非常不满意(共 3 次)"
    assert kiosk.store.count_evaluations() == 0 and kiosk.flow.state.screen is Screen.IDLE
    click(qtbot, page.commands["点亮全部"])
    assert sim.commands[-1] == ("leds", 0b11111) and page.result.text() == "已发送:点亮全部"
    click(qtbot, page.commands["熄灭"])
    assert sim.commands[-1] == ("leds", 0)
    click(qtbot, page.commands["感谢"])
    assert sim.commands[-1] == ("thanks",)
    click(qtbot, screen.exit_button)  # leaving stops the test and idles the device
    assert not window.technician_open and kiosk.technician.key_listener is None and not page.active
    assert sim.commands[-2:] == [("leds", 0), ("idle",)]


def test_an_invitation_closes_the_screens_and_the_citizen_can_rate(pad, qtbot):
    kiosk, window, sim = pad
    kiosk.flow.sign_in(SAMPLE_STAFF[0])
    screen = sign_in(window, qtbot)
    click(qtbot, screen.menu_buttons["device"])
    click(qtbot, screen.pages["device"].toggle)
    kiosk.flow.invite(sample_case(0))
    assert not window.technician_open and window.current_screen is window.screens[Screen.INVITED]
    assert kiosk.technician.key_listener is None
    assert sim.commands[-1] == ("invite", kiosk.flow.state.invitation.timeout_s, "请对本次服务进行评价")  # not idled
    kiosk.on_key(5)
    assert kiosk.store.count_evaluations() == 1 and kiosk.flow.state.screen is Screen.DETAILS


def test_idle_for_two_minutes_closes_and_stops_the_test(pad, qtbot):
    kiosk, window, sim = pad
    screen = sign_in(window, qtbot)
    click(qtbot, screen.menu_buttons["device"])
    click(qtbot, screen.pages["device"].toggle)
    kiosk.clock.advance(100)
    kiosk.on_key(3)  # a key in the test counts as activity
    kiosk.clock.advance(100)
    window._tick()
    assert window.technician_open
    click(qtbot, screen.menu_buttons["status"])  # so does a touch; and leaving the page ends the test
    assert kiosk.technician.key_listener is None
    kiosk.clock.advance(119)
    window._tick()
    assert window.technician_open
    kiosk.clock.advance(1)
    window._tick()
    assert not window.technician_open and window.current_screen is window.screens[Screen.IDLE]


def test_idle_pin_pad_closes_too(pad, qtbot):
    kiosk, window, _ = pad
    window.technician_ui.enter()
    kiosk.clock.advance(120)
    window._tick()
    assert not window.technician_open
