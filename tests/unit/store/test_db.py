"""The SQLite store on real files: pragmas, migrations, constraints, services and evaluations."""

import sqlite3
from dataclasses import replace

import pytest
import sqlite_utils

from kiosk.core.timefmt import FakeClock
from kiosk.store import schema
from kiosk.store.db import StorageError, Store, connect
from kiosk.store.sink import StoreSink
from tests.helpers.fakes import rating, service


def state_of(store, ev_id):
    return store.conn.execute("SELECT sync_state FROM evaluations WHERE id = ?", (ev_id,)).fetchone()[0]


# --- opening ----------------------------------------------------------------------------------------------


def test_pragmas(store):
    c = store.conn
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert c.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert c.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == len(schema.MIGRATIONS)
    assert store.integrity_ok() is True


def test_reopen_keeps_data_and_version(tmp_path):
    with Store(tmp_path / "k.db") as s:
        s.upsert_case(service("P1"))
    with Store(tmp_path / "k.db") as s:
        assert s.get_case("P1") == service("P1")
        assert schema.migrate(s.db) == schema.SCHEMA_VERSION  # nothing left to do


def _v1_database(path):
    conn = connect(path)
    db = sqlite_utils.Database(conn)
    conn.execute("BEGIN IMMEDIATE")
    schema.MIGRATIONS[0](db)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    conn.execute(
        "INSERT INTO services (projectNo, taskName, proStatus, userProp, userName, certKey, mobile, proChannel, "
        "local, created_utc, updated_utc, sync_state) VALUES "
        "('P-OLD', '食品经营许可', 3, 1, '张小三', '420102199001011234', '13812345678', 2, 0, "
        "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'delivered')"
    )
    conn.execute(
        "INSERT INTO evaluations (id, projectNo, pf, satisfaction, evalDetail, writingEvaluation, assessTime, "
        "assessTimeUtc, assessNumber, incomplete, created_utc, sync_state) VALUES "
        "('ev-old', 'P-OLD', 4, 1, '115', '态度差', '2026-01-01 08:00:00', '2026-01-01T00:00:00.000Z', 1, 0, "
        "'2026-01-01T00:00:00.000Z', 'pending')"
    )
    cols = {r[1] for r in conn.execute("PRAGMA table_info(services)")}
    conn.close()
    return cols


def test_migration_from_v1_keeps_data_and_defaults_new_columns(tmp_path):
    path = tmp_path / "old.db"
    v1_cols = _v1_database(path)
    assert "rev" not in v1_cols and "attempts" not in v1_cols
    with Store(path) as s:
        c = s.conn
        assert c.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        svc = dict(c.execute("SELECT * FROM services").fetchone())
        assert (svc["projectNo"], svc["userName"], svc["proStatus"], svc["sync_state"]) == (
            "P-OLD",
            "张小三",
            3,
            "delivered",
        )
        assert (svc["rev"], svc["attempts"], svc["last_error"], svc["delivered_utc"]) == (1, 0, None, None)
        ev = s.get_evaluation("ev-old")
        assert (ev["satisfaction"], ev["evalDetail"], ev["writingEvaluation"], ev["sync_state"]) == (
            1,
            "115",
            "态度差",
            "pending",
        )
        assert (ev["attempts"], ev["last_error"], ev["delivered_utc"]) == (0, None, None)
        assert ev["questionAnswers"] == ""  # v3: an older rating has no questionnaire answers
        assert ev["suspect"] == ""  # v4: an old rating carries no flags
        assert ev["calendarUnknown"] == 0  # v5: judged by a known calendar
        assert c.execute("SELECT count(*) FROM staff").fetchone()[0] == 0
        s.set_kv("a", "b")
        assert s.get_kv("a") == "b"
        assert s.integrity_ok()
        assert s.assess_numbers("P-OLD") == {1}


