"""The evaluation flow: every transition and rule, driven by a FakeClock and an in-memory sink."""

import pytest

from kiosk.core.errors import FlowError
from kiosk.core.flow.machine import Screen, StaffStatus
from kiosk.core.model import RuleError
from kiosk.core.reasons import ReasonError
from tests.helpers.fakes import STAFF, FakeSink, Recorder, make_flow, service

UNAVAILABLE_MSG = "暂停评价 · 请稍候"


def outcome(flow, inv):
    return flow.outcomes[inv.id]


# --- start --------------------------------------------------------------------------------------------


def test_initial_state_window_mode():
    flow, sink, _ = make_flow(staff=None)
    assert flow.state.screen is Screen.IDLE
    assert flow.state.staff is None
    assert flow.state.staff_status is StaffStatus.SIGNED_OUT
    assert sink.calls == []


def test_initial_state_terminal_mode():
    flow, _, _ = make_flow(staff=None, mode="terminal")
    assert flow.state.staff_status is StaffStatus.ON_DUTY
    assert flow.terminal


# --- the happy path -----------------------------------------------------------------------------------


def test_invite_press_submit_thanks_idle():
    flow, sink, clock = make_flow()
    rec = Recorder()
    flow.subscribe(rec)
    inv = flow.invite(service(handleUserName="", handleUserPageCode=""))

    assert flow.state.screen is Screen.INVITED
    assert flow.state.invitation == inv
    assert inv.assess_number == 1
    assert inv.pf == 4
    assert inv.timeout_s == 30
    assert inv.deadline == clock.monotonic() + 30
    assert flow.remaining_s() == 30
    assert sink.names() == ["assess_numbers", "save_case"]
    saved = sink.services["P2026112300001"]
    assert (saved.handleUserName, saved.handleUserPageCode) == ("李明", "GH1001")  # bound to the staff
    assert outcome(flow, inv).state == "pending"

    clock.advance(5)
    assert flow.press(5) is True
    assert flow.state.screen is Screen.DETAILS
    ev = flow.state.evaluation
    assert sink.ratings == {ev.id: ev}
    assert (ev.projectNo, ev.satisfaction, ev.assessNumber, ev.pf) == ("P2026112300001", 5, 1, 4)
    assert ev.assessTime == "2026-11-23 10:00:05"
    assert ev.assessTimeUtc == "2026-11-23T02:00:05.000Z"
    assert (ev.window, ev.deviceId, ev.handleUserPageCode) == ("W07", "PAD01", "GH1001")
    assert flow.state.deadline == clock.monotonic() + 60
    out = outcome(flow, inv)
    assert (out.state, out.evaluation_id, out.satisfaction, out.details_done) == ("rated", ev.id, 5, False)

    flow.toggle_reason("517")
    flow.set_text("  办得快\n")
    assert flow.submit() is True
    assert flow.state.screen is Screen.THANKS
    done = sink.finished[ev.id]
    assert (done.evalDetail, done.writingEvaluation, done.incomplete) == ("517", "办得快", False)
    assert (out.evalDetail, out.writingEvaluation, out.details_done) == ("517", "办得快", True)

    clock.advance(2.9)
    flow.tick()
    assert flow.state.screen is Screen.THANKS
    clock.advance(0.1)
    flow.tick()
    assert flow.state.screen is Screen.IDLE
    assert (flow.state.invitation, flow.state.evaluation, flow.state.deadline) == (None, None, None)
    assert rec.events == [
        ("invited", "invited"),
        ("rated", "details"),
        ("details", "details"),
        ("details", "details"),
        ("details_done", "thanks"),
        ("idle", "idle"),
    ]
    assert flow.counters["ratings"] == 1
    assert flow.counters["invitations"] == 1


def test_invite_keeps_case_handler_and_custom_timeout_and_pf():
    flow, sink, clock = make_flow()
    inv = flow.invite(service(handleUserName="王五", handleUserPageCode="GH2002"), pf=3, timeout_s=5)
    assert (inv.pf, inv.timeout_s, inv.deadline) == (3, 5, clock.monotonic() + 5)
    assert sink.services["P2026112300001"].handleUserPageCode == "GH2002"


