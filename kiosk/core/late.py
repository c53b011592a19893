"""Rating later (scanned receipt or typed 办件编号): which rating a case may still take.

A first rating (assessNumber 1) within 5 working days of `serviceTime`; a 追加评价 (assessNumber 2) once,
after the case is finished (proStatus 3) and rated. Otherwise a clear message for the citizen.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from kiosk.core.model import Case, RuleError
from kiosk.core.timefmt import SHANGHAI, parse_assess_time
from kiosk.core.workdays import WorkCalendar

log = logging.getLogger(__name__)

EXPIRED = "已超过评价期限"
ALREADY = "该办件已评价"
NOT_FINISHED = "该办件已评价,办结后可追加评价"


def rate_later_number(
    service: Case, existing: set[int], calendar: WorkCalendar, now: datetime, fallback_time: datetime | None = None
) -> int:
    """assessNumber for a later rating of `service`, or RuleError with the message to show.

    `fallback_time` stands in for a missing serviceTime (e.g. when the case was first stored here).
    UnknownYear propagates: a year the calendar does not know is reported, never guessed.
    """
    if 1 not in existing:
        if not calendar.within_late_window(_service_time(service, fallback_time), now):
            raise RuleError(EXPIRED, "serviceTime")
        return 1
    return _follow_up(service, existing)


def rate_later(
    service: Case, existing: set[int], calendar: WorkCalendar, now: datetime, fallback_time: datetime | None = None
) -> tuple[int, bool]:
    """(assessNumber, calendar_unknown) for a later rating, or RuleError with the message to show.

    Like rate_later_number, but a first rating whose deadline falls in a year the calendar does not know is
    judged by the lenient window (WorkCalendar.lenient_deadline) and reported with calendar_unknown = True,
    so that the centre can decide; a citizen is never refused for the calendar's gap. Logged once a day."""
    if 1 in existing:
        return _follow_up(service, existing), False
    deadline, unknown = calendar.lenient_deadline(_service_time(service, fallback_time))
    today = now.astimezone(SHANGHAI).date()
    if unknown:
        _log_unknown_once(today, deadline)
    if today > deadline:
        raise RuleError(EXPIRED, "serviceTime")
    return 1, unknown


_logged_on: list[date] = []


def _log_unknown_once(today: date, deadline: date) -> None:
    if _logged_on and _logged_on[-1] == today:
        return
    _logged_on[:] = [today]
    log.warning(
        "working-day calendar of %s is unknown: late ratings are judged by %s (5 weekdays plus the longest "
        "holiday block) and marked calendarUnknown; add the year's holidays to the centre's profile",
        deadline.year,
        deadline,
    )


def _service_time(service: Case, fallback_time: datetime | None) -> datetime:
    if service.serviceTime:
        return parse_assess_time(service.serviceTime)
    if fallback_time is not None:
        return fallback_time
    raise RuleError("办件缺少办理时间,无法判断评价期限", "serviceTime")


def _follow_up(service: Case, existing: set[int]) -> int:
    if 2 in existing:
        raise RuleError(ALREADY, "projectNo")
    if service.proStatus != 3:
        raise RuleError(NOT_FINISHED, "proStatus")
    return 2
