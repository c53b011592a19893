"""The flow's questionnaire page (seed 004): after 提交 on the details page, before the thanks screen.

    details ──提交──▶ questions ──提交 / 跳过 / questions_timeout_s / a new invitation──▶ thanks

It never delays durability and never blocks the next citizen: the press was committed before the details
page, the details are stored (the row stays a draft) before this page opens, and the page ends by itself
after `questions_timeout_s` or as soon as an invitation arrives. Answers are voluntary: 跳过 stores none, a
timeout or an invitation keeps those given so far. Only then is the row handed to sync, with its answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from kiosk.core.errors import FlowError, StorageUnavailable
from kiosk.core.flow.state import EvaluationSink, FlowEvent, FlowSettings, FlowState, Pending, Screen
from kiosk.core.model import Evaluation, RuleError
from kiosk.core.questions import Question, QuestionSets, final_answers
from kiosk.core.timefmt import Clock


class QuestionnaireMixin:
    """Flow's questionnaire methods (kiosk.core.flow.machine.Flow provides the attributes below)."""

    sink: EvaluationSink
    clock: Clock
    settings: FlowSettings
    state: FlowState
    question_sets: QuestionSets
    _unfinished: Pending | None
    _set: Callable[..., None]
    _finish: Callable[[Evaluation], None]
    _storage_failed: Callable[[], bool]
    counters: Any

    def set_questions(self, sets: QuestionSets) -> None:
        """The question sets in force from now on (the centre's profile changed)."""
        self.question_sets = sets

    def questions_for(self, ev: Evaluation) -> tuple[Question, ...]:
        """What this rating is asked: nothing when the questionnaire is off or its matter's set is empty."""
        sets = self.question_sets
        if not sets.active(self.settings.questions):
            return ()
        inv = self.state.invitation
        return sets.for_task(inv.service.taskCode if inv is not None else "")

    def _after_details(self, ev: Evaluation) -> None:
        """提交 on the details page: the questionnaire when there is one, else finish as before."""
        questions = self.questions_for(ev)
        if not questions:
            self._finish(ev)
            return
        try:
            self.sink.save_details(ev)
        except StorageUnavailable:
            self._unfinished = Pending(ev)  # recovery finishes it as it is, without the questionnaire
            self._storage_failed()
            return
        self.counters["questionnaires"] += 1
        self._set(
            FlowEvent.QUESTIONS,
            screen=Screen.QUESTIONS,
            evaluation=ev,
            questions=questions,
            answers=(),
            deadline=self.clock.monotonic() + self.settings.questions_timeout_s,
            message="",
        )

    def _questions_evaluation(self) -> Evaluation:
        if self.state.screen is not Screen.QUESTIONS or self.state.evaluation is None:
            raise FlowError("no questionnaire is open", "no_questions")
        return self.state.evaluation

    def answer(self, code: str, value: str) -> None:
        """An answer given (or changed; "" takes it back). Yes/no questions answer "yes" or "no"."""
        self._questions_evaluation()
        question = next((q for q in self.state.questions if q.code == code), None)
        if question is None:
            raise RuleError(f"unknown question {code!r}", "questionAnswers")
        answers = tuple((c, a) for c, a in self.state.answers if c != code)
        if value:
            answers = tuple(sorted((*answers, (code, value[:600])), key=self._order))
        self._set(FlowEvent.QUESTIONS, answers=answers, message="")

    def _order(self, pair: tuple[str, str]) -> int:
        return [q.code for q in self.state.questions].index(pair[0])

    def submit_answers(self) -> bool:
        """提交 on the questionnaire: False (with a message on screen) when a text breaks the rules."""
        ev = self._questions_evaluation()
        try:
            answers = final_answers(self.state.questions, self.state.answers)
        except RuleError as exc:
            self._set(FlowEvent.QUESTIONS, message=str(exc))
            return False
        self.counters["questionnaires_answered" if answers else "questionnaires_empty"] += 1
        self._finish(replace(ev, questionAnswers=answers))
        return True

    def skip_questions(self) -> None:
        """跳过: no answers are stored."""
        ev = self._questions_evaluation()
        self.counters["questionnaires_skipped"] += 1
        self._finish(replace(ev, questionAnswers=()))

    def _end_questions(self, why: str) -> None:
        """The page ends without 提交 (timeout, a new invitation): the answers given so far are kept."""
        ev = self._questions_evaluation()
        self.counters[f"questionnaires_{why}"] += 1
        answers = final_answers(self.state.questions, self.state.answers, final=False)
        self._finish(replace(ev, questionAnswers=answers))