@pytest.mark.parametrize("timeout", [4, 601, 0])
def test_invite_timeout_bounds(timeout):
    flow, sink, _ = make_flow()
    with pytest.raises(RuleError) as info:
        flow.invite(service(), timeout_s=timeout)
    assert info.value.field == "timeoutSeconds"
    assert flow.state.screen is Screen.IDLE
    assert sink.calls == []


# --- invitation timeout / cancel ----------------------------------------------------------------------


def test_invitation_times_out_to_expired_then_idle():
    flow, sink, clock = make_flow()
    inv = flow.invite(service())
    clock.advance(29.9)
    flow.tick()
    assert flow.state.screen is Screen.INVITED
    assert flow.remaining_s() == 1
    clock.advance(0.1)
    flow.tick()
    assert flow.state.screen is Screen.EXPIRED
    assert outcome(flow, inv).state == "timeout"
    assert flow.counters["timeouts"] == 1
    assert flow.press(5) is False  # too late: nothing recorded
    assert sink.ratings == {}
    clock.advance(flow.settings.qr_screen_s - 0.1)  # long enough to scan 扫码稍后评价
    flow.tick()
    assert flow.state.screen is Screen.EXPIRED
    clock.advance(0.1)
    flow.tick()
    assert flow.state.screen is Screen.IDLE
    assert flow.state.invitation is None
    assert outcome(flow, inv).state == "timeout"


def test_cancel_pending_invitation():
    flow, sink, _ = make_flow()
    inv = flow.invite(service())
    with pytest.raises(FlowError) as info:
        flow.cancel("inv-other")
    assert info.value.code == "not_pending"
    flow.cancel(inv.id)
    assert flow.state.screen is Screen.IDLE
    assert outcome(flow, inv).state == "cancelled"
    assert flow.counters["cancelled"] == 1
    assert flow.press(5) is False
    assert sink.ratings == {}
    with pytest.raises(FlowError):
        flow.cancel(inv.id)


def test_cancel_after_press_refused():
    flow, _, _ = make_flow()
    inv = flow.invite(service())
    flow.press(4)
    with pytest.raises(FlowError) as info:
        flow.cancel(inv.id)
    assert info.value.code == "not_pending"
    assert outcome(flow, inv).state == "rated"


# --- details --------------------------------------------------------------------------------------------


def test_details_timeout_good_level_completes_with_what_was_chosen():
    flow, sink, clock = make_flow()
    inv = flow.invite(service())
    flow.press(4)
    flow.toggle_reason("413")
    flow.set_text("还行")
    clock.advance(59.9)
    flow.tick()
    assert flow.state.screen is Screen.DETAILS
    clock.advance(0.1)
    flow.tick()
    assert flow.state.screen is Screen.THANKS
    (done,) = sink.finished.values()
    assert (done.satisfaction, done.evalDetail, done.writingEvaluation, done.incomplete) == (4, "413", "还行", False)
    assert flow.counters["details_timeouts"] == 1
    assert outcome(flow, inv).details_done is True
    assert outcome(flow, inv).state == "rated"


def test_typing_and_tapping_on_the_details_screen_give_the_citizen_the_time_again():
    """A citizen typing on the on-screen keyboard is not cut off: every character (and every reason tapped)
    restarts details_timeout_s; the screen times out only after that long without a touch."""
    flow, sink, clock = make_flow()
    flow.invite(service())
    flow.press(2)
    for text in ("f", "fu", "服务", "服务不"):
        clock.advance(50)
        flow.set_text(text)
        flow.tick()
    clock.advance(50)
    flow.toggle_reason("212")
    clock.advance(59.9)
    flow.tick()
    assert flow.state.screen is Screen.DETAILS and not sink.finished  # 300 s on the screen, never 60 idle
    clock.advance(0.1)
    flow.tick()
    (done,) = sink.finished.values()
    assert (done.writingEvaluation, done.evalDetail, done.incomplete) == ("服务不", "212", False)


