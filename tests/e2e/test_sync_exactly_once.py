"""Exactly once, whatever the network and the process do: a fault mix, and SIGKILL mid-batch."""

import collections
import os
import signal
import subprocess
import sys
import time

import pytest

from kiosk.central.server import FAULTS, CentralEmulator
from kiosk.store.db import Store
from kiosk.sync.service import SyncService
from tests.helpers.wait import wait_for
from tests.unit.sync.helpers import (
    MARK,
    SECRET,
    bulk_ratings,
    central_evaluations,
    protocol_emulator_args,
    protocol_settings,
    settings_for,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHILD = os.path.join(ROOT, "tests", "unit", "sync", "drain_child.py")


def _assert_exactly_once(url: str, ids: list[str]) -> None:
    held = central_evaluations(url)
    counts = collections.Counter(e["id"] for e in held)
    assert len(held) == len(ids), f"centre holds {len(held)}, expected {len(ids)}"
    assert set(counts) == set(ids) and max(counts.values()) == 1


@pytest.mark.slow
def test_5000_ratings_through_a_30_percent_fault_mix(tmp_path):
    with Store(tmp_path / "kiosk.db") as store:
        ids = bulk_ratings(store, 5000)
    emu = CentralEmulator(
        tmp_path / "central.db", MARK, SECRET, faults=FAULTS, fault_rate=0.3, seed=42, slow_s=1.2, retry_after_s=1
    ).start()
    sync = SyncService(
        tmp_path / "kiosk.db",
        settings_for(
            emu.url, batch_size=250, timeout_s=1.0, interval_seconds=0.5, backoff_base_s=0.05, backoff_cap_s=0.2
        ),
    )
    try:
        sync.start()
        assert wait_for(
            lambda: emu.stats().get("evaluations", 0) == 5000 and sync.status()["queue_depth"] == 0, 120, 0.2
        )
        stats = emu.stats()
        assert set(stats["faults"]) == set(FAULTS), stats["faults"]  # every kind of fault happened
        assert stats["requests"] < 1000  # bounded
    finally:
        sync.stop()
        emu.stop()
    emu = CentralEmulator(tmp_path / "central.db", MARK, SECRET).start()
    try:
        _assert_exactly_once(emu.url, ids)
    finally:
        emu.stop()
    with Store(tmp_path / "kiosk.db") as store:
        assert store.conn.execute("SELECT count(*) FROM evaluations WHERE sync_state != 'delivered'").fetchone()[0] == 0


@pytest.mark.slow
@pytest.mark.parametrize("protocol", ["envelope-sm2", "url-form-sm2"])
def test_provincial_protocols_exactly_once_through_the_fault_mix(tmp_path, protocol):
    """One record per request: a smaller N than kiosk-json's 5000, through the same faults."""
    n = 40
    with Store(tmp_path / "kiosk.db") as store:
        ids = bulk_ratings(store, n)
        bad = store.conn.execute("SELECT count(*) FROM evaluations WHERE satisfaction <= 2").fetchone()[0]
    args = protocol_emulator_args(protocol)
    emu = CentralEmulator(
        tmp_path / "central.db", MARK, SECRET, faults=FAULTS, fault_rate=0.3, seed=42, slow_s=1.2, **args
    ).start()
    settings = protocol_settings(
        emu.url, protocol, timeout_s=1.0, interval_seconds=0.5, backoff_base_s=0.05, backoff_cap_s=0.2
    )
    sync = SyncService(tmp_path / "kiosk.db", settings)
    try:
        sync.start()
        assert wait_for(lambda: emu.stats().get("evaluations", 0) == n and sync.status()["queue_depth"] == 0, 120)
        stats = emu.stats()
        assert set(stats["faults"]) == set(FAULTS), stats["faults"]
        assert stats["services"] == n and stats["requests"] < 6 * n
    finally:
        sync.stop()
        emu.stop()
    assert bad > 0  # the mix holds 差评 (with their detail): they are accepted like the rest
    emu = CentralEmulator(tmp_path / "central.db", MARK, SECRET).start()
    try:
        _assert_exactly_once(emu.url, ids)
    finally:
        emu.stop()
    with Store(tmp_path / "kiosk.db") as store:
        assert store.conn.execute("SELECT count(*) FROM evaluations WHERE sync_state != 'delivered'").fetchone()[0] == 0


def _progress(emu: CentralEmulator) -> int:
    stats = emu.stats()
    return stats.get("services", 0) + stats.get("evaluations", 0)


def _child(db, url, protocol="kiosk-json"):
    args = [sys.executable, CHILD, str(db), url, "40", protocol]
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_sigkill_mid_batch_then_restart_delivers_exactly_once(tmp_path):
    with Store(tmp_path / "kiosk.db") as store:
        ids = bulk_ratings(store, 1200)
    # every request sleeps before it is stored (and stored even though the client is gone): kills land mid-batch
    emu = CentralEmulator(
        tmp_path / "central.db", MARK, SECRET, faults="slow,lostack", fault_rate=0.5, seed=3, slow_s=0.15
    )
    emu.start()
    try:
        kills = 0
        for target in (300, 700, 1500, 2000):  # services then evaluations count toward progress
            proc = _child(tmp_path / "kiosk.db", emu.url)
            try:
                assert proc.stdout.readline().strip() == "draining"
                wait_for(lambda p=proc, t=target: _progress(emu) >= t or p.poll() is not None, 60, 0.01)
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                    kills += 1
                proc.wait(10)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
                proc.stdout.close()
        assert kills >= 2
        emu.set_faults(None, 0)
        proc = _child(tmp_path / "kiosk.db", emu.url)
        try:
            assert proc.wait(90) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
        time.sleep(0.2)  # let a slow request of a killed child finish storing
        _assert_exactly_once(emu.url, ids)
        assert emu.stats()["services"] == 1200
    finally:
        emu.stop()
    with Store(tmp_path / "kiosk.db") as store:
        assert store.integrity_ok()
        assert (
            store.conn.execute("SELECT count(*) FROM evaluations WHERE sync_state = 'delivered'").fetchone()[0] == 1200
        )


@pytest.mark.slow
def test_sigkill_with_grouped_marks_of_a_one_record_protocol_delivers_exactly_once(tmp_path):
    """envelope-sm2 groups its marks (kiosk/sync/drain.py): a kill loses answered-but-unmarked records' marks;
    they go again, the centre answers 评价数据不可重复, and they count delivered."""
    n, protocol = 200, "envelope-sm2"
    with Store(tmp_path / "kiosk.db") as store:
        ids = bulk_ratings(store, n)
    emu = CentralEmulator(
        tmp_path / "central.db",
        MARK,
        SECRET,
        faults="slow",
        fault_rate=0.5,
        seed=5,
        slow_s=0.05,
        **protocol_emulator_args(protocol),
    ).start()
    try:
        kills = 0
        for target in (50, 150, 250, 330):
            proc = _child(tmp_path / "kiosk.db", emu.url, protocol)
            try:
                assert proc.stdout.readline().strip() == "draining"
                wait_for(lambda p=proc, t=target: _progress(emu) >= t or p.poll() is not None, 60, 0.01)
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                    kills += 1
                proc.wait(10)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
                proc.stdout.close()
        assert kills >= 2
        emu.set_faults(None, 0)
        proc = _child(tmp_path / "kiosk.db", emu.url, protocol)
        try:
            assert proc.wait(90) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
        time.sleep(0.2)
        _assert_exactly_once(emu.url, ids)
        assert emu.stats()["services"] == n
        assert emu.stats().get("duplicate", 0) > 0  # marks were lost with the kills, and made good
    finally:
        emu.stop()
    with Store(tmp_path / "kiosk.db") as store:
        assert store.integrity_ok()
        assert store.conn.execute("SELECT count(*) FROM evaluations WHERE sync_state = 'delivered'").fetchone()[0] == n
