"""The refined questionnaire (seed 004): the model from a profile, and the flow's page after the details."""

import pytest

from kiosk.core.errors import FlowError
from kiosk.core.flow.machine import Screen
from kiosk.core.flow.state import FlowEvent
from kiosk.core.model import RuleError
from kiosk.core.questions import (
    DEFAULT_QUESTIONS,
    NO,
    YES,
    QuestionKind,
    QuestionSets,
    answers_from_json,
    answers_to_json,
    final_answers,
)
from tests.helpers.fakes import Recorder, make_flow, service

TASK = "11420100MB1234567X4000117001"  # the taskCode of tests.helpers.fakes.service()
PROFILE = {
    "questions": {
        "enabled": True,
        "default": [{"code": "guide", "text": "服务指引是否清晰"}],
        "byTaskCode": {
            TASK: [
                {"code": "fast", "text": "是否一次办成", "type": "yesno"},
                {"code": "idea", "text": "有何改进意见", "type": "text", "phrases": ["暂无意见"]},
            ],
            "QUIET": [],
        },
    }
}


def questioned_flow(profile=PROFILE, **settings):
    flow, sink, clock = make_flow(questions_timeout_s=30, **settings)
    flow.set_questions(QuestionSets.from_profile(profile))
    return flow, sink, clock


def rated_and_submitted(flow, level=5, **case):
    flow.invite(service(**case))
    assert flow.press(level)
    assert flow.submit() is True


# --- the model --------------------------------------------------------------------------------------


def test_default_set_is_seed_004():
    assert [q.text for q in DEFAULT_QUESTIONS] == [
        "服务指引是否清晰",
        "办事程序是否便利",
        "材料手续是否精简",
        "操作界面是否友好",
        "有何改进意见",
    ]
    assert [q.kind for q in DEFAULT_QUESTIONS] == [QuestionKind.YES_NO] * 4 + [QuestionKind.TEXT]
    sets = QuestionSets.from_profile(None)
    assert sets.for_task("anything") == DEFAULT_QUESTIONS and sets.enabled is None
    assert sets.active(False) is False and sets.active(True) is True


def test_profile_sets_per_task_override_and_switch():
    sets = QuestionSets.from_profile(PROFILE)
    assert [q.code for q in sets.for_task(TASK)] == ["fast", "idea"]
    assert sets.for_task(TASK)[1].phrases == ("暂无意见",)
    assert [q.code for q in sets.for_task("OTHER")] == ["guide"]
    assert sets.for_task("QUIET") == ()
    assert sets.active(False) is True  # the profile's word wins over the config
    off = QuestionSets.from_profile({"questions": {"enabled": False}})
    assert off.active(True) is False and off.for_task("X") == DEFAULT_QUESTIONS


@pytest.mark.parametrize(
    "section",
    [
        [],
        {"enabled": "yes"},
        {"default": [{"code": "", "text": "问"}]},
        {"default": [{"code": "a", "text": ""}]},
        {"default": [{"code": "a", "text": "问", "type": "stars"}]},
        {"default": [{"code": "a", "text": "问"}, {"code": "a", "text": "再问"}]},
        {"default": [{"code": f"q{i}", "text": "问"} for i in range(11)]},
        {"byTaskCode": []},
        {"byTaskCode": {"T": [{"code": "a", "text": "问", "type": "text", "phrases": [1]}]}},
    ],
)
def test_malformed_profile_sections_are_refused(section):
    with pytest.raises(ValueError):
        QuestionSets.from_profile({"questions": section})


def test_answers_are_checked_ordered_and_cleaned():
    qs = QuestionSets.from_profile(PROFILE).for_task(TASK)
    assert final_answers(qs, (("idea", " 多\x00一些\n座椅 "), ("fast", YES))) == (
        ("fast", YES),
        ("idea", "多一些 座椅"),
    )
    assert final_answers(qs, (("idea", "\x07"),)) == ()  # nothing left of the text: no answer
    with pytest.raises(RuleError):
        final_answers(qs, (("fast", "maybe"),))
    with pytest.raises(RuleError):
        final_answers(qs, (("other", YES),))
    with pytest.raises(RuleError):
        final_answers(qs, (("idea", "长" * 501),))
    assert final_answers(qs, (("idea", "长" * 501),), final=False) == (("idea", "长" * 500),)
    pairs = (("fast", NO), ("idea", "好"))
    assert answers_from_json(answers_to_json(pairs)) == pairs
    assert answers_to_json(()) == "" and answers_from_json("") == ()


# --- the flow ---------------------------------------------------------------------------------------