@pytest.mark.parametrize("lvl", [1, 2])
def test_details_timeout_bad_level_with_nothing_stored_incomplete(lvl):
    flow, sink, clock = make_flow()
    flow.invite(service())
    flow.press(lvl)
    clock.advance(60)
    flow.tick()
    (done,) = sink.finished.values()
    assert (done.satisfaction, done.evalDetail, done.writingEvaluation, done.incomplete) == (lvl, "", "", True)
    assert flow.counters["incomplete"] == 1
    assert flow.state.screen is Screen.THANKS


def test_details_timeout_bad_level_keeps_chosen_reason():
    flow, sink, clock = make_flow()
    flow.invite(service())
    flow.press(1)
    flow.toggle_reason("113")
    clock.advance(60)
    flow.tick()
    (done,) = sink.finished.values()
    assert (done.evalDetail, done.incomplete) == ("113", False)


def test_details_timeout_with_overlong_text_stores_first_500():
    # regression: set_text keeps 600 chars; the timeout raised RuleError on every tick (stuck on details)
    flow, sink, clock = make_flow()
    flow.invite(service())
    flow.press(2)
    flow.set_text("慢" * 550)
    assert flow.submit() is False
    assert "at most 500" in flow.state.message
    clock.advance(60)
    flow.tick()
    assert flow.state.screen is Screen.THANKS
    (done,) = sink.finished.values()
    assert done.writingEvaluation == "慢" * 500
    assert done.incomplete is False


def test_submit_bad_rating_without_reason_or_text_refused_with_message():
    flow, sink, _ = make_flow()
    flow.invite(service())
    flow.press(2)
    assert flow.needs_reason() is True
    assert flow.submit() is False
    assert flow.state.screen is Screen.DETAILS
    assert flow.state.message == "差评需要至少选择一个原因或填写文字评价"
    assert sink.finished == {}
    flow.toggle_reason("214")
    assert flow.state.message == ""
    assert flow.submit() is True
    (done,) = sink.finished.values()
    assert (done.evalDetail, done.incomplete) == ("214", False)


def test_submit_bad_rating_with_text_only():
    flow, sink, _ = make_flow()
    flow.invite(service())
    flow.press(1)
    flow.set_text("材料\x00要求\t反复提交")
    assert flow.submit() is True
    (done,) = sink.finished.values()
    assert (done.evalDetail, done.writingEvaluation) == ("", "材料要求 反复提交")


def test_toggle_reason_rules():
    flow, _, _ = make_flow()
    flow.invite(service())
    flow.press(2)
    assert flow.needs_reason() is True
    with pytest.raises(ReasonError):
        flow.toggle_reason("115")  # level 1 reason on a level 2 rating
    with pytest.raises(ReasonError):
        flow.toggle_reason("299")
    flow.toggle_reason("214")
    flow.toggle_reason("207")
    assert flow.state.selected == ("207", "214")
    flow.toggle_reason("214")
    assert flow.state.selected == ("207",)


def test_good_rating_does_not_need_reason():
    flow, _, _ = make_flow()
    flow.invite(service())
    flow.press(3)
    assert flow.needs_reason() is False


def test_details_actions_outside_details_refused():
    flow, _, _ = make_flow()
    for action in (lambda: flow.toggle_reason("214"), lambda: flow.set_text("x"), flow.submit):
        with pytest.raises(FlowError) as info:
            action()
        assert info.value.code == "no_details"
    flow.invite(service())
    with pytest.raises(FlowError):
        flow.submit()


# --- presses that do not count --------------------------------------------------------------------------


@pytest.mark.parametrize("screen", ["idle", "details", "thanks", "expired"])
def test_press_outside_invited_ignored_and_counted(screen):
    flow, sink, clock = make_flow()
    if screen != "idle":
        flow.invite(service())
    if screen in ("details", "thanks"):
        flow.press(5)
    if screen == "thanks":
        flow.submit()
    if screen == "expired":
        clock.advance(30)
        flow.tick()
    assert flow.state.screen == screen
    before = dict(sink.ratings)
    assert flow.press(1, source="keys") is False
    assert flow.state.screen == screen
    assert sink.ratings == before
    assert flow.counters["ignored_presses"] == 1
    assert flow.counters["press_keys"] == 1


