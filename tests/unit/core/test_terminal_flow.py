import pytest

from kiosk.core.errors import FlowError
from kiosk.core.flow.machine import FlowSettings
from kiosk.core.flow.state import Screen
from kiosk.core.flow.terminal import TerminalFlow
from kiosk.core.model import Case
from kiosk.core.timefmt import FakeClock
from tests.helpers.fakes import FakeSink


@pytest.fixture
def term():
    clock = FakeClock()
    flow = TerminalFlow(FakeSink(), clock, FlowSettings(mode="terminal", thanks_s=3, qr_screen_s=15, idle_timeout_s=60))
    return flow, clock


def test_keypad_countdown_restarts_on_each_key_and_times_out(term):
    flow, clock = term
    flow.open_keypad()
    assert flow.state.screen is Screen.KEYPAD and flow.remaining_s() == 60
    clock.advance(50)
    flow.keypad_text("4201")
    assert flow.state.text == "4201" and flow.remaining_s() == 60
    clock.advance(59.9)
    flow.tick()
    assert flow.state.screen is Screen.KEYPAD
    clock.advance(0.2)
    flow.tick()
    assert flow.state.screen is Screen.IDLE and flow.state.text == ""


def test_keypad_only_from_attract_and_message_not_over_a_rating(term):
    flow, _ = term
    flow.invite(Case("P1"))
    with pytest.raises(FlowError):
        flow.open_keypad()
    flow.show_message("已超过评价期限")
    assert flow.state.screen is Screen.INVITED  # a notice never hides a live rating
    flow.cancel(flow.state.invitation.id)
    flow.show_message("已超过评价期限", seconds=5)
    assert flow.state.screen is Screen.MESSAGE and flow.state.message == "已超过评价期限"
    flow.open_keypad()
    assert flow.state.screen is Screen.KEYPAD
    flow.go_idle()
    assert flow.state.screen is Screen.IDLE


def test_message_ends_by_itself(term):
    flow, clock = term
    flow.show_message("该办件已评价")
    assert flow.remaining_s() == 6  # default: twice thanks_s
    clock.advance(6)
    flow.tick()
    assert flow.state.screen is Screen.IDLE and flow.state.message == ""


def test_terminal_thanks_stays_long_enough_to_scan_or_print(term):
    flow, clock = term
    inv = flow.invite(Case("P2"))
    assert inv.pf == 5  # 自助终端, no staff needed
    assert flow.press(5)
    assert flow.submit()
    assert flow.state.screen is Screen.THANKS and flow.remaining_s() == 15
    clock.advance(14.9)
    flow.tick()
    assert flow.state.screen is Screen.THANKS
    clock.advance(0.2)
    flow.tick()
    assert flow.state.screen is Screen.IDLE
