"""Drain throughput: a 100,000-rating backlog (with its 100,000 cases) to the central emulator on loopback.

Run: .venv/bin/python bench/sync_drain.py [--n 100000] [--batch 200]
The emulator runs as a subprocess (`kiosk central`), as the real centre would be another machine. The same
records are then posted as raw signed `requests` batches, with no bookkeeping, to a fresh emulator: the ratio
of the two times is the cost of the outbox bookkeeping. Goals: ratio <= 1.3, >= 5,000 records/s, peak RSS
over idle <= 100 MB. The last line is the summary: `sync_drain: ratio=<v> goal<=1.3`.

`--protocol envelope-sm2|url-form-sm2` drains the same backlog (default --n 2000) in a provincial protocol
(one record per request, two SM2 encryptions each, decrypted by the emulator) and prints where the time goes:
SM2 per encryption (kiosk's fixed-base tables vs gmssl), the pad's CPU per record, then
`sync_drain[PROTOCOL]: records_per_s=<v> goal>=100`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from kiosk.core.model import Case, Evaluation  # noqa: E402
from kiosk.store.db import Store  # noqa: E402
from kiosk.store.outbox import Outbox  # noqa: E402
from kiosk.sync.client import CentralClient, close_session  # noqa: E402
from kiosk.sync.drain import Drainer  # noqa: E402
from kiosk.sync.settings import CentralSettings  # noqa: E402
from kiosk.sync.signing import sign_headers  # noqa: E402
from tests.unit.sync.helpers import insert_pending  # noqa: E402

MARK, SECRET = "bench-mark", "bench-secret"


def rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def build_backlog(store: Store, n: int) -> None:
    chunk = 10_000
    for start in range(0, n, chunk):
        pairs = []
        for i in range(start, min(n, start + chunk)):
            pn = f"BENCH{i:09d}"
            svc = Case(projectNo=pn, taskName="不动产登记", userName="张三", certKey="420101199001011234")
            ev = Evaluation(
                projectNo=pn,
                satisfaction=5,
                assessTime="2026-11-23 10:00:00",
                assessTimeUtc="2026-11-23T02:00:00.000Z",
                evalDetail="510,517",
                handleUserPageCode="GZ1001",
                window="3号窗口",
            )
            pairs.append((svc, ev))
        insert_pending(store, pairs)


class Emulator:
    """`kiosk central` in a subprocess."""

    def __init__(self, db: Path, extra: list[str] | None = None):
        cmd = [sys.executable, "-m", "kiosk", "central", "--port", "0", "--db", str(db)]
        cmd += ["--app-mark", MARK, "--app-secret", SECRET, *(extra or [])]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if "listening on" not in line:
            raise RuntimeError(f"emulator did not start: {line!r}")
        self.url = line.split()[-1]

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
        self.proc.stdout.close()


def drain_backlog(db: Path, settings: CentralSettings) -> tuple[float, int, int, int]:
    """(seconds, records sent, idle RSS kB, peak RSS kB) of draining everything through the outbox."""
    with Store(db) as store:
        client = CentralClient(settings)
        outbox = Outbox(store)
        outbox.depth()
        idle = rss_kb("VmRSS")
        t0 = time.perf_counter()
        try:
            report = Drainer(outbox, client, settings.batch_size).drain()
        finally:
            client.close()
        elapsed = time.perf_counter() - t0
        if not report.ok or outbox.depth():
            raise RuntimeError(f"drain incomplete: {report}")
        return elapsed, sum(report.sent.values()), idle, rss_kb("VmHWM")


def raw_post(db: Path, url: str, batch: int) -> tuple[float, int]:
    """The same records as plain signed batches, read beforehand (not timed), no bookkeeping at all."""
    with Store(db) as store:
        outbox = Outbox(store)
        with store.tx() as conn:  # read them back as pending wire dicts
            conn.execute("UPDATE services SET sync_state = 'pending'")
        services = [{k: v for k, v in s.items() if k != "_rev"} for s in outbox.pending_services(10**9)]
        with store.tx() as conn:
            conn.execute("UPDATE services SET sync_state = 'delivered'")
            conn.execute("UPDATE evaluations SET sync_state = 'pending'")
        evaluations = outbox.pending_evaluations(10**9)
    session = requests.Session()
    sent = 0
    t0 = time.perf_counter()
    try:
        for kind, items in (("services", services), ("evaluations", evaluations)):
            path = f"/hcp/v1/{kind}"
            for i in range(0, len(items), batch):
                body = json.dumps({"deviceId": "bench", "items": items[i : i + batch]}, ensure_ascii=False).encode()
                headers = sign_headers(MARK, SECRET, "POST", path, body, "hmac-sha256")
                headers["Content-Type"] = "application/json; charset=utf-8"
                resp = session.post(url + path, data=body, headers=headers, timeout=30)
                resp.raise_for_status()
                sent += len(resp.json()["results"])
    finally:
        close_session(session)
    return time.perf_counter() - t0, sent


def sm2_costs() -> tuple[float, float]:
    """(ms per encryption of a 300-byte record: kiosk.sync.protocols.sm2, gmssl CryptSM2)."""
    from gmssl import sm2 as gm

    from kiosk.sync.protocols.sm2 import Encryptor, new_key_pair

    _, public = new_key_pair()
    msg = b"x" * 300
    ours = Encryptor(public)
    t0 = time.perf_counter()
    for _ in range(200):
        ours.encrypt(msg)
    t1 = time.perf_counter()
    theirs = gm.CryptSM2(private_key="", public_key=public, mode=1)
    theirs.public_key = public
    for _ in range(10):
        theirs.encrypt(msg)
    t2 = time.perf_counter()
    return (t1 - t0) / 200 * 1000, (t2 - t1) / 10 * 1000


def provincial(protocol: str, n: int) -> int:
    from kiosk.sync.protocols.sm2 import new_key_pair

    ours_ms, gmssl_ms = sm2_costs()
    print(f"sm2 encrypt (300 B): kiosk {ours_ms:.2f} ms, gmssl {gmssl_ms:.1f} ms ({gmssl_ms / ours_ms:.0f}x)")
    private, public = new_key_pair()
    word = "bench-word"
    with tempfile.TemporaryDirectory(prefix="sync-bench-") as tmp:
        tmp_path = Path(tmp)
        db = tmp_path / "kiosk.db"
        with Store(db) as store:
            build_backlog(store, n)
        extra = ["--protocol", protocol, "--app-word", word, "--private-key", private]
        emu = Emulator(tmp_path / "central.db", extra)
        try:
            settings = CentralSettings(
                url=emu.url,
                app_mark=MARK,
                app_secret=SECRET,
                device_id="bench",
                timeout_s=30,
                protocol=protocol,
                app_word=word,
                platform_public_key=public,
                area_code="420100000000",
            )
            cpu0 = time.process_time()
            sync_s, sync_n, _, _ = drain_backlog(db, settings)
            cpu_s = time.process_time() - cpu0
        finally:
            emu.close()
    per_record_ms = sync_s / sync_n * 1000
    print(f"outbox drain: {sync_n} records ({n} cases + {n} ratings) in {sync_s:.2f} s, {per_record_ms:.2f} ms each")
    print(
        f"of which SM2 on the pad: ~{ours_ms:.2f} ms/record (one encryption; the sign is made once a second); "
        f"with gmssl {gmssl_ms:.0f} ms/record, {1000 / gmssl_ms:.0f} records/s at best"
    )
    print(
        f"pad CPU: {cpu_s / sync_n * 1000:.2f} ms/record (the rest of the wall time is the centre: one request per "
        f"record, decrypted in pure Python by the emulator on the same cores)"
    )
    # one request per record: goal 100/s, a big hall's week offline (~10,000 cases and ratings) in under 2 min
    print(f"sync_drain[{protocol}]: records_per_s={sync_n / sync_s:.0f} goal>=100")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=0, help="backlog (default 100000; 2000 for a provincial protocol)")
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--protocol", default="kiosk-json", choices=("kiosk-json", "envelope-sm2", "url-form-sm2"))
    args = ap.parse_args()
    if args.protocol != "kiosk-json":
        return provincial(args.protocol, args.n or 2000)
    args.n = args.n or 100_000
    with tempfile.TemporaryDirectory(prefix="sync-bench-") as tmp:
        tmp_path = Path(tmp)
        db = tmp_path / "kiosk.db"
        t0 = time.perf_counter()
        with Store(db) as store:
            build_backlog(store, args.n)
        print(f"backlog: {args.n} evaluations + {args.n} services built in {time.perf_counter() - t0:.1f} s")

        emu = Emulator(tmp_path / "central-a.db")
        try:
            settings = CentralSettings(
                url=emu.url, app_mark=MARK, app_secret=SECRET, device_id="bench", batch_size=args.batch, timeout_s=30
            )
            sync_s, sync_n, idle_kb, peak_kb = drain_backlog(db, settings)
        finally:
            emu.close()
        print(f"outbox drain: {sync_n} records in {sync_s:.2f} s")

        emu = Emulator(tmp_path / "central-b.db")
        try:
            raw_s, raw_n = raw_post(db, emu.url, args.batch)
        finally:
            emu.close()
        print(f"raw requests: {raw_n} records in {raw_s:.2f} s")

    ratio = sync_s / raw_s
    print(f"records/s: {sync_n / sync_s:.0f} (raw {raw_n / raw_s:.0f}) goal>=5000")
    print(
        f"rss: idle={idle_kb / 1024:.1f} MB peak={peak_kb / 1024:.1f} MB over_idle={(peak_kb - idle_kb) / 1024:.1f} MB goal<=100"
    )
    print(f"sync_drain: ratio={ratio:.2f} goal<=1.3")
    return 0


if __name__ == "__main__":
    sys.exit(main())
