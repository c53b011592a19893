"""The statistics' SQL: one grouping pass over a period's ratings, and the presses ignored outside invitations.

The pass reads only the covering index `idx_evaluations_stats` (assessTime, handleUserPageCode, window,
satisfaction, incomplete, suspect, evalDetail; migration in kiosk.store.schema), never the table: the period
is a range on its first column, and every other column the grouping needs is in the index. What counts and
how the figures follow is kiosk.core.stats.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from kiosk.core.stats import BAD_LEVELS, IgnoredGroup, Period, RatingGroup, Report, build_report
from kiosk.core.suspect import FLAGS

# a flag is a whole item of the comma-separated list: ',' || suspect || ',' LIKE '%,flag,%'
_FLAG_SUMS = ", ".join(f"SUM(instr(',' || suspect || ',', ',{flag},') > 0)" for flag in FLAGS)
_BAD_MAX = max(BAD_LEVELS)
_GROUPS = (
    "SELECT substr(assessTime, 1, 10) AS day, coalesce(handleUserPageCode, '') AS staff, "
    "coalesce(window, '') AS counter, satisfaction, "
    f"CASE WHEN satisfaction <= {_BAD_MAX} THEN evalDetail ELSE '' END AS reasons, "
    f"COUNT(*) AS n, SUM(incomplete) AS incomplete, {_FLAG_SUMS} "
    "FROM evaluations INDEXED BY idx_evaluations_stats WHERE assessTime >= ? AND assessTime < ?{filters} "
    "GROUP BY day, staff, counter, satisfaction, reasons"
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


def rating_groups(
    conn: sqlite3.Connection, period: Period, *, staff: str | None = None, counter: str | None = None
) -> Iterator[RatingGroup]:
    """The period's ratings grouped by day, staff member (工号), counter, level and (差评) reason codes."""
    where, args = _filters(staff, counter, "handleUserPageCode", "window")
    start, end = period.bounds()
    for row in conn.execute(_GROUPS.format(filters=where), [start, end, *args]):
        day, staff_, counter_, level, reasons, n, incomplete, *flags = tuple(row)
        yield RatingGroup(
            day=day,
            staff=staff_,
            counter=counter_,
            level=int(level),
            n=int(n),
            incomplete=int(incomplete or 0),
            flags=(int(flags[0] or 0), int(flags[1] or 0), int(flags[2] or 0)),
            reasons=tuple(c for c in (reasons or "").split(",") if c),
        )


def ignored_groups(
    conn: sqlite3.Connection, period: Period, *, staff: str | None = None, counter: str | None = None
) -> Iterator[IgnoredGroup]:
    where, args = _filters(staff, counter, "staff", "counter")
    sql = _IGNORED.format(filters=where)
    for day, staff_, counter_, n in conn.execute(sql, [period.start.isoformat(), period.end.isoformat(), *args]):
        yield IgnoredGroup(day, staff_, counter_, int(n))


def report(conn: sqlite3.Connection, period: Period, *, staff: str | None = None, counter: str | None = None) -> Report:
    """The whole report of the period (optionally one staff member's, one counter's) in one read transaction."""
    conn.execute("BEGIN")  # one snapshot: both queries see the same ratings (WAL readers never block writers)
    try:
        groups = list(rating_groups(conn, period, staff=staff, counter=counter))
        ignored = list(ignored_groups(conn, period, staff=staff, counter=counter))
    finally:
        conn.execute("COMMIT")
    return build_report(period, groups, ignored)


def add_ignored(conn: sqlite3.Connection, counts: dict[tuple[str, str, str], int]) -> None:
    """Add presses ignored outside invitations, {(day, staff, counter): n}, inside the caller's transaction."""
    conn.executemany(
        "INSERT INTO ignored_presses (day, staff, counter, n) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(day, staff, counter) DO UPDATE SET n = n + excluded.n",
        [(day, staff, counter, n) for (day, staff, counter), n in counts.items() if n > 0],
    )
