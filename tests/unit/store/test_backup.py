"""Online backups and the rollback across a breaking schema, on real SQLite files."""

import sqlite3
import threading

import pytest

from kiosk.store import backup, schema
from kiosk.store.db import Store
from tests.helpers.fakes import rating, service


def _ratings(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute("SELECT id, projectNo, satisfaction, sync_state FROM evaluations"))
    finally:
        conn.close()


def _take(store: Store, n: int, prefix: str) -> list:
    evs = []
    for i in range(n):
        store.upsert_case(service(f"{prefix}{i}"))
        ev = rating(f"{prefix}{i}", satisfaction=1 + i % 5)
        store.add_evaluation(ev, draft=False)
        evs.append(ev)
    return evs


def test_online_backup_copies_a_database_being_written(tmp_path, clock):
    live = tmp_path / "kiosk.db"
    with Store(live, clock=clock) as s:
        _take(s, 5, "A")
        stop = threading.Event()

        def writer():
            with Store(live, clock=clock) as w:
                i = 0
                while not stop.is_set():
                    _take(w, 1, f"W{i}-")
                    i += 1

        t = threading.Thread(target=writer)
        t.start()
        try:
            dest = backup.online_backup(live, tmp_path / "backups" / backup.backup_name("before-0.2.0"))
        finally:
            stop.set()
            t.join()
        copied = _ratings(dest)
        assert len(copied) >= 5 and set(copied) <= set(_ratings(live))
        assert sqlite3.connect(dest).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert dest.name.startswith("kiosk-") and dest.name.endswith("-before-0.2.0.db")


def test_online_backup_never_creates_the_source_nor_overwrites(tmp_path):
    with pytest.raises(backup.BackupError, match="no database"):
        backup.online_backup(tmp_path / "missing.db", tmp_path / "b.db")
    assert not (tmp_path / "missing.db").exists()
    with Store(tmp_path / "k.db"):
        pass
    (tmp_path / "b.db").write_bytes(b"keep me")
    with pytest.raises(backup.BackupError, match="exists already"):
        backup.online_backup(tmp_path / "k.db", tmp_path / "b.db")
    assert (tmp_path / "b.db").read_bytes() == b"keep me"


def test_online_backup_of_a_closed_wal_database_read_only(tmp_path):
    live = tmp_path / "k.db"
    with Store(live) as s:
        _take(s, 2, "C")
    assert not (tmp_path / "k.db-wal").exists()
    dest = backup.online_backup(live, tmp_path / "copy.db")
    assert len(_ratings(dest)) == 2


def test_prune_keeps_the_newest(tmp_path):
    import os

    for i in range(5):
        p = tmp_path / f"kiosk-2026010{i}T000000Z.db"
        p.write_bytes(b"x")
        os.utime(p, (1000 + i, 1000 + i))
    (tmp_path / "other.db").write_bytes(b"x")
    removed = backup.prune_backups(tmp_path, keep=2)
    assert [p.name for p in removed] == [f"kiosk-2026010{i}T000000Z.db" for i in range(3)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "kiosk-20260103T000000Z.db",
        "kiosk-20260104T000000Z.db",
        "other.db",
    ]


def _breaking_upgrade(live) -> None:
    """What a newer release with a breaking migration would do: a new table, a column, a floor above us."""
    conn = sqlite3.connect(live)
    conn.execute("CREATE TABLE receipts (id TEXT PRIMARY KEY, body TEXT)")
    conn.execute("ALTER TABLE evaluations ADD COLUMN channel TEXT NOT NULL DEFAULT 'pad'")
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.execute("UPDATE kv SET value = ? WHERE key = ?", (str(schema.SCHEMA_VERSION + 1), schema.READABLE_FROM_KEY))
    conn.commit()
    conn.close()


def test_rollback_across_a_breaking_schema_keeps_every_rating_once(tmp_path, clock):
    live = tmp_path / "kiosk.db"
    with Store(live, clock=clock) as s:
        before = _take(s, 4, "OLD")
    pre = backup.online_backup(live, tmp_path / "backups" / backup.backup_name("before"))
    _breaking_upgrade(live)
    with pytest.raises(schema.SchemaTooNew):
        Store(live)
    conn = sqlite3.connect(live)  # the newer release takes ratings and delivers an old one
    conn.execute("UPDATE evaluations SET sync_state = 'delivered' WHERE id = ?", (before[0].id,))
    conn.commit()
    conn.close()
    newer = sqlite3.connect(live)
    newer.execute("PRAGMA journal_mode=WAL")
    for i in range(3):
        newer.execute(
            "INSERT INTO evaluations (id, projectNo, satisfaction, assessNumber, assessTime, sync_state, channel) "
            "VALUES (?, ?, 5, 1, '2026-11-23 11:00:00', 'pending', 'terminal')",
            (f"NEW-{i}", f"NEW{i}"),
        )
    newer.commit()
    newer.close()
    expected = [r for r in _ratings(live)]
    assert len(expected) == 7

    report = backup.restore_with_carry_over(live, pre, tmp_path / "backups")

    assert _ratings(live) == expected  # every rating, once, with its latest state
    assert report.rows["evaluations"] == 7
    assert report.dropped_columns == {"evaluations": ["channel"]}
    assert report.live_only_tables == ["receipts"]
    assert report.kept_live is not None and len(_ratings(report.kept_live)) == 7
    assert schema.readable_from(sqlite3.connect(live)) == 1  # the backup's word on its schema, not the newer one's
    with Store(live, clock=clock) as s:  # the older release opens it again
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert s.count_evaluations() == 7
    assert "evaluations: 7 rows" in report.summary()


def test_rollback_that_cannot_carry_a_column_leaves_the_live_file(tmp_path, clock):
    live = tmp_path / "kiosk.db"
    with Store(live, clock=clock) as s:
        _take(s, 2, "OLD")
    pre = backup.online_backup(live, tmp_path / "pre.db")
    conn = sqlite3.connect(live)  # a newer release that renamed a NOT NULL column
    conn.execute("ALTER TABLE evaluations RENAME COLUMN satisfaction TO level")
    conn.commit()
    conn.close()
    before = live.read_bytes()
    with pytest.raises(backup.BackupError, match="satisfaction"):
        backup.restore_with_carry_over(live, pre, tmp_path / "kept")
    assert live.read_bytes() == before
    wal = tmp_path / "kiosk.db-wal"  # a read-only look may leave SQLite's empty WAL behind, nothing else
    assert not wal.exists() or wal.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("kiosk.db-")) == ["kiosk.db", "pre.db"]


def test_restore_refuses_while_the_kiosk_holds_the_file(tmp_path, clock):
    live = tmp_path / "kiosk.db"
    with Store(live, clock=clock) as s:
        _take(s, 1, "A")
        pre = backup.online_backup(live, tmp_path / "pre.db")
        reader = sqlite3.connect(live)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM evaluations").fetchone()
        _take(s, 1, "B")  # a frame in the WAL the reader's snapshot still needs
        try:
            with pytest.raises(backup.BackupError, match="still in use"):
                backup.restore_with_carry_over(live, pre, tmp_path / "kept", busy_timeout_s=0.2)
        finally:
            reader.close()
