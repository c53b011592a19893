"""End to end through the pad window: a real Flow, a real StoreSink on SQLite, real clicks, the window's timer."""

from __future__ import annotations

import pytest

from kiosk.core.flow.machine import Flow, FlowSettings, Screen
from kiosk.core.timefmt import FakeClock
from kiosk.demo.samples import SAMPLE_STAFF, sample_case
from kiosk.store.db import Store
from kiosk.store.sink import StoreSink
from kiosk.ui.font import install_app_font
from kiosk.ui.qt import Qt
from kiosk.ui.settings import UiSettings
from kiosk.ui.window import PadWindow


@pytest.fixture
def pad(qapp, qtbot, tmp_path):
    install_app_font(qapp)
    clock = FakeClock()
    store = Store(tmp_path / "kiosk.sqlite", clock=clock)
    flow = Flow(StoreSink(store), clock, FlowSettings(device_id="PAD-03", counter="3号窗口", thanks_s=3))
    flow.sign_in(SAMPLE_STAFF[0])
    window = PadWindow(flow, UiSettings(width=1280, height=800, hall="政务服务中心", counter="3号窗口"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window, flow, clock, store
    window.timer.stop()
    store.close()


def click(qtbot, widget):
    assert widget.isVisible(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_bad_rating_with_two_reasons_is_stored_once(pad, qtbot):
    window, flow, clock, store = pad
    flow.invite(sample_case(0))
    assert window.current_screen is window.screens[Screen.INVITED]
    invited = window.screens[Screen.INVITED]
    assert invited.case.full_text().endswith("申请人 张*三")  # masked, never the full name

    click(qtbot, invited.buttons[2])  # 不满意
    assert flow.state.screen is Screen.DETAILS
    details = window.screens[Screen.DETAILS]
    assert window.current_screen is details
    assert details.title.full_text() == "请选择不满意的原因"
    assert [c.text() for c in details.chips] == [r.name for r in flow.catalog.for_level(2)]

    click(qtbot, details.chips[6])  # 213 窗口人员业务不熟练
    click(qtbot, details.chips[0])  # 207 没有提供材料样本
    assert flow.state.selected == ("207", "213")
    assert details.chips[0].isChecked() and details.chips[6].isChecked() and not details.chips[1].isChecked()

    click(qtbot, details.submit)
    assert flow.state.screen is Screen.THANKS
    assert window.current_screen is window.screens[Screen.THANKS]
    assert window.screens[Screen.THANKS].follow_up.isVisible()  # 相关部门将在1个工作日内与您联系

    clock.advance(3)
    qtbot.wait(300)
    assert flow.state.screen is Screen.THANKS  # a 差评's thanks stays qr_screen_s, not thanks_s
    clock.advance(12)
    qtbot.waitUntil(lambda: flow.state.screen is Screen.IDLE, timeout=3000)  # the window's own timer ticks
    assert window.current_screen is window.screens[Screen.IDLE]

    rows = store.evaluations()
    assert len(rows) == 1
    row = rows[0]
    assert row["satisfaction"] == 2
    assert row["evalDetail"] == "207,213"
    assert row["assessNumber"] == 1
    assert row["handleUserPageCode"] == SAMPLE_STAFF[0].pageCode
    assert row["window"] == "3号窗口"
    assert row["pf"] == 4
    assert row["sync_state"] == "pending"
    assert row["incomplete"] == 0


def test_bad_rating_submitted_empty_shows_the_rule_and_stays(pad, qtbot):
    window, flow, clock, store = pad
    flow.invite(sample_case(1))
    click(qtbot, window.screens[Screen.INVITED].buttons[1])  # 非常不满意
    details = window.screens[Screen.DETAILS]
    click(qtbot, details.submit)
    assert flow.state.screen is Screen.DETAILS
    assert details.message.isVisible()
    assert details.message.text() == flow.state.message == "差评需要至少选择一个原因或填写文字评价"
    assert store.evaluations()[0]["sync_state"] == "draft"  # the press is stored; details not yet

    click(qtbot, details.phrases[0])  # a common phrase stands in for typing
    assert flow.state.text == details.phrases[0].text()
    assert not details.message.isVisible()
    assert details.editor.isVisible() and not details.write.isVisible()
    click(qtbot, details.submit)
    assert flow.state.screen is Screen.THANKS
    row = store.evaluations()[0]
    assert (row["satisfaction"], row["evalDetail"], row["writingEvaluation"]) == (1, "", "等候时间太长")


def test_good_rating_needs_nothing_and_keyboard_keys_press(pad, qtbot):
    window, flow, clock, store = pad
    flow.invite(sample_case(2))
    qtbot.keyClick(window, Qt.Key.Key_5)
    assert flow.state.screen is Screen.DETAILS
    details = window.screens[Screen.DETAILS]
    assert details.title.full_text() == "您可以选择满意的原因(可选)"
    click(qtbot, details.write)  # 填写意见 opens the text field
    assert details.editor.isVisible()
    qtbot.keyClicks(details.editor, "ok")
    assert flow.state.text == "ok"
    click(qtbot, details.submit)
    row = store.evaluations()[0]
    assert (row["satisfaction"], row["writingEvaluation"], row["sync_state"]) == (5, "ok", "pending")


def test_invitation_times_out_to_expired_then_idle(pad, qtbot):
    window, flow, clock, store = pad
    flow.invite(sample_case(0), timeout_s=10)
    clock.advance(10)
    qtbot.waitUntil(lambda: flow.state.screen is Screen.EXPIRED, timeout=3000)
    expired = window.screens[Screen.EXPIRED]
    assert window.current_screen is expired
    assert expired.headline.full_text() == "评价已超时"
    assert expired.qr_caption.full_text() == "扫码稍后评价"
    assert window.qr_slots["expired"] is expired.qr_slot
    clock.advance(flow.settings.qr_screen_s)
    qtbot.waitUntil(lambda: flow.state.screen is Screen.IDLE, timeout=3000)
    assert store.evaluations() == []
