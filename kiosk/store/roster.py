"""The staff roster cached in SQLite (replaced atomically when the centre's profile changes)."""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.core.staff import Staff
from kiosk.store.db import Store

_COLS = ("staffId", "name", "pageCode", "dept", "photo", "stars")


def _row_to_staff(row) -> Staff:
    return Staff(**{k: (row[k] if row[k] is not None else ("" if k != "stars" else 0)) for k in _COLS})


def replace_roster(store: Store, staff: Iterable[Staff]) -> int:
    """Make `staff` the whole active roster in one transaction; returns its size."""
    members = list(staff)
    with store.tx() as conn:
        conn.execute("DELETE FROM staff")
        conn.executemany(
            f"INSERT INTO staff ({', '.join(_COLS)}, active) VALUES ({', '.join('?' * len(_COLS))}, 1)",
            [tuple(getattr(s, k) for k in _COLS) for s in members],
        )
    return len(members)


def list_staff(store: Store) -> list[Staff]:
    rows = store.conn.execute(f"SELECT {', '.join(_COLS)} FROM staff WHERE active = 1 ORDER BY pageCode")
    return [_row_to_staff(r) for r in rows]


def get_staff(store: Store, staff_id: str) -> Staff | None:
    row = store.conn.execute(f"SELECT {', '.join(_COLS)} FROM staff WHERE staffId = ? AND active = 1", (staff_id,))
    found = row.fetchone()
    return _row_to_staff(found) if found else None
