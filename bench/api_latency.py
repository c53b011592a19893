"""Local API latency: invite -> rated round trip through HTTP, against a bare GET /api/v1/health.

Run: .venv/bin/python bench/api_latency.py [N] [--fake | --real]
One round trip = POST /api/v1/invitations, then GET /api/v1/invitations/{id}?wait=10 until it is no longer
pending; an automated citizen presses 5 as soon as the invitation is on screen. The details page is then
submitted outside the timed part (so that the next invitation is accepted).
Interleaved with it, in the same run and over the same keep-alive connection, a bare GET /api/v1/health.

Pads:
  --real  the app headless (kiosk.app.kiosk.Kiosk on a temp data dir, terminal mode, its flow thread, the
          kiosk.app.api_port.AppPort); the press is posted onto the flow thread when the invitation shows;
  --fake  the unit tests' fake pad (the real Flow over an in-memory sink); the press comes from another thread.
Default: --real.
The last line is the summary: `api_latency: ratio=<p99 round trip / p99 health> goal<=3`.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.api import ApiServer  # noqa: E402
from tests.helpers.api import case_json  # noqa: E402

TOKEN = "bench-token"
WARMUP = 20


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def service(i: int) -> dict:
    return case_json(f"BENCH{int(time.time())}{i:07d}")


@contextlib.contextmanager
def fake_pad():
    from tests.unit.api.fake_port import FakePadPort

    pad = FakePadPort()
    pad.sign_in("s-001")
    stop = threading.Event()

    def citizen() -> None:  # waits on the pad's condition: presses as soon as an invitation shows
        while not stop.is_set():
            with pad.cond:
                pad.cond.wait_for(lambda: stop.is_set() or pad.pending_id() is not None, 0.5)
            if pad.pending_id() is not None:
                pad.press(5)

    thread = threading.Thread(target=citizen, name="citizen")
    thread.start()
    try:
        yield pad, "fake pad (real Flow, in-memory sink)", pad.submit
    finally:
        stop.set()
        with pad.cond:
            pad.cond.notify_all()
        thread.join(5)


@contextlib.contextmanager
def real_pad():
    from kiosk import config
    from kiosk.app.api_port import AppPort
    from kiosk.app.kiosk import Kiosk
    from kiosk.app.runloop import FlowLoop

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-api-") as tmp:
        cfg = config.load(
            None,
            data_dir=tmp,
            overrides={"device": {"id": "BENCH01", "mode": "terminal"}, "evaluator": {"driver": "none"}},
        )
        kiosk = Kiosk(cfg)
        loop = FlowLoop(kiosk.flow.tick).start()

        def on_flow(event: str, _state) -> None:  # on the flow thread: the citizen presses
            if event == "invited":
                loop.caller.post(lambda: kiosk.flow.press(5, "device"))

        kiosk.flow.subscribe(on_flow)
        try:
            label = "real app headless (SQLite store on a temp dir, flow thread)"
            yield AppPort(kiosk, loop.caller), label, lambda: loop.caller.call(kiosk.flow.submit)
        finally:
            loop.stop()
            kiosk.stop()


def round_trip(http: requests.Session, url: str, i: int) -> float:
    t0 = time.perf_counter()
    resp = http.post(f"{url}/api/v1/invitations", json={"service": service(i)}, timeout=10)
    if resp.status_code != 201:
        raise RuntimeError(f"invite: {resp.status_code} {resp.text[:300]}")
    inv = resp.json()["invitationId"]
    while True:
        got = http.get(f"{url}/api/v1/invitations/{inv}?wait=10", timeout=15)
        if got.status_code != 200:
            raise RuntimeError(f"invitation: {got.status_code} {got.text[:300]}")
        if got.json()["state"] != "pending":
            return time.perf_counter() - t0


def health(http: requests.Session, url: str) -> float:
    t0 = time.perf_counter()
    resp = http.get(f"{url}/api/v1/health", timeout=10)
    if resp.status_code != 200:
        raise RuntimeError(f"health: {resp.status_code} {resp.text[:300]}")
    return time.perf_counter() - t0


def measure(pad_cm, n: int) -> tuple[str, list[float], list[float]]:
    with (
        pad_cm as (port, label, submit),
        ApiServer(port, port_number=0, token=TOKEN) as srv,
        requests.Session() as http,
    ):
        http.headers["Authorization"] = f"Bearer {TOKEN}"
        trips: list[float] = []
        bare: list[float] = []
        for i in range(WARMUP + n):
            trip = round_trip(http, srv.url, i)
            submit()  # 提交 on the details page, untimed
            h = health(http, srv.url)
            if i >= WARMUP:
                trips.append(trip)
                bare.append(h)
        return label, trips, bare


def main(argv: list[str]) -> int:
    n = next((int(a) for a in argv if a.isdigit()), 500)
    label, trips, bare = measure(fake_pad() if "--fake" in argv else real_pad(), n)
    print(f"pad: {label}; {n} round trips + {n} health requests, interleaved, keep-alive, after {WARMUP} warm-up")
    for name, values in (("invite->rated", trips), ("GET /health", bare)):
        ms = [v * 1000 for v in values]
        print(
            f"{name:>14}: median {statistics.median(ms):.2f} ms  p90 {pct(ms, 0.9):.2f} ms  "
            f"p99 {pct(ms, 0.99):.2f} ms  max {max(ms):.2f} ms"
        )
    ratio = pct(trips, 0.99) / pct(bare, 0.99)
    print(f"api_latency: ratio={ratio:.2f} goal<=3")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
