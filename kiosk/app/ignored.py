"""Presses outside an invitation, stored for the statistics (table ignored_presses, per day, 工号, counter).

The flow tells of each one (Flow.ignored_listener). A lone press is written at once; while presses keep
coming (a stuck key, a child drumming on the pad) they are added up and written at most every FLUSH_S, so a
flood never becomes a flood of fsyncs on the GUI thread. What is still buffered is written by `flush_due`
(the GUI's wake timer), after every rating and at stop; a crash can lose at most FLUSH_S of them, and a
failing store loses none (they stay buffered until it can write).
"""

from __future__ import annotations

import logging
import time
from collections import Counter

from kiosk.core.timefmt import SHANGHAI, Clock
from kiosk.store import stats as store_stats
from kiosk.store.db import StorageError, Store

log = logging.getLogger(__name__)

FLUSH_S = 5.0


class IgnoredPresses:
    def __init__(self, store: Store, clock: Clock, *, flush_s: float = FLUSH_S):
        self.store = store
        self.clock = clock
        self.flush_s = flush_s
        self.pending: Counter[tuple[str, str, str]] = Counter()
        self._last_write = float("-inf")

    def note(self, staff: str, counter: str) -> None:
        day = self.clock.now().astimezone(SHANGHAI).strftime("%Y-%m-%d")
        self.pending[(day, staff, counter)] += 1
        self.flush_due()

    def flush_due(self) -> None:
        """Write what is buffered when the last write is FLUSH_S old (cheap when nothing is)."""
        if self.pending and time.monotonic() - self._last_write >= self.flush_s:
            self.flush()

    def flush(self) -> bool:
        if not self.pending:
            return True
        counts = dict(self.pending)
        try:
            with self.store.tx() as conn:
                store_stats.add_ignored(conn, counts)
        except StorageError as exc:
            log.warning("ignored presses not stored yet (%d buffered): %s", sum(counts.values()), exc)
            self._last_write = time.monotonic()  # retried after FLUSH_S, not on every press
            return False
        self.pending.clear()
        self._last_write = time.monotonic()
        return True
