"""GUI event-loop latency while the `frame` driver reads a pty flooded with garbage at 1 MB/s.

A QCoreApplication (offscreen) runs a 5 ms precise QTimer and records how late each tick is. Phase 1: the
driver's port is idle. Phase 2: a writer thread floods the pty master with 1 MB/s of random bytes (which
include STX bytes, so the parser keeps resynchronising). Same process, same driver.

Run: .venv/bin/python bench/serial_flood.py [seconds_per_phase]
The last two lines are `serial_flood: idle_p99_ms=...` and `serial_flood: p99_ms=<flood p99> goal<=20`.
"""

from __future__ import annotations

import os
import random
import sys
import threading
import time
import tty

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QElapsedTimer, Qt, QTimer  # noqa: E402

from kiosk.devices.evaluator.frame import FrameEvaluator  # noqa: E402

TICK_MS = 5
FLOOD_BYTES_PER_S = 1_000_000
WRITE_CHUNK = 4096


class NullListener:
    def on_key(self, level: int) -> None: ...

    def on_online(self) -> None: ...

    def on_offline(self) -> None: ...

    def on_info(self, model: str, firmware: str, serial: str) -> None: ...


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def measure_loop(app: QCoreApplication, seconds: float) -> list[float]:
    """Run the event loop for `seconds`; return per-tick lateness in ms."""
    lateness: list[float] = []
    clock = QElapsedTimer()
    last = [0]

    def tick() -> None:
        now = clock.nsecsElapsed()
        if last[0]:
            lateness.append(max(0.0, (now - last[0]) / 1e6 - TICK_MS))
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    QTimer.singleShot(int(seconds * 1000), app.quit)
    clock.start()
    timer.start()
    app.exec()
    timer.stop()
    return lateness


def flood(master: int, stop: threading.Event, written: list[int]) -> None:
    garbage = random.Random(7).randbytes(FLOOD_BYTES_PER_S)
    t0 = time.monotonic()
    sent = 0
    while not stop.is_set():
        due = int((time.monotonic() - t0) * FLOOD_BYTES_PER_S)
        if sent >= due:
            time.sleep(0.002)
            continue
        n = min(WRITE_CHUNK, due - sent)
        off = sent % (len(garbage) - WRITE_CHUNK)
        sent += os.write(master, garbage[off : off + n])
    written.append(sent)


def report(name: str, values: list[float]) -> float:
    p99 = percentile(values, 99)
    print(
        f"{name}: ticks={len(values)} p50_ms={percentile(values, 50):.2f} p99_ms={p99:.2f} "
        f"max_ms={max(values, default=float('nan')):.2f}"
    )
    return p99


def main(argv: list[str]) -> int:
    seconds = float(argv[0]) if argv else 5.0
    app = QCoreApplication.instance() or QCoreApplication(["serial_flood"])
    master, slave = os.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)
    driver = FrameEvaluator(path)
    driver.start(NullListener())
    try:
        time.sleep(0.3)  # let the driver open the port
        idle = measure_loop(app, seconds)
        before = driver.counters()
        stop = threading.Event()
        written: list[int] = []
        writer = threading.Thread(target=flood, args=(master, stop, written), name="flood-writer", daemon=True)
        writer.start()
        flooded = measure_loop(app, seconds)
        stop.set()
        writer.join(2)
        time.sleep(0.2)
        after = driver.counters()
    finally:
        driver.stop()
        os.close(master)
        os.close(slave)
    read = after["bytes_in"] - before["bytes_in"]
    print(f"phase seconds: {seconds}, timer interval: {TICK_MS} ms, python {sys.version.split()[0]}")
    print(
        f"flood: written={written[0] if written else 0} bytes, driver read={read} bytes ({read / seconds / 1e6:.2f} MB/s)"
    )
    keys = ("ignored_bytes", "resyncs", "bad_len", "missing_etx", "crc_errors", "expired_partials", "frames_ok")
    print("driver counters during flood: " + ", ".join(f"{k}={after[k] - before[k]}" for k in keys))
    idle_p99 = report("idle", idle)
    flood_p99 = report("flood", flooded)
    print(f"serial_flood: idle_p99_ms={idle_p99:.2f}")
    print(f"serial_flood: p99_ms={flood_p99:.2f} goal<=20")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
