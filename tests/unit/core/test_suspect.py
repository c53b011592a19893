"""Interference flags: each one with the flow's injected clock, none on an ordinary rating, never acted on."""

import pytest

from kiosk.core.flow.machine import Screen
from kiosk.core.suspect import BURST, FAST_PRESS, WALK_IN_NO_STAFF, SuspectRules, completes_burst, flags_for, is_fast
from tests.helpers.fakes import make_flow, service


def rate(flow, clock, level, *, after_s=2.0, number="P1"):
    """Invite a case, wait `after_s`, press `level`, submit (a 差评 with a reason); the stored rating."""
    flow.invite(service(number))
    clock.advance(after_s)
    assert flow.press(level) is True
    ev = flow.state.evaluation
    if level <= 2:
        flow.toggle_reason("115")
    assert flow.submit() is True
    clock.advance(1)
    return ev


def test_an_ordinary_rating_carries_no_flag():
    flow, sink, clock = make_flow()
    ev = rate(flow, clock, 5)
    assert ev.suspect == () and sink.ratings[ev.id].suspect == ()
    assert not [k for k in flow.counters if k.startswith("suspect_")]


def test_fast_press_below_min_response_ms():
    flow, sink, clock = make_flow()
    fast = rate(flow, clock, 5, after_s=0.79, number="P1")
    slow = rate(flow, clock, 5, after_s=0.80, number="P2")  # exactly the threshold: a citizen can do that
    assert sink.ratings[fast.id].suspect == (FAST_PRESS,)
    assert sink.ratings[slow.id].suspect == ()
    assert flow.counters["suspect_fast_press"] == 1
    assert sink.finished[fast.id].suspect == (FAST_PRESS,)  # kept through the details page


def test_fast_press_threshold_from_settings_and_off_at_zero():
    flow, sink, clock = make_flow(suspect=SuspectRules(min_response_ms=2000))
    assert rate(flow, clock, 4, after_s=1.5).suspect == (FAST_PRESS,)
    flow, sink, clock = make_flow(suspect=SuspectRules(min_response_ms=0))
    assert rate(flow, clock, 4, after_s=0.0).suspect == ()


def test_fast_press_counts_from_when_the_invitation_was_shown_not_from_storage_recovery():
    flow, sink, clock = make_flow()
    flow.invite(service())
    clock.advance(0.5)
    sink.fail_all()
    assert flow.press(5) is False  # not stored: no rating, no flag
    sink.heal()
    clock.advance(2)
    flow.tick()
    assert flow.state.screen is Screen.INVITED  # the invitation is back, shown 2.5 s ago
    clock.advance(0.1)
    assert flow.press(5) is True
    assert flow.state.evaluation.suspect == ()


def test_burst_flags_the_rating_completing_it_and_later_ones_in_the_window():
    flow, sink, clock = make_flow()
    evs = [rate(flow, clock, 5, after_s=10, number=f"P{i}") for i in range(6)]  # one every 11 s
    assert [e.suspect for e in evs] == [(), (), (), (), (BURST,), (BURST,)]
    assert [sink.ratings[e.id].suspect for e in evs] == [e.suspect for e in evs]
    assert flow.counters["suspect_burst"] == 2


def test_burst_needs_identical_ratings():
    flow, _, clock = make_flow()
    evs = [rate(flow, clock, level, after_s=10, number=f"P{i}") for i, level in enumerate([5, 5, 4, 5, 5, 4, 5])]
    assert [e.suspect for e in evs] == [()] * 6 + [(BURST,)]  # the fifth 5


def test_burst_only_within_the_window():
    flow, _, clock = make_flow(suspect=SuspectRules(burst_count=3, burst_window_s=60))
    first = [rate(flow, clock, 1, after_s=28, number=f"A{i}") for i in range(2)]  # at 28 s and 57 s
    clock.advance(10)  # the first is now more than 60 s back when the third comes
    third = rate(flow, clock, 1, after_s=28, number="A2")
    assert [e.suspect for e in first] == [(), ()] and third.suspect == ()
    fourth = rate(flow, clock, 1, after_s=2, number="A3")
    assert fourth.suspect == (BURST,)  # 2nd, 3rd, 4th within 60 s


def test_burst_and_fast_press_together_in_order():
    flow, _, clock = make_flow(suspect=SuspectRules(burst_count=2))
    rate(flow, clock, 3, after_s=0.1, number="P1")
    assert rate(flow, clock, 3, after_s=0.1, number="P2").suspect == (FAST_PRESS, BURST)


def test_walk_in_without_staff_flagged_and_never_fast():
    flow, sink, clock = make_flow(staff=None, walk_in=True, mode="terminal")
    assert flow.press(5) is True  # the press on the idle screen is the walk-in: no invitation was read
    (ev,) = sink.ratings.values()
    assert ev.suspect == (WALK_IN_NO_STAFF,)


def test_walk_in_with_staff_signed_in_is_ordinary():
    flow, sink, clock = make_flow(walk_in=True)
    assert flow.press(5) is True
    (ev,) = sink.ratings.values()
    assert ev.suspect == ()


def test_a_flagged_rating_is_stored_and_finished_as_any_other():
    flow, sink, clock = make_flow()
    ev = rate(flow, clock, 1, after_s=0.1)
    assert ev.suspect == (FAST_PRESS,)
    done = sink.finished[ev.id]
    assert (done.satisfaction, done.evalDetail, done.incomplete) == (1, "115", False)
    assert flow.state.screen is Screen.THANKS


@pytest.mark.parametrize(
    ("shown", "pressed", "ms", "fast"),
    [(10.0, 10.5, 800, True), (10.0, 10.8, 800, False), (10.0, 10.0, 0, False), (10.0, 12.0, 3000, True)],
)
def test_is_fast(shown, pressed, ms, fast):
    assert is_fast(shown, pressed, ms) is fast


def test_completes_burst_counts_this_press_and_off_at_zero():
    rules = SuspectRules(burst_count=3, burst_window_s=10)
    assert completes_burst([(0.0, 5), (5.0, 5)], 10.0, 5, rules) is True
    assert completes_burst([(0.0, 5), (5.0, 5)], 10.1, 5, rules) is False
    assert completes_burst([(0.0, 4), (5.0, 5)], 10.0, 5, rules) is False
    assert completes_burst([(9.0, 5)] * 9, 10.0, 5, SuspectRules(burst_count=0)) is False


def test_flags_for_an_ordinary_press():
    got = flags_for(
        rules=SuspectRules(), earlier=[], pressed_at=5.0, level=5, shown_at=1.0, walk_in=False, staff_signed_in=True
    )
    assert got == ()
