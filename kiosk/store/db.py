"""The SQLite store: one file, WAL, synchronous=FULL, versioned schema, the outbox.

Each thread opens its own `Store` on the same file (the GUI thread records ratings, the sync thread drains
the outbox). Every write is one short `BEGIN IMMEDIATE` transaction; a write that fails (disk full, I/O
error) is rolled back and raised as `StorageError`, so the caller never acknowledges what is not stored.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import operator
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.errors import StorageUnavailable
from kiosk.core.model import Case, Evaluation
from kiosk.core.questions import answers_to_json
from kiosk.core.timefmt import Clock, SystemClock, parse_utc_iso, utc_iso
from kiosk.store.schema import migrate_if_needed

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)


class StorageError(StorageUnavailable):
    """A write could not be made durable (disk full, I/O error, database locked for too long)."""


PROBE_PAGES = 8  # headroom the recovery probe demands: a rating plus its case touch a few pages at most

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection with the store's pragmas, in autocommit mode (transactions are explicit)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=5.0)
    conn.row_factory = sqlite3.Row
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


# the flat fields (str/int/bool, and the suspect tuple) as columns; questionAnswers (pairs) is stored as JSON text
# after them
_EV_FIELDS = tuple(f.name for f in dataclasses.fields(Evaluation) if f.name != "questionAnswers")
_EV_INCOMPLETE = _EV_FIELDS.index("incomplete")
_EV_SUSPECT = _EV_FIELDS.index("suspect")  # stored comma-separated, like evalDetail
_EV_VALUES = operator.attrgetter(*_EV_FIELDS)  # the row's values as a tuple (flat fields: no asdict copy)
_INSERT_EVALUATION = (
    f"INSERT INTO evaluations ({', '.join([*_EV_FIELDS, 'questionAnswers', 'created_utc', 'sync_state'])}) "
    f"VALUES ({', '.join('?' * (len(_EV_FIELDS) + 3))})"
)


def put_kv(conn: sqlite3.Connection, key: str, value: str, now: str) -> None:
    """Set a key/value setting inside the caller's transaction."""
    conn.execute(
        "INSERT INTO kv (key, value, updated_utc) VALUES (?, ?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_utc = excluded.updated_utc",
        (key, value, now),
    )