def test_second_press_in_same_invitation_ignored():
    flow, sink, _ = make_flow()
    flow.invite(service())
    assert flow.press(5) is True
    first = flow.state.evaluation
    assert flow.press(1) is False
    assert flow.state.evaluation == first
    assert [ev.satisfaction for ev in sink.ratings.values()] == [5]
    assert sink.names().count("save_evaluation") == 1
    assert flow.counters["ignored_presses"] == 1


def test_invalid_level_refused():
    flow, sink, _ = make_flow()
    flow.invite(service())
    with pytest.raises(ValueError):
        flow.press(0)
    assert flow.state.screen is Screen.INVITED
    assert sink.ratings == {}


# --- walk-in -------------------------------------------------------------------------------------------


def test_walk_in_press_while_idle_creates_local_case():
    flow, sink, _ = make_flow(walk_in=True)
    assert flow.press(4) is True
    assert flow.state.screen is Screen.DETAILS
    (svc,) = sink.services.values()
    assert svc.local is True
    assert svc.projectNo == "LPAD0120261123100000001"
    assert (svc.handleUserName, svc.handleUserPageCode, svc.taskName) == ("李明", "GH1001", "窗口服务")
    assert svc.serviceTime == "2026-11-23 10:00:00"
    (ev,) = sink.ratings.values()
    assert (ev.projectNo, ev.satisfaction, ev.window, ev.handleUserPageCode) == (svc.projectNo, 4, "W07", "GH1001")
    assert flow.counters["walk_in"] == 1
    assert flow.outcomes[flow.state.invitation.id].state == "rated"


def test_walk_in_numbers_distinct():
    flow, sink, clock = make_flow(walk_in=True)
    for _ in range(3):
        flow.press(5)
        flow.submit()
        clock.advance(3)
        flow.tick()
    assert sorted(sink.services) == [
        "LPAD0120261123100000001",
        "LPAD0120261123100003002",
        "LPAD0120261123100006003",
    ]


def test_walk_in_number_reused_after_restart_is_skipped():
    # regression: a new process restarts the sequence; in the same second (or after the clock stepped
    # back) the number already had a rating and press() raised RuleError
    sink = FakeSink()
    first, _, clock = make_flow(sink, walk_in=True)
    first.press(5)
    second, _, _ = make_flow(sink, clock, walk_in=True)
    assert second.press(3) is True
    assert sorted(ev.projectNo for ev in sink.ratings.values()) == [
        "LPAD0120261123100000001",
        "LPAD0120261123100000002",
    ]


def test_walk_in_off_press_while_idle_ignored():
    flow, sink, _ = make_flow()
    assert flow.press(5) is False
    assert sink.calls == []


@pytest.mark.parametrize("status", ["paused", "away"])
def test_walk_in_needs_staff_on_duty(status):
    flow, sink, _ = make_flow(walk_in=True)
    flow.set_staff_status(status)
    assert flow.press(5) is False
    assert sink.calls == []
    assert flow.counters["ignored_presses"] == 1


def test_walk_in_window_mode_without_staff_ignored():
    flow, sink, _ = make_flow(staff=None, walk_in=True)
    assert flow.press(5) is False
    assert sink.calls == []


def test_walk_in_terminal_without_staff():
    flow, sink, _ = make_flow(staff=None, walk_in=True, mode="terminal")
    assert flow.press(5) is True
    (ev,) = sink.ratings.values()
    assert (ev.pf, ev.handleUserPageCode) == (5, "")
    assert sink.services[ev.projectNo].local is True


# --- who may invite -----------------------------------------------------------------------------------


@pytest.mark.parametrize("screen", ["invited", "details"])
def test_invite_refused_when_busy(screen):
    flow, _, _ = make_flow()
    flow.invite(service("P1"))
    if screen == "details":
        flow.press(5)
    with pytest.raises(FlowError) as info:
        flow.invite(service("P2"))
    assert info.value.code == "busy"


