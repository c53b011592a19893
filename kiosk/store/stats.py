"""The statistics' SQL: two grouping passes over a period's ratings, and the presses ignored outside invitations.

Each pass walks one covering index in the order of its GROUP BY (migration in kiosk.store.schema), so it
needs neither the table nor a sort: per day and level (idx_evaluations_stats_day, the period a range on its
first column: the overall, daily and monthly figures), and, for a breakdown, per staff member (工号), counter
and level (idx_evaluations_stats_staff). Beyond the count,
a row pays only for what it is (flagged, a 差评): see _FIGURES. Python folds a few thousand rows
(kiosk.core.stats, which also says what counts). bench/stats.py times it against a bare GROUP BY.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator, Mapping

from kiosk.core.stats import BAD_LEVELS, IgnoredGroup, Period, RatingGroup, Report, build_report
from kiosk.core.suspect import FLAGS

_DAY = "substr(assessTime, 1, 10)"  # exactly the indexed expression
# Three aggregates, two of them FILTERed string collections that only flagged rows and 差评 pay for: the
# flags of the flagged ratings (the flags are distinct words, so counting each in the collection is exact)
# and, per 差评, "!" when incomplete (incomplete is a 差评's state) else its reason codes.
_FIGURES = (
    "COUNT(*), group_concat(suspect) FILTER (WHERE suspect != ''), "
    f"group_concat(CASE WHEN incomplete THEN '!' ELSE evalDetail END) FILTER (WHERE satisfaction <= {max(BAD_LEVELS)})"
)
_BY_DAY = (
    f"SELECT {_DAY}, satisfaction, {_FIGURES} FROM evaluations INDEXED BY idx_evaluations_stats_day "
    f"WHERE {_DAY} >= ? AND {_DAY} <= ?{{filters}} GROUP BY {_DAY}, satisfaction"
)
_BY_STAFF = (
    f"SELECT handleUserPageCode, window, satisfaction, {_FIGURES} FROM evaluations "
    "INDEXED BY idx_evaluations_stats_staff WHERE assessTime >= ? AND assessTime < ?{filters} "
    "GROUP BY handleUserPageCode, window, satisfaction"
)
_IGNORED = "SELECT day, staff, counter, n FROM ignored_presses WHERE day >= ? AND day <= ?{filters}"


def _filters(staff: str | None, counter: str | None, staff_col: str, counter_col: str) -> tuple[str, list[str]]:
    sql, args = "", []
    if staff is not None:
        sql += f" AND {staff_col} = ?"
        args.append(staff)
    if counter is not None:
        sql += f" AND {counter_col} = ?"
        args.append(counter)
    return sql, args


_NO_FLAGS = (0, 0, 0)
_NO_REASONS: dict[str, int] = {}


def _group(level: int, n: int, suspects: str | None, bad: str | None, **where: str | None) -> RatingGroup:
    items: Mapping[str, int]
    if bad:
        items = found = Counter(bad.split(","))
        incomplete = found.pop("!", 0)
        found.pop("", None)  # a 差评 with text only
    else:
        items, incomplete = _NO_REASONS, 0
    return RatingGroup(
        level=level,
        n=n,
        incomplete=incomplete,
        flags=(suspects.count(FLAGS[0]), suspects.count(FLAGS[1]), suspects.count(FLAGS[2])) if suspects else _NO_FLAGS,
        reasons=items,
        **where,
    )


def _rows(conn: sqlite3.Connection, sql: str, args: list[str]) -> list[tuple]:
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples: the store's sqlite3.Row costs more than the folding
    return cur.execute(sql, args).fetchall()


def rating_groups(
    conn: sqlite3.Connection,
    period: Period,
    *,
    staff: str | None = None,
    counter: str | None = None,
    breakdown: bool = True,
) -> Iterator[RatingGroup]:
    """The period's ratings by day and level; with `breakdown`, then by staff member, counter and level."""
    where, args = _filters(staff, counter, "handleUserPageCode", "window")
    days = [period.start.isoformat(), period.end.isoformat()]
    for day, *figures in _rows(conn, _BY_DAY.format(filters=where), [*days, *args]):
        yield _group(*figures, day=day)
    if breakdown:
        for staff_, counter_, *figures in _rows(conn, _BY_STAFF.format(filters=where), [*period.bounds(), *args]):
            yield _group(*figures, staff=staff_ or "", counter=counter_ or "")


def ignored_groups(
    conn: sqlite3.Connection, period: Period, *, staff: str | None = None, counter: str | None = None
) -> Iterator[IgnoredGroup]:
    where, args = _filters(staff, counter, "staff", "counter")
    days = [period.start.isoformat(), period.end.isoformat()]
    for day, staff_, counter_, n in conn.execute(_IGNORED.format(filters=where), [*days, *args]):
        yield IgnoredGroup(day, staff_, counter_, int(n))


def report(
    conn: sqlite3.Connection,
    period: Period,
    *,
    staff: str | None = None,
    counter: str | None = None,
    breakdown: bool = False,
) -> Report:
    """The report of the period (optionally one staff member's, one counter's) from one snapshot: the overall
    figures, per day and per month (one pass: what the API and the statistics page show); with `breakdown`
    also per staff member and per counter (a second pass: `kiosk stats --by`)."""
    conn.execute("BEGIN")  # every query sees the same ratings (a WAL reader never blocks the writer)
    try:
        groups = list(rating_groups(conn, period, staff=staff, counter=counter, breakdown=breakdown))
        ignored = list(ignored_groups(conn, period, staff=staff, counter=counter))
    finally:
        conn.execute("COMMIT")
    return build_report(period, groups, ignored, breakdown=breakdown)


def add_ignored(conn: sqlite3.Connection, counts: dict[tuple[str, str, str], int]) -> None:
    """Add presses ignored outside invitations, {(day, staff, counter): n}, inside the caller's transaction."""
    conn.executemany(
        "INSERT INTO ignored_presses (day, staff, counter, n) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(day, staff, counter) DO UPDATE SET n = n + excluded.n",
        [(day, staff, counter, n) for (day, staff, counter), n in counts.items() if n > 0],
    )