class Store:
    def __init__(self, path: str | Path, *, clock: Clock | None = None):
        self.path = Path(path)
        self.clock = clock or SystemClock()
        try:
            self.conn = connect(self.path)
            migrate_if_needed(self.conn)
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open the store {self.path}: {exc}") from exc

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils' view of the same connection (schema work, exports)."""
        import sqlite_utils  # heavy (~0.2 s): loaded only for schema work and exports, not at start-up

        return sqlite_utils.Database(self.conn)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _now(self) -> str:
        return utc_iso(self.clock.now())

    @contextlib.contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One durable write transaction; failures roll back and surface as StorageError."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except (sqlite3.Error, OSError) as exc:
            raise StorageError(f"store not writable: {exc}") from exc
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            if isinstance(exc, (sqlite3.Error, OSError)):
                raise StorageError(f"write failed and was rolled back: {exc}") from exc
            raise

    # --- services ---------------------------------------------------------------------------------

    def upsert_case(self, service: Case) -> None:
        """Insert or update a case; any change sends it to the centre again (keyed by projectNo)."""
        row = service.to_dict()
        row["local"] = int(row["local"])
        now = self._now()
        cols = [k for k in row if k != "projectNo"]
        with self.tx() as conn:
            old = conn.execute("SELECT * FROM services WHERE projectNo = ?", (service.projectNo,)).fetchone()
            if old is None:
                names = ", ".join(["projectNo", *cols, "created_utc", "updated_utc", "sync_state"])
                marks = ", ".join("?" * (len(cols) + 4))
                values = [service.projectNo, *(row[c] for c in cols), now, now, "pending"]
                conn.execute(f"INSERT INTO services ({names}) VALUES ({marks})", values)
            elif any(old[c] != row[c] for c in cols):
                sets = ", ".join(f"{c} = ?" for c in cols)
                conn.execute(
                    f"UPDATE services SET {sets}, updated_utc = ?, sync_state = 'pending', rev = rev + 1, "
                    "last_error = NULL WHERE projectNo = ?",
                    [*(row[c] for c in cols), now, service.projectNo],
                )

    def get_case(self, project_no: str) -> Case | None:
        row = self.conn.execute("SELECT * FROM services WHERE projectNo = ?", (project_no,)).fetchone()
        if row is None:
            return None
        fields = Case.__dataclass_fields__
        data = {k: row[k] for k in row.keys() if k in fields}
        data = {k: ("" if v is None and fields[k].type == "str" else v) for k, v in data.items()}
        data["local"] = bool(data["local"])
        return Case(**data)

    def service_stored_at(self, project_no: str) -> datetime | None:
        """When this pad first stored the case (stands in for a missing serviceTime)."""
        row = self.conn.execute("SELECT created_utc FROM services WHERE projectNo = ?", (project_no,)).fetchone()
        return parse_utc_iso(row[0]) if row and row[0] else None

    def assess_numbers(self, project_no: str) -> set[int]:
        rows = self.conn.execute("SELECT assessNumber FROM evaluations WHERE projectNo = ?", (project_no,))
        return {r[0] for r in rows}

    # --- evaluations ------------------------------------------------------------------------------

    def add_evaluation(self, ev: Evaluation, *, draft: bool = True) -> None:
        """Commit a rating durably (the write behind every press). `draft` rows wait for their details
        before sync may take them."""
        values = [*_EV_VALUES(ev), answers_to_json(ev.questionAnswers), self._now(), "draft" if draft else "pending"]
        values[_EV_INCOMPLETE] = int(ev.incomplete)
        values[_EV_SUSPECT] = ",".join(ev.suspect)
        with self.tx() as conn:
            conn.execute(_INSERT_EVALUATION, values)

    def finish_evaluation(self, ev: Evaluation) -> None:
        """Store the details (and questionnaire answers) of a drafted rating and hand it to sync."""
        self._update_draft(ev, "pending")

    def save_details(self, ev: Evaluation) -> None:
        """Store the details of a drafted rating that stays a draft (its questionnaire is still open), so a
        restart meanwhile sends them (release_drafts)."""
        self._update_draft(ev, "draft")

    def _update_draft(self, ev: Evaluation, state: str) -> None:
        with self.tx() as conn:
            cur = conn.execute(
                "UPDATE evaluations SET evalDetail = ?, writingEvaluation = ?, incomplete = ?, questionAnswers = ?, "
                "sync_state = ? WHERE id = ? AND sync_state = 'draft'",
                (
                    ev.evalDetail,
                    ev.writingEvaluation,
                    int(ev.incomplete),
                    answers_to_json(ev.questionAnswers),
                    state,
                    ev.id,
                ),
            )
            if cur.rowcount != 1:
                raise StorageError(f"evaluation {ev.id} is not an open draft")

    def release_drafts(self) -> int:
        """After a restart: drafts whose details page died with the process go to sync as they are.

        A 差评 left without reason or text is marked incomplete, never given invented reasons.
        """
        if self.conn.execute("SELECT 1 FROM evaluations WHERE sync_state = 'draft' LIMIT 1").fetchone() is None:
            return 0  # the usual start: nothing to release, no write (and no fsync) needed
        with self.tx() as conn:
            conn.execute(
                "UPDATE evaluations SET incomplete = 1 WHERE sync_state = 'draft' AND satisfaction <= 2 "
                "AND evalDetail = '' AND writingEvaluation = ''"
            )
            return conn.execute("UPDATE evaluations SET sync_state = 'pending' WHERE sync_state = 'draft'").rowcount

    def get_evaluation(self, ev_id: str) -> dict | None:
        row = self.conn.execute("SELECT * FROM evaluations WHERE id = ?", (ev_id,)).fetchone()
        return dict(row) if row else None

    def evaluations(self, *, project_no: str | None = None, limit: int = 100) -> list[dict]:
        if project_no is None:
            rows = self.conn.execute("SELECT * FROM evaluations ORDER BY rowid DESC LIMIT ?", (limit,))
        else:
            rows = self.conn.execute(
                "SELECT * FROM evaluations WHERE projectNo = ? ORDER BY assessNumber", (project_no,)
            )
        return [dict(r) for r in rows]

    def count_evaluations(self) -> int:
        return self.conn.execute("SELECT count(*) FROM evaluations").fetchone()[0]

    def suspect_counts(self, since_local: str) -> dict[str, int]:
        """Ratings assessed since `since_local` (Asia/Shanghai yyyy-MM-dd HH:mm:ss) that carry interference
        flags: {"flagged": rows, "<flag>": rows with it, ...} (technician screens)."""
        rows = self.conn.execute(
            "SELECT suspect FROM evaluations WHERE suspect != '' AND assessTime >= ?", (since_local,)
        ).fetchall()
        counts = {"flagged": len(rows)}
        for (flags,) in rows:
            for flag in flags.split(","):
                counts[flag] = counts.get(flag, 0) + 1
        return counts

    def evaluations_with_cases(self, since: str | None = None, until: str | None = None) -> Iterator[dict]:
        """Every rating, oldest first, with its case's taskName, userName, certKey and mobile (for exports);
        optionally only those assessed from `since` (inclusive) to `until` (exclusive), both assessTime text."""
        where = " WHERE e.assessTime >= ? AND e.assessTime < ?" if since is not None and until is not None else ""
        rows = self.conn.execute(
            "SELECT e.*, s.taskName, s.userName, s.certKey, s.mobile FROM evaluations e "
            f"LEFT JOIN services s ON s.projectNo = e.projectNo{where} ORDER BY e.rowid",
            (since, until) if where else (),
        )
        return (dict(r) for r in rows)

    # --- key/value settings (profile cache, clock offset, device state) -------------------------------

    def get_kv(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_kv(self, key: str, value: str) -> None:
        with self.tx() as conn:
            put_kv(conn, key, value, self._now())

    # --- upkeep (nightly maintenance) -----------------------------------------------------------------

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def analyze(self) -> None:
        """Refresh the query planner's statistics."""
        self.conn.execute("ANALYZE")

    def free_ratio(self) -> float:
        """The share of the file's pages that are free (0.0 for an empty file)."""
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        free = self.conn.execute("PRAGMA freelist_count").fetchone()[0]
        return free / pages if pages else 0.0

    def vacuum(self) -> None:
        """Rebuild the file without its free pages."""
        self.conn.execute("VACUUM")

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database and truncate it."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def probe_writable(self) -> bool:
        """A real write that needs fresh pages, used to tell when a full disk has recovered.

        A tiny in-place update still succeeds on a full store (the page has room), which would resume
        rating only for the next insert to fail again. The probe therefore allocates PROBE_PAGES pages
        (a blob, deleted in the same transaction; the pages stay on the freelist for the next ratings)
        and commits, so it passes only when a rating has room to be written.
        """
        page_size = self.conn.execute("PRAGMA page_size").fetchone()[0]
        try:
            with self.tx() as conn:
                conn.execute(
                    "INSERT OR REPLACE INTO kv (key, value, updated_utc) VALUES ('probe_space', zeroblob(?), ?)",
                    (PROBE_PAGES * page_size, self._now()),
                )
                conn.execute("DELETE FROM kv WHERE key = 'probe_space'")
                put_kv(conn, "probe", self._now(), self._now())
        except StorageError:
            return False
        return True