def test_invite_allowed_on_thanks_and_expired():
    flow, _, clock = make_flow()
    flow.invite(service("P1"))
    flow.press(5)
    flow.submit()
    assert flow.state.screen is Screen.THANKS
    inv2 = flow.invite(service("P2"))
    assert flow.state.screen is Screen.INVITED
    assert flow.state.evaluation is None
    clock.advance(30)
    flow.tick()
    assert flow.state.screen is Screen.EXPIRED
    inv3 = flow.invite(service("P3"))
    assert flow.state.invitation == inv3
    assert inv2.id != inv3.id


def test_invite_refused_without_staff():
    flow, sink, _ = make_flow(staff=None)
    with pytest.raises(FlowError) as info:
        flow.invite(service())
    assert info.value.code == "no_staff"
    assert sink.calls == []


@pytest.mark.parametrize("status", [StaffStatus.PAUSED, StaffStatus.AWAY])
def test_invite_refused_when_not_on_duty(status):
    flow, sink, _ = make_flow()
    flow.set_staff_status(status)
    with pytest.raises(FlowError) as info:
        flow.invite(service())
    assert info.value.code == "not_on_duty"
    flow.set_staff_status("on_duty")
    flow.invite(service())
    assert flow.state.screen is Screen.INVITED


def test_terminal_invites_without_staff_with_pf5():
    flow, sink, _ = make_flow(staff=None, mode="terminal")
    inv = flow.invite(service(handleUserName="", handleUserPageCode=""))
    assert inv.pf == 5
    flow.press(3)
    (ev,) = sink.ratings.values()
    assert (ev.pf, ev.handleUserPageCode, ev.handleUserName) == (5, "", "")


def test_set_staff_status_without_staff_refused_in_window_mode():
    flow, _, _ = make_flow(staff=None)
    with pytest.raises(FlowError) as info:
        flow.set_staff_status("paused")
    assert info.value.code == "no_staff"


@pytest.mark.parametrize("status", ["paused", "away"])
def test_staff_paused_or_away_cancels_pending_invitation(status):
    flow, sink, _ = make_flow()
    inv = flow.invite(service())
    flow.set_staff_status(status)
    assert flow.state.screen is Screen.IDLE
    assert flow.state.staff_status == status
    assert outcome(flow, inv).state == "cancelled"
    assert flow.press(5) is False
    assert sink.ratings == {}


def test_sign_out_cancels_pending_invitation():
    flow, _, _ = make_flow()
    inv = flow.invite(service())
    flow.sign_out()
    assert (flow.state.screen, flow.state.staff, flow.state.staff_status) == (
        Screen.IDLE,
        None,
        StaffStatus.SIGNED_OUT,
    )
    assert outcome(flow, inv).state == "cancelled"


def test_staff_paused_during_details_keeps_the_rating():
    flow, sink, _ = make_flow()
    inv = flow.invite(service())
    flow.press(2)
    flow.set_staff_status("paused")
    assert flow.state.screen is Screen.DETAILS
    flow.toggle_reason("213")
    assert flow.submit() is True
    assert outcome(flow, inv).state == "rated"
    assert [e.evalDetail for e in sink.finished.values()] == ["213"]


# --- 追加评价 --------------------------------------------------------------------------------------------


def test_follow_up_rating_once_after_case_finished():
    flow, sink, clock = make_flow()
    flow.invite(service("P1", proStatus=2))
    flow.press(3)
    flow.submit()
    clock.advance(3)
    flow.tick()
    with pytest.raises(RuleError, match="办结后方可追加评价"):
        flow.invite(service("P1", proStatus=2))
    assert flow.state.screen is Screen.IDLE
    inv = flow.invite(service("P1", proStatus=3))
    assert inv.assess_number == 2
    flow.press(5)
    flow.submit()
    clock.advance(3)
    flow.tick()
    assert sorted((e.projectNo, e.assessNumber, e.satisfaction) for e in sink.ratings.values()) == [
        ("P1", 1, 3),
        ("P1", 2, 5),
    ]
    with pytest.raises(RuleError, match="不能重复评价"):
        flow.invite(service("P1", proStatus=3))


