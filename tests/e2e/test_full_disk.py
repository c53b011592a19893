"""A full disk with real SQLite: the pad pauses (暂停评价), loses nothing, and resumes by itself.

Two genuine SQLITE_FULL sources are used:
  * `PRAGMA max_page_count` on the store's own connection: SQLite refuses to allocate a page beyond it and
    answers SQLITE_FULL ("database or disk is full"), in WAL mode too (checked at page allocation, so at
    INSERT time, before the WAL is written);
  * a tiny tmpfs (when `mount` is allowed, i.e. root in a container): a real ENOSPC while the WAL grows.
An OSError raised by the I/O layer is mapped to StorageError as well.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from kiosk.core.flow.machine import Flow, FlowSettings, Screen
from kiosk.core.timefmt import FakeClock
from kiosk.store.db import StorageError, Store
from kiosk.store.sink import StoreSink
from tests.helpers.fakes import STAFF, Recorder, rating, service

PAUSED = "暂停评价 · 请稍候"


def make(store: Store, clock: FakeClock) -> tuple[Flow, Recorder]:
    flow = Flow(StoreSink(store), clock, FlowSettings(device_id="PAD01", counter="W07"))
    flow.sign_in(STAFF)
    rec = Recorder()
    flow.subscribe(rec)
    return flow, rec


def rate(flow: Flow, clock: FakeClock, project_no: str, level: int, reason: str = "") -> str:
    flow.invite(service(project_no))
    assert flow.press(level) is True
    ev_id = flow.state.evaluation.id
    if reason:
        flow.toggle_reason(reason)
    assert flow.submit() is True
    assert flow.state.screen is Screen.THANKS
    clock.advance(flow.settings.qr_screen_s if level <= 2 else flow.settings.thanks_s)  # a 差评's thanks is longer
    flow.tick()
    assert flow.state.screen is Screen.IDLE
    return ev_id


def fill(store: Store) -> StorageError:
    """Insert rating-shaped filler until nothing more fits: big rows first, then tiny ones until 50 in a row
    fail. Returns the last error (the genuine SQLite one is its __cause__)."""
    last = None
    misses = 0
    i = 0
    for text in ("满" * 300, ""):
        misses = 0
        while misses < 50:
            i += 1
            try:
                store.add_evaluation(rating(f"F{i:07d}", 5, writingEvaluation=text), draft=False)
                misses = 0
            except StorageError as exc:
                last = exc
                misses += 1
            assert i < 200_000, "the store never filled up"
    assert last is not None
    return last


def acknowledged(store: Store, ids: list[str]) -> dict[str, tuple]:
    out = {}
    for ev_id in ids:
        row = store.get_evaluation(ev_id)
        out[ev_id] = (row["satisfaction"], row["evalDetail"], row["sync_state"]) if row else None
    return out


def screens(rec: Recorder) -> list[str]:
    return [screen for _, screen in rec.events]


# --- PRAGMA max_page_count -------------------------------------------------------------------------------


def test_full_store_pauses_rating_and_recovers(tmp_path):
    clock = FakeClock()
    with Store(tmp_path / "kiosk.db", clock=clock) as store:
        flow, rec = make(store, clock)
        ids = [rate(flow, clock, "P1", 5), rate(flow, clock, "P2", 1, "115"), rate(flow, clock, "P3", 4)]
        before = acknowledged(store, ids)
        assert before == {ids[0]: (5, "", "pending"), ids[1]: (1, "115", "pending"), ids[2]: (4, "", "pending")}

        inv = flow.invite(service("P-FULL"))
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages + 30}")
        err = fill(store)
        assert "database or disk is full" in str(err)
        assert isinstance(err.__cause__, sqlite3.OperationalError)
        assert err.__cause__.sqlite_errorcode == sqlite3.SQLITE_FULL
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

        rec.events.clear()
        assert flow.press(2) is False
        assert flow.state.screen is Screen.UNAVAILABLE
        assert flow.state.message == PAUSED
        assert store.evaluations(project_no="P-FULL") == []
        assert flow.outcomes[inv.id].state == "pending"

        # still full: the probe must fail too (a tiny in-place write would succeed and make the pad flap)
        for _ in range(3):
            clock.advance(2)
            flow.tick()
            assert flow.state.screen is Screen.UNAVAILABLE
        assert flow.press(2) is False
        assert screens(rec) == ["unavailable"]
        assert acknowledged(store, ids) == before
        assert store.integrity_ok()

        # space comes back: the flow notices by itself and the citizen can rate
        store.conn.execute(f"PRAGMA max_page_count = {pages + 100_000}")
        clock.advance(2)
        flow.tick()
        assert flow.state.screen is Screen.INVITED
        assert flow.state.invitation == inv
        assert flow.press(2) is True
        flow.toggle_reason("214")
        assert flow.submit() is True
        assert flow.state.screen is Screen.THANKS
        (row,) = store.evaluations(project_no="P-FULL")
        assert (row["satisfaction"], row["evalDetail"], row["sync_state"]) == (2, "214", "pending")
        assert flow.outcomes[inv.id].state == "rated"
        clock.advance(3)
        flow.tick()
        new_id = rate(flow, clock, "P-AFTER", 3)
        assert acknowledged(store, [new_id]) == {new_id: (3, "", "pending")}
        assert acknowledged(store, ids) == before
        assert store.integrity_ok()


def test_full_store_on_details_then_written_on_recovery(tmp_path):
    clock = FakeClock()
    with Store(tmp_path / "kiosk.db", clock=clock) as store:
        flow, rec = make(store, clock)
        flow.invite(service("P-DETAILS"))
        assert flow.press(1) is True  # the draft is stored while there is room
        ev_id = flow.state.evaluation.id
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages + 30}")
        fill(store)
        flow.toggle_reason("113")
        flow.set_text("材料" * 200)  # the row grows by 1,200 bytes: needs a new page
        flow.submit()
        assert flow.state.screen is Screen.UNAVAILABLE
        assert flow.state.message == PAUSED
        row = store.get_evaluation(ev_id)
        assert (row["satisfaction"], row["sync_state"], row["evalDetail"]) == (1, "draft", "")
        clock.advance(2)
        flow.tick()
        assert flow.state.screen is Screen.UNAVAILABLE
        assert "thanks" not in screens(rec)

        store.conn.execute(f"PRAGMA max_page_count = {pages + 100_000}")
        clock.advance(2)
        flow.tick()
        assert flow.state.screen is Screen.THANKS
        row = store.get_evaluation(ev_id)
        assert (row["sync_state"], row["evalDetail"], row["writingEvaluation"]) == ("pending", "113", "材料" * 200)
        assert store.integrity_ok()


# --- OSError from the I/O layer -----------------------------------------------------------------------


class FailingConn:
    """Delegates to a real connection; raises OSError(ENOSPC) on the chosen statement."""

    def __init__(self, real: sqlite3.Connection, on: str):
        self.real = real
        self.on = on

    def execute(self, sql, *args):
        if sql == self.on:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.real.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.mark.parametrize("on", ["BEGIN IMMEDIATE", "COMMIT"])
def test_oserror_is_storage_error_and_pauses_rating(tmp_path, on):
    clock = FakeClock()
    with Store(tmp_path / "kiosk.db", clock=clock) as store:
        flow, _ = make(store, clock)
        flow.invite(service("P1"))
        real = store.conn
        store.conn = FailingConn(real, on)
        try:
            with pytest.raises(StorageError, match="No space left on device") as info:
                store.add_evaluation(rating("P0"))
            assert isinstance(info.value.__cause__, OSError)
            assert not real.in_transaction  # rolled back
            assert flow.press(5) is False
            assert flow.state.screen is Screen.UNAVAILABLE
            assert store.probe_writable() is False
        finally:
            store.conn = real
        assert store.evaluations() == []
        clock.advance(2)
        flow.tick()
        assert flow.state.screen is Screen.INVITED
        assert flow.press(5) is True
        assert [r["projectNo"] for r in store.evaluations()] == ["P1"]


# --- a real ENOSPC on a tiny tmpfs -----------------------------------------------------------------------


@contextlib.contextmanager
def tiny_tmpfs(where: Path, size: str = "2m"):
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CAP_SYS_ADMIN); max_page_count tests cover SQLITE_FULL")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_real_enospc_on_tmpfs(tmp_path):
    with tiny_tmpfs(tmp_path / "mnt") as mnt:
        clock = FakeClock()
        with Store(mnt / "kiosk.db", clock=clock) as store:
            flow, rec = make(store, clock)
            ids = [rate(flow, clock, "P1", 5), rate(flow, clock, "P2", 2, "214")]
            before = acknowledged(store, ids)
            inv = flow.invite(service("P-ENOSPC"))
            junk = mnt / "junk.bin"
            fd = os.open(junk, os.O_WRONLY | os.O_CREAT, 0o600)
            try:  # take every free block of the file system
                for size in (65536, 4096, 512, 1):
                    with contextlib.suppress(OSError):
                        while True:
                            os.write(fd, b"\0" * size)
            finally:
                os.close(fd)
            err = fill(store)  # uses up what SQLite can still overwrite in place in the WAL
            assert isinstance(err.__cause__, sqlite3.OperationalError)
            assert err.__cause__.sqlite_errorcode in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR)
            rec.events.clear()
            assert flow.press(4) is False
            assert flow.state.screen is Screen.UNAVAILABLE
            assert flow.state.message == PAUSED
            clock.advance(2)
            flow.tick()
            assert flow.state.screen is Screen.UNAVAILABLE

            junk.unlink()
            clock.advance(2)
            flow.tick()
            assert flow.state.screen is Screen.INVITED
            assert flow.state.invitation == inv
            assert flow.press(4) is True
            assert flow.submit() is True
            assert [r["satisfaction"] for r in store.evaluations(project_no="P-ENOSPC")] == [4]
            assert acknowledged(store, ids) == before
            assert store.integrity_ok()
            assert screens(rec) == ["unavailable", "invited", "details", "thanks"]
        # the data survived closing and reopening
        with Store(mnt / "kiosk.db") as again:
            assert again.integrity_ok()
            assert {r["projectNo"] for r in again.evaluations(limit=10_000) if r["projectNo"][0] == "P"} == {
                "P1",
                "P2",
                "P-ENOSPC",
            }
