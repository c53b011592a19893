"""Interference flags: what a rating carries when it may not be the citizen's own (seeds 001, 002 forbid forcing
or interfering with a rating). Flagged, never acted on: a flagged rating is stored, synced and counted exactly
like any other; the flags only tell the centre and supervisors where to look.

* `fast_press`: the press came sooner than `min_response_ms` after the invitation was shown, faster than a
  citizen can read the screen (as when staff press for them). A walk-in rating has no invitation (the press
  on the idle screen starts it), so it never carries this flag.
* `burst`: this device produced `burst_count` identical ratings (same satisfaction) within `burst_window_s`.
  The rating that completes the burst is flagged, and every later identical one while `burst_count` of them
  lie within the window; the earlier members are not (they were ordinary when pressed, and a stored row is
  never changed). The history is the flow's memory of its own presses: a restart starts it afresh.
* `walk_in_no_staff`: a walk-in rating while no staff member was signed in (only a terminal allows that).

Times are the flow clock's monotonic seconds. No Qt, no I/O.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

FAST_PRESS = "fast_press"
BURST = "burst"
WALK_IN_NO_STAFF = "walk_in_no_staff"
FLAGS = (FAST_PRESS, BURST, WALK_IN_NO_STAFF)  # in the order a rating lists them


@dataclass(frozen=True)
class SuspectRules:
    """The thresholds (`[flow] min_response_ms`, `burst_count`, `burst_window_s`); 0 switches a rule off."""

    min_response_ms: int = 800
    burst_count: int = 5
    burst_window_s: int = 120


def is_fast(shown_at: float, pressed_at: float, min_response_ms: int) -> bool:
    """A press sooner than `min_response_ms` after the invitation was shown (to the whole millisecond)."""
    return min_response_ms > 0 and round((pressed_at - shown_at) * 1000.0) < min_response_ms


def completes_burst(earlier: list[tuple[float, int]], pressed_at: float, level: int, rules: SuspectRules) -> bool:
    """Whether this press, with the device's `earlier` (time, satisfaction) ratings, makes `burst_count`
    identical ratings within `burst_window_s` (this one included)."""
    if rules.burst_count <= 0 or rules.burst_window_s <= 0:
        return False
    same = sum(1 for t, lvl in earlier if lvl == level and pressed_at - t <= rules.burst_window_s)
    return same + 1 >= rules.burst_count


def flags_for(
    *,
    rules: SuspectRules,
    earlier: list[tuple[float, int]],
    pressed_at: float,
    level: int,
    shown_at: float | None,
    walk_in: bool,
    staff_signed_in: bool,
) -> tuple[str, ...]:
    """The flags of one press (empty for an ordinary rating), in FLAGS order."""
    found = set()
    if not walk_in and shown_at is not None and is_fast(shown_at, pressed_at, rules.min_response_ms):
        found.add(FAST_PRESS)
    if completes_burst(earlier, pressed_at, level, rules):
        found.add(BURST)
    if walk_in and not staff_signed_in:
        found.add(WALK_IN_NO_STAFF)
    return tuple(f for f in FLAGS if f in found)


class SuspectWatch:
    """The device's recent ratings (within the burst window): the flags of a press, then `record` once stored
    (a press that could not be stored is no rating and joins no burst)."""

    def __init__(self, rules: SuspectRules):
        self.rules = rules
        self._recent: deque[tuple[float, int]] = deque()

    def flags(
        self, pressed_at: float, level: int, *, shown_at: float | None, walk_in: bool, staff_signed_in: bool
    ) -> tuple[str, ...]:
        while self._recent and pressed_at - self._recent[0][0] > self.rules.burst_window_s:
            self._recent.popleft()
        return flags_for(
            rules=self.rules,
            earlier=list(self._recent),
            pressed_at=pressed_at,
            level=level,
            shown_at=shown_at,
            walk_in=walk_in,
            staff_signed_in=staff_signed_in,
        )

    def record(self, pressed_at: float, level: int) -> None:
        self._recent.append((pressed_at, level))
