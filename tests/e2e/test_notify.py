"""`kiosk run` as a real process under a stand-in service manager: a datagram socket given as NOTIFY_SOCKET.

As in the unit (cage the main process, kiosk its child), WATCHDOG_PID names another process. READY=1 arrives once
the first frame is up, WATCHDOG=1 about every WATCHDOG_USEC/2, STOPPING=1 on SIGTERM; a GUI loop held in a slot
stops the pings while the process lives, and they resume when it is released.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

WATCHDOG_USEC = 400_000  # pings every 0.2 s
CHILD = Path(__file__).with_name("notify_child.py")


class Manager:
    """Receives notifications on a thread and keeps (arrival time, message)."""

    def __init__(self, path: Path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.settimeout(0.1)
        self.messages: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            self.messages.append((time.monotonic(), data.decode("utf-8")))

    def times(self, message: str) -> list[float]:
        return [t for t, m in list(self.messages) if m == message]

    def wait(self, pred, timeout: float) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if pred():
                return
            time.sleep(0.02)
        raise AssertionError(f"not met within {timeout} s; got {[m for _, m in self.messages][:8]}")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def manager(tmp_path):
    m = Manager(tmp_path / "notify")
    yield m
    m.close()


def start(tmp_path: Path, manager: Manager, argv_head: list[str]) -> subprocess.Popen:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(
        '[evaluator]\ndriver = "none"\n[ui]\nvoice = false\n[qr]\nsecret = "qr-secret-e2e-0123"\n', encoding="utf-8"
    )
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        NOTIFY_SOCKET=str(manager.path),
        WATCHDOG_USEC=str(WATCHDOG_USEC),
        WATCHDOG_PID=str(os.getpid()),  # the test process stands in for cage
    )
    return subprocess.Popen(
        [*argv_head, "--config", str(cfg), "--data-dir", str(tmp_path / "data"), "--no-api"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(proc: subprocess.Popen) -> str:
    if proc.poll() is None:
        proc.kill()
    out, _ = proc.communicate(timeout=10)
    return out


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:], strict=False)]


def test_ready_watchdog_and_stopping(tmp_path, manager):
    proc = start(tmp_path, manager, [sys.executable, "-m", "kiosk", "run"])
    try:
        manager.wait(lambda: manager.times("WATCHDOG=1"), 30)
        first, text = manager.messages[0]
        assert text.startswith("READY=1\nSTATUS=") and "待上传 0 条" in text, text
        manager.wait(lambda: len(manager.times("WATCHDOG=1")) >= 16, 15)
        pings = manager.times("WATCHDOG=1")
        assert pings[0] >= first
        intervals = gaps(pings)
        assert 0.15 <= statistics.median(intervals) <= 0.4, intervals  # WATCHDOG_USEC/2 = 0.2 s
        assert len(manager.times("STOPPING=1")) == 0
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(15) == 0
        assert len(manager.times("STOPPING=1")) == 1
        stopped = manager.times("STOPPING=1")[0]
        assert all(t < stopped for t in manager.times("WATCHDOG=1"))  # nothing after STOPPING
    finally:
        out = stop(proc)
    assert "kiosk ready" in out


def test_a_frozen_gui_loop_stops_the_pings(tmp_path, manager):
    freeze_s = 3.0
    proc = start(tmp_path, manager, [sys.executable, str(CHILD), str(freeze_s)])
    try:
        manager.wait(lambda: len(manager.times("WATCHDOG=1")) >= 5, 30)
        frozen_at = time.monotonic()
        proc.send_signal(signal.SIGUSR1)
        manager.wait(lambda: any(t > frozen_at + freeze_s for t in manager.times("WATCHDOG=1")), 15)
        manager.wait(lambda: len([t for t in manager.times("WATCHDOG=1") if t > frozen_at + freeze_s]) >= 5, 10)
        assert proc.poll() is None  # the process lived through it
        pings = manager.times("WATCHDOG=1")
        intervals = gaps(pings)
        longest = max(intervals)
        at = intervals.index(longest)
        assert longest >= freeze_s - 0.5, intervals
        assert pings[at] >= frozen_at - 0.3  # the silence began when the GUI thread was blocked
        after = intervals[at + 1 :]
        assert after and statistics.median(after) <= 0.4, after  # and the pings came back at their pace
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(15) == 0
    finally:
        out = stop(proc)
    assert "frozen" in out and "thawed" in out


def test_a_run_that_exits_when_ready_tells_systemd_nothing(tmp_path, manager):
    proc = start(tmp_path, manager, [sys.executable, "-m", "kiosk", "run", "--exit-when-ready"])
    try:
        assert proc.wait(60) == 0
    finally:
        out = stop(proc)
    time.sleep(0.3)  # anything sent would be queued by now
    assert "kiosk ready" in out and manager.messages == []
