from datetime import datetime

import pytest

from kiosk.core.late import ALREADY, EXPIRED, NOT_FINISHED, rate_later_number
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
