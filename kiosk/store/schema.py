"""Versioned schema: ordered migrations, `PRAGMA user_version` holds how many have run.

A migration is never edited once released; new needs get a new migration at the end.

Rollback policy (docs/appliance.md): an upgrade that is rolled back keeps the database the new release migrated
(and the ratings it took), so an older release must be able to open a newer file. Migrations are additive —
new tables, new columns that are nullable or have a default, new indexes — and then a file stays usable by
every release since the last breaking one. `READABLE_FROM[v - 1]` is the oldest schema version whose program
can read and write a file at version v; a migration that is not additive sets it to its own version. The file
carries that number (kv `schema_readable_from`, written with each migration), so a release that knows fewer
migrations still knows whether it may open the file; when it may not, it refuses (`SchemaTooNew`) and the
installer restores the backup taken before the upgrade and carries the newer rows over
(kiosk.store.backup.restore_with_carry_over).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from kiosk.core.timefmt import utc_iso

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

SERVICE_COLUMNS = {
    "projectNo": str,
    "taskCode": str,
    "taskName": str,
    "deptCode": str,
    "proDepart": str,
    "proStatus": int,
    "userProp": int,
    "userName": str,
    "certKey": str,
    "mobile": str,
    "handleUserName": str,
    "handleUserPageCode": str,
    "serviceTime": str,
    "areaCode": str,
    "proChannel": int,
    "local": int,
    "created_utc": str,
    "updated_utc": str,
    "sync_state": str,  # pending | delivered | dead
}

EVALUATION_COLUMNS = {
    "id": str,
    "projectNo": str,
    "pf": int,
    "satisfaction": int,
    "evalDetail": str,
    "writingEvaluation": str,
    "assessTime": str,
    "assessTimeUtc": str,
    "assessNumber": int,
    "handleUserName": str,
    "handleUserPageCode": str,
    "window": str,
    "deviceId": str,
    "incomplete": int,
    "created_utc": str,
    "sync_state": str,  # draft (details open) | pending | delivered | dead
}


def _v1(db: sqlite_utils.Database) -> None:
    db.table("services").create(SERVICE_COLUMNS, pk="projectNo", defaults={"sync_state": "pending", "local": 0})
    db.table("evaluations").create(
        EVALUATION_COLUMNS,
        pk="id",
        not_null={"projectNo", "satisfaction", "assessNumber", "assessTime", "sync_state"},
        defaults={"sync_state": "draft", "incomplete": 0, "evalDetail": "", "writingEvaluation": ""},
    )
    db.table("evaluations").create_index(["projectNo", "assessNumber"], unique=True)
    db.table("evaluations").create_index(["sync_state"])
    db.table("services").create_index(["sync_state"])


def _v2(db: sqlite_utils.Database) -> None:
    """Sync bookkeeping (attempts, errors, revisions), the staff roster and the profile cache."""
    for table in ("services", "evaluations"):
        db.table(table).add_column("attempts", int, not_null_default=0)
        db.table(table).add_column("last_error", str)
        db.table(table).add_column("delivered_utc", str)
    # a service is re-sent when a later proStatus updates it; rev tells an in-flight copy from a newer one
    db.table("services").add_column("rev", int, not_null_default=1)
    db.table("staff").create(
        {"staffId": str, "name": str, "pageCode": str, "dept": str, "photo": str, "stars": int, "active": int},
        pk="staffId",
        defaults={"active": 1, "stars": 5},
    )
    db.table("kv").create({"key": str, "value": str, "updated_utc": str}, pk="key")


def _v3(db: sqlite_utils.Database) -> None:
    """The refined questionnaire's answers (JSON list of {"code", "answer"}; "" when none). Additive."""
    db.table("evaluations").add_column("questionAnswers", str, not_null_default="")


def _v4(db: sqlite_utils.Database) -> None:
    """Interference flags of a rating (kiosk.core.suspect), comma-separated, set at the press; additive: an
    older release inserts without it and gets ''."""
    db.table("evaluations").add_column("suspect", str, not_null_default="")


