"""The store's health for `kiosk doctor`: integrity, the WAL's size, opening a live store safely from outside."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from kiosk.store.db import Store
from kiosk.store.schema import SCHEMA_VERSION


class OtherSchema(RuntimeError):
    """The file is at another schema version than this program's: opening it here would migrate it."""

    def __init__(self, found: int):
        super().__init__(f"store schema version {found}, this program's is {SCHEMA_VERSION}")
        self.found = found


def wal_path(path: str | Path) -> Path:
    return Path(f"{path}-wal")


def wal_bytes(path: str | Path) -> int:
    """Size of the write-ahead log (0 when there is none: the last connection checkpointed and removed it)."""
    try:
        return wal_path(path).stat().st_size
    except FileNotFoundError:
        return 0


def schema_version(path: str | Path) -> int:
    """`PRAGMA user_version` on a read-only connection (which sees what the running pad's WAL holds)."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        _owner_keeps_wal_files(Path(path))  # the read opened (or made) them
        return found
    finally:
        conn.close()


def open_existing(path: str | Path) -> Store:
    """Open a store that must already exist, at this program's schema version: never creates one, never
    migrates one (OtherSchema)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(path)
    found = schema_version(path)
    if found != SCHEMA_VERSION:
        raise OtherSchema(found)
    store = Store(path)
    _owner_keeps_wal_files(path)
    return store


def _owner_keeps_wal_files(path: Path) -> None:
    """Run as root on the pad's file, SQLite makes the -wal and -shm files root's, which the pad (user kiosk)
    could then not write: they get the database file's owner back at once."""
    owner = path.stat()
    if os.geteuid() != 0 or owner.st_uid == 0:
        return
    for extra in (wal_path(path), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            if extra.stat().st_uid == 0:
                os.chown(extra, owner.st_uid, owner.st_gid)


def quick_check(store: Store, limit: int = 10) -> list[str]:
    """`PRAGMA quick_check`: ["ok"], or up to `limit` problems (B-tree and page-level checks, no index contents).
    A page too damaged to walk stops the check itself: that error is the problem reported."""
    try:
        return [row[0] for row in store.conn.execute(f"PRAGMA quick_check({int(limit)})")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
