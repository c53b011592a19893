"""Working days on the Chinese calendar (holidays and 调休 make-up workdays), for the 5-working-day rule.

A citizen who did not rate on site may rate within 5 working days of the service. The bundled calendar
(chinesecalendar) knows the State Council's published years; the centre's profile may add or override days
(`{"holidays": [...], "workdays": [...]}`). A year neither knows is reported (UnknownYear), never guessed;
`lenient_deadline` gives the deadline a citizen is never refused within: 5 weekdays plus the longest holiday
block of the newest known year (so the calendar's gap never costs a rating; the rating is marked).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import chinese_calendar

from kiosk.core.timefmt import SHANGHAI

LATE_RATING_WORKDAYS = 5


class UnknownYear(LookupError):
    """The calendar of this year is not known: the centre's profile must supply it."""


class WorkCalendar:
    def __init__(
        self, holidays: Iterable[str | date] = (), workdays: Iterable[str | date] = (), known_years: Iterable[int] = ()
    ):
        self.holidays = {_day(d) for d in holidays}
        self.workdays = {_day(d) for d in workdays}
        # years the overrides describe completely (so the library need not know them)
        self.known_years = set(known_years) | {d.year for d in self.holidays | self.workdays}

    @classmethod
    def from_profile(cls, profile: dict | None) -> WorkCalendar:
        days = (profile or {}).get("workdays") or {}
        return cls(days.get("holidays", ()), days.get("workdays", ()), days.get("years", ()))

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            if day.year in self.known_years:
                return day.weekday() < 5  # the overrides list this year's exceptions; the rest is the week
            raise UnknownYear(
                f"工作日历缺少 {day.year} 年数据 (the calendar of {day.year} is unknown; "
                "the centre's profile must supply its holidays and workdays)"
            ) from None

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start itself not counted)."""
        day, left = start, n
        for _ in range(400):
            day += timedelta(days=1)
            if self.is_workday(day):
                left -= 1
                if left == 0:
                    return day
        raise UnknownYear(f"no {n} working days found after {start}")

    def late_rating_deadline(self, service_time: datetime) -> date:
        """The last day (Asia/Shanghai) on which a first rating of this service is still accepted."""
        return self.add_workdays(service_time.astimezone(SHANGHAI).date(), LATE_RATING_WORKDAYS)

    def within_late_window(self, service_time: datetime, now: datetime) -> bool:
        return now.astimezone(SHANGHAI).date() <= self.late_rating_deadline(service_time)

    def newest_known_year(self) -> int:
        return max([max(chinese_calendar.holidays).year, *self.known_years])

    def knows_year(self, year: int) -> bool:
        return year in self.known_years or year <= max(chinese_calendar.holidays).year

    def longest_holiday_block(self, year: int | None = None) -> int:
        """The most consecutive non-working days in `year` (default: the newest known one), e.g. 9 in 2026."""
        year = year or self.newest_known_year()
        day, end = date(year, 1, 1), date(year, 12, 31)
        longest = run = 0
        while day <= end:
            run = 0 if self.is_workday(day) else run + 1
            longest = max(longest, run)
            day += timedelta(days=1)
        return longest

    def lenient_deadline(self, service_time: datetime) -> tuple[date, bool]:
        """(deadline, calendar_unknown): the exact deadline when the calendar knows its days, else 5 weekdays
        after the service plus the longest holiday block of the newest known year."""
        try:
            return self.late_rating_deadline(service_time), False
        except UnknownYear:
            pass
        day, left = service_time.astimezone(SHANGHAI).date(), LATE_RATING_WORKDAYS
        while left:
            day += timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day + timedelta(days=self.longest_holiday_block()), True


def _day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