def _from_a_newer_release(path, readable_from: int | None) -> None:
    """Make the file look migrated by a release one schema ahead whose last migration says `readable_from`."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    if readable_from is None:
        conn.execute("DELETE FROM kv WHERE key = ?", (schema.READABLE_FROM_KEY,))
    else:
        conn.execute("UPDATE kv SET value = ? WHERE key = ?", (str(readable_from), schema.READABLE_FROM_KEY))
    conn.commit()
    conn.close()


def test_migration_records_which_versions_can_read_the_file(store):
    assert schema.readable_from(store.conn) == schema.READABLE_FROM[-1] == 1
    assert len(schema.READABLE_FROM) == len(schema.MIGRATIONS)
    assert schema.READABLE_FROM == sorted(schema.READABLE_FROM)  # a floor never goes down


def test_newer_schema_refused_when_not_readable_by_this_program(tmp_path):
    path = tmp_path / "new.db"
    with Store(path):
        pass
    _from_a_newer_release(path, readable_from=schema.SCHEMA_VERSION + 1)
    v = schema.SCHEMA_VERSION
    with pytest.raises(
        schema.SchemaTooNew, match=f"version {v + 1} is newer than this program .{v}. and needs schema {v + 1}"
    ):
        Store(path)


def test_newer_schema_that_does_not_say_is_refused(tmp_path):
    path = tmp_path / "new.db"
    with Store(path):
        pass
    _from_a_newer_release(path, readable_from=None)
    with pytest.raises(schema.SchemaTooNew, match="does not say which programs can read it"):
        Store(path)


def test_newer_additive_schema_opens_as_it_is(tmp_path, clock):
    """A rolled-back release keeps taking ratings in the file its successor migrated (docs/appliance.md)."""
    path = tmp_path / "new.db"
    with Store(path):
        pass
    _from_a_newer_release(path, readable_from=1)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE evaluations ADD COLUMN added_by_v3 TEXT DEFAULT 'x'")  # an additive migration
    conn.commit()
    conn.close()
    with Store(path, clock=clock) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION + 1  # left alone
        s.upsert_case(service("P-AFTER"))
        ev = rating("P-AFTER")
        s.add_evaluation(ev, draft=False)
        assert s.count_evaluations() == 1
        assert s.get_evaluation(ev.id)["added_by_v3"] == "x"


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    path = tmp_path / "half.db"
    _v1_database(path)

    def broken(db):
        db["services"].add_column("attempts", int, not_null_default=0)
        raise RuntimeError("power cut in the middle of a migration")

    monkeypatch.setattr(schema, "MIGRATIONS", [schema.MIGRATIONS[0], broken])
    with pytest.raises(RuntimeError, match="power cut"):
        Store(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert "attempts" not in {r[1] for r in conn.execute("PRAGMA table_info(services)")}
    finally:
        conn.close()


def test_unopenable_path_is_storage_error(tmp_path):
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(StorageError, match="cannot open the store"):
        Store(tmp_path / "dir.db")


# --- transactions ---------------------------------------------------------------------------------------


def test_failed_write_rolls_back_the_whole_transaction(store):
    with pytest.raises(StorageError, match="write failed and was rolled back: UNIQUE constraint failed"):
        with store.tx() as conn:
            conn.execute("INSERT INTO kv (key, value, updated_utc) VALUES ('a', '1', 'now')")
            conn.execute("INSERT INTO kv (key, value, updated_utc) VALUES ('a', '2', 'now')")
    assert not store.conn.in_transaction
    assert store.get_kv("a") is None  # the first insert went with the failed second
    store.set_kv("a", "3")  # and the connection writes again
    assert store.get_kv("a") == "3"


def test_any_other_error_rolls_back_and_propagates_unchanged(store):
    with pytest.raises(KeyError, match="not a storage error"):
        with store.tx() as conn:
            conn.execute("INSERT INTO kv (key, value, updated_utc) VALUES ('b', '1', 'now')")
            raise KeyError("not a storage error")
    assert not store.conn.in_transaction
    assert store.get_kv("b") is None


def test_a_store_locked_by_another_writer_is_not_writable(store, tmp_path):
    other = connect(tmp_path / "kiosk.db")
    other.execute("BEGIN IMMEDIATE")
    store.conn.execute("PRAGMA busy_timeout=0")
    try:
        with pytest.raises(StorageError, match="store not writable: database is locked"):
            store.add_evaluation(rating("P1", 5))
        assert not store.conn.in_transaction
    finally:
        other.execute("ROLLBACK")
        other.close()
    store.add_evaluation(rating("P1", 5))
    assert store.count_evaluations() == 1


# --- evaluations ----------------------------------------------------------------------------------------


def test_unique_project_and_assess_number(store):
    store.upsert_case(service("P1"))
    first = rating("P1", 5)
    store.add_evaluation(first)
    with pytest.raises(StorageError, match="UNIQUE constraint failed"):
        store.add_evaluation(rating("P1", 1))
    store.add_evaluation(rating("P1", 3, number=2))
    with pytest.raises(StorageError, match="UNIQUE constraint failed"):
        store.add_evaluation(replace(first, assessNumber=2))  # same id
    assert store.assess_numbers("P1") == {1, 2}
    assert store.count_evaluations() == 2
    assert not store.conn.in_transaction


def test_add_evaluation_fields(store, clock):
    ev = rating("P1", 2, pf=5, handleUserPageCode="GH1", window="W1", deviceId="D1")
    store.add_evaluation(ev)
    row = store.get_evaluation(ev.id)
    assert row["sync_state"] == "draft"
    assert (row["satisfaction"], row["pf"], row["assessNumber"], row["incomplete"]) == (2, 5, 1, 0)
    assert (row["assessTime"], row["assessTimeUtc"]) == ("2026-11-23 10:00:00", "2026-11-23T02:00:00.000Z")
    assert row["created_utc"] == "2026-11-23T02:00:00.000Z"
    assert (row["window"], row["deviceId"], row["handleUserPageCode"]) == ("W1", "D1", "GH1")
    other = rating("P2")
    store.add_evaluation(other, draft=False)
    assert state_of(store, other.id) == "pending"
    assert [r["id"] for r in store.evaluations()] == [other.id, ev.id]
    assert [r["id"] for r in store.evaluations(project_no="P1")] == [ev.id]
    assert store.get_evaluation("nope") is None


def test_draft_finish_pending(store):
    ev = rating("P1", 1)
    store.add_evaluation(ev)
    store.finish_evaluation(replace(ev, evalDetail="113,115", writingEvaluation="跑了三次"))
    row = store.get_evaluation(ev.id)
    assert (row["sync_state"], row["evalDetail"], row["writingEvaluation"], row["incomplete"]) == (
        "pending",
        "113,115",
        "跑了三次",
        0,
    )
    with pytest.raises(StorageError, match="is not an open draft"):
        store.finish_evaluation(replace(ev, evalDetail="108"))
    assert store.get_evaluation(ev.id)["evalDetail"] == "113,115"
    with pytest.raises(StorageError, match="is not an open draft"):
        store.finish_evaluation(rating("P9"))


def test_release_drafts(store):
    good = rating("P1", 5)
    bad_empty = rating("P2", 1)
    bad_text = rating("P3", 2, writingEvaluation="态度差")
    meh = rating("P4", 3)
    done = rating("P5", 2)
    for ev in (good, bad_empty, bad_text, meh, done):
        store.add_evaluation(ev)
    store.finish_evaluation(replace(done, evalDetail="214"))
    assert store.release_drafts() == 4
    rows = {r["id"]: r for r in store.evaluations()}
    assert {k: (r["sync_state"], r["incomplete"]) for k, r in rows.items()} == {
        good.id: ("pending", 0),
        bad_empty.id: ("pending", 1),
        bad_text.id: ("pending", 0),
        meh.id: ("pending", 0),
        done.id: ("pending", 0),
    }
    assert rows[bad_empty.id]["evalDetail"] == ""  # never invented
    assert store.release_drafts() == 0


# --- services ---------------------------------------------------------------------------------------------


def svc_row(store, project_no):
    return dict(store.conn.execute("SELECT * FROM services WHERE projectNo = ?", (project_no,)).fetchone())


def test_upsert_service_insert_and_round_trip(store):
    s = service("P1", local=True, proStatus=1)
    store.upsert_case(s)
    assert store.get_case("P1") == s
    row = svc_row(store, "P1")
    assert (row["sync_state"], row["rev"], row["local"], row["attempts"]) == ("pending", 1, 1, 0)
    assert row["created_utc"] == row["updated_utc"] == "2026-11-23T02:00:00.000Z"
    assert store.get_case("P-none") is None


def test_upsert_unchanged_does_nothing_changed_repends_and_bumps_rev(store, clock):
    store.upsert_case(service("P1"))
    store.conn.execute("UPDATE services SET sync_state = 'delivered', last_error = 'old' WHERE projectNo = 'P1'")
    clock.advance(60)
    store.upsert_case(service("P1"))
    row = svc_row(store, "P1")
    assert (row["sync_state"], row["rev"], row["updated_utc"], row["last_error"]) == (
        "delivered",
        1,
        "2026-11-23T02:00:00.000Z",
        "old",
    )
    store.upsert_case(service("P1", proStatus=3))
    row = svc_row(store, "P1")
    assert (row["sync_state"], row["rev"], row["updated_utc"], row["last_error"], row["proStatus"]) == (
        "pending",
        2,
        "2026-11-23T02:01:00.000Z",
        None,
        3,
    )
    assert row["created_utc"] == "2026-11-23T02:00:00.000Z"
    store.upsert_case(service("P1", proStatus=3, mobile="13900000000"))
    assert svc_row(store, "P1")["rev"] == 3


# --- kv, probe, sink ------------------------------------------------------------------------------------


def test_kv(store, clock):
    assert store.get_kv("k") is None
    assert store.get_kv("k", "d") == "d"
    store.set_kv("k", "1")
    clock.advance(1)
    store.set_kv("k", "2")
    assert store.get_kv("k") == "2"
    assert store.conn.execute("SELECT updated_utc FROM kv WHERE key = 'k'").fetchone()[0] == (
        "2026-11-23T02:00:01.000Z"
    )


def test_probe_writable_leaves_no_trace(store):
    assert store.probe_writable() is True
    assert store.get_kv("probe") == "2026-11-23T02:00:00.000Z"
    assert store.get_kv("probe_space") is None
    assert store.integrity_ok()


def test_probe_fails_when_store_cannot_grow(store):
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    assert store.probe_writable() is False
    store.conn.execute(f"PRAGMA max_page_count = {pages + 100}")
    assert store.probe_writable() is True


def test_store_sink(tmp_path):
    with Store(tmp_path / "k.db", clock=FakeClock()) as s:
        sink = StoreSink(s)
        saved = sink.save_case(service("P1", local=True))
        assert saved == service("P1", local=True)
        ev = rating("P1", 2)
        sink.save_evaluation(ev)
        assert sink.assess_numbers("P1") == {1}
        assert state_of(s, ev.id) == "draft"
        sink.finish_evaluation(replace(ev, evalDetail="213"))
        assert state_of(s, ev.id) == "pending"
        assert sink.writable() is True


def test_evaluations_with_cases_oldest_first_with_the_case_fields(store):
    store.upsert_case(service("P1", taskName="食品经营许可", userName="张小三", mobile="13812345678"))
    first, orphan = rating("P1", 2), rating("P-NONE", 5)
    store.add_evaluation(first, draft=False)
    store.add_evaluation(orphan)
    rows = list(store.evaluations_with_cases())
    assert [(r["id"], r["satisfaction"], r["sync_state"]) for r in rows] == [
        (first.id, 2, "pending"),
        (orphan.id, 5, "draft"),
    ]
    assert (rows[0]["taskName"], rows[0]["userName"], rows[0]["mobile"]) == ("食品经营许可", "张小三", "13812345678")
    assert (rows[1]["taskName"], rows[1]["userName"], rows[1]["certKey"]) == (None, None, None)  # no case row


def test_upkeep_reclaims_free_pages(store):
    store.upsert_case(service("P1"))
    with store.tx() as conn:
        conn.execute(
            "CREATE TABLE junk AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) "
            "SELECT randomblob(4000) AS b FROM n"
        )
        conn.execute("DROP TABLE junk")
    store.analyze()
    assert store.free_ratio() > 0.5
    store.vacuum()
    store.checkpoint()
    assert store.free_ratio() == 0.0
    assert store.get_case("P1") is not None and store.integrity_ok()
