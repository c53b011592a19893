"""Exponential backoff with full jitter, honouring the centre's Retry-After."""

from __future__ import annotations

import random

MAX_RETRY_AFTER_S = 3600.0  # a Retry-After beyond an hour is taken as an hour


class Backoff:
    def __init__(self, base_s: float = 2.0, cap_s: float = 600.0, rng: random.Random | None = None):
        self.base_s = base_s
        self.cap_s = cap_s
        self.rng = rng or random.Random()
        self.failures = 0

    def reset(self) -> None:
        self.failures = 0

    def next_delay(self, retry_after: float | None = None) -> float:
        """Count one more failure and return how long to wait: uniform(0, min(cap, base * 2**n)),
        never less than the centre's Retry-After (bounded by MAX_RETRY_AFTER_S, not by the cap)."""
        ceiling = min(self.cap_s, self.base_s * (2 ** min(self.failures, 30)))
        self.failures += 1
        delay = self.rng.uniform(0, ceiling)
        if retry_after is not None:
            delay = max(delay, min(retry_after, MAX_RETRY_AFTER_S))
        return delay
