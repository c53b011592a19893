"""SyncService against the emulator on loopback: kick, status, auth errors, profile, clock, dead letters."""

import logging
import threading
import time

import pytest

from kiosk.central.demo_profile import demo_profile
from kiosk.central.server import CentralEmulator
from kiosk.store.db import Store
from kiosk.store.outbox import Outbox
from kiosk.store.roster import list_staff
from kiosk.sync.profile import load_cached_profile
from kiosk.sync.service import KV_CLOCK_OFFSET, SyncService
from tests.helpers.wait import wait_for
from tests.unit.sync.helpers import MARK, SECRET, central_evaluations, rate, service, settings_for


@pytest.fixture
def make_sync(tmp_path):
    services = []

    def make(url, **kw):
        listeners = {k: kw.pop(k) for k in ("on_status", "on_profile", "status_provider") if k in kw}
        svc = SyncService(tmp_path / "kiosk.db", settings_for(url, **kw), version="1.2.3", **listeners)
        services.append(svc)
        return svc

    yield make
    for svc in services:
        svc.stop()


def test_kick_drains_and_status_reports(emulator, store, make_sync):
    seen = []
    sync = make_sync(emulator.url, on_status=seen.append)
    sync.start()
    assert sync.wait_idle(10)
    evs = [rate(store, f"K{i}") for i in range(3)]
    t0 = time.monotonic()
    sync.kick()
    assert time.monotonic() - t0 < 0.05  # never blocks the GUI thread
    assert wait_for(lambda: emulator.stats()["evaluations"] == 3, 10)
    assert sync.wait_idle(10)
    st = sync.status()
    assert st["state"] == "idle" and st["queue_depth"] == 0 and st["dead_letters"] == 0
    assert st["last_success_utc"] and st["last_error"] is None and abs(st["clock_offset_s"]) < 5
    assert {e["id"] for e in central_evaluations(emulator.url)} == {e.id for e in evs}
    assert any(s["state"] == "draining" for s in seen) and seen[-1]["state"] == "idle"
    assert emulator.db.last_heartbeat("pad-01")["version"] == "1.2.3"


def test_kick_while_draining_drains_again(emulator, store, make_sync):
    sync = make_sync(emulator.url)
    sync.start()
    assert sync.wait_idle(10)
    emulator.set_faults("slow", 1.0)  # every request takes 0.3 s: the kick below lands mid-drain
    emulator.slow_s = 0.3
    rate(store, "A")
    sync.kick()
    assert wait_for(lambda: sync.status()["state"] == "draining", 5)
    rate(store, "B")
    sync.kick()  # arrives mid-drain: sets the "again" flag
    assert wait_for(lambda: emulator.stats()["evaluations"] == 2, 10)


def test_bad_secret_is_auth_error_without_hot_loop(emulator, store, make_sync):
    rate(store, "X1")
    sync = make_sync(emulator.url, app_secret="wrong", interval_seconds=30)
    sync.start()
    assert wait_for(lambda: sync.status()["state"] == "auth_error", 10)
    before = emulator.stats()["requests"]
    for _ in range(20):
        rate(store, f"X{_ + 2}")
        sync.kick()
        time.sleep(0.03)
    st = sync.status()
    assert st["state"] == "auth_error" and "401" in st["last_error"] and "bad signature" in st["last_error"]
    assert st["next_attempt_in_s"] > 20
    assert emulator.stats()["requests"] - before <= 2  # a profile/heartbeat straggler at most, no drain retries
    assert emulator.stats().get("service_posts", 0) == 0


def test_backoff_honours_retry_after_and_recovers(emulator, store, make_sync):
    emulator.set_faults("503", 1.0)
    emulator.retry_after_s = 2
    rate(store, "R1")
    sync = make_sync(emulator.url)
    sync.start()
    assert wait_for(lambda: sync.status()["state"] == "backoff", 10)
    assert 0.5 < sync.status()["next_attempt_in_s"] <= 2.0
    emulator.set_faults(None, 0)
    sync.kick()  # ignored: the last contact failed, the retry schedule rules
    assert wait_for(lambda: emulator.stats()["evaluations"] == 1, 10)
    assert wait_for(lambda: sync.status()["state"] == "idle", 5)


def test_offline_state_when_nobody_answers(tmp_path, store, make_sync):
    probe = CentralEmulator(tmp_path / "gone.db", MARK, SECRET).start()
    url = probe.url
    probe.stop()  # nothing listens on this port any more
    rate(store, "O1")
    sync = make_sync(url)
    sync.start()
    assert wait_for(lambda: sync.status()["state"] == "offline", 10)
    assert "ConnectionError" in sync.status()["last_error"]


def test_profile_etag_304_and_listener(emulator, tmp_path, make_sync):
    got = []
    sync = make_sync(emulator.url, on_profile=got.append)
    sync.start()
    assert wait_for(lambda: len(got) == 1, 10) and sync.wait_idle(10)
    assert got[0]["hall"]["name"] == "政务服务中心"
    before = emulator.stats()["requests"]
    sync.refresh_profile()
    assert sync.wait_idle(10)
    assert emulator.stats()["requests"] == before + 1 and len(got) == 1  # 304: nothing new
    new = demo_profile()
    new["staff"] = new["staff"][:2]
    new["hall"]["notices"] = ["今日系统升级"]
    emulator.set_profile(new)
    sync.refresh_profile()
    assert wait_for(lambda: len(got) == 2, 10)
    assert got[1]["hall"]["notices"] == ["今日系统升级"]
    assert sync.status()["profile_etag"] == emulator.etag
    sync.stop()
    with Store(tmp_path / "kiosk.db") as s:  # the cache survives a restart offline
        assert load_cached_profile(s)["hall"]["notices"] == ["今日系统升级"]
        assert [m.pageCode for m in list_staff(s)] == ["GZ1001", "GZ1002"]


