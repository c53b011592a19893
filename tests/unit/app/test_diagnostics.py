import csv
import json

from kiosk import config
from kiosk.app.diagnostics import export, snapshot
from kiosk.app.kiosk import Kiosk
from kiosk.core.model import Case
from kiosk.core.staff import Staff
from kiosk.core.timefmt import FakeClock


def test_snapshot_and_masked_export(tmp_path):
    cfg = config.load(None, tmp_path / "data", {"evaluator": {"driver": "none"}})
    kiosk = Kiosk(cfg, clock=FakeClock())
    try:
        kiosk.flow.sign_in(Staff("s1", "王小明", "0101"))
        kiosk.flow.invite(
            Case(
                "P-1", taskName="社会保障卡挂失", userName="张小三", certKey="420102199001011234", mobile="13812345678"
            )
        )
        kiosk.flow.press(1)  # at once: fast_press (the clock did not move)
        kiosk.flow.set_text("窗口排队太久")
        assert kiosk.flow.submit()
        snap = snapshot(kiosk)
        assert snap["ratings"] == {"total": 1, "pending": 1}
        assert snap["suspect_today"] == {"flagged": 1, "fast_press": 1}
        assert snap["flow_counters"]["ratings"] == 1 and snap["evaluator"]["status"] == "none"
        assert snap["sync"] == {"state": "disabled"} and snap["queue_depth"] == 2
        files = export(kiosk, tmp_path / "usb")
    finally:
        kiosk.stop()
    text = files[0].read_text(encoding="utf-8-sig")
    assert "张小三" not in text and "420102199001011234" not in text and "13812345678" not in text
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) == 1
    row = rows[0]
    assert row["userName"] == "张*三" and row["certKey"] == "4201**********1234" and row["mobile"] == "138****5678"
    assert row["satisfaction"] == "1" and row["level"] == "非常不满意" and row["writingEvaluation"] == "窗口排队太久"
    assert row["suspect"] == "fast_press"
    assert json.loads(files[1].read_text(encoding="utf-8"))["device"]["id"] == cfg.device.id


def test_evaluator_and_reason_list_are_built_with_the_kiosk(tmp_path):
    """Kiosk() builds the configured driver (started later by start_devices) and reads the cached reasons."""
    from kiosk.devices.evaluator.sim import SimEvaluator
    from kiosk.sync.profile import KV_PROFILE

    cfg = config.load(None, tmp_path / "data", {"evaluator": {"driver": "sim"}})
    first = Kiosk(cfg, clock=FakeClock())
    rows = [{"starLevel": 1, "normCode": "X1", "normName": "自定义原因", "usingStatus": "1"}]
    first.store.set_kv(KV_PROFILE, json.dumps({"reasons": rows}))
    first.stop()
    kiosk = Kiosk(cfg, clock=FakeClock())
    try:
        assert isinstance(kiosk.evaluator, SimEvaluator) and kiosk.status.evaluator == "offline"
        assert kiosk.evaluator.commands == []  # built, not started: nothing sent to it yet
        assert [r.code for r in kiosk.flow.catalog.for_level(1)] == ["X1"]  # the cached centre list
    finally:
        kiosk.stop()


def test_a_broken_cached_reason_list_falls_back_to_the_national_list(tmp_path, caplog):
    from kiosk.core.reasons import ReasonCatalog
    from kiosk.sync.profile import KV_PROFILE

    cfg = config.load(None, tmp_path / "data", {"evaluator": {"driver": "none"}})
    first = Kiosk(cfg, clock=FakeClock())
    rows = [{"starLevel": 9, "normCode": "X1", "normName": "坏的原因", "usingStatus": "1"}]
    first.store.set_kv(KV_PROFILE, json.dumps({"reasons": rows}))
    first.stop()
    kiosk = Kiosk(cfg, clock=FakeClock())
    try:
        assert kiosk.evaluator is None and kiosk.status.evaluator == "none"
        national = ReasonCatalog.national()
        assert [r.code for r in kiosk.flow.catalog.for_level(1)] == [r.code for r in national.for_level(1)]
        assert "cached reason list unusable; using the national list" in caplog.text
    finally:
        kiosk.stop()


def test_flag_thresholds_from_the_config_and_flagged_ratings_counted_by_day(tmp_path):
    cfg = config.load(
        None, tmp_path / "data", {"evaluator": {"driver": "none"}, "flow": {"min_response_ms": 3000, "burst_count": 0}}
    )
    clock = FakeClock()  # 2026-11-23 10:00 in Shanghai
    kiosk = Kiosk(cfg, clock=clock)
    try:
        kiosk.flow.sign_in(Staff("s1", "王小明", "0101"))
        for pn, wait_s in (("P-1", 2.5), ("P-2", 3.0), ("P-3", 2.0)):
            kiosk.flow.invite(Case(pn))
            clock.advance(wait_s)
            kiosk.flow.press(5)
            assert kiosk.flow.submit()
            clock.advance(16 * 3600 if pn == "P-2" else 1)  # P-3 is pressed the next day
        assert [r["suspect"] for r in kiosk.store.evaluations_with_cases()] == ["fast_press", "", "fast_press"]
        assert snapshot(kiosk)["suspect_today"] == {"flagged": 1, "fast_press": 1}
        assert kiosk.store.suspect_counts("2026-11-23") == {"flagged": 2, "fast_press": 2}
    finally:
        kiosk.stop()