def test_answered_questionnaire_goes_with_the_rating():
    flow, sink, clock = questioned_flow()
    rec = Recorder()
    flow.subscribe(rec)
    rated_and_submitted(flow)
    assert flow.state.screen is Screen.QUESTIONS
    assert [q.code for q in flow.state.questions] == ["fast", "idea"]  # the per-task override
    ev = flow.state.evaluation
    assert sink.names()[-1] == "save_details" and ev.id in sink.details and ev.id not in sink.finished
    assert flow.remaining_s() == 30
    flow.answer("idea", "暂无意见")
    flow.answer("fast", NO)
    flow.answer("fast", YES)  # changed
    assert flow.state.answers == (("fast", YES), ("idea", "暂无意见"))
    assert flow.submit_answers() is True
    assert flow.state.screen is Screen.THANKS and flow.state.questions == () and flow.state.answers == ()
    assert sink.finished[ev.id].questionAnswers == (("fast", YES), ("idea", "暂无意见"))
    assert (FlowEvent.QUESTIONS, "questions") in rec.events and rec.events[-1] == (FlowEvent.DETAILS_DONE, "thanks")
    assert flow.counters["questionnaires_answered"] == 1


def test_too_long_text_keeps_the_page_with_a_message():
    flow, sink, _ = questioned_flow()
    rated_and_submitted(flow)
    flow.answer("idea", "长" * 501)
    assert flow.submit_answers() is False
    assert flow.state.screen is Screen.QUESTIONS and "500" in flow.state.message
    assert not sink.finished


def test_skipped_questionnaire_stores_no_answers():
    flow, sink, _ = questioned_flow()
    rated_and_submitted(flow)
    flow.answer("fast", YES)
    flow.skip_questions()
    ev = flow.state.evaluation
    assert flow.state.screen is Screen.THANKS and sink.finished[ev.id].questionAnswers == ()
    assert flow.counters["questionnaires_skipped"] == 1
    with pytest.raises(FlowError):
        flow.answer("fast", NO)  # the page is gone


def test_timed_out_questionnaire_keeps_what_was_answered():
    flow, sink, clock = questioned_flow()
    rated_and_submitted(flow)
    flow.answer("fast", NO)
    clock.advance(29)
    flow.tick()
    assert flow.state.screen is Screen.QUESTIONS
    clock.advance(1)
    flow.tick()
    ev = flow.state.evaluation
    assert flow.state.screen is Screen.THANKS and sink.finished[ev.id].questionAnswers == (("fast", NO),)
    assert flow.counters["questionnaires_timeouts"] == 1


def test_an_invitation_ends_the_questionnaire_at_once():
    flow, sink, _ = questioned_flow()
    rated_and_submitted(flow)
    first = flow.state.evaluation
    flow.answer("idea", "好" * 501)  # even an over-long text never blocks the next citizen
    inv = flow.invite(service("P-NEXT"))
    assert flow.state.screen is Screen.INVITED and flow.state.invitation == inv
    assert sink.finished[first.id].questionAnswers == (("idea", "好" * 500),)
    assert flow.counters["questionnaires_interrupted"] == 1
    assert flow.press(4)  # the next citizen rates as ever


def test_a_bad_rating_is_asked_after_its_reasons():
    flow, sink, _ = questioned_flow()
    flow.invite(service())
    flow.press(1)
    assert flow.submit() is False and flow.state.screen is Screen.DETAILS  # a 差评 still needs a reason first
    flow.set_text("等候时间太长")
    assert flow.submit() is True and flow.state.screen is Screen.QUESTIONS
    assert sink.details[flow.state.evaluation.id].writingEvaluation == "等候时间太长"


@pytest.mark.parametrize(
    ("profile", "configured", "task"),
    [
        ({"questions": {"enabled": False}}, True, TASK),  # the profile switches it off
        ({}, False, TASK),  # no word from the profile, off in config (the default)
        (PROFILE, False, "QUIET"),  # this matter's set is empty
    ],
)
def test_no_questionnaire_details_end_as_before(profile, configured, task):
    flow, sink, _ = questioned_flow(profile, questions=configured)
    flow.invite(service(taskCode=task))
    flow.press(5)
    assert flow.submit() is True
    assert flow.state.screen is Screen.THANKS
    assert "save_details" not in sink.names() and sink.names()[-1] == "finish_evaluation"
    assert sink.finished[flow.state.evaluation.id].questionAnswers == ()


def test_config_switch_offers_the_default_set():
    flow, _, _ = questioned_flow({}, questions=True)
    rated_and_submitted(flow)
    assert flow.state.questions == DEFAULT_QUESTIONS


def test_details_timeout_never_opens_the_questionnaire():
    flow, sink, clock = questioned_flow()
    flow.invite(service())
    flow.press(5)
    clock.advance(60)
    flow.tick()
    assert flow.state.screen is Screen.THANKS and "save_details" not in sink.names()


def test_storage_failure_before_the_page_finishes_the_rating_on_recovery():
    flow, sink, clock = questioned_flow()
    flow.invite(service())
    flow.press(5)
    sink.fail = {"save_details"}
    assert flow.submit() is True
    assert flow.state.screen is Screen.UNAVAILABLE
    sink.heal()
    clock.advance(2)
    flow.tick()
    ev = flow.state.evaluation
    assert flow.state.screen is Screen.THANKS and ev.id in sink.finished
