"""Keyboard-wedge scanners: a USB scanner "types" its code as a fast run of keystrokes ended by Enter.

`WedgeDecoder` tells such a run from a person typing, by timing alone (timestamps are passed in, so it is
pure and testable): every character of the run, and the Enter, came less than `gap_s` after the one before,
and the run is at least `min_len` characters long. A slower run is a person; the caller decides what their
keys mean (the keypad edits its text; the attract screen ignores them).
"""

from __future__ import annotations

GAP_S = 0.05  # scanners send a character every few ms; people need well over 50 ms between keys
MIN_LEN = 4  # a shorter fast run (a double tap and Enter) is not a code


class WedgeDecoder:
    def __init__(self, *, gap_s: float = GAP_S, min_len: int = MIN_LEN):
        self.gap_s = gap_s
        self.min_len = min_len
        self._run: list[str] = []
        self._last: float | None = None

    @property
    def run(self) -> str:
        """The characters of the current fast run (what a scan would be if Enter came now)."""
        return "".join(self._run)

    def key(self, text: str, t: float) -> bool:
        """A printable character typed at time `t` (seconds). True when it starts a new run."""
        started = self._last is None or t - self._last > self.gap_s or not self._run
        if started:
            self._run = []
        self._run.append(text)
        self._last = t
        return started

    def enter(self, t: float) -> str | None:
        """Enter/Return at time `t`: the scanned code when the run was fast and long enough, else None."""
        fast = self._last is not None and t - self._last <= self.gap_s
        code = self.run if fast and len(self._run) >= self.min_len else None
        self.reset()
        return code

    def reset(self) -> None:
        self._run = []
        self._last = None
