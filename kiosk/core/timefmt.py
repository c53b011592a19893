"""Clocks and the one time format of the provincial interfaces.

`assessTime` is Asia/Shanghai wall time `yyyy-MM-dd HH:mm:ss`; the UTC instant is stored beside it.
Every component takes a `Clock` so that tests drive time explicitly.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from typing import Protocol

# China Standard Time: UTC+8 all year, no daylight saving since 1991. A fixed offset gives the same wall time
# as the tz database for every date the product handles and needs no tzdata on the machine.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
ASSESS_FORMAT = "%Y-%m-%d %H:%M:%S"


class Clock(Protocol):
    def now(self) -> datetime:
        """Aware UTC wall-clock time (for timestamps)."""

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (for timeouts)."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told to; thread-safe."""

    def __init__(self, start: datetime | None = None):
        self._now = start or datetime(2026, 11, 23, 2, 0, 0, tzinfo=UTC)
        self._mono = 1000.0
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def monotonic(self) -> float:
        with self._lock:
            return self._mono

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += timedelta(seconds=seconds)
            self._mono += seconds

    def set_wall(self, when: datetime) -> None:
        with self._lock:
            self._now = when.astimezone(UTC)


def assess_time(instant: datetime) -> str:
    """UTC instant -> `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai.

    Formatted field by field (same text as strftime(ASSESS_FORMAT)): it runs on every press, and strftime
    costs several times more (and an f-string with format specs half as much again as `%`).
    """
    t = instant.astimezone(SHANGHAI)
    return "%04d-%02d-%02d %02d:%02d:%02d" % (t.year, t.month, t.day, t.hour, t.minute, t.second)  # noqa: UP031


def parse_assess_time(text: str) -> datetime:
    """`yyyy-MM-dd HH:mm:ss` (Asia/Shanghai) -> aware UTC instant; ValueError with the expected form."""
    try:
        local = datetime.strptime(text, ASSESS_FORMAT)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"expected yyyy-MM-dd HH:mm:ss (Asia/Shanghai), got {text!r}") from exc
    return local.replace(tzinfo=SHANGHAI).astimezone(UTC)


def utc_iso(instant: datetime) -> str:
    """Aware instant -> `yyyy-MM-ddTHH:mm:ss.fffZ` (UTC, milliseconds); formatted like assess_time."""
    t = instant.astimezone(UTC)
    fields = (t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond // 1000)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % fields  # noqa: UP031


def parse_utc_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
