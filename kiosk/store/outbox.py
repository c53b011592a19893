"""The outbox: rows waiting for the centre, and what the centre answered.

Sync states: services `pending | delivered | dead`; evaluations `draft | pending | delivered | dead`.
`draft` rows (details page still open) are never handed out. An evaluation is handed out only once its
service has been delivered (the centre needs the case before its rating). `accepted` and `duplicate`
both mean delivered; `rejected` moves the row to dead letters with the centre's message, kept and
retryable. A service updated while its copy was in flight keeps `pending` (its `rev` moved on).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.core.timefmt import parse_utc_iso, utc_iso
from kiosk.store.db import Store

SERVICE_WIRE = (
    "projectNo taskCode taskName deptCode proDepart proStatus userProp userName certKey mobile "
    "handleUserName handleUserPageCode serviceTime areaCode proChannel"
).split()
EVALUATION_WIRE = (
    "id projectNo pf satisfaction evalDetail writingEvaluation assessTime assessNumber handleUserPageCode window"
).split()


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
        rows = self.conn.execute(
            f"SELECT {', '.join(SERVICE_WIRE)}, rev FROM services WHERE sync_state = 'pending' "
            "ORDER BY updated_utc, projectNo LIMIT ?",
            (limit,),
        ).fetchall()
        out = []
        for r in rows:
            item = {k: ("" if r[k] is None else r[k]) for k in SERVICE_WIRE}
            item["_rev"] = r["rev"]
            out.append(item)
        return out

    def pending_evaluations(self, limit: int) -> list[dict]:
        rows = self.conn.execute(
            f"SELECT {', '.join('e.' + c for c in EVALUATION_WIRE)} FROM evaluations e "
            "JOIN services s ON s.projectNo = e.projectNo "
            "WHERE e.sync_state = 'pending' AND s.sync_state = 'delivered' ORDER BY e.rowid LIMIT ?",
            (limit,),
        ).fetchall()
        return [{k: ("" if r[k] is None else r[k]) for k in EVALUATION_WIRE} for r in rows]

    # --- taking answers ----------------------------------------------------------------------------

    def mark_services(self, sent: Iterable[dict], results: Iterable[Result]) -> None:
        revs = {item["projectNo"]: item["_rev"] for item in sent}
        self._mark("services", "projectNo", results, revs)

    def mark_evaluations(self, results: Iterable[Result]) -> None:
        self._mark("evaluations", "id", results, None)

    def _mark(self, table: str, key: str, results: Iterable[Result], revs: dict | None) -> None:
        """One transaction, one statement per kind of answer (executemany): cheap per row."""
        now = utc_iso(self.store.clock.now())
        delivered: list[list] = []
        delivered_rev: list[list] = []
        dead: list[list] = []
        dead_rev: list[list] = []
        for res in results:
            rev = revs.get(res.id) if revs is not None else None
            if res.status in ("accepted", "duplicate"):
                (delivered if rev is None else delivered_rev).append([now, res.id] + ([] if rev is None else [rev]))
            elif res.status == "rejected":
                msg = f"{res.code}: {res.message}".strip(": ") or "rejected"
                (dead if rev is None else dead_rev).append([msg, res.id] + ([] if rev is None else [rev]))
            else:
                raise ValueError(f"unknown result status {res.status!r} for {res.id}")
        ok = (
            f"UPDATE {table} SET sync_state = 'delivered', delivered_utc = ?, attempts = attempts + 1, "
            f"last_error = NULL WHERE {key} = ? AND sync_state = 'pending'"
        )
        bad = (
            f"UPDATE {table} SET sync_state = 'dead', attempts = attempts + 1, last_error = ? "
            f"WHERE {key} = ? AND sync_state = 'pending'"
        )
        with self.store.tx() as conn:
            for sql, rows in (
                (ok, delivered),
                (ok + " AND rev = ?", delivered_rev),
                (bad, dead),
                (bad + " AND rev = ?", dead_rev),
            ):
                if rows:
                    conn.executemany(sql, rows)

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

    def depth(self) -> int:
        """Rows not yet delivered (drafts and dead letters included: they are not at the centre)."""
        q = "SELECT (SELECT count(*) FROM services WHERE sync_state != 'delivered') + "
        q += "(SELECT count(*) FROM evaluations WHERE sync_state != 'delivered')"
        return self.conn.execute(q).fetchone()[0]

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
