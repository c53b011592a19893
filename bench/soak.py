"""Memory soak: RSS growth over many invite -> rate cycles through the state machine and the real store.

Run: .venv/bin/python bench/soak.py [CYCLES]
Each cycle: invite a new case, press a level (差评: pick a reason, sometimes a text), submit, leave the
thanks screen. The real PadWindow is shown offscreen and renders every step (Qt events processed each cycle).
RSS is read from /proc/self/statm after a warm-up of 500 cycles and at the end (after gc.collect()).
The last line is the summary: `soak: growth_mb=<value> goal<=5`.
"""

from __future__ import annotations

import gc
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.core.flow.machine import Flow, FlowSettings, Screen  # noqa: E402
from kiosk.core.levels import is_bad  # noqa: E402
from kiosk.core.model import Case  # noqa: E402
from kiosk.core.staff import Staff  # noqa: E402
from kiosk.core.timefmt import SystemClock  # noqa: E402
from kiosk.store.db import Store  # noqa: E402
from kiosk.store.sink import StoreSink  # noqa: E402

CYCLES = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
WARMUP = 500
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * PAGE / 2**20
    except OSError:  # not Linux: peak RSS is the best we have
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_ui(flow: Flow):
    """(app, window) with the real pad window offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.window import PadWindow, UiSettings

    app = QApplication.instance() or QApplication([])
    window = PadWindow(flow, UiSettings())
    window.show()
    app.processEvents()
    print(f"ui: PadWindow offscreen ({os.environ['QT_QPA_PLATFORM']})")
    return app, window


def main() -> None:
    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="kiosk-soak-") as tmp, Store(Path(tmp) / "soak.db") as store:
        flow = Flow(
            StoreSink(store), SystemClock(), FlowSettings(device_id="SOAK", counter="W01", thanks_s=0, qr_screen_s=0)
        )
        flow.sign_in(Staff(staffId="s1", name="李明", pageCode="GH1001"))
        app, window = make_ui(flow)
        pump = app.processEvents
        reasons = {lvl: [r.code for r in flow.catalog.for_level(lvl)] for lvl in (1, 2)}
        start = time.perf_counter()
        base = 0.0
        for i in range(WARMUP + CYCLES):
            if i == WARMUP:
                gc.collect()
                pump()
                base = rss_mb()
                print(f"after warm-up ({WARMUP} cycles): rss_mb={base:.1f}")
            flow.invite(Case(projectNo=f"S{i:09d}", taskName="食品经营许可", userName="张三"))
            pump()
            level = rng.randint(1, 5)
            if not flow.press(level):
                raise SystemExit(f"cycle {i}: press not stored ({flow.state.screen})")
            pump()
            if is_bad(level):
                flow.toggle_reason(rng.choice(reasons[level]))
            if rng.random() < 0.2:
                flow.set_text("办事效率" * rng.randint(1, 20))
            if not flow.submit():
                raise SystemExit(f"cycle {i}: submit refused: {flow.state.message}")
            pump()
            flow.tick()
            if flow.state.screen is not Screen.IDLE:
                raise SystemExit(f"cycle {i}: not idle after thanks ({flow.state.screen})")
            if i % 50 == 0:
                window.refresh()
            pump()
            done = i + 1 - WARMUP
            if done > 0 and done % 2000 == 0:
                print(f"cycle {done}: rss_mb={rss_mb():.1f} ({time.perf_counter() - start:.1f} s)")
        gc.collect()
        pump()
        end = rss_mb()
        elapsed = time.perf_counter() - start
        rows = store.count_evaluations()
        window.timer.stop()
        window.close()
        window.deleteLater()
        pump()
    print(f"cycles={CYCLES} (+{WARMUP} warm-up) rows={rows} elapsed_s={elapsed:.1f} rss_start_mb={base:.1f}")
    print(f"soak: growth_mb={end - base:.2f} goal<=5")


if __name__ == "__main__":
    main()
