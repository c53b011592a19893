"""The staff roster cached in SQLite (replaced atomically when the centre's profile changes)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

from kiosk.core.staff import Staff
from kiosk.core.timefmt import utc_iso
from kiosk.store.db import Store, put_kv

_COLS = ("staffId", "name", "pageCode", "dept", "photo", "stars")


def _row_to_staff(row: sqlite3.Row) -> Staff:
    """A NULL column reads as "" (stars: 0)."""
    texts = {k: row[k] if row[k] is not None else "" for k in _COLS if k != "stars"}
    return Staff(**texts, stars=row["stars"] if row["stars"] is not None else 0)


def replace_roster(store: Store, staff: Iterable[Staff], settings: Mapping[str, str] | None = None) -> int:
    """Make `staff` the whole active roster, and store the key/value `settings` that go with it, in one
    transaction; returns the roster's size."""
    members = list(staff)
    now = utc_iso(store.clock.now())
    with store.tx() as conn:
        conn.execute("DELETE FROM staff")
        conn.executemany(
            f"INSERT INTO staff ({', '.join(_COLS)}, active) VALUES ({', '.join('?' * len(_COLS))}, 1)",
            [tuple(getattr(s, k) for k in _COLS) for s in members],
        )
        for key, value in (settings or {}).items():
            put_kv(conn, key, value, now)
    return len(members)


def list_staff(store: Store) -> list[Staff]:
    rows = store.conn.execute(f"SELECT {', '.join(_COLS)} FROM staff WHERE active = 1 ORDER BY pageCode")
    return [_row_to_staff(r) for r in rows]


def get_staff(store: Store, staff_id: str) -> Staff | None:
    row = store.conn.execute(f"SELECT {', '.join(_COLS)} FROM staff WHERE staffId = ? AND active = 1", (staff_id,))
    found = row.fetchone()
    return _row_to_staff(found) if found else None
