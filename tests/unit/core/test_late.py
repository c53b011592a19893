import logging
from datetime import date, datetime

import pytest

import kiosk.core.late as late_module
from kiosk.core.late import ALREADY, EXPIRED, NOT_FINISHED, rate_later, rate_later_number
from kiosk.core.model import Case, RuleError
from kiosk.core.timefmt import SHANGHAI
from kiosk.core.workdays import UnknownYear, WorkCalendar

CAL = WorkCalendar()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def svc(status=2, when="2025-09-29 16:30:00") -> Case:
    return Case("P1", proStatus=status, serviceTime=when)


def test_first_rating_within_five_working_days_across_national_day():
    assert rate_later_number(svc(), set(), CAL, at("2025-10-11 12:00:00")) == 1  # the 调休 Saturday counts
    assert rate_later_number(svc(), set(), CAL, at("2025-10-13 23:59:59")) == 1
    with pytest.raises(RuleError, match=EXPIRED):
        rate_later_number(svc(), set(), CAL, at("2025-10-14 08:00:00"))


def test_follow_up_rating_rules():
    assert rate_later_number(svc(status=3), {1}, CAL, at("2026-01-01 08:00:00")) == 2  # no deadline for 追加评价
    with pytest.raises(RuleError, match=NOT_FINISHED):
        rate_later_number(svc(status=2), {1}, CAL, at("2025-09-30 08:00:00"))
    with pytest.raises(RuleError, match=ALREADY):
        rate_later_number(svc(status=3), {1, 2}, CAL, at("2025-09-30 08:00:00"))


def test_missing_service_time_uses_fallback_or_refuses():
    s = Case("P2")
    assert rate_later_number(s, set(), CAL, at("2026-11-23 10:00:00"), at("2026-11-20 10:00:00")) == 1
    with pytest.raises(RuleError, match="办理时间"):
        rate_later_number(s, set(), CAL, at("2026-11-23 10:00:00"))


def test_unknown_year_propagates():
    with pytest.raises(UnknownYear):
        rate_later_number(svc(when="2031-05-06 09:00:00"), set(), CAL, at("2031-05-07 09:00:00"))


def test_rate_later_is_strict_where_the_calendar_knows():
    assert rate_later(svc(), set(), CAL, at("2025-10-13 23:59:59")) == (1, False)
    with pytest.raises(RuleError, match=EXPIRED):
        rate_later(svc(), set(), CAL, at("2025-10-14 08:00:00"))
    assert rate_later(svc(status=3), {1}, CAL, at("2031-01-01 08:00:00")) == (2, False)


def test_unknown_year_judged_by_weekdays_plus_the_longest_holiday_block(caplog):
    # served Wed 2026-12-30: 5 weekdays -> Wed 2027-01-06, plus 2026's longest block (9 days, Spring Festival)
    assert CAL.longest_holiday_block(2026) == 9
    assert CAL.lenient_deadline(at("2026-12-30 10:00:00")) == (date(2027, 1, 15), True)
    late = svc(when="2026-12-30 10:00:00")
    assert rate_later(late, set(), CAL, at("2027-01-15 23:00:00")) == (1, True)
    with pytest.raises(RuleError, match=EXPIRED):
        rate_later(late, set(), CAL, at("2027-01-16 08:00:00"))
    said = lambda: [r for r in caplog.records if "calendarUnknown" in r.getMessage()]  # noqa: E731
    late_module._logged_on.clear()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="kiosk.core.late"):
        assert rate_later(late, set(), CAL, at("2027-01-08 09:00:00")) == (1, True)
        assert rate_later(late, set(), CAL, at("2027-01-08 17:00:00")) == (1, True)
        assert len(said()) == 1  # once a day
        rate_later(late, set(), CAL, at("2027-01-11 09:00:00"))  # another day: said again
        assert len(said()) == 2


def test_a_profiles_year_makes_the_deadline_exact_again():
    # 2027 as a centre would publish it (illustrative days): 1 January a holiday, the rest the week
    cal = WorkCalendar.from_profile({"workdays": {"years": [2027], "holidays": ["2027-01-01"], "workdays": []}})
    late = svc(when="2026-12-30 10:00:00")
    assert cal.lenient_deadline(at("2026-12-30 10:00:00")) == (date(2027, 1, 7), False)
    assert rate_later(late, set(), cal, at("2027-01-07 20:00:00")) == (1, False)
    with pytest.raises(RuleError, match=EXPIRED):
        rate_later(late, set(), cal, at("2027-01-08 08:00:00"))
