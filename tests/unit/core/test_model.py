from datetime import UTC, datetime

import pytest

from kiosk.core.model import (
    MAX_TEXT,
    Case,
    Evaluation,
    RuleError,
    clean_text,
    next_assess_number,
)
from kiosk.core.reasons import ReasonCatalog, ReasonError
from kiosk.core.timefmt import FakeClock
from tests.helpers.fakes import FakeSink, make_flow, rating, service

CAT = ReasonCatalog.national()
NOW = datetime(2026, 11, 23, 2, 0, 0, tzinfo=UTC)


def ev(satisfaction: int, **kw) -> Evaluation:
    return Evaluation(
        projectNo="P1", satisfaction=satisfaction, assessTime="2026-11-23 10:00:00", assessTimeUtc="x", **kw
    )


# --- assessNumber: one first evaluation, one 追加评价 once finished ---------------------------------------


@pytest.mark.parametrize("status", [1, 2, 3])
def test_first_evaluation_is_number_one(status):
    assert next_assess_number([], status) == 1
    assert next_assess_number({2}, status) == 1  # odd data: still no first rating -> the first one


@pytest.mark.parametrize("status", [1, 2])
def test_second_evaluation_refused_before_case_finished(status):
    with pytest.raises(RuleError, match="办结后方可追加评价") as info:
        next_assess_number([1], status)
    assert info.value.field == "projectNo"


def test_follow_up_only_when_finished_and_only_once():
    assert next_assess_number([1], 3) == 2
    with pytest.raises(RuleError, match="不能重复评价"):
        next_assess_number([1, 2], 3)


@pytest.mark.parametrize("number", [0, 3, -1])
def test_assess_number_range(number):
    with pytest.raises(RuleError) as info:
        ev(5, assessNumber=number)
    assert info.value.field == "assessNumber"


def test_pf_and_level_checked():
    with pytest.raises(RuleError):
        ev(5, pf=7)
    with pytest.raises(ValueError):
        ev(6)


# --- services ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"projectNo": ""}, "projectNo"),
        ({"projectNo": "   "}, "projectNo"),
        ({"projectNo": "P" * 51}, "projectNo"),
        ({"projectNo": "P1\n"}, "projectNo"),
        ({"projectNo": "P1", "proStatus": 4}, "proStatus"),
        ({"projectNo": "P1", "userProp": 7}, "userProp"),
        ({"projectNo": "P1", "proChannel": 3}, "proChannel"),
    ],
)
def test_service_rules(kw, field):
    with pytest.raises(RuleError) as info:
        Case(**kw)
    assert info.value.field == field


def test_service_limits_accepted():
    assert Case(projectNo="P" * 50, proStatus=3, userProp=9, proChannel=1).projectNo == "P" * 50


# --- details: 差评 needs a reason of its level or a text --------------------------------------------------


@pytest.mark.parametrize("lvl", [1, 2])
def test_bad_rating_needs_reason_or_text_on_submit(lvl):
    with pytest.raises(RuleError, match="差评需要至少选择一个原因或填写文字评价") as info:
        ev(lvl).with_details(CAT, [], "  ", final=True)
    assert info.value.field == "evalDetail"


def test_bad_rating_with_reason_of_its_level():
    done = ev(1).with_details(CAT, ["115", "108"], None, final=True)
    assert (done.evalDetail, done.writingEvaluation, done.incomplete) == ("108,115", "", False)
    assert done.reasons == ("108", "115")


def test_bad_rating_with_text_only():
    done = ev(2).with_details(CAT, [], "等了两个小时", final=True)
    assert (done.evalDetail, done.writingEvaluation, done.incomplete) == ("", "等了两个小时", False)


def test_bad_rating_reason_of_other_level_refused():
    with pytest.raises(ReasonError):
        ev(2).with_details(CAT, ["115"], "", final=True)


def test_bad_rating_timeout_without_anything_is_incomplete_not_invented():
    done = ev(1).with_details(CAT, [], "", final=False)
    assert (done.evalDetail, done.writingEvaluation, done.incomplete) == ("", "", True)


@pytest.mark.parametrize("lvl", [3, 4, 5])
def test_good_rating_needs_nothing(lvl):
    done = ev(lvl).with_details(CAT, [], "", final=True)
    assert (done.evalDetail, done.writingEvaluation, done.incomplete) == ("", "", False)


def test_with_details_keeps_identity():
    first = ev(4)
    done = first.with_details(CAT, ["413"], "好", final=True)
    assert done.id == first.id
    assert done.satisfaction == 4


# --- text -----------------------------------------------------------------------------------------------


def test_text_control_chars_stripped_and_whitespace_collapsed():
    assert clean_text("a\x00b\x07c\u200bd") == "abcd"
    assert clean_text("  排队\t太久\r\n  了 ") == "排队 太久 了"
    assert clean_text(None) == ""
    assert clean_text("") == ""


def test_text_limit_500():
    assert clean_text("好" * MAX_TEXT) == "好" * 500
    assert MAX_TEXT == 500
    with pytest.raises(RuleError, match="at most 500 characters, got 501") as info:
        clean_text("好" * 501)
    assert info.value.field == "writingEvaluation"
    # control characters do not count
    assert clean_text("好" * 500 + "\x00" * 20) == "好" * 500


# --- press -> evaluation --------------------------------------------------------------------------------


def test_press_makes_the_evaluation_from_case_staff_and_device():
    flow, _, _ = make_flow(FakeSink(), FakeClock(NOW), counter="W07", device_id="PAD01")
    flow.invite(service("P9", handleUserName="", handleUserPageCode=""))
    assert flow.press(2) is True
    e = flow.state.evaluation
    assert (e.projectNo, e.satisfaction, e.assessNumber, e.pf) == ("P9", 2, 1, 4)
    assert e.assessTime == "2026-11-23 10:00:00"
    assert e.assessTimeUtc == "2026-11-23T02:00:00.000Z"
    assert (e.handleUserName, e.handleUserPageCode, e.window, e.deviceId) == ("李明", "GH1001", "W07", "PAD01")
    assert (e.evalDetail, e.writingEvaluation, e.incomplete) == ("", "", False)


def test_press_keeps_case_handler():
    sink = FakeSink()
    sink.ratings["first"] = rating("P9", 4, id="first")  # rated before: this press is the 追加评价
    flow, _, _ = make_flow(sink, FakeClock(NOW), counter="", device_id="")
    flow.invite(service("P9", handleUserName="王五", handleUserPageCode="GH2002", proStatus=3))
    assert flow.press(5) is True
    e = flow.state.evaluation
    assert (e.handleUserName, e.handleUserPageCode, e.assessNumber) == ("王五", "GH2002", 2)


def test_evaluation_ids_unique():
    assert len({ev(5).id for _ in range(100)}) == 100


def test_evaluation_id_is_uuid4_text():
    import uuid

    for _ in range(1000):
        text = ev(5).id
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, text)
