"""SIGKILL a rating process at random moments; nothing it acknowledged may be lost, nothing duplicated."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.core.reasons import ReasonCatalog
from kiosk.store.db import Store

CHILD = Path(__file__).with_name("crash_child.py")
ROUNDS = 20


def run_once(db: Path, seed: int, rng: random.Random, from_spawn: bool) -> tuple[list[str], str]:
    """Start the child, SIGKILL it after 0.05-0.5 s; returns the complete lines it printed and its stderr."""
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(db), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        first = b""
        if not from_spawn:  # most rounds: kill while it rates; some rounds: kill wherever startup has got to
            first = proc.stdout.readline()
            assert first == b"ready\n", proc.stderr.read().decode(errors="replace")
        time.sleep(rng.uniform(0.05, 0.5))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = err.decode(errors="replace")
    assert proc.returncode == -signal.SIGKILL, f"child ended by itself ({proc.returncode}): {stderr}"
    text = (first + out).decode()
    lines = text.split("\n")[:-1]  # a line cut by the kill (no newline) does not count
    return [line for line in lines if line != "ready"], stderr


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_sigkill_loses_nothing(tmp_path):
    db = tmp_path / "crash.db"
    rng = random.Random(20261123)
    printed: list[str] = []
    for i in range(ROUNDS):
        ids, _ = run_once(db, seed=i, rng=rng, from_spawn=(i % 4 == 3))
        printed += ids
    assert len(printed) >= ROUNDS, f"the child hardly rated anything ({len(printed)} ids)"
    assert len(set(printed)) == len(printed), "an id was acknowledged twice"

    catalog = ReasonCatalog.national()
    with Store(db) as store:
        store.release_drafts()
        conn = store.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = [dict(r) for r in conn.execute("SELECT * FROM evaluations")]
        stored = {r["id"] for r in rows}
        missing = [i for i in printed if i not in stored]
        assert missing == [], f"{len(missing)} acknowledged ratings lost"
        assert len(stored) == len(rows)
        dupes = conn.execute(
            "SELECT projectNo, assessNumber, count(*) FROM evaluations GROUP BY 1, 2 HAVING count(*) > 1"
        ).fetchall()
        assert dupes == []
        for r in rows:
            assert r["satisfaction"] in (1, 2, 3, 4, 5)
            assert r["assessNumber"] == 1
            assert r["sync_state"] == "pending"  # drafts released after the last kill
            codes = [c for c in r["evalDetail"].split(",") if c]
            assert catalog.check(r["satisfaction"], codes) == tuple(codes)  # only real codes of its level
            if r["satisfaction"] <= 2 and not codes and not r["writingEvaluation"]:
                assert r["incomplete"] == 1  # killed on the details page: stored, nothing invented
            else:
                assert r["incomplete"] == 0
        # every rating has its case
        orphans = conn.execute(
            "SELECT count(*) FROM evaluations e LEFT JOIN services s USING (projectNo) WHERE s.projectNo IS NULL"
        ).fetchone()[0]
        assert orphans == 0
        assert len(rows) - len(printed) <= ROUNDS  # at most one committed-but-unprinted press per kill
