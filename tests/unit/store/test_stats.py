"""Statistics against a hand-computed data set: staff, counters, days, months, 追加评价, flags, incomplete 差评.

The data set (assessTime, 工号, 窗口, satisfaction, assessNumber, reasons, incomplete, flags):

    P1  2026-10-31 09:00  A  W1  5  1                              (October)
    P1  2026-11-02 10:00  A  W1  4  2  (追加评价 of P1)
    P2  2026-11-02 11:00  A  W1  2  1  207,208
    P3  2026-11-02 15:00  B  W2  1  1  108          fast_press
    P4  2026-11-03 09:30  B  W2  1  1  -  incomplete
    P5  2026-11-03 10:00  B  W2  3  1               burst
    P6  2026-11-03 23:59:59 ""  W2  5  1            walk_in_no_staff
    P7  2026-11-04 00:00:00 A  W1  2  1  207        fast_press,burst   (after the period of most tests)

Ignored presses: 2026-11-02 A/W1 3, 2026-11-03 B/W2 2, 2026-11-04 A/W1 5.
"""

from __future__ import annotations

import pytest
import sqlite_utils

from kiosk.core.model import Case, Evaluation
from kiosk.core.stats import Period, PeriodError, good_rate, score
from kiosk.store import schema, stats
from kiosk.store.db import Store, connect

ROWS = [
    ("P1", "2026-10-31 09:00:00", "A", "W1", 5, 1, "", False, ()),
    ("P1", "2026-11-02 10:00:00", "A", "W1", 4, 2, "", False, ()),
    ("P2", "2026-11-02 11:00:00", "A", "W1", 2, 1, "207,208", False, ()),
    ("P3", "2026-11-02 15:00:00", "B", "W2", 1, 1, "108", False, ("fast_press",)),
    ("P4", "2026-11-03 09:30:00", "B", "W2", 1, 1, "", True, ()),
    ("P5", "2026-11-03 10:00:00", "B", "W2", 3, 1, "", False, ("burst",)),
    ("P6", "2026-11-03 23:59:59", "", "W2", 5, 1, "", False, ("walk_in_no_staff",)),
    ("P7", "2026-11-04 00:00:00", "A", "W1", 2, 1, "207", False, ("fast_press", "burst")),
]
IGNORED = {("2026-11-02", "A", "W1"): 3, ("2026-11-03", "B", "W2"): 2, ("2026-11-04", "A", "W1"): 5}


@pytest.fixture
def filled(store):
    for project_no, at, staff, counter, level, number, reasons, incomplete, flags in ROWS:
        store.upsert_case(Case(projectNo=project_no, taskName="食品经营许可"))
        store.add_evaluation(
            Evaluation(
                projectNo=project_no,
                satisfaction=level,
                assessTime=at,
                assessTimeUtc="2026-11-02T02:00:00.000Z",
                assessNumber=number,
                evalDetail=reasons,
                handleUserPageCode=staff,
                window=counter,
                incomplete=incomplete,
                suspect=flags,
            ),
            draft=False,
        )
    with store.tx() as conn:
        stats.add_ignored(conn, IGNORED)
    return store


def test_overall_figures_by_hand(filled):
    r = stats.report(filled.conn, Period.parse("2026-10-01", "2026-11-03"))
    o = r.overall
    assert o.by_level == {1: 2, 2: 1, 3: 1, 4: 1, 5: 2}  # P1 twice (first + 追加评价); P7 is on 11-04
    assert o.total == 7
    assert o.good_rate == pytest.approx(4 / 7)
    assert o.score == round(20 * 4 / 7, 2) == 11.43
    assert o.bad == 3 and o.incomplete == 1
    assert dict(o.reasons) == {"207": 1, "208": 1, "108": 1}
    assert o.flags == {"fast_press": 1, "burst": 1, "walk_in_no_staff": 1}
    assert o.ignored == 5
    assert r.summary() == {
        "from": "2026-10-01",
        "to": "2026-11-03",
        "total": 7,
        "byLevel": {"1": 2, "2": 1, "3": 1, "4": 1, "5": 2},
        "goodRate": 0.5714,
        "score": 11.43,
        "bad": 3,
        "incomplete": 1,
        "badReasons": {"108": 1, "207": 1, "208": 1},
        "ignored": 5,
        "suspect": {"fast_press": 1, "burst": 1, "walk_in_no_staff": 1},
    }


def test_breakdowns_per_staff_counter_day_month(filled):
    r = stats.report(filled.conn, Period.parse("2026-10-01", "2026-11-04"), breakdown=True)
    assert r.overall.total == 8 and r.by_month["2026-11"].ignored == 10
    a, b, none = r.by_staff["A"], r.by_staff["B"], r.by_staff[""]
    assert (a.total, a.bad, a.good_rate, a.ignored) == (4, 2, 0.5, 8)
    assert dict(a.reasons) == {"207": 2, "208": 1}
    assert a.flags == {"fast_press": 1, "burst": 1, "walk_in_no_staff": 0}
    assert (b.total, b.bad, b.incomplete, b.ignored) == (3, 2, 1, 2)
    assert b.good_rate == pytest.approx(1 / 3) and b.score == 6.67
    assert (none.total, none.good_rate, none.flags["walk_in_no_staff"]) == (1, 1.0, 1)
    assert r.by_counter["W1"].total == 4 and r.by_counter["W2"].total == 4
    assert r.by_counter["W1"].ignored == 8
    assert sorted(r.by_day) == ["2026-10-31", "2026-11-02", "2026-11-03", "2026-11-04"]
    assert r.by_day["2026-11-02"].by_level == {1: 1, 2: 1, 3: 0, 4: 1, 5: 0}
    assert r.by_day["2026-11-03"].total == 3 and r.by_day["2026-11-03"].good_rate == pytest.approx(2 / 3)
    assert r.by_month["2026-10"].total == 1 and r.by_month["2026-10"].score == 20.0
    assert r.by_month["2026-11"].total == 7 and r.by_month["2026-11"].good_rate == pytest.approx(3 / 7)
    days = r.daily()
    assert len(days) == 35 and days[31][0] == "2026-11-01" and days[31][1].total == 0


