"""Statistics over 200,000 ratings vs a bare `SELECT satisfaction, COUNT(*) ... GROUP BY satisfaction`.

Run: .venv/bin/python bench/stats.py [--n 200000] [--repeat 7]
A real SQLite file (the store's schema, migrations, pragmas) gets `n` ratings spread over a year, 12 staff
members, 4 counters (any member at any counter on any day: more groups than a hall makes), every level,
reasons on the 差评, every 50th a 追加评价, incomplete 差评, `--flagged` (default 5 %, already far more than a
hall should see) with interference flags, and ignored presses. Then, in the same run on the same file, alternately: the bare grouping; the statistics
of the year as GET /api/v1/stats and the statistics page compute them (kiosk.store.stats.report: per level,
day and month, 差评 reasons, incomplete, flags, ignored presses — the goal line); and the same with the per
staff member and per counter breakdown (`kiosk stats --by`, a second pass: printed as a raw figure). Medians of `repeat` runs each (after one warm-up of each), as
CPU time of the thread (the ratio: steady on a shared machine) and wall time (printed too).
The last line: `stats: ratio=<report / bare, CPU> goal<=3`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.core.stats import Period  # noqa: E402
from kiosk.store import stats  # noqa: E402
from kiosk.store.db import Store  # noqa: E402

BARE = "SELECT satisfaction, COUNT(*) FROM evaluations GROUP BY satisfaction"
FLAG_SETS = ("fast_press", "burst", "fast_press,burst", "walk_in_no_staff")


def build(store: Store, n: int, start: date, flagged: float = 0.05) -> None:
    rnd = random.Random(14)
    chunk = 20_000
    cols = (
        "id, projectNo, pf, satisfaction, evalDetail, writingEvaluation, assessTime, assessTimeUtc, assessNumber, "
        "handleUserName, handleUserPageCode, window, deviceId, incomplete, created_utc, sync_state, suspect"
    )
    sql = f"INSERT INTO evaluations ({cols}) VALUES ({', '.join('?' * 17)})"
    for base in range(0, n, chunk):
        rows = []
        for i in range(base, min(n, base + chunk)):
            level = rnd.choices((5, 4, 3, 2, 1), (70, 15, 8, 4, 3))[0]
            day = start + timedelta(days=rnd.randrange(365))
            at = f"{day.isoformat()} {rnd.randrange(8, 18):02d}:{rnd.randrange(60):02d}:{rnd.randrange(60):02d}"
            second = i % 50 == 49  # every 50th a 追加评价 of the case before it
            project = f"B{(i - 1 if second else i):09d}"
            incomplete = level <= 2 and i % 7 == 0
            detail = "" if incomplete or level > 2 else rnd.choice(("207", "208,209", "108", "110,111,112"))
            rows.append(
                (
                    str(uuid.UUID(int=rnd.getrandbits(128))),
                    project,
                    4,
                    level,
                    detail,
                    "",
                    at,
                    "2026-01-01T00:00:00.000Z",
                    2 if second else 1,
                    "王小明",
                    f"GH{rnd.randrange(12):04d}",
                    f"{rnd.randrange(1, 5)}号窗口",
                    "PAD-01",
                    int(incomplete),
                    "2026-01-01T00:00:00.000Z",
                    "delivered",
                    rnd.choice(FLAG_SETS) if rnd.random() < flagged else "",
                )
            )
        with store.tx() as conn:
            conn.executemany(sql, rows)
    with store.tx() as conn:
        stats.add_ignored(
            conn,
            {
                ((start + timedelta(days=d)).isoformat(), f"GH{s:04d}", "1号窗口"): 1 + (d * s) % 4
                for d in range(0, 365, 3)
                for s in range(12)
            },
        )
    store.analyze()
    store.checkpoint()


def timed(fn) -> tuple[float, float]:
    """(CPU seconds of this thread, wall seconds): SQLite runs in this thread, so CPU time is the work itself,
    steady on a machine other processes share; wall time is printed beside it."""
    c0, w0 = time.thread_time(), time.perf_counter()
    fn()
    return time.thread_time() - c0, time.perf_counter() - w0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--flagged", type=float, default=0.05, help="share of ratings with interference flags")
    args = ap.parse_args()
    start = date(2025, 12, 1)
    period = Period(start, start + timedelta(days=364))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kiosk.db"
        with Store(path) as store:
            t0 = time.perf_counter()
            build(store, args.n, start, args.flagged)
            print(
                f"built {args.n} ratings ({args.flagged:.0%} flagged) in {time.perf_counter() - t0:.1f} s ({path.stat().st_size // 1024} KB)"
            )
        with Store(path) as store:
            conn = store.conn

            def bare() -> None:
                conn.execute(BARE).fetchall()

            def report() -> None:
                r = stats.report(conn, period)
                assert r.overall.total == args.n, r.overall.total

            def full() -> None:
                stats.report(conn, period, breakdown=True)

            bare(), report(), full()  # warm the page cache for each
            bare_s, report_s, full_s = [], [], []
            for _ in range(args.repeat):
                bare_s.append(timed(bare))
                report_s.append(timed(report))
                full_s.append(timed(full))
            r = stats.report(conn, period, breakdown=True)
            o = r.overall
            print(
                f"report: total={o.total} goodRate={o.good_rate:.4f} score={o.score} bad={o.bad} "
                f"incomplete={o.incomplete} ignored={o.ignored} suspect={o.flags}"
            )
            print(
                f"report: {len(r.by_staff)} staff, {len(r.by_counter)} counters, {len(r.by_day)} days, "
                f"{len(r.by_month)} months"
            )
            for what, runs in (
                ("bare GROUP BY satisfaction", bare_s),
                ("statistics (API, page)", report_s),
                ("with staff/window breakdown", full_s),
            ):
                cpu, wall = [x[0] * 1000 for x in runs], [x[1] * 1000 for x in runs]
                print(
                    f"{what:<27} cpu median {statistics.median(cpu):7.1f} ms  wall median "
                    f"{statistics.median(wall):7.1f} ms  (cpu runs: {', '.join(f'{x:.1f}' for x in cpu)})"
                )
            b = statistics.median(x[0] for x in bare_s)
            s = statistics.median(x[0] for x in report_s)
            wall_ratio = statistics.median(x[1] for x in report_s) / statistics.median(x[1] for x in bare_s)
            print(f"wall ratio {wall_ratio:.2f}")
            print(f"breakdown (kiosk stats --by): cpu ratio {statistics.median(x[0] for x in full_s) / b:.2f}")
    print(f"stats: ratio={s / b:.2f} goal<=3")
    return 0


if __name__ == "__main__":
    sys.exit(main())
