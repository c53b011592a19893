from datetime import date, datetime

import pytest

from kiosk.core.timefmt import SHANGHAI
from kiosk.core.workdays import UnknownYear, WorkCalendar


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def test_national_day_2025_with_make_up_saturday():
    cal = WorkCalendar()
    # 2025-09-29 (Mon): Sep 30, [Oct 1-8 holiday], Oct 9, Oct 10, Oct 11 (调休 Saturday), Oct 13
    assert cal.late_rating_deadline(at("2025-09-29 16:30:00")) == date(2025, 10, 13)
    assert cal.within_late_window(at("2025-09-29 16:30:00"), at("2025-10-13 23:59:00"))
    assert not cal.within_late_window(at("2025-09-29 16:30:00"), at("2025-10-14 00:00:01"))
    assert cal.is_workday(date(2025, 10, 11)) and not cal.is_workday(date(2025, 10, 3))


def test_national_day_2026():
    cal = WorkCalendar()
    # 2026-09-30 (Wed): [Oct 1-7 holiday], Oct 8, Oct 9, Oct 10 (调休 Saturday), Oct 12, Oct 13
    assert cal.late_rating_deadline(at("2026-09-30 10:00:00")) == date(2026, 10, 13)


def test_plain_week_and_utc_input():
    cal = WorkCalendar()
    # a Friday service late at night UTC is already Saturday in Shanghai
    assert cal.late_rating_deadline(datetime.fromisoformat("2026-11-20T17:00:00+00:00")) == date(2026, 11, 27)
    assert cal.late_rating_deadline(at("2026-11-16 09:00:00")) == date(2026, 11, 23)


def test_unknown_year_is_reported_not_guessed():
    cal = WorkCalendar()
    with pytest.raises(UnknownYear, match="2031"):
        cal.late_rating_deadline(at("2031-03-03 09:00:00"))


def test_profile_overrides_supply_a_year():
    cal = WorkCalendar.from_profile(
        {"workdays": {"holidays": ["2031-01-01"], "workdays": ["2031-01-04"], "years": [2031]}}
    )
    # 2030-12-31 would need 2031 days: Jan 1 holiday, Jan 2 (Thu), Jan 3 (Fri), Jan 4 (Sat, make-up), Jan 6, Jan 7
    assert cal.late_rating_deadline(at("2031-12-31 09:00:00").replace(year=2030)) == date(2031, 1, 7)
