"""The hall's own figures: what counts as a rating, a 好评, a 差评, and the 20-point score. No Qt, no I/O.

Seed 000 (考核办法, 评价指标及计分方法 1): 主动评价“好评”率 = the ratings at 非常满意, 满意 or 基本满意
(satisfaction 5, 4, 3) ÷ all 主动评价 (ratings the citizen gave; a pad never makes a 系统默认评价), and
"得分为20分×好评率": the score is 20 × goodRate, a straight proportion (no thresholds).

What counts (one rule, used by the API, the CLI, the technician page and the bench alike):
- every stored rating counts once: a first rating and a 追加评价 (assessNumber 2) are two ratings;
- a flagged rating (fast_press, burst, walk_in_no_staff: kiosk.core.suspect) counts like any other — the
  flags are tallied beside it, for supervisors to look at, never used to drop it;
- 差评 = satisfaction 1 or 2; an incomplete 差评 is one stored without reason or text (a restart cut off its
  details page); reasons are the evalDetail codes of the 差评 (one 差评 may give several);
- a press outside an invitation is no rating: it is counted apart (`ignored`).

The store's SQL returns groups (per day and level; per staff member, counter and level); `build_report`
folds them into the totals per staff member, per counter, per day and per month.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from kiosk.core.suspect import FLAGS

GOOD_LEVELS = (5, 4, 3)  # 非常满意, 满意, 基本满意
BAD_LEVELS = (2, 1)  # 不满意, 非常不满意
SCORE_POINTS = 20.0  # seed 000: 主动评价“好评”率 is worth 20 of the 100 points


class PeriodError(ValueError):
    """A bad period: a date that is not YYYY-MM-DD, or an end before the start."""


def parse_day(text: object, name: str) -> date:
    """`text` as a calendar day YYYY-MM-DD; PeriodError names the parameter and the value."""
    if not isinstance(text, str) or len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise PeriodError(f"{name} must be a date YYYY-MM-DD, got {text!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PeriodError(f"{name} is not a calendar date (YYYY-MM-DD): {text!r}") from None


@dataclass(frozen=True)
class Period:
    """Whole days from `start` to `end`, both included, in Asia/Shanghai (the days of assessTime)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(f"to ({self.end}) is before from ({self.start})")

    @classmethod
    def parse(cls, start: object, end: object, names: tuple[str, str] = ("from", "to")) -> Period:
        """From the texts of two parameters (`names` are how the caller calls them, for the error)."""
        first, last = parse_day(start, names[0]), parse_day(end, names[1])
        if last < first:
            raise PeriodError(f"{names[1]} ({last}) is before {names[0]} ({first})")
        return cls(first, last)

    def bounds(self) -> tuple[str, str]:
        """assessTime bounds: start inclusive, end exclusive ('yyyy-MM-dd HH:mm:ss' compares as text)."""
        return f"{self.start.isoformat()} 00:00:00", f"{self.end.isoformat()} 24:00:00"  # sorts after 23:59:59

    def days(self) -> list[str]:
        n = (self.end - self.start).days + 1
        return [(self.start + timedelta(days=i)).isoformat() for i in range(n)]


def good_rate(by_level: dict[int, int]) -> float:
    """(5 + 4 + 3) ÷ all ratings; 0.0 when there are none."""
    total = sum(by_level.values())
    return sum(by_level.get(lv, 0) for lv in GOOD_LEVELS) / total if total else 0.0


def score(rate: float) -> float:
    """Seed 000: 得分为20分×好评率 (20 × goodRate), to two decimals."""
    return round(SCORE_POINTS * rate, 2)


