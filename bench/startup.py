"""startup: cold start of `kiosk run` (offscreen) to the first interactive frame, over a bare PySide6
window with one label (bench/bare_window.py) started the same way (a fresh interpreter each time) in the same run.

Both are timed from process spawn to the "ready" line on stdout, N runs each, interleaved: bare, kiosk,
bare, kiosk … The figure is the median of the N paired ratios (kiosk run i / bare run i): each pair runs
back to back, so a slow spell of a shared machine (this VM's runs vary by ±30 %) weighs on both halves of a
pair alike. The medians and the fastest runs of each are printed too.

Run: .venv/bin/python bench/startup.py   (BENCH_N=15 pairs by default)
The last line is the summary: `startup: ratio=<median paired ratio> goal<=2.5`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

N = int(os.environ.get("BENCH_N", "15"))
ROOT = Path(__file__).resolve().parents[1]

BARE = [sys.executable, str(ROOT / "bench" / "bare_window.py")]


def timed(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    for line in proc.stdout:
        if "ready" in line:
            elapsed = time.perf_counter() - t0
            break
    else:
        raise SystemExit(f"no ready line from {cmd}")
    proc.wait(timeout=30)
    return elapsed


def main() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_LOG_STDERR="0")
    # an installed pad runs from bytecode (setup compiles it); this machine may forbid writing .pyc files
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "kiosk")], check=True)
    kiosk_t, bare_t = [], []
    with tempfile.TemporaryDirectory() as data:
        config = Path(data) / "kiosk.toml"  # the defaults, but for the QR key: `kiosk run` refuses the shipped one
        config.write_text('[qr]\nsecret = "bench-qr-secret-0123456789"\n', encoding="utf-8")
        kiosk_cmd = [sys.executable, "-m", "kiosk", "run", "--config", str(config), "--data-dir", data]
        kiosk_cmd += ["--no-api", "--exit-when-ready"]
        timed(kiosk_cmd, env)  # first run creates the database: not a cold start of an installed pad
        for _ in range(N):
            bare_t.append(timed(BARE, env))
            kiosk_t.append(timed(kiosk_cmd, env))
    kiosk_med, bare_med = statistics.median(kiosk_t), statistics.median(bare_t)
    paired = statistics.median(k / b for k, b in zip(kiosk_t, bare_t, strict=True))
    print(f"bare window: median {bare_med * 1000:.0f} ms  fastest {min(bare_t) * 1000:.0f} ms")
    print(f"  runs {[round(t * 1000) for t in bare_t]}")
    print(f"kiosk run:   median {kiosk_med * 1000:.0f} ms  fastest {min(kiosk_t) * 1000:.0f} ms")
    print(f"  runs {[round(t * 1000) for t in kiosk_t]}")
    print(f"ratio of medians {kiosk_med / bare_med:.2f}, of fastest runs {min(kiosk_t) / min(bare_t):.2f}")
    print(f"startup: ratio={paired:.2f} goal<=2.5")


if __name__ == "__main__":
    main()