def _v5(db: sqlite_utils.Database) -> None:
    """calendarUnknown (0/1): a later rating judged by the lenient window, its deadline in a year the working-day
    calendar did not know (kiosk.core.late.rate_later). Additive: an older release inserts without it and gets 0."""
    db.table("evaluations").add_column("calendarUnknown", int, not_null_default=0)


def _v6(db: sqlite_utils.Database) -> None:
    """The province's rating page for a case (rating-URL mode, `qr.source = "central"`), as its answer to the
    case gave it. A table of its own: additive, and an older release simply never reads it."""
    db.table("central_links").create({"projectNo": str, "url": str, "received_utc": str}, pk="projectNo")


def _v7(db: sqlite_utils.Database) -> None:
    """Statistics (kiosk.store.stats): two covering indexes, one per grouping pass (per day; per staff member
    and counter), each in the order its GROUP BY reads; and the presses made outside an invitation, per day,
    staff member and counter (before, only counted in memory). Additive."""
    # assessTime itself last: without it SQLite does not take an index on substr(assessTime, ...) as covering
    tail = "satisfaction, incomplete, suspect, evalDetail, assessTime"
    db.conn.execute(
        "CREATE INDEX IF NOT EXISTS idx_evaluations_stats_day ON evaluations "
        f"(substr(assessTime, 1, 10), {tail}, handleUserPageCode, window)"
    )
    db.conn.execute(
        f"CREATE INDEX IF NOT EXISTS idx_evaluations_stats_staff ON evaluations (handleUserPageCode, window, {tail})"
    )
    db.conn.execute(
        "CREATE TABLE IF NOT EXISTS ignored_presses (day TEXT NOT NULL, staff TEXT NOT NULL, counter TEXT NOT NULL, "
        "n INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (day, staff, counter))"
    )


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7]
SCHEMA_VERSION = len(MIGRATIONS)
# per version: the oldest schema version whose program can use such a file (non-decreasing; see above)
READABLE_FROM: list[int] = [1, 1, 1, 1, 1, 1, 1]
READABLE_FROM_KEY = "schema_readable_from"


class SchemaTooNew(RuntimeError):
    pass


def readable_from(conn) -> int | None:
    """The oldest schema version that can use this file, as the file says (None: a file that does not say)."""
    try:
        row = conn.execute("SELECT value FROM kv WHERE key = ?", (READABLE_FROM_KEY,)).fetchone()
    except Exception:  # no kv table (schema v1 or an empty file)
        return None
    return int(row[0]) if row and str(row[0]).isdigit() else None


def migrate_if_needed(conn) -> int:
    """Migrate when the file is behind; sqlite-utils is loaded only then (it costs start-up time)."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found == SCHEMA_VERSION:
        return found
    import sqlite_utils  # heavy (~0.2 s): loaded only when a migration runs, not at start-up

    return migrate(sqlite_utils.Database(conn))


def migrate(db: sqlite_utils.Database) -> int:
    """Bring the database to SCHEMA_VERSION; each step in its own transaction. Returns the version found."""
    conn = db.conn
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        floor = readable_from(conn)
        if floor is None or floor > SCHEMA_VERSION:
            needs = f"needs schema {floor} or later" if floor else "does not say which programs can read it"
            raise SchemaTooNew(
                f"database schema version {found} is newer than this program ({SCHEMA_VERSION}) and {needs}"
            )
        log.warning(
            "database schema version %d is newer than this program (%d) but readable from %d: opened as it is",
            found,
            SCHEMA_VERSION,
            floor,
        )
        return found
    for version in range(found, SCHEMA_VERSION):
        log.info("migrating store schema %d -> %d", version, version + 1)
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](db)
            if db["kv"].exists():
                conn.execute(
                    "INSERT INTO kv (key, value, updated_utc) VALUES (?, ?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_utc = excluded.updated_utc",
                    (READABLE_FROM_KEY, str(READABLE_FROM[version]), utc_iso(datetime.now(UTC))),
                )
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return found