def test_second_first_evaluation_refused_while_first_pending_case():
    flow, sink, _ = make_flow()
    flow.invite(service("P1"))
    flow.cancel(flow.state.invitation.id)
    inv = flow.invite(service("P1"))  # cancelled without a rating: still the first one
    assert inv.assess_number == 1


# --- storage failures ------------------------------------------------------------------------------------


def test_storage_failure_on_press_then_recovery_back_to_invited():
    flow, sink, clock = make_flow()
    inv = flow.invite(service())
    sink.fail_all()
    assert flow.press(5) is False
    assert flow.state.screen is Screen.UNAVAILABLE
    assert flow.state.message == UNAVAILABLE_MSG
    assert sink.ratings == {}
    assert flow.state.evaluation is None
    assert outcome(flow, inv).state == "pending"
    assert flow.counters["storage_failures"] == 1
    assert flow.counters["ratings"] == 0

    # presses while unavailable are ignored; no probe before the interval
    assert flow.press(4) is False
    clock.advance(1.9)
    flow.tick()
    assert "writable" not in sink.names()
    clock.advance(0.1)
    flow.tick()  # probe: still failing
    assert sink.names().count("writable") == 1
    assert flow.state.screen is Screen.UNAVAILABLE
    clock.advance(1)
    flow.tick()  # before the next probe
    assert sink.names().count("writable") == 1

    sink.heal()
    clock.advance(1)
    flow.tick()
    assert sink.names().count("writable") == 2
    assert flow.state.screen is Screen.INVITED
    assert flow.state.invitation == inv
    assert flow.state.deadline == inv.deadline
    assert flow.state.message == ""
    assert flow.press(3) is True
    assert [e.satisfaction for e in sink.ratings.values()] == [3]
    assert outcome(flow, inv).state == "rated"


def test_storage_failure_on_press_invitation_expired_meanwhile_recovers_to_idle():
    flow, sink, clock = make_flow()
    inv = flow.invite(service())
    sink.fail_all()
    flow.press(5)
    clock.advance(40)
    flow.tick()  # probe fails
    assert flow.state.screen is Screen.UNAVAILABLE
    sink.heal()
    clock.advance(2)
    flow.tick()
    assert flow.state.screen is Screen.IDLE
    assert flow.state.invitation is None
    assert outcome(flow, inv).state == "timeout"
    assert sink.ratings == {}


@pytest.mark.parametrize("how", ["paused", "away", "sign_out", "cancel"])
def test_invitation_ended_during_outage_not_resurrected(how):
    # regression: recovery went back to 'invited' although the staff had paused in the meantime
    flow, sink, clock = make_flow()
    inv = flow.invite(service())
    sink.fail_all()
    flow.press(5)
    if how == "sign_out":
        flow.sign_out()
    elif how == "cancel":
        flow.cancel(inv.id)
    else:
        flow.set_staff_status(how)
    assert flow.state.screen is Screen.UNAVAILABLE
    assert outcome(flow, inv).state == "cancelled"
    sink.heal()
    clock.advance(2)
    flow.tick()
    assert flow.state.screen is Screen.IDLE
    assert flow.state.invitation is None
    assert flow.press(5) is False
    assert sink.ratings == {}


def test_invite_refused_while_unavailable():
    flow, sink, _ = make_flow()
    flow.invite(service("P1"))
    sink.fail_all()
    flow.press(5)
    with pytest.raises(FlowError) as info:
        flow.invite(service("P2"))
    assert info.value.code == "unavailable"


def test_storage_failure_on_invite_surfaces_to_caller():
    from kiosk.core.errors import StorageUnavailable

    flow, sink, _ = make_flow()
    sink.fail = {"save_case"}
    with pytest.raises(StorageUnavailable):
        flow.invite(service())
    assert flow.state.screen is Screen.IDLE
    assert flow.outcomes == {}


def test_storage_failure_on_walk_in_press():
    flow, sink, clock = make_flow(walk_in=True)
    sink.fail_all()
    assert flow.press(5) is False
    assert flow.state.screen is Screen.UNAVAILABLE
    assert sink.ratings == {} and sink.services == {}
    sink.heal()
    clock.advance(2)
    flow.tick()
    assert flow.state.screen is Screen.IDLE
    assert flow.press(5) is True


