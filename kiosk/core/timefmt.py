"""Clocks and the one time format of the provincial interfaces.

`assessTime` is Asia/Shanghai wall time `yyyy-MM-dd HH:mm:ss`; the UTC instant is stored beside it.
Every component takes a `Clock` so that tests drive time explicitly.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")  # from the tz database (the tzdata package where the OS has none)
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
    """Aware instant -> `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai."""
    return instant.astimezone(SHANGHAI).strftime(ASSESS_FORMAT)


def parse_assess_time(text: str) -> datetime:
    """`yyyy-MM-dd HH:mm:ss` (Asia/Shanghai) -> aware UTC instant; ValueError with the expected form."""
    try:
        local = datetime.strptime(text, ASSESS_FORMAT)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"expected yyyy-MM-dd HH:mm:ss (Asia/Shanghai), got {text!r}") from exc
    return local.replace(tzinfo=SHANGHAI).astimezone(UTC)


def utc_iso(instant: datetime) -> str:
    """Aware instant -> `yyyy-MM-ddTHH:mm:ss.fffZ` (UTC, milliseconds, truncated)."""
    return instant.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_utc_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
