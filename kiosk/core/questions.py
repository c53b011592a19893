"""The refined questionnaire (seed 004, 细化评价问询表单): questions asked after the level, per matter.

The centre's profile carries the sets (`questions`: a default set and overrides per taskCode, see
docs/central-api.md); without one the built-in default set below is used. Every question is voluntary
(由办事企业和群众自愿填写): a citizen may skip the page, and an unanswered question is simply absent.
Answers go to the centre as `questionAnswers: [{"code": …, "answer": …}]`: a yes/no question answers
`"yes"` or `"no"`, a text question its text under the rules of writingEvaluation (control characters
stripped, at most MAX_TEXT characters).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kiosk.core.model import MAX_TEXT, RuleError, clean_text

YES, NO = "yes", "no"
MAX_QUESTIONS = 10  # one page: more would not fit a pad's screen
MAX_CODE = 32


class QuestionKind(StrEnum):
    YES_NO = "yesno"  # two big touch targets: 是 / 否
    TEXT = "text"  # common phrases by touch and a text field


@dataclass(frozen=True)
class Question:
    code: str
    text: str  # as shown (Chinese)
    kind: QuestionKind = QuestionKind.YES_NO
    phrases: tuple[str, ...] = ()  # text questions: common answers offered by touch

    def to_row(self) -> dict[str, Any]:
        row: dict[str, Any] = {"code": self.code, "text": self.text, "type": str(self.kind)}
        if self.phrases:
            row["phrases"] = list(self.phrases)
        return row


DEFAULT_QUESTIONS: tuple[Question, ...] = (
    Question("guide", "服务指引是否清晰"),
    Question("procedure", "办事程序是否便利"),
    Question("materials", "材料手续是否精简"),
    Question("interface", "操作界面是否友好"),
    Question(
        "suggestion",
        "有何改进意见",
        QuestionKind.TEXT,
        ("暂无意见", "希望缩短等候时间", "希望简化办事材料", "希望增加自助设备"),
    ),
)

Answers = tuple[tuple[str, str], ...]  # (code, answer) in the questionnaire's order


def _question(row: Any) -> Question:
    if not isinstance(row, Mapping):
        raise ValueError(f"question is not an object: {row!r:.80}")
    code, text = row.get("code"), row.get("text")
    if not isinstance(code, str) or not code.strip() or len(code) > MAX_CODE:
        raise ValueError(f"question code must be 1..{MAX_CODE} characters: {code!r}")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"question {code!r} lacks its text")
    kind = QuestionKind(row.get("type", QuestionKind.YES_NO))
    phrases = row.get("phrases", [])
    if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
        raise ValueError(f"question {code!r}: phrases must be a list of texts")
    return Question(
        code, text.strip(), kind, tuple(clean_text(p) for p in phrases) if kind is QuestionKind.TEXT else ()
    )


def _question_set(rows: Any, where: str) -> tuple[Question, ...]:
    if not isinstance(rows, list):
        raise ValueError(f"{where} must be a list of questions")
    questions = tuple(_question(r) for r in rows)
    if len(questions) > MAX_QUESTIONS:
        raise ValueError(f"{where} has more than {MAX_QUESTIONS} questions")
    if len({q.code for q in questions}) != len(questions):
        raise ValueError(f"{where} has duplicate codes")
    return questions


@dataclass(frozen=True)
class QuestionSets:
    """Which questions a matter gets: `by_task` overrides `default` (an empty override asks nothing).

    `enabled` None means the profile does not say, and the device's `flow.questions` decides."""

    default: tuple[Question, ...] = DEFAULT_QUESTIONS
    by_task: Mapping[str, tuple[Question, ...]] = field(default_factory=dict)
    enabled: bool | None = None

    @classmethod
    def from_profile(cls, profile: Mapping[str, Any] | None) -> QuestionSets:
        """The sets of a profile's `questions` section (ValueError when malformed); built-ins without one."""
        section = (profile or {}).get("questions")
        if section is None:
            return cls()
        if not isinstance(section, Mapping):
            raise ValueError("profile 'questions' must be an object")
        enabled = section.get("enabled")
        if enabled is not None and not isinstance(enabled, bool):
            raise ValueError("profile 'questions.enabled' must be true or false")
        default = _question_set(section["default"], "questions.default") if "default" in section else DEFAULT_QUESTIONS
        by_task = section.get("byTaskCode", {})
        if not isinstance(by_task, Mapping):
            raise ValueError("profile 'questions.byTaskCode' must be an object")
        sets = {str(k): _question_set(v, f"questions.byTaskCode.{k}") for k, v in by_task.items()}
        return cls(default, sets, enabled)

    def active(self, configured: bool) -> bool:
        """Whether the questionnaire is offered at all: the profile's word when it says, else the config."""
        return configured if self.enabled is None else self.enabled

    def for_task(self, task_code: str) -> tuple[Question, ...]:
        return self.by_task.get(task_code, self.default) if task_code else self.default


def check_answer(question: Question, answer: str, *, final: bool = True) -> str:
    """The answer as stored: yes/no checked, text cleaned (RuleError when final and too long)."""
    if question.kind is QuestionKind.YES_NO:
        if answer not in (YES, NO):
            raise RuleError(f"question {question.code!r} answers {YES!r} or {NO!r}", "questionAnswers")
        return answer
    try:
        return clean_text(answer)
    except RuleError:
        if final:
            raise RuleError("意见最多500个字", "questionAnswers") from None
        return clean_text(answer[:MAX_TEXT])  # a timed-out page keeps what fits


def final_answers(questions: Iterable[Question], answers: Answers, *, final: bool = True) -> Answers:
    """The answers to keep, in question order: unknown codes refused, empty texts dropped."""
    by_code = {q.code: q for q in questions}
    given = dict(answers)
    unknown = set(given) - set(by_code)
    if unknown:
        raise RuleError(f"unknown question(s) {sorted(unknown)}", "questionAnswers")
    kept = ((code, check_answer(q, given[code], final=final)) for code, q in by_code.items() if code in given)
    return tuple((code, a) for code, a in kept if a)


def answers_to_json(answers: Answers) -> str:
    """The store's and the wire's form: a JSON list of {"code", "answer"} ("" for none)."""
    if not answers:
        return ""
    return json.dumps([{"code": c, "answer": a} for c, a in answers], ensure_ascii=False)


def answers_from_json(text: str | None) -> Answers:
    if not text:
        return ()
    return tuple((str(item["code"]), str(item["answer"])) for item in json.loads(text))