def test_storage_failure_on_submit_then_details_written_on_recovery():
    flow, sink, clock = make_flow()
    inv = flow.invite(service())
    flow.press(1)
    ev = flow.state.evaluation
    flow.toggle_reason("115")
    sink.fail_all()
    flow.submit()
    assert flow.state.screen is Screen.UNAVAILABLE
    assert flow.state.message == UNAVAILABLE_MSG
    assert sink.finished == {}
    assert outcome(flow, inv).details_done is False
    assert outcome(flow, inv).state == "rated"  # the press itself is stored
    clock.advance(2)
    flow.tick()
    assert flow.state.screen is Screen.UNAVAILABLE
    sink.heal()
    clock.advance(2)
    flow.tick()
    assert flow.state.screen is Screen.THANKS
    assert list(sink.finished) == [ev.id]
    assert (sink.finished[ev.id].evalDetail, sink.finished[ev.id].incomplete) == ("115", False)
    assert outcome(flow, inv).details_done is True
    assert outcome(flow, inv).evalDetail == "115"
    clock.advance(15)  # a 差评's thanks (follow-up notice, QR) stays qr_screen_s
    flow.tick()
    assert flow.state.screen is Screen.IDLE


def test_storage_failure_on_details_timeout_then_recovery():
    flow, sink, clock = make_flow()
    flow.invite(service())
    flow.press(2)
    sink.fail_all()
    clock.advance(60)
    flow.tick()
    assert flow.state.screen is Screen.UNAVAILABLE
    sink.heal()
    clock.advance(2)
    flow.tick()
    assert flow.state.screen is Screen.THANKS
    (done,) = sink.finished.values()
    assert (done.satisfaction, done.evalDetail, done.incomplete) == (2, "", True)


def test_storage_failure_on_recovery_finish_stays_unavailable():
    flow, sink, clock = make_flow()
    flow.invite(service())
    flow.press(5)
    sink.fail = {"finish_evaluation"}
    flow.submit()
    assert flow.state.screen is Screen.UNAVAILABLE
    sink.writable = lambda: True  # the probe passes but the real write still fails
    clock.advance(2)
    flow.tick()
    assert flow.state.screen is Screen.UNAVAILABLE
    assert sink.finished == {}
    del sink.writable
    sink.heal()
    clock.advance(2)
    flow.tick()
    assert flow.state.screen is Screen.THANKS
    assert len(sink.finished) == 1


# --- outcomes and observers ------------------------------------------------------------------------------


def test_outcome_states():
    flow, _, clock = make_flow()
    a = flow.invite(service("A"))
    flow.press(5)
    flow.submit()
    b = flow.invite(service("B"))
    clock.advance(30)
    flow.tick()
    c = flow.invite(service("C"))
    flow.cancel(c.id)
    d = flow.invite(service("D"))
    assert {k: v.state for k, v in flow.outcomes.items()} == {
        a.id: "rated",
        b.id: "timeout",
        c.id: "cancelled",
        d.id: "pending",
    }
    assert (flow.outcomes[a.id].projectNo, flow.outcomes[a.id].assessNumber) == ("A", 1)


def test_outcomes_bounded():
    flow, _, _ = make_flow()
    for i in range(505):
        inv = flow.invite(service(f"P{i}"))
        flow.cancel(inv.id)
    assert len(flow.outcomes) == 500
    assert next(iter(flow.outcomes.values())).projectNo == "P5"


def test_failing_observer_does_not_break_the_flow(caplog):
    flow, sink, _ = make_flow()

    def broken(event, state):
        raise RuntimeError("led driver gone")

    rec = Recorder()
    flow.subscribe(broken)
    flow.subscribe(rec)
    flow.invite(service())
    assert flow.press(5) is True
    assert rec.events == [("invited", "invited"), ("rated", "details")]
    assert "flow observer failed" in caplog.text


def test_staff_bound_to_state():
    flow, _, _ = make_flow()
    assert flow.state.staff == STAFF
    assert flow.state.staff_status is StaffStatus.ON_DUTY