def test_invalid_profile_keeps_the_cached_one(emulator, tmp_path, make_sync):
    sync = make_sync(emulator.url)
    sync.start()
    assert sync.wait_idle(10)
    emulator.set_profile({"staff": [{"id": "x"}]})
    sync.refresh_profile()
    assert wait_for(lambda: "profile" in (sync.status()["last_error"] or ""), 10)
    with Store(tmp_path / "kiosk.db") as s:
        assert len(list_staff(s)) == 5


def test_skewed_server_clock_is_measured_and_warned(tmp_path, make_sync, caplog):
    with CentralEmulator(tmp_path / "c.db", MARK, SECRET, time_offset_s=150) as emu:
        sync = make_sync(emu.url)
        with caplog.at_level(logging.WARNING, logger="kiosk.sync"):
            sync.start()
            assert sync.wait_idle(10)
        st = sync.status()
        assert 145 < st["clock_offset_s"] < 155 and st["clock_warning"] is True
        assert any("clock" in r.message for r in caplog.records)
        sync.stop()
    with Store(tmp_path / "kiosk.db") as s:
        assert 145 < float(s.get_kv(KV_CLOCK_OFFSET)) < 155


def test_far_skew_is_compensated_in_the_signature(tmp_path, store, make_sync):
    """A pad clock 10 min off fails once (401), learns the centre's time, then gets through."""
    rate(store, "C1")
    with CentralEmulator(tmp_path / "c.db", MARK, SECRET, time_offset_s=600) as emu:
        sync = make_sync(emu.url, interval_seconds=0.5)
        sync.start()
        assert wait_for(lambda: emu.stats().get("evaluations", 0) == 1, 10)


def test_rejected_go_to_dead_letters_and_retry_after_fix(emulator, store, make_sync):
    bad = rate(store, "D1", 1)  # 差评 with neither reason nor text
    rate(store, "D2", 5)
    sync = make_sync(emulator.url)
    sync.start()
    assert wait_for(lambda: sync.status()["dead_letters"] == 1, 10)
    dead = Outbox(store).dead_letters()
    assert [d["key"] for d in dead] == [bad.id] and "差评必须勾选详情或填写文字评价" in dead[0]["last_error"]
    assert sync.status()["queue_depth"] == 1  # not at the centre, never silently dropped
    with store.tx() as conn:  # the technician's fix: the citizen's written reason is added
        conn.execute("UPDATE evaluations SET writingEvaluation = '窗口无人' WHERE id = ?", (bad.id,))
    sync.retry_dead()
    assert wait_for(lambda: emulator.stats()["evaluations"] == 2, 10)
    assert wait_for(lambda: sync.status()["dead_letters"] == 0, 5)


def test_service_update_is_sent_again(emulator, store, make_sync):
    rate(store, "U1")
    sync = make_sync(emulator.url)
    sync.start()
    assert wait_for(lambda: emulator.stats()["evaluations"] == 1, 10)
    store.upsert_case(service("U1", proStatus=3))
    sync.kick()
    assert wait_for(lambda: emulator.db.get_case("U1")["proStatus"] == 3, 10)
    assert emulator.stats()["service_updates"] == 1


def test_heartbeat_carries_status_provider(emulator, make_sync):
    sync = make_sync(emulator.url, status_provider=lambda: {"evaluatorOnline": True, "printer": "paper_low"})
    sync.start()
    assert sync.wait_idle(10)
    hb = emulator.db.last_heartbeat("pad-01")
    assert hb["evaluatorOnline"] is True and hb["printer"] == "paper_low"
    assert {"queueDepth", "oldestPendingAgeS", "diskFreeBytes", "clockOffsetS", "lastError", "uptimeS"} <= hb.keys()


def test_lookup_service_for_the_terminal(emulator, store, make_sync):
    rate(store, "L1")
    sync = make_sync(emulator.url)
    sync.start()
    assert wait_for(lambda: emulator.stats()["services"] == 1, 10)
    assert sync.lookup_case("L1")["projectNo"] == "L1"
    assert sync.lookup_case("L2") is None


def test_pii_never_in_logs_and_purged_after_retention(emulator, store, make_sync, caplog):
    rate(store, "P1", 1)  # rejected -> logged
    rate(store, "P2")
    sync = make_sync(emulator.url, pii_retention_days=0)
    with caplog.at_level(logging.DEBUG, logger="kiosk.sync"):
        sync.start()
        assert wait_for(lambda: emulator.stats().get("evaluations") == 1, 10)
        sync.purge_pii()
        assert sync.wait_idle(10)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "420101199001011234" not in text and "13812345678" not in text and "张小三" not in text
    assert "4201**********1234" in text  # debug logs show the masked form
    rows = dict(store.conn.execute("SELECT projectNo, certKey FROM services").fetchall())
    assert rows["P2"] == "" and rows["P1"] != ""  # P1 still has an undelivered (dead) rating


def test_stop_is_quick_and_joins(emulator, make_sync):
    sync = make_sync(emulator.url)
    sync.start()
    assert sync.wait_idle(10)
    t0 = time.monotonic()
    sync.stop()
    assert time.monotonic() - t0 < 3
    assert not [t for t in threading.enumerate() if t.name == "kiosk-sync"]


def test_tls_off_refused_outside_demo():
    with pytest.raises(ValueError, match="TLS verification off"):
        settings_for("https://x", verify_tls=False)
    assert settings_for("https://x", verify_tls=False, demo=True).tls_verify is False
    assert settings_for("https://x", ca_file="/etc/ca.pem").tls_verify == "/etc/ca.pem"
    with pytest.raises(ValueError):
        settings_for("https://x", signer="md5")
