"""Copies of the store for upgrades: SQLite's online backup, and the rollback across a breaking schema.

`online_backup` copies a live database with `sqlite3.Connection.backup` (consistent while the kiosk keeps
writing; the WAL is included). `restore_with_carry_over` is the rollback for a database that the older
release refuses (a breaking migration, see kiosk.store.schema): it starts from the backup taken before the
upgrade — the older release's schema — and replaces every table's rows with the live file's rows, column by
column where both have the column, so every rating the newer release took is kept once, by its primary key.
The live file is kept beside the backups, and the swap never leaves the data dir without a database.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kiosk.store.schema import READABLE_FROM_KEY

BACKUP_GLOB = "kiosk-*.db"


class BackupError(RuntimeError):
    pass


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _quick_check(conn: sqlite3.Connection, what: str) -> None:
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{what} fails PRAGMA quick_check: {result}")


def online_backup(src: str | Path, dest: str | Path) -> Path:
    """Copy the database `src` (never created if missing) into the new file `dest`; checked, fsynced."""
    src, dest = Path(src), Path(dest)
    if not src.is_file():
        raise BackupError(f"no database at {src}")
    if dest.exists():
        raise BackupError(f"{dest} exists already")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True, timeout=10.0)
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            _quick_check(target, f"the copy of {src}")
        finally:
            target.close()
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"cannot copy {src}: {exc}") from exc
    finally:
        source.close()
    _fsync(tmp)
    os.replace(tmp, dest)
    _fsync(dest.parent)
    return dest


def backup_name(label: str = "", now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    safe = "".join(c if c.isalnum() or c in ".-_" else "_" for c in label)
    return f"kiosk-{stamp}{'-' + safe if safe else ''}.db"


def prune_backups(directory: str | Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` backups in `directory`; returns what was removed."""
    found = sorted(Path(directory).glob(BACKUP_GLOB), key=lambda p: (p.stat().st_mtime, p.name))
    doomed = found[:-keep] if keep > 0 else found
    for p in doomed:
        p.unlink()
    return doomed


@dataclass
class CarryOver:
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows in the restored file
    dropped_columns: dict[str, list[str]] = field(default_factory=dict)  # live columns the old schema lacks
    live_only_tables: list[str] = field(default_factory=list)
    kept_live: Path | None = None

    def summary(self) -> str:
        parts = [f"{t}: {n} rows" for t, n in sorted(self.rows.items())]
        if self.dropped_columns:
            parts.append(
                "columns only the newer release knew: "
                + "; ".join(f"{t}.{', '.join(cols)}" for t, cols in sorted(self.dropped_columns.items()))
            )
        if self.live_only_tables:
            parts.append("tables only the newer release knew: " + ", ".join(self.live_only_tables))
        if self.kept_live:
            parts.append(f"the newer file is kept as {self.kept_live}")
        return "; ".join(parts)


def _tables(conn: sqlite3.Connection, schema: str = "main") -> list[str]:
    rows = conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [r[0] for r in rows]


def _columns(conn: sqlite3.Connection, table: str, schema: str = "main") -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA {schema}.table_info("{table}")')]


def carry_over(live: str | Path, backup: str | Path, out: str | Path) -> CarryOver:
    """Build `out`: the backup's schema holding the live file's rows (every table, by primary key)."""
    live, out = Path(live), Path(out)
    online_backup(backup, out)
    report = CarryOver()
    conn = sqlite3.connect(out, isolation_level=None)
    try:
        conn.execute("ATTACH DATABASE ? AS live", (f"file:{live}?mode=ro",))
        live_tables = set(_tables(conn, "live"))
        floor = None
        if "kv" in _tables(conn):
            row = conn.execute("SELECT value FROM main.kv WHERE key = ?", (READABLE_FROM_KEY,)).fetchone()
            floor = row[0] if row else None
        conn.execute("BEGIN IMMEDIATE")
        for table in _tables(conn):
            if table not in live_tables:
                continue  # a table the newer release dropped: the backup's rows stay
            old_cols = _columns(conn, table)
            new_cols = _columns(conn, table, "live")
            common = [c for c in old_cols if c in new_cols]
            extra = [c for c in new_cols if c not in old_cols]
            if extra:
                report.dropped_columns[table] = extra
            names = ", ".join(f'"{c}"' for c in common)
            conn.execute(f'DELETE FROM main."{table}"')
            conn.execute(f'INSERT INTO main."{table}" ({names}) SELECT {names} FROM live."{table}"')
            if table == "kv":  # what the file says of its schema is the backup's, not the newer release's
                conn.execute("DELETE FROM main.kv WHERE key = ?", (READABLE_FROM_KEY,))
                if floor is not None:
                    conn.execute("INSERT INTO main.kv (key, value) VALUES (?, ?)", (READABLE_FROM_KEY, floor))
            report.rows[table] = conn.execute(f'SELECT count(*) FROM main."{table}"').fetchone()[0]
            if report.rows[table] != conn.execute(f'SELECT count(*) FROM live."{table}"').fetchone()[0]:
                raise BackupError(f"table {table}: the rows did not all carry over")
        conn.execute("COMMIT")
        report.live_only_tables = sorted(live_tables - set(_tables(conn)))
        conn.execute("DETACH DATABASE live")
        _quick_check(conn, "the restored database")
    except (sqlite3.Error, BackupError) as exc:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        conn.close()
        out.unlink(missing_ok=True)
        raise BackupError(f"cannot carry the rows of {live} over into the schema of {backup}: {exc}") from exc
    conn.close()
    _fsync(out)
    return report


def restore_with_carry_over(
    live: str | Path, backup: str | Path, keep_dir: str | Path, *, busy_timeout_s: float = 10.0
) -> CarryOver:
    """Replace `live` by `backup` with every live row carried over. Call it with the kiosk stopped.

    The live file is checkpointed first (its WAL emptied into it), hard-linked into `keep_dir`, and then
    replaced atomically: at every moment the path holds a complete database.
    """
    live, keep_dir = Path(live), Path(keep_dir)
    conn = sqlite3.connect(live, isolation_level=None, timeout=busy_timeout_s)
    try:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()
    if busy:
        raise BackupError(f"{live} is still in use (checkpoint blocked): stop the kiosk first")
    out = live.with_name(live.name + ".restored")
    out.unlink(missing_ok=True)
    report = carry_over(live, backup, out)
    keep_dir.mkdir(parents=True, exist_ok=True)
    kept = keep_dir / backup_name("rolled-back-from")
    os.link(live, kept)
    for suffix in ("-wal", "-shm"):  # empty after the checkpoint; they must not be read against the new file
        live.with_name(live.name + suffix).unlink(missing_ok=True)
    os.replace(out, live)
    _fsync(live.parent)
    report.kept_live = kept
    return report
