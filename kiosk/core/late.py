"""Rating later (scanned receipt or typed 办件编号): which rating a case may still take.

A first rating (assessNumber 1) within 5 working days of `serviceTime`; a 追加评价 (assessNumber 2) once,
after the case is finished (proStatus 3) and rated. Otherwise a clear message for the citizen.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.core.model import Case, RuleError
from kiosk.core.timefmt import parse_assess_time
from kiosk.core.workdays import WorkCalendar

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
        if service.serviceTime:
            when = parse_assess_time(service.serviceTime)
        elif fallback_time is not None:
            when = fallback_time
        else:
            raise RuleError("办件缺少办理时间,无法判断评价期限", "serviceTime")
        if not calendar.within_late_window(when, now):
            raise RuleError(EXPIRED, "serviceTime")
        return 1
    if 2 in existing:
        raise RuleError(ALREADY, "projectNo")
    if service.proStatus != 3:
        raise RuleError(NOT_FINISHED, "proStatus")
    return 2
