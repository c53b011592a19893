"""Presses outside an invitation are stored for the statistics (they were only counted in memory before)."""

from __future__ import annotations

from kiosk import config
from kiosk.app.kiosk import Kiosk
from kiosk.core.model import Case
from kiosk.core.staff import Staff
from kiosk.core.stats import Period
from kiosk.core.timefmt import FakeClock
from kiosk.devices.evaluator.sim import SimEvaluator
from kiosk.store import stats
from kiosk.store.db import Store


def make(tmp_path):
    cfg = config.load(None, tmp_path / "data", {"evaluator": {"driver": "none"}, "device": {"counter": "W3"}})
    return Kiosk(cfg, clock=FakeClock(), evaluator=SimEvaluator())


def ignored(path) -> list[tuple[str, str, str, int]]:
    with Store(path) as s:
        rows = stats.ignored_groups(s.conn, Period.parse("2026-01-01", "2026-12-31"))
        return [(g.day, g.staff, g.counter, g.n) for g in rows]


def test_presses_outside_an_invitation_are_stored_per_day_staff_and_counter(tmp_path):
    kiosk = make(tmp_path)
    path = kiosk.store.path
    day = kiosk.clock.now().strftime("%Y-%m-%d")  # FakeClock starts in the morning, Shanghai's day too
    try:
        kiosk.on_key(5)  # nobody signed in, nothing on screen: ignored, written at once
        assert ignored(path) == [(day, "", "W3", 1)]
        kiosk.flow.sign_in(Staff("s1", "王小明", "0101"))
        for _ in range(4):  # a drumming child: buffered (at most one write every FLUSH_S)
            kiosk.on_key(2)
        assert ignored(path) == [(day, "", "W3", 1)]
        kiosk.flow.invite(Case("P-I"))
        kiosk.on_key(4)  # a rating, not an ignored press
        assert kiosk.store.count_evaluations() == 1
    finally:
        kiosk.stop()  # writes what is buffered
    assert sorted(ignored(path)) == [(day, "", "W3", 1), (day, "0101", "W3", 4)]


def test_a_failing_store_keeps_them_buffered(tmp_path):
    kiosk = make(tmp_path)
    try:
        kiosk.ignored.store.conn.execute("DROP TABLE ignored_presses")  # every write now fails
        kiosk.on_key(1)
        assert sum(kiosk.ignored.pending.values()) == 1 and kiosk.ignored.flush() is False
        assert kiosk.flow.state.screen.name == "IDLE"  # the flow did not notice
    finally:
        kiosk.stop()
