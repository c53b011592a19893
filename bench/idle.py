"""idle: what a pad costs while nobody uses it — `kiosk run` left alone, beside a bare PySide6 window.

Run: .venv/bin/python bench/idle.py [--seconds 60]
Both run as real processes offscreen, side by side in the same run: `kiosk run` on a temporary data dir with
the defaults (simulated evaluator, no central, the local API on a free loopback port) and the bare window
of bench/bare_window.py. From each one's ready line on, for --seconds, CPU is utime+stime from
/proc/<pid>/stat (all threads) over the wall time; RSS is VmRSS from /proc/<pid>/status at the end.
The last two lines: `idle: rss_ratio=<kiosk RSS / bare RSS> goal<=2.0`, then `idle: cpu_pct=<kiosk, % of
one core> goal<=1`.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of every thread of `pid` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # fields 14 and 15 of proc(5)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Idler:
    name: str
    proc: subprocess.Popen
    ready_at: float = 0.0
    cpu_at_ready: float = 0.0

    def __post_init__(self) -> None:
        self._ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        """Read stdout to the end (the pipe never fills); note the ready line."""
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if not self._ready.is_set() and line.startswith(("ready", "kiosk ready")):
                self.ready_at, self.cpu_at_ready = time.monotonic(), cpu_seconds(self.proc.pid)
                self._ready.set()

    def wait_ready(self, timeout: float = 60) -> None:
        if not self._ready.wait(timeout):
            raise SystemExit(f"{self.name}: not ready within {timeout} s (exit code {self.proc.poll()})")

    def measure(self) -> tuple[float, float, float]:
        """(cpu % of one core since ready, RSS MB now, seconds since ready)."""
        if self.proc.poll() is not None:
            raise SystemExit(f"{self.name}: exited with {self.proc.returncode} while idle")
        cpu, elapsed = cpu_seconds(self.proc.pid) - self.cpu_at_ready, time.monotonic() - self.ready_at
        return cpu / elapsed * 100, rss_mb(self.proc.pid), elapsed

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def spawn(name: str, cmd: list[str], env: dict) -> Idler:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    return Idler(name, proc)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/idle.py")
    parser.add_argument("--seconds", type=float, default=60.0, help="idle time measured after ready (default 60)")
    args = parser.parse_args(argv)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_LOG_STDERR="0")
    # an installed pad runs from bytecode (setup compiles it)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "kiosk")], check=True)
    with tempfile.TemporaryDirectory(prefix="kiosk-idle-") as tmp:
        config = Path(tmp) / "kiosk.toml"
        config.write_text(
            f'[evaluator]\ndriver = "sim"\n\n[central]\nurl = ""\n\n[api]\nport = {free_port()}\n\n'
            '[qr]\nsecret = "bench-qr-secret-0123456789"\n'  # `kiosk run` refuses the shipped one
        )
        kiosk_cmd = [
            sys.executable,
            "-m",
            "kiosk",
            "run",
            "--config",
            str(config),
            "--data-dir",
            str(Path(tmp) / "data"),
        ]
        bare = spawn("bare window", [sys.executable, str(ROOT / "bench" / "bare_window.py"), "--stay"], env)
        kiosk = spawn("kiosk run", kiosk_cmd, env)
        try:
            bare.wait_ready()
            kiosk.wait_ready()
            time.sleep(max(0.0, kiosk.ready_at + args.seconds - time.monotonic()))
            bare_cpu, bare_rss, bare_s = bare.measure()
            kiosk_cpu, kiosk_rss, kiosk_s = kiosk.measure()
        finally:
            kiosk.stop()
            bare.stop()
    print(f"bare window: rss_mb={bare_rss:.1f} cpu_pct={bare_cpu:.2f} over {bare_s:.1f} s")
    print(f"kiosk run:   rss_mb={kiosk_rss:.1f} cpu_pct={kiosk_cpu:.2f} over {kiosk_s:.1f} s")
    print(f"idle: rss_ratio={kiosk_rss / bare_rss:.2f} goal<=2.0")
    print(f"idle: cpu_pct={kiosk_cpu:.2f} goal<=1")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
