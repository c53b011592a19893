"""Doctor: disk space, a real SQLite store (healthy, damaged, with a WAL), the outbox's figures, and a real central
emulator on loopback for reachability, the signature and the clock offset."""

from __future__ import annotations

import os
import sqlite3
from datetime import timedelta

import pytest

from kiosk import config
from kiosk.app.doctor.data import centre, clock_offset, disk, open_store, outbox_checks, store_checks
from kiosk.central.server import CentralEmulator
from kiosk.core.timefmt import FakeClock
from kiosk.store.db import Store
from kiosk.store.health import open_existing, quick_check, schema_version, wal_bytes
from kiosk.store.outbox import Outbox, Result
from kiosk.store.schema import SCHEMA_VERSION
from tests.helpers.fakes import rating, service
from tests.unit.app.doctor.conftest import NOW

MARK, SECRET = "mark-doctor", "secret-doctor"


def cfg_for(tmp_path, **sections) -> config.Config:
    return config.load(None, tmp_path / "data", sections)


def by_check(findings):
    return {f.check: f for f in findings}


def test_disk_free_on_the_data_dir(tmp_path):
    cfg = cfg_for(tmp_path)
    f = disk(cfg)
    assert f.level == "ok" and "does not exist yet" in f.message and f.detail["free_mb"] > 0
    (tmp_path / "data").mkdir()
    assert "does not exist" not in disk(cfg).message
    assert disk(cfg, warn_mb=10**12).level == "warn"
    f = disk(cfg, fail_mb=10**12)
    assert f.level == "fail" and str(tmp_path / "data") in f.fix


def test_no_store_yet(tmp_path):
    store, f = open_store(cfg_for(tmp_path))
    assert store is None and f.level == "info"
    assert not (tmp_path / "data").exists()  # the doctor created nothing


def test_a_healthy_store(tmp_path):
    cfg = cfg_for(tmp_path)
    Store(tmp_path / "data" / "kiosk.db").close()
    store, f = open_store(cfg)
    assert f is None
    try:
        found = by_check(store_checks(store))
    finally:
        store.close()
    assert found["store.integrity"].level == "ok" and found["store.wal"].level == "ok"