@dataclass
class Tally:
    """The figures of one slice (the whole period, a staff member, a counter, a day or a month)."""

    by_level: dict[int, int] = field(default_factory=lambda: dict.fromkeys((1, 2, 3, 4, 5), 0))
    incomplete: int = 0  # 差评 without reason or text
    flags: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FLAGS, 0))
    reasons: Counter[str] = field(default_factory=Counter)  # evalDetail code -> 差评 giving it
    ignored: int = 0  # presses outside an invitation

    @property
    def total(self) -> int:
        return sum(self.by_level.values())

    @property
    def bad(self) -> int:
        return sum(self.by_level[lv] for lv in BAD_LEVELS)

    @property
    def good_rate(self) -> float:
        return good_rate(self.by_level)

    @property
    def score(self) -> float:
        return score(self.good_rate)

    def add_group(self, group: RatingGroup) -> None:
        self.by_level[group.level] += group.n
        if group.level in BAD_LEVELS:
            self.incomplete += group.incomplete
            if group.reasons:
                self.reasons.update(group.reasons)
        if any(group.flags):
            for flag, n in zip(FLAGS, group.flags, strict=True):
                self.flags[flag] += n

    def as_dict(self) -> dict:
        """The API's and CLI's JSON for this slice."""
        return {
            "total": self.total,
            "byLevel": {str(lv): self.by_level[lv] for lv in (1, 2, 3, 4, 5)},
            "goodRate": round(self.good_rate, 4),
            "score": self.score,
            "bad": self.bad,
            "incomplete": self.incomplete,
            "badReasons": dict(sorted(self.reasons.items())),
            "ignored": self.ignored,
            "suspect": dict(self.flags),
        }


@dataclass(frozen=True)
class RatingGroup:
    """One row of the store's grouping: `n` ratings of `level`, with `incomplete` of them incomplete, `flags`
    (fast_press, burst, walk_in_no_staff) counts and, for a 差评 group, how many of its ratings gave each reason
    code. The store groups a period twice: per `day` (staff and counter None), and per
    `staff` (工号) and `counter` together (day None); "" is "none"."""

    level: int
    n: int
    day: str | None = None
    staff: str | None = None
    counter: str | None = None
    incomplete: int = 0
    flags: tuple[int, int, int] = (0, 0, 0)
    reasons: Mapping[str, int] = field(default_factory=dict)  # 差评 groups: reason code -> ratings giving it


@dataclass(frozen=True)
class IgnoredGroup:
    day: str
    staff: str
    counter: str
    n: int


@dataclass
class Report:
    period: Period
    overall: Tally = field(default_factory=Tally)
    by_staff: dict[str, Tally] = field(default_factory=dict)
    by_counter: dict[str, Tally] = field(default_factory=dict)
    by_day: dict[str, Tally] = field(default_factory=dict)
    by_month: dict[str, Tally] = field(default_factory=dict)

    def daily(self) -> list[tuple[str, Tally]]:
        """Every day of the period in order, a day without ratings as an empty tally (for the trend)."""
        return [(day, self.by_day.get(day) or Tally()) for day in self.period.days()]

    def summary(self) -> dict:
        """GET /api/v1/stats: the period and its overall figures."""
        return {"from": self.period.start.isoformat(), "to": self.period.end.isoformat(), **self.overall.as_dict()}

    def as_dict(self) -> dict:
        """Everything: the summary plus each breakdown (kiosk stats --json); the staff and window parts are
        empty unless the report was made with a breakdown."""
        out = self.summary()
        for name, part in (
            ("byStaff", self.by_staff),
            ("byWindow", self.by_counter),
            ("byDay", self.by_day),
            ("byMonth", self.by_month),
        ):
            out[name] = {key: part[key].as_dict() for key in sorted(part)}
        return out


def build_report(
    period: Period, groups: Iterable[RatingGroup], ignored: Iterable[IgnoredGroup] = (), *, breakdown: bool = True
) -> Report:
    """Fold the store's groups: every rating is in one day group (which also make the months and the
    overall figures) and, with a `breakdown`, in one staff-and-counter group (the staff and counter figures)."""
    report = Report(period)
    for group in groups:
        if group.day is not None:
            report.overall.add_group(group)
            _tally(report.by_day, group.day).add_group(group)
            _tally(report.by_month, group.day[:7]).add_group(group)
        else:
            _tally(report.by_staff, group.staff or "").add_group(group)
            _tally(report.by_counter, group.counter or "").add_group(group)
    for g in ignored:
        slices = [report.overall, _tally(report.by_day, g.day), _tally(report.by_month, g.day[:7])]
        if breakdown:
            slices += [_tally(report.by_staff, g.staff), _tally(report.by_counter, g.counter)]
        for tally in slices:
            tally.ignored += g.n
    return report


def _tally(part: dict[str, Tally], key: str) -> Tally:
    found = part.get(key)
    if found is None:
        found = part[key] = Tally()
    return found
