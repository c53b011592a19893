"""`kiosk selftest` and `kiosk db` as real processes on real SQLite files: the live file is never touched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import sqlite_utils

from kiosk.store import schema
from kiosk.store.db import Store, connect
from tests.helpers.fakes import rating, service

ROOT = Path(__file__).resolve().parents[3]


def kiosk(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full.pop("KIOSK_CONFIG", None)
    full.pop("KIOSK_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=120, env=full, cwd=ROOT
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def v1_database(path: Path) -> None:
    conn = connect(path)
    conn.execute("BEGIN IMMEDIATE")
    schema.MIGRATIONS[0](sqlite_utils.Database(conn))
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_selftest_migrates_a_copy_and_renders_the_first_frame(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    v1_database(data / "kiosk.db")
    before = digest(data / "kiosk.db")
    shot = tmp_path / "frame.png"
    # WAYLAND_DISPLAY and NOTIFY_SOCKET from a unit's environment must not leak into the check
    res = kiosk(
        "selftest", "--data-dir", str(data), "--shot", str(shot),
        env={"QT_QPA_PLATFORM": "wayland", "NOTIFY_SOCKET": str(tmp_path / "none.sock")},
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert f"schema migrated 1 -> {schema.SCHEMA_VERSION} on the copy" in res.stdout
    assert "first frame rendered offscreen: 1280x800" in res.stdout
    assert res.stdout.rstrip().endswith("kiosk selftest: ok")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert digest(data / "kiosk.db") == before  # the live file is still schema 1
    assert sqlite3.connect(data / "kiosk.db").execute("PRAGMA user_version").fetchone()[0] == 1
    assert sorted(p.name for p in data.iterdir() if not p.name.startswith("kiosk.db-")) == ["kiosk.db"]


def test_selftest_counts_the_ratings_of_the_copy(tmp_path):
    with Store(tmp_path / "kiosk.db") as s:
        for i in range(3):
            s.upsert_case(service(f"P{i}"))
            s.add_evaluation(rating(f"P{i}"), draft=False)
    res = kiosk("selftest", "--data-dir", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert "3 rating(s) in the copy; integrity ok" in res.stdout


def test_selftest_fails_on_a_database_this_release_cannot_open(tmp_path):
    with Store(tmp_path / "kiosk.db"):
        pass
    conn = sqlite3.connect(tmp_path / "kiosk.db")
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.execute("UPDATE kv SET value = '99' WHERE key = ?", (schema.READABLE_FROM_KEY,))
    conn.commit()
    conn.close()
    res = kiosk("selftest", "--data-dir", str(tmp_path))
    assert res.returncode == 1
    assert "kiosk selftest: FAILED: this release cannot open the database" in res.stderr
    assert "needs schema 99" in res.stderr


def test_selftest_fails_on_a_bad_config(tmp_path):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('[device]\nmode = "kitchen"\n', encoding="utf-8")
    res = kiosk("selftest", "--config", str(cfg), "--data-dir", str(tmp_path))
    assert res.returncode == 2
    assert "the config is not valid" in res.stderr and "device.mode" in res.stderr


def test_db_backup_keeps_the_newest(tmp_path):
    with Store(tmp_path / "kiosk.db") as s:
        s.upsert_case(service("P1"))
        s.add_evaluation(rating("P1"), draft=False)
    made = []
    for label in ("a", "b", "c"):
        res = kiosk("db", "backup", "--data-dir", str(tmp_path), "--label", f"before-{label}", "--keep", "2")
        assert res.returncode == 0, res.stderr
        made.append(Path(res.stdout.strip()))
    assert all(p.parent == tmp_path / "backups" for p in made)
    assert sorted((tmp_path / "backups").iterdir()) == sorted(made[1:])
    assert sqlite3.connect(made[-1]).execute("SELECT count(*) FROM evaluations").fetchone()[0] == 1


def test_db_backup_without_a_database(tmp_path):
    res = kiosk("db", "backup", "--data-dir", str(tmp_path))
    assert res.returncode == 0 and "nothing to back up" in res.stdout
    assert list(tmp_path.iterdir()) == []


def test_selftest_before_the_first_boot_checks_with_the_defaults(tmp_path):
    """A first install has no config yet (the setup wizard writes it): the release is checked on the defaults."""
    cfg = tmp_path / "etc" / "kiosk.toml"
    res = kiosk("selftest", "--config", str(cfg), "--data-dir", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert f"no config at {cfg} yet (the setup wizard writes it): checked with the defaults" in res.stdout
    assert "kiosk selftest: ok" in res.stdout and not cfg.exists()