def test_a_damaged_store_fails_quick_check(tmp_path):
    path = tmp_path / "data" / "kiosk.db"
    with Store(path) as s:
        for n in range(300):
            s.upsert_case(service(f"P{n:04d}"))
        page = s.conn.execute("PRAGMA page_size").fetchone()[0]
        pages = s.conn.execute("PRAGMA page_count").fetchone()[0]
    assert pages > 6
    with open(path, "r+b") as fh:  # scribble over a B-tree page in the middle of the file
        fh.seek(page * (pages // 2))
        fh.write(b"\xa5" * page)
    store, trouble = open_store(cfg_for(tmp_path))
    assert trouble is None  # page 1 (the schema) is intact: the file opens
    try:
        f = by_check(store_checks(store))["store.integrity"]
    finally:
        store.close()
    assert f.level == "fail" and ".recover" in f.fix
    assert f.detail["problems"] == ["database disk image is malformed"]


def test_a_wrong_freelist_count_is_a_quick_check_finding(tmp_path):
    path = tmp_path / "data" / "kiosk.db"
    with Store(path) as s:
        for n in range(50):
            s.upsert_case(service(f"P{n:04d}", taskName="社会保障卡挂失" * 20))
        with s.tx() as conn:
            conn.execute("DELETE FROM services WHERE rowid % 2 = 0")
    with open(path, "r+b") as fh:  # the header's count of free pages (offset 36, big-endian)
        fh.seek(36)
        fh.write((999).to_bytes(4, "big"))
    store, _ = open_store(cfg_for(tmp_path))
    try:
        f = by_check(store_checks(store))["store.integrity"]
    finally:
        store.close()
    assert f.level == "fail" and "freelist" in f.message and "\n" not in f.message


def test_a_large_wal_is_reported(tmp_path):
    with Store(tmp_path / "kiosk.db") as s:
        s.upsert_case(service("P1"))
        assert wal_bytes(s.path) > 0  # the connection is open: the log is there
        assert quick_check(s) == ["ok"]
        f = by_check(store_checks(s, wal_warn_bytes=1))["store.wal"]
    assert f.level == "warn" and "restart" in f.fix


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to own files as another user")
def test_root_gives_the_wal_files_back_to_the_pads_user(tmp_path):
    path = tmp_path / "kiosk.db"
    Store(path).close()
    os.chown(path, 65534, 65534)
    os.chown(tmp_path, 65534, 65534)
    store = open_existing(path)
    try:
        for extra in (f"{path}-wal", f"{path}-shm"):
            assert os.stat(extra).st_uid == 65534, extra
    finally:
        store.close()


@pytest.mark.parametrize(("version", "level"), [(1, "warn"), (SCHEMA_VERSION + 1, "fail")])
def test_a_store_at_another_schema_is_not_opened(tmp_path, version, level):
    path = tmp_path / "data" / "kiosk.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    store, f = open_store(cfg_for(tmp_path))
    assert store is None and f.level == level and f"schema version {version}" in f.message
    assert schema_version(path) == version  # not migrated


def test_a_running_pads_store_is_read_through_its_wal(tmp_path):
    path = tmp_path / "data" / "kiosk.db"
    with Store(path) as pad:  # the pad runs: its migrations are still in the WAL, not in the main file
        pad.upsert_case(service("P1"))
        header = path.read_bytes()[60:64]
        assert header in (b"", b"\0\0\0\0"), header  # user_version in the file itself: not yet written
        store, f = open_store(cfg_for(tmp_path))
        assert f is None
        try:
            assert Outbox(store).depth() == 1
        finally:
            store.close()


def test_open_existing_never_creates(tmp_path):
    with pytest.raises(FileNotFoundError):
        open_existing(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()


@pytest.fixture
def filled(tmp_path):
    """A store with two delivered-service ratings waiting, one dead letter, written two hours before NOW."""
    clock = FakeClock(NOW - timedelta(hours=2))
    store = Store(tmp_path / "data" / "kiosk.db", clock=clock)
    box = Outbox(store)
    for p in ("P1", "P2"):
        store.upsert_case(service(p))
    box.mark_services(box.pending_services(10), [Result("P1", "accepted"), Result("P2", "accepted")])
    store.add_evaluation(rating("P1", 5), draft=False)
    bad = rating("P2", 1)
    store.add_evaluation(bad, draft=False)
    box.mark_evaluations([Result(bad.id, "rejected", "E_REASON", "差评原因代码无效")])
    yield store, bad
    store.close()


def test_outbox_figures_with_a_centre(tmp_path, filled):
    store, bad = filled
    cfg = cfg_for(tmp_path, central={"url": "https://hcp.example.gov.cn", "app_mark": "m", "app_secret": "s"})
    found = by_check(outbox_checks(cfg, store, NOW))
    assert found["outbox"].level == "warn" and found["outbox"].detail == {
        "depth": 2,
        "oldest_pending_s": 7200,
        "dead_letters": 1,
    }
    assert "2.0 h" in found["outbox"].message
    assert by_check(outbox_checks(cfg, store, NOW, waiting_warn_s=3 * 3600))["outbox"].level == "ok"
    dead = found["outbox.dead"]
    assert dead.level == "warn" and "E_REASON: 差评原因代码无效" in dead.message and dead.detail["keys"] == [bad.id]
    assert "全部重新上报" in dead.fix


def test_outbox_without_a_centre(tmp_path, filled):
    store, _ = filled
    f = by_check(outbox_checks(cfg_for(tmp_path), store, NOW))["outbox"]
    assert f.level == "warn" and "[central] url" in f.fix


@pytest.fixture
def emulator(tmp_path):
    emu = CentralEmulator(tmp_path / "central.db", MARK, SECRET).start()
    yield emu
    emu.stop()


def central_cfg(tmp_path, url: str, secret: str = SECRET) -> config.Config:
    return cfg_for(tmp_path, central={"url": url, "app_mark": MARK, "app_secret": secret})


def test_the_centre_accepts_the_signature(machine, tmp_path, emulator):
    found = by_check(centre(central_cfg(tmp_path, emulator.url), machine.host))
    assert found["centre"].level == "ok" and found["centre"].detail["http"] == 200
    assert found["clock.centre"].level == "ok" and found["clock.centre"].detail["from"] == "serverTime"
    assert abs(found["clock.centre"].detail["offset_s"]) < 2


def test_a_wrong_secret_is_refused(machine, tmp_path, emulator):
    f = by_check(centre(central_cfg(tmp_path, emulator.url, "not-the-secret"), machine.host))["centre"]
    assert f.level == "fail" and f.detail["http"] == 401 and "E_AUTH" in f.message
    assert "central.app_secret" in f.fix


@pytest.mark.parametrize(("skew", "centre_level", "clock_level"), [(120, "ok", "warn"), (900, "fail", "fail")])
def test_a_clock_off_from_the_centres(machine, tmp_path, skew, centre_level, clock_level):
    emu = CentralEmulator(tmp_path / "central.db", MARK, SECRET, time_offset_s=skew).start()
    try:
        found = by_check(centre(central_cfg(tmp_path, emu.url), machine.host))
    finally:
        emu.stop()
    assert found["centre"].level == centre_level
    clock = found["clock.centre"]
    assert clock.level == clock_level and abs(clock.detail["offset_s"] - skew) < 2
    assert "behind the centre" in clock.message and "clock.ntp" in clock.fix


def test_an_unreachable_centre(machine, tmp_path, emulator):
    url = emulator.url
    emulator.stop()
    [f] = centre(central_cfg(tmp_path, url), machine.host)
    assert f.level == "fail" and "does not answer" in f.message and "127.0.0.1" in f.fix


def test_no_centre_configured(machine, tmp_path):
    assert [f.level for f in centre(cfg_for(tmp_path), machine.host)] == ["info"]


def test_tls_verification_off_is_refused_outside_the_demo(machine, tmp_path):
    cfg = cfg_for(
        tmp_path, central={"url": "https://hcp.example.gov.cn", "app_mark": "m", "app_secret": "s", "verify_tls": False}
    )
    [f] = centre(cfg, machine.host)
    assert f.level == "fail" and "refusing to turn TLS verification off" in f.message


def test_the_date_header_stands_in_for_server_time():
    f = clock_offset(None, 30.0)
    assert f.level == "ok" and f.detail == {"offset_s": 30.0, "from": "Date"}
    assert clock_offset(None, 61.0).level == "ok"  # within the header's 1 s resolution of the limit
    assert clock_offset(None, -62.5).level == "warn"
    assert "ahead of the centre" in clock_offset(None, -62.5).message
    assert clock_offset(2.0, 500.0).detail["from"] == "serverTime"
    assert clock_offset(None, None).level == "info"
