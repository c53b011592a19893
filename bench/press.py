"""Press-to-durable: how much the flow adds to the one durable write a press needs.

Run: .venv/bin/python bench/press.py [N]
Measures, interleaved in one run on temp files on the same disk as the data directory:
  * flow:  time of `flow.press(level)` (evaluation built, INSERT + COMMIT with WAL and synchronous=FULL,
           screen state updated, observers called) with a real StoreSink;
  * bare:  a plain sqlite3 INSERT + COMMIT of a similar row into the same schema, same pragmas.
Both sides also do the same untimed writes around it (the case upsert before, the details update after),
so WAL growth and checkpoints fall on both alike.
Then press -> next screen painted with the real PadWindow offscreen: `press_paint: ... p99_ms=... goal<=50`.
The last line is the summary: `press: ratio=<median flow / median bare> goal<=2.0`.
"""

from __future__ import annotations

import gc
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.config import default_data_dir  # noqa: E402
from kiosk.core.flow.machine import Flow, FlowSettings, Screen  # noqa: E402
from kiosk.core.model import Case  # noqa: E402
from kiosk.core.staff import Staff  # noqa: E402
from kiosk.core.timefmt import SystemClock, assess_time, utc_iso  # noqa: E402
from kiosk.store.db import PRAGMAS, Store  # noqa: E402
from kiosk.store.sink import StoreSink  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
PAINT_N = 300
STAFF = Staff(staffId="s1", name="李明", pageCode="GH1001")


def data_disk_dir() -> Path:
    """An existing directory on the disk that holds the data directory."""
    target = Path(os.environ.get("KIOSK_DATA_DIR") or default_data_dir())
    while not target.exists():
        target = target.parent
    return target


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def case(i: int, prefix: str) -> Case:
    return Case(projectNo=f"{prefix}{i:08d}", taskName="食品经营许可", userName="张三", proStatus=2)


class Bare:
    """The baseline: raw sqlite3 on the same schema with the same pragmas."""

    def __init__(self, path: Path):
        Store(path).close()  # same schema and indexes
        self.conn = sqlite3.connect(str(path), isolation_level=None)
        for pragma in PRAGMAS:
            self.conn.execute(pragma)

    def before(self, svc: Case) -> None:
        row = svc.to_dict()
        row["local"] = int(row["local"])
        now = utc_iso(SystemClock().now())
        names = ", ".join([*row, "created_utc", "updated_utc", "sync_state"])
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute(
            f"INSERT INTO services ({names}) VALUES ({', '.join('?' * (len(row) + 3))})",
            [*row.values(), now, now, "pending"],
        )
        self.conn.execute("COMMIT")

    def timed_insert(self, project_no: str, level: int) -> tuple[float, str]:
        ev_id = str(uuid.uuid4())
        now = SystemClock().now()
        values = (
            ev_id, project_no, 4, level, "", "", assess_time(now), utc_iso(now), 1, "李明", "GH1001", "W01",
            "PAD01", 0, utc_iso(now), "draft",
        )  # fmt: skip
        t0 = time.perf_counter()
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute(
            "INSERT INTO evaluations (id, projectNo, pf, satisfaction, evalDetail, writingEvaluation, assessTime, "
            "assessTimeUtc, assessNumber, handleUserName, handleUserPageCode, window, deviceId, incomplete, "
            "created_utc, sync_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values,
        )
        self.conn.execute("COMMIT")
        return time.perf_counter() - t0, ev_id

    def after(self, ev_id: str) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute(
            "UPDATE evaluations SET evalDetail = '', writingEvaluation = '', incomplete = 0, sync_state = 'pending' "
            "WHERE id = ? AND sync_state = 'draft'",
            (ev_id,),
        )
        self.conn.execute("COMMIT")


def new_flow(store: Store) -> Flow:
    flow = Flow(StoreSink(store), SystemClock(), FlowSettings(device_id="PAD01", counter="W01", thanks_s=0))
    flow.sign_in(STAFF)
    return flow


def finish(flow: Flow) -> None:
    flow.submit()
    flow.tick()
    assert flow.state.screen is Screen.IDLE, flow.state.screen


def bench_durable(workdir: Path) -> tuple[list[float], list[float]]:
    rng = random.Random(7)
    flow_times: list[float] = []
    bare_times: list[float] = []
    with Store(workdir / "flow.db") as store:
        flow = new_flow(store)
        bare = Bare(workdir / "bare.db")
        try:
            for i in range(N + 50):
                level = rng.choice((3, 4, 5))  # good levels: submit needs nothing; the press is the same for all
                order = (0, 1) if i % 2 == 0 else (1, 0)  # alternate who goes first
                for side in order:
                    if side == 0:
                        flow.invite(case(i, "F"))
                        t0 = time.perf_counter()
                        ok = flow.press(level)
                        dt = time.perf_counter() - t0
                        assert ok
                        finish(flow)
                        if i >= 50:
                            flow_times.append(dt)
                    else:
                        svc = case(i, "B")
                        bare.before(svc)
                        dt, ev_id = bare.timed_insert(svc.projectNo, level)
                        bare.after(ev_id)
                        if i >= 50:
                            bare_times.append(dt)
        finally:
            bare.conn.close()
    return flow_times, bare_times


def bench_paint(workdir: Path) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.window import PadWindow, UiSettings

    app = QApplication.instance() or QApplication([])
    times: list[float] = []
    with Store(workdir / "paint.db") as store:
        flow = new_flow(store)
        window = PadWindow(flow, UiSettings())
        window.show()
        app.processEvents()
        rng = random.Random(9)
        try:
            for i in range(PAINT_N + 20):
                flow.invite(case(i, "W"))
                window.repaint()
                app.processEvents()
                level = rng.choice((3, 4, 5))
                t0 = time.perf_counter()
                assert window.press(level)
                window.repaint()  # synchronous paint of the new (details) screen
                app.processEvents()
                dt = time.perf_counter() - t0
                assert flow.state.screen is Screen.DETAILS
                finish(flow)
                app.processEvents()
                if i >= 20:
                    times.append(dt)
        finally:
            window.timer.stop()
            window.close()
            window.deleteLater()
            app.processEvents()
    med, p99 = statistics.median(times) * 1000, pct(times, 0.99) * 1000
    return f"press_paint: n={len(times)} median_ms={med:.2f} p99_ms={p99:.2f} goal<=50"


def main() -> None:
    base = data_disk_dir()
    with tempfile.TemporaryDirectory(prefix="kiosk-press-", dir=base) as tmp:
        workdir = Path(tmp)
        print(f"workdir: {workdir} (data disk), N={N}, sqlite {sqlite3.sqlite_version}")
        gc.collect()
        flow_times, bare_times = bench_durable(workdir)
        fm, fp = statistics.median(flow_times) * 1000, pct(flow_times, 0.99) * 1000
        bm, bp = statistics.median(bare_times) * 1000, pct(bare_times, 0.99) * 1000
        print(f"flow.press (durable): median_ms={fm:.3f} p99_ms={fp:.3f}")
        print(f"bare insert+commit:   median_ms={bm:.3f} p99_ms={bp:.3f}")
        print(f"overhead: median_ms={fm - bm:.3f} p99_ratio={fp / bp:.2f}")
        print(bench_paint(workdir))
    print(f"press: ratio={fm / bm:.2f} goal<=2.0")


if __name__ == "__main__":
    main()