def test_without_breakdown_one_pass_and_no_staff_or_counter_parts(filled):
    r = stats.report(filled.conn, Period.parse("2026-10-01", "2026-11-04"))
    assert r.by_staff == {} and r.by_counter == {} and r.overall.total == 8 and r.overall.ignored == 10
    full = stats.report(filled.conn, Period.parse("2026-10-01", "2026-11-04"), breakdown=True)
    assert r.summary() == full.summary() and r.as_dict()["byDay"] == full.as_dict()["byDay"]


def test_filters_by_staff_and_counter(filled):
    period = Period.parse("2026-11-01", "2026-11-30")
    a = stats.report(filled.conn, period, staff="A").overall
    assert (a.total, a.by_level[4], a.by_level[2], a.ignored) == (3, 1, 2, 8)  # the 追加评价 counts; Oct not
    w2 = stats.report(filled.conn, period, counter="W2").overall
    assert (w2.total, w2.incomplete, w2.ignored) == (4, 1, 2)
    both = stats.report(filled.conn, period, staff="B", counter="W1").overall
    assert both.total == 0 and both.good_rate == 0.0 and both.score == 0.0


def test_day_bounds_are_whole_days(filled):
    one = stats.report(filled.conn, Period.parse("2026-11-03", "2026-11-03")).overall
    assert one.total == 3  # 09:30, 10:00 and 23:59:59; 11-04 00:00:00 belongs to the next day
    assert stats.report(filled.conn, Period.parse("2026-11-04", "2026-11-04")).overall.total == 1


@pytest.mark.parametrize("filters", ["", " AND handleUserPageCode = ?"])
def test_each_pass_reads_one_covering_index_without_sorting(filled, filters):
    for sql, index in ((stats._BY_DAY, "idx_evaluations_stats_day"), (stats._BY_STAFF, "idx_evaluations_stats_staff")):
        args = ["2026-01-01", "2027-01-01"] + (["A"] if filters else [])
        plan = [str(r[3]) for r in filled.conn.execute("EXPLAIN QUERY PLAN " + sql.format(filters=filters), args)]
        assert len(plan) == 1 and f"COVERING INDEX {index}" in plan[0], plan  # no TEMP B-TREE


def test_ignored_presses_add_up(store):
    with store.tx() as conn:
        stats.add_ignored(conn, {("2026-11-02", "A", "W1"): 2})
    with store.tx() as conn:
        stats.add_ignored(conn, {("2026-11-02", "A", "W1"): 3, ("2026-11-02", "", "W1"): 0})
    rows = list(stats.ignored_groups(store.conn, Period.parse("2026-11-01", "2026-11-30")))
    assert [(g.day, g.staff, g.counter, g.n) for g in rows] == [("2026-11-02", "A", "W1", 5)]


@pytest.mark.parametrize(
    ("start", "end", "says"),
    [
        ("2026-13-01", "2026-12-01", "from is not a calendar date"),
        ("2026-11-01", "2026/11/30", "to must be a date YYYY-MM-DD"),
        ("2026-11-30", "2026-11-01", "is before from"),
        ("", "2026-11-01", "from must be a date"),
        ("2026-02-30", "2026-03-01", "not a calendar date"),
    ],
)
def test_bad_periods_are_named(start, end, says):
    with pytest.raises(PeriodError, match=says):
        Period.parse(start, end)


def test_score_is_twenty_times_the_good_rate():
    assert good_rate({}) == 0.0
    assert good_rate({5: 3, 4: 0, 3: 1, 2: 1, 1: 0}) == 0.8
    assert score(0.8) == 16.0 and score(1.0) == 20.0 and score(0.0) == 0.0


def test_the_migration_indexes_a_file_that_already_holds_ratings(tmp_path):
    path = tmp_path / "old.db"
    conn = connect(path)
    db = sqlite_utils.Database(conn)
    for version, step in enumerate(schema.MIGRATIONS[:4], start=1):  # the file as the release before made it
        step(db)
        conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(
        "INSERT INTO evaluations (id, projectNo, pf, satisfaction, evalDetail, assessTime, assessTimeUtc, "
        "assessNumber, handleUserPageCode, window, incomplete, created_utc, sync_state) VALUES "
        "('e1', 'P1', 4, 1, '108', '2026-11-02 10:00:00', '2026-11-02T02:00:00.000Z', 1, 'A', 'W1', 0, "
        "'2026-11-02T02:00:00.000Z', 'delivered')"
    )
    conn.close()
    with Store(path) as s:
        names = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master")}
        assert {"idx_evaluations_stats_day", "idx_evaluations_stats_staff", "ignored_presses"} <= names
        o = stats.report(s.conn, Period.parse("2026-11-01", "2026-11-30")).overall
        assert (o.total, o.bad, dict(o.reasons), o.ignored) == (1, 1, {"108": 1}, 0)
