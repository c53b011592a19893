"""The outbox: rows waiting for the centre, and what the centre answered.

Sync states: services `pending | delivered | dead`; evaluations `draft | pending | delivered | dead`.
`draft` rows (details page still open) are never handed out. An evaluation is handed out only once its
service has been delivered (the centre needs the case before its rating). `accepted` and `duplicate`
both mean delivered; `rejected` moves the row to dead letters with the centre's message, kept and
retryable. A service updated while its copy was in flight keeps `pending` (its `rev` moved on).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.core.timefmt import parse_utc_iso, utc_iso
from kiosk.store.db import Store

# `!= 'delivered'` written as two ranges, so SQLite seeks the sync_state index around the delivered rows instead
# of scanning them all: years of history must not slow the status line, which asks after every rating.
_UNDELIVERED = "(sync_state < 'delivered' OR sync_state > 'delivered')"
DEPTH_SQL = (
    f"SELECT (SELECT count(*) FROM services WHERE {_UNDELIVERED}) + "
    f"(SELECT count(*) FROM evaluations WHERE {_UNDELIVERED})"
)

SERVICE_WIRE = (
    "projectNo taskCode taskName deptCode proDepart proStatus userProp userName certKey mobile "
    "handleUserName handleUserPageCode serviceTime areaCode proChannel"
).split()
EVALUATION_WIRE = (
    "id projectNo pf satisfaction evalDetail writingEvaluation assessTime assessNumber handleUserPageCode window "
    "calendarUnknown suspect"
).split()  # suspect last: stored comma-separated, sent as a list (_evaluation_wire)


def _wire_columns(names: list[str], prefix: str = "") -> str:
    """The wire fields as SELECT columns, NULL sent as "" (the key comes first: both lists start with it)."""
    return ", ".join(f"ifnull({prefix}{c}, '')" for c in names)


_PENDING_SERVICES = (  # rev last: dict(zip(SERVICE_WIRE, row)) stops before it
    f"SELECT {_wire_columns(SERVICE_WIRE)}, rev FROM services "
    "WHERE sync_state = 'pending' ORDER BY updated_utc, projectNo LIMIT ?"
)
_PENDING_SERVICE_KEYS = (
    "SELECT projectNo FROM services WHERE sync_state = 'pending' ORDER BY updated_utc, projectNo LIMIT ?"
)
# `+sync_state`: keeps the planner on the primary key (the sync_state index looks cheaper to it, wrongly)
_SERVICES_BY_KEY = (
    f"SELECT {_wire_columns(SERVICE_WIRE)}, rev FROM services WHERE projectNo IN ({{marks}}) "
    "AND +sync_state = 'pending'"
)
_IN_CHUNK = 500
# questionAnswers last, as stored (JSON text, "" for none): sent as a list, and only when there are answers
_PENDING_EVALUATIONS = (
    f"SELECT {_wire_columns(EVALUATION_WIRE, 'e.')}, ifnull(e.questionAnswers, '') FROM evaluations e "
    "JOIN services s ON s.projectNo = e.projectNo "
    "WHERE e.sync_state = 'pending' AND s.sync_state = 'delivered' ORDER BY e.rowid LIMIT ?"
)

# delivered rows: one statement per batch (and revision), keys listed (`+`: see _SERVICES_BY_KEY)
_MARK_OK = {
    table: f"UPDATE {table} SET sync_state = 'delivered', delivered_utc = ?, attempts = attempts + 1, "
    f"last_error = NULL WHERE {key} IN ({{marks}}) AND +sync_state = 'pending'"
    for table, key in (("services", "projectNo"), ("evaluations", "id"))
}
_MARK_BAD = {
    table: f"UPDATE {table} SET sync_state = 'dead', attempts = attempts + 1, last_error = ? "
    f"WHERE {key} = ? AND sync_state = 'pending'"
    for table, key in (("services", "projectNo"), ("evaluations", "id"))
}


def _evaluation_wire(row: tuple) -> dict:
    item = dict(zip(EVALUATION_WIRE, row[:-1], strict=True))
    item["suspect"] = item["suspect"].split(",") if item["suspect"] else []
    if item.pop("calendarUnknown") in (1, "1"):  # sent only when set: `calendarUnknown: true`
        item["calendarUnknown"] = True
    if row[-1]:
        item["questionAnswers"] = json.loads(row[-1])
    return item


@dataclass(frozen=True)
class Result:
    """One item of a centre answer: status accepted | duplicate | rejected."""

    id: str
    status: str
    code: str = ""
    message: str = ""


class Outbox:
    def __init__(self, store: Store):
        self.store = store
        self.conn = store.conn

    # --- handing out -------------------------------------------------------------------------------

    def pending_services(self, limit: int) -> list[dict]:
        """Wire dicts of pending services, each with a private `_rev` to pass back to mark_services."""
        out = []
        for _key, rev, item in self.pending_wire("services", limit):
            item["_rev"] = rev
            out.append(item)
        return out

    def pending_evaluations(self, limit: int) -> list[dict]:
        return [item for _, _, item in self.pending_wire("evaluations", limit)]

    def pending_wire(self, kind: str, limit: int) -> list[tuple[str, int | None, dict]]:
        """(key, rev, wire dict) of pending services or evaluations, in sending order; rev is None for
        evaluations. The drain's read path: plain tuples off the cursor, NULLs blanked by SQLite, one
        `dict(zip())` per row (no sqlite3.Row lookups by name)."""
        cur = self.conn.cursor()
        cur.row_factory = None
        if kind == "services":
            rows = cur.execute(_PENDING_SERVICES, (limit,)).fetchall()
            return [(str(r[0]), r[-1], dict(zip(SERVICE_WIRE, r, strict=False))) for r in rows]
        rows = cur.execute(_PENDING_EVALUATIONS, (limit,)).fetchall()
        return [(str(r[0]), None, _evaluation_wire(r)) for r in rows]

    def pending_service_keys(self, limit: int) -> list[str]:
        """projectNo of pending services in sending order. The ORDER BY has no index, so this visits every
        pending service whatever the LIMIT: the drain takes a long list of keys at once (small: no rows),
        then reads the rows batch by batch with services_wire."""
        cur = self.conn.cursor()
        cur.row_factory = None
        return [r[0] for r in cur.execute(_PENDING_SERVICE_KEYS, (limit,))]

    def services_wire(self, keys: list[str]) -> list[tuple[str, int, dict]]:
        """(projectNo, rev, wire dict) of those `keys` that are still pending, in the order of `keys`, each
        read as it is now (a service updated since its key was listed goes at its current revision)."""
        cur = self.conn.cursor()
        cur.row_factory = None
        found = {}
        for i in range(0, len(keys), _IN_CHUNK):
            chunk = keys[i : i + _IN_CHUNK]
            for r in cur.execute(_SERVICES_BY_KEY.format(marks=",".join("?" * len(chunk))), chunk):
                found[r[0]] = r
        rows = [found[k] for k in keys if k in found]
        return [(str(r[0]), r[-1], dict(zip(SERVICE_WIRE, r, strict=False))) for r in rows]

    # --- taking answers ----------------------------------------------------------------------------

    def mark_services(self, sent: Iterable[dict], results: Iterable[Result]) -> None:
        self.mark_services_at({item["projectNo"]: item["_rev"] for item in sent}, results)

    def mark_services_at(self, revs: dict[str, int], results: Iterable[Result]) -> None:
        """Like mark_services, with the revisions sent given as {projectNo: rev}."""
        self._mark("services", results, revs)

    def mark_evaluations(self, results: Iterable[Result]) -> None:
        self._mark("evaluations", results, None)

    def _mark(self, table: str, results: Iterable[Result], revs: dict | None) -> None:
        """One transaction: one statement for the delivered rows (per revision), one executemany for the
        dead letters (each has its message)."""
        now = utc_iso(self.store.clock.now())
        delivered: dict[int | None, list[str]] = {}  # by revision sent (None: evaluations)
        dead: list[tuple] = []
        dead_rev: list[tuple] = []
        get_rev = (revs or {}).get
        for res in results:
            status, rid = res.status, res.id
            rev = get_rev(rid)
            if status == "accepted" or status == "duplicate":
                keys = delivered.get(rev)
                if keys is None:
                    delivered[rev] = keys = []
                keys.append(rid)
            elif status == "rejected":
                msg = f"{res.code}: {res.message}".strip(": ") or "rejected"
                if rev is None:
                    dead.append((msg, rid))
                else:
                    dead_rev.append((msg, rid, rev))
            else:
                raise ValueError(f"unknown result status {status!r} for {rid}")
        with self.store.tx() as conn:
            for rev, keys in delivered.items():
                for i in range(0, len(keys), _IN_CHUNK):
                    chunk = keys[i : i + _IN_CHUNK]
                    sql = _MARK_OK[table].format(marks=",".join("?" * len(chunk)))
                    if rev is None:
                        conn.execute(sql, [now, *chunk])
                    else:
                        conn.execute(sql + " AND rev = ?", [now, *chunk, rev])
            if dead:
                conn.executemany(_MARK_BAD[table], dead)
            if dead_rev:
                conn.executemany(_MARK_BAD[table] + " AND rev = ?", dead_rev)

    def record_rating_urls(self, urls: dict[str, str]) -> None:
        """The province's rating page per case (rating-URL mode): the latest answer wins."""
        if not urls:
            return
        now = utc_iso(self.store.clock.now())
        with self.store.tx() as conn:
            conn.executemany(
                "INSERT INTO central_links (projectNo, url, received_utc) VALUES (?, ?, ?) "
                "ON CONFLICT(projectNo) DO UPDATE SET url = excluded.url, received_utc = excluded.received_utc",
                [(pn, url, now) for pn, url in urls.items()],
            )

    def rating_url(self, project_no: str) -> str | None:
        """The province's rating page of a case, or None when its answer has not come (yet)."""
        row = self.store.conn.execute("SELECT url FROM central_links WHERE projectNo = ?", (project_no,)).fetchone()
        return row[0] if row else None

    def note_failure(self, table: str, keys: Iterable[str], error: str) -> None:
        """A batch that got no answer: count the attempt and keep the error for technicians."""
        key = "projectNo" if table == "services" else "id"
        with self.store.tx() as conn:
            conn.executemany(
                f"UPDATE {table} SET attempts = attempts + 1, last_error = ? WHERE {key} = ?",
                [(error, k) for k in keys],
            )

    # --- dead letters ------------------------------------------------------------------------------

    def dead_letters(self) -> list[dict]:
        rows = self.conn.execute(
            "SELECT 'service' AS kind, projectNo AS key, projectNo, last_error, attempts FROM services "
            "WHERE sync_state = 'dead' UNION ALL "
            "SELECT 'evaluation', id, projectNo, last_error, attempts FROM evaluations WHERE sync_state = 'dead'"
        )
        return [dict(r) for r in rows]

    def retry_dead(self, keys: Iterable[str] | None = None) -> int:
        """Send dead letters again (after a fix); None = all of them."""
        with self.store.tx() as conn:
            if keys is None:
                n = conn.execute("UPDATE services SET sync_state = 'pending' WHERE sync_state = 'dead'").rowcount
                return (
                    n + conn.execute("UPDATE evaluations SET sync_state = 'pending' WHERE sync_state = 'dead'").rowcount
                )
            n = 0
            for k in keys:
                n += conn.execute(
                    "UPDATE services SET sync_state = 'pending' WHERE sync_state = 'dead' AND projectNo = ?", (k,)
                ).rowcount
                n += conn.execute(
                    "UPDATE evaluations SET sync_state = 'pending' WHERE sync_state = 'dead' AND id = ?", (k,)
                ).rowcount
            return n

    # --- figures for technicians and the heartbeat ------------------------------------------------

    def evaluations_by_state(self) -> dict[str, int]:
        """How many ratings are in each sync state ({"pending": 3, "delivered": 120, ...})."""
        rows = self.conn.execute("SELECT sync_state, count(*) FROM evaluations GROUP BY sync_state")
        return {state: n for state, n in rows}

    def dead_letter_count(self) -> int:
        """Services and evaluations the centre rejected (kept, retryable)."""
        return self.conn.execute(
            "SELECT (SELECT count(*) FROM services WHERE sync_state = 'dead') + "
            "(SELECT count(*) FROM evaluations WHERE sync_state = 'dead')"
        ).fetchone()[0]

    def depth(self) -> int:
        """Rows not yet delivered (drafts and dead letters included: they are not at the centre)."""
        return self.conn.execute(DEPTH_SQL).fetchone()[0]

    def oldest_pending_age_s(self, now: datetime) -> float:
        row = self.conn.execute(
            "SELECT min(created_utc) FROM evaluations WHERE sync_state IN ('pending', 'draft')"
        ).fetchone()
        return 0.0 if not row or not row[0] else max(0.0, (now - parse_utc_iso(row[0])).total_seconds())

    def purge_pii(self, retention_days: int) -> int:
        """Blank userName, certKey and mobile of delivered cases older than the retention period whose
        evaluations have all been delivered too."""
        cutoff = utc_iso(self.store.clock.now() - timedelta(days=retention_days))
        with self.store.tx() as conn:
            return conn.execute(
                "UPDATE services SET userName = '', certKey = '', mobile = '' "
                "WHERE sync_state = 'delivered' AND delivered_utc < ? "
                "AND (userName != '' OR certKey != '' OR mobile != '') "
                "AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.projectNo = services.projectNo "
                "AND e.sync_state != 'delivered')",
                (cutoff,),
            ).rowcount
