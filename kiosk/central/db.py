"""Storage and provincial rules of the reference central emulator (SQLite, one transaction per batch).

Thread-safe: one connection behind a lock (SQLite has one writer anyway).
"""

from __future__ import annotations

import hmac
import json
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

SERVICE_FIELDS = (
    "projectNo taskCode taskName deptCode proDepart proStatus userProp userName certKey mobile "
    "handleUserName handleUserPageCode serviceTime areaCode proChannel"
).split()
EVALUATION_FIELDS = (
    "id projectNo pf satisfaction evalDetail writingEvaluation assessTime assessNumber handleUserPageCode window"
).split()
SUSPECT = "suspect"  # interference flags: a list of strings, absent = [] (an older pad), stored as sent
BAD_NEEDS_DETAIL = "差评必须勾选详情或填写文字评价"
MAX_ANSWER = 500
CALENDAR_UNKNOWN = "calendarUnknown"  # optional: true when the deadline fell in a year the calendar did not know

SCHEMA = """
CREATE TABLE IF NOT EXISTS services (
    projectNo TEXT PRIMARY KEY, proStatus INTEGER, body TEXT NOT NULL, deviceId TEXT,
    received_utc TEXT, updates INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS evaluations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, projectNo TEXT NOT NULL,
    assessNumber INTEGER NOT NULL, satisfaction INTEGER, body TEXT NOT NULL, deviceId TEXT, received_utc TEXT,
    UNIQUE(id), UNIQUE(projectNo, assessNumber));
CREATE TABLE IF NOT EXISTS heartbeats (deviceId TEXT PRIMARY KEY, body TEXT, received_utc TEXT);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS rating_pages (
    serviceCode TEXT PRIMARY KEY, projectNo TEXT NOT NULL UNIQUE, token TEXT NOT NULL, issued_utc TEXT);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _result(item_id: str, status: str, code: str = "", message: str = "") -> dict:
    return {"id": item_id, "status": status, "code": code, "message": message}


def _chunks(seq: list, n: int = 500):
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def _answers_ok(answers: object) -> bool:
    """questionAnswers (optional): [{"code": text, "answer": text of at most 500 characters}, ...]."""
    return isinstance(answers, list) and all(
        isinstance(a, dict)
        and isinstance(a.get("code"), str)
        and a["code"]
        and isinstance(a.get("answer"), str)
        and len(a["answer"]) <= MAX_ANSWER
        for a in answers
    )


class EmulatorDB:
    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(SCHEMA)
        self.lock = threading.Lock()

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    def _bump(self, counts: dict[str, int]) -> None:
        self.conn.executemany(
            "INSERT INTO counters (name, n) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET n = n + excluded.n",
            [(k, v) for k, v in counts.items() if v],
        )

    def _in(self, sql: str, keys: list) -> list:
        rows = []
        for chunk in _chunks(keys):
            rows += self.conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk).fetchall()
        return rows

    # --- services ---------------------------------------------------------------------------------

    @staticmethod
    def check_case(item: object) -> str | None:
        if not isinstance(item, dict):
            return "item is not an object"
        pn = item.get("projectNo")
        if not isinstance(pn, str) or not pn.strip() or len(pn) > 50:
            return "projectNo is required (1..50 characters)"
        if item.get("proStatus") not in (1, 2, 3):
            return "proStatus must be 1, 2 or 3"
        if item.get("userProp", 1) not in (1, 2, 3, 4, 5, 6, 9):
            return "userProp invalid"
        if item.get("proChannel", 2) not in (1, 2):
            return "proChannel must be 1 or 2"
        return None

    def store_services(self, items: list, device_id: str) -> list[dict]:
        results, rows = [], []
        now = _now()
        for item in items:
            problem = self.check_case(item)
            if problem:
                key = item.get("projectNo") if isinstance(item, dict) else None
                results.append(_result(str(key or ""), "rejected", "E_SERVICE_INVALID", problem))
                continue
            key = item["projectNo"]
            body = json.dumps({k: item.get(k, "") for k in SERVICE_FIELDS}, ensure_ascii=False)
            rows.append((key, item["proStatus"], body, device_id, now))
            results.append(_result(key, "accepted"))
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                self.conn.executemany(
                    "INSERT INTO services (projectNo, proStatus, body, deviceId, received_utc) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT(projectNo) DO UPDATE SET proStatus = excluded.proStatus, body = excluded.body, "
                    "received_utc = excluded.received_utc, updates = updates + 1",
                    rows,
                )
                self._bump({"service_posts": len(items), "service_rejected": len(items) - len(rows)})
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        return results

    def get_case(self, project_no: str) -> dict | None:
        with self.lock:
            row = self.conn.execute("SELECT body FROM services WHERE projectNo = ?", (project_no,)).fetchone()
        return json.loads(row[0]) if row else None

    # --- evaluations ------------------------------------------------------------------------------

    @staticmethod
    def check_evaluation(item: object) -> tuple[str, str] | None:
        if not isinstance(item, dict):
            return "E_INVALID", "item is not an object"
        if not isinstance(item.get("id"), str) or not item["id"]:
            return "E_INVALID", "id is required"
        if not isinstance(item.get("projectNo"), str) or not item["projectNo"]:
            return "E_INVALID", "projectNo is required"
        sat = item.get("satisfaction")
        if not isinstance(sat, int) or isinstance(sat, bool) or not 1 <= sat <= 5:
            return "E_SATISFACTION", "satisfaction must be 1..5"
        if item.get("assessNumber") not in (1, 2):
            return "E_ASSESS_NUMBER", "assessNumber must be 1 or 2"
        suspect = item.get(SUSPECT, [])
        if not isinstance(suspect, list) or not all(isinstance(f, str) and f for f in suspect):
            return "E_INVALID", "suspect must be a list of flag names"
        if (
            sat <= 2
            and not str(item.get("evalDetail") or "").strip()
            and not str(item.get("writingEvaluation") or "").strip()
        ):
            return "E_BAD_NO_DETAIL", BAD_NEEDS_DETAIL
        if not _answers_ok(item.get("questionAnswers", [])):
            return "E_QUESTION_ANSWERS", "questionAnswers must be a list of {code, answer} texts (answer ≤ 500)"
        return None

    def store_evaluations(self, items: list, device_id: str) -> list[dict]:
        now = _now()
        counts = {"evaluation_posts": len(items), "accepted": 0, "duplicate": 0, "rejected": 0}
        with self.lock:
            valid = [it for it in items if self.check_evaluation(it) is None]
            ids = [it["id"] for it in valid]
            pns = sorted({it["projectNo"] for it in valid})
            known_ids = {r[0] for r in self._in("SELECT id FROM evaluations WHERE id IN ({marks})", ids)}
            known_services = {
                r[0] for r in self._in("SELECT projectNo FROM services WHERE projectNo IN ({marks})", pns)
            }
            taken = {
                (r[0], r[1]): r[2]
                for r in self._in(
                    "SELECT projectNo, assessNumber, id FROM evaluations WHERE projectNo IN ({marks})", pns
                )
            }
            results, rows = [], []
            for item in items:
                problem = self.check_evaluation(item)
                item_id = str(item.get("id", "")) if isinstance(item, dict) else ""
                if problem:
                    results.append(_result(item_id, "rejected", *problem))
                    continue
                pn, num = item["projectNo"], item["assessNumber"]
                if item_id in known_ids:
                    results.append(_result(item_id, "duplicate", "E_DUPLICATE", "评价数据不可重复"))
                elif (pn, num) in taken:
                    results.append(
                        _result(item_id, "duplicate", "E_DUPLICATE", "评价数据不可重复(同一办件同一评价次数)")
                    )
                elif pn not in known_services:
                    results.append(
                        _result(item_id, "rejected", "E_UNKNOWN_SERVICE", f"办件 {pn} 不存在,请先推送办件信息")
                    )
                elif num == 2 and (pn, 1) not in taken:
                    results.append(_result(item_id, "rejected", "E_NO_FIRST", "追加评价之前必须有首次评价"))
                else:
                    fields = {k: item.get(k, "") for k in EVALUATION_FIELDS} | {SUSPECT: item.get(SUSPECT, [])}
                    fields["questionAnswers"] = item.get("questionAnswers", [])
                    if item.get(CALENDAR_UNKNOWN) is True:  # judged by the lenient window (docs/central-api.md)
                        fields[CALENDAR_UNKNOWN] = True
                    body = json.dumps(fields, ensure_ascii=False)
                    rows.append((item_id, pn, num, item["satisfaction"], body, device_id, now))
                    known_ids.add(item_id)
                    taken[(pn, num)] = item_id
                    results.append(_result(item_id, "accepted"))
                counts[results[-1]["status"]] += 1
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                self.conn.executemany(
                    "INSERT INTO evaluations (id, projectNo, assessNumber, satisfaction, body, deviceId, received_utc) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                self._bump(counts)
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        return results

    def evaluations_since(self, since: int, limit: int = 1000) -> tuple[list[dict], int]:
        with self.lock:
            rows = self.conn.execute(
                "SELECT seq, body, deviceId, received_utc FROM evaluations WHERE seq > ? ORDER BY seq LIMIT ?",
                (since, limit),
            ).fetchall()
        items = [{**json.loads(b), "seq": s, "deviceId": d, "receivedUtc": t} for s, b, d, t in rows]
        return items, (rows[-1][0] if rows else since)

    def assess_numbers(self, project_no: str) -> set[int]:
        with self.lock:
            rows = self.conn.execute("SELECT assessNumber FROM evaluations WHERE projectNo = ?", (project_no,))
            return {r[0] for r in rows}

    def case_received(self, project_no: str) -> datetime | None:
        """When the case last arrived (UTC): stands in for a missing serviceTime."""
        with self.lock:
            row = self.conn.execute("SELECT received_utc FROM services WHERE projectNo = ?", (project_no,)).fetchone()
        return datetime.fromisoformat(row[0].replace("Z", "+00:00")) if row and row[0] else None

    # --- devices and figures ----------------------------------------------------------------------

    def record_heartbeat(self, device_id: str, payload: dict) -> None:
        with self.lock:
            self.conn.execute(
                "INSERT INTO heartbeats (deviceId, body, received_utc) VALUES (?, ?, ?) "
                "ON CONFLICT(deviceId) DO UPDATE SET body = excluded.body, received_utc = excluded.received_utc",
                (device_id, json.dumps(payload, ensure_ascii=False), _now()),
            )
            self._bump({"heartbeats": 1})

    def last_heartbeat(self, device_id: str) -> dict | None:
        with self.lock:
            row = self.conn.execute("SELECT body FROM heartbeats WHERE deviceId = ?", (device_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def stats(self) -> dict:
        with self.lock:
            out = {name: n for name, n in self.conn.execute("SELECT name, n FROM counters")}
            out["services"] = self.conn.execute("SELECT count(*) FROM services").fetchone()[0]
            out["service_updates"] = self.conn.execute("SELECT coalesce(sum(updates), 0) FROM services").fetchone()[0]
            out["evaluations"] = self.conn.execute("SELECT count(*) FROM evaluations").fetchone()[0]
            out["distinct_evaluation_ids"] = self.conn.execute("SELECT count(DISTINCT id) FROM evaluations").fetchone()[
                0
            ]
        return out


# --- rating pages of url-form-sm2 (kiosk/central/protocols.py) ---------------------------------------------


def issue_rating_page(db: EmulatorDB, project_no: str, new_token) -> tuple[str, str, int]:
    """(serviceCode, token, serviceNumber) of a case's rating page: made once, the same on every re-push;
    serviceNumber counts the pushes of the case (1 = first)."""
    with db.lock:
        row = db.conn.execute(
            "SELECT serviceCode, token FROM rating_pages WHERE projectNo = ?", (project_no,)
        ).fetchone()
        if row is None:
            n = db.conn.execute("SELECT count(*) FROM rating_pages").fetchone()[0] + 1
            row = (f"FW{n:010d}", new_token())
            db.conn.execute(
                "INSERT INTO rating_pages (serviceCode, token, projectNo, issued_utc) VALUES (?, ?, ?, ?)",
                (*row, project_no, _now()),
            )
        pushes = db.conn.execute("SELECT updates FROM services WHERE projectNo = ?", (project_no,)).fetchone()
    return row[0], row[1], (pushes[0] + 1) if pushes else 1


def rating_page_case(db: EmulatorDB, service_code: str, token: str) -> str | None:
    """The projectNo behind a rating page whose token checks, else None."""
    with db.lock:
        row = db.conn.execute(
            "SELECT projectNo, token FROM rating_pages WHERE serviceCode = ?", (service_code,)
        ).fetchone()
    if row is None or not hmac.compare_digest(row[1], token):
        return None
    return row[0]
