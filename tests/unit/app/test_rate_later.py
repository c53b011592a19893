"""Terminal rate-later: scanned links and typed numbers against the real store, flow and (for lookups)
the reference central emulator over loopback."""

from __future__ import annotations

import queue
import time
from datetime import datetime

import pytest

from kiosk import config
from kiosk.app.kiosk import Kiosk
from kiosk.app.rate_later import MSG_INVALID, MSG_UNKNOWN, RateLater
from kiosk.app.receipts import rating_url
from kiosk.core.flow.state import Screen
from kiosk.core.model import Case, Evaluation
from kiosk.core.qrlink import RatingLink, build_url
from kiosk.core.timefmt import SHANGHAI, FakeClock, assess_time, utc_iso

NOW = datetime(2025, 10, 10, 10, 0, tzinfo=SHANGHAI)  # Friday after National Day 2025


@pytest.fixture
def kiosk(tmp_path):
    cfg = config.load(
        None,
        tmp_path,
        {"device": {"mode": "terminal", "id": "T-01"}, "evaluator": {"driver": "none"}, "qr": {"secret": "k"}},
    )
    k = Kiosk(cfg, clock=FakeClock(NOW))
    yield k
    k.stop()


class Posted:
    def __init__(self):
        self.q: queue.SimpleQueue = queue.SimpleQueue()

    def __call__(self, fn):
        self.q.put(fn)

    def run(self, timeout=5.0):
        fn = self.q.get(timeout=timeout)
        fn()


def add_case(kiosk, number, when="2025-09-29 16:30:00", status=2, rated=()):
    kiosk.store.upsert_case(Case(number, taskName="社会保障卡挂失", proStatus=status, serviceTime=when))
    for n in rated:
        kiosk.store.add_evaluation(
            Evaluation(number, 5, assess_time(NOW), utc_iso(NOW), assessNumber=n, pf=4), draft=False
        )


def test_scanned_link_within_five_working_days_invites_with_pf5(kiosk):
    add_case(kiosk, "P-001")
    rl = RateLater(kiosk, Posted())
    rl.handle_code(rating_url(kiosk.cfg, "P-001", NOW))
    st = kiosk.flow.state
    assert st.screen is Screen.INVITED
    assert st.invitation.pf == 5 and st.invitation.assess_number == 1
    assert kiosk.flow.press(4, "screen")
    assert kiosk.store.evaluations(project_no="P-001")[0]["pf"] == 5


def test_forged_link_and_garbage_refused(kiosk):
    add_case(kiosk, "P-001")
    rl = RateLater(kiosk, Posted())
    forged = build_url(RatingLink("T-01", 3, "P-001", 1), "wrong", kiosk.cfg.qr.url_template)
    rl.handle_code(forged)
    assert kiosk.flow.state.screen is Screen.MESSAGE and kiosk.flow.state.message == MSG_INVALID
    kiosk.flow.go_idle()
    rl.handle_code("x\x01!")
    assert kiosk.flow.state.message == MSG_UNKNOWN
    assert kiosk.store.count_evaluations() == 0


def test_expired_already_rated_and_follow_up(kiosk):
    add_case(kiosk, "P-OLD", when="2025-09-15 09:00:00")
    add_case(kiosk, "P-TWICE", status=3, rated=(1, 2))
    add_case(kiosk, "P-DONE", status=3, rated=(1,))
    rl = RateLater(kiosk, Posted())
    rl.handle_code("P-OLD")
    assert kiosk.flow.state.message == "已超过评价期限"
    kiosk.flow.go_idle()
    rl.handle_code("P-TWICE")
    assert kiosk.flow.state.message == "该办件已评价"
    kiosk.flow.go_idle()
    rl.handle_code("P-DONE")
    assert kiosk.flow.state.screen is Screen.INVITED and kiosk.flow.state.invitation.assess_number == 2


def test_unknown_locally_looked_up_at_centre(kiosk, tmp_path):
    from kiosk.central.server import CentralEmulator
    from kiosk.sync.service import SyncService
    from kiosk.sync.settings import CentralSettings

    emu = CentralEmulator(tmp_path / "c.db", "m", "s").start()
    sync = SyncService(tmp_path / "kiosk.db", CentralSettings(emu.url, "m", "s", "T-01", timeout_s=3))
    try:
        emu.db.store_services(
            [
                {
                    "projectNo": "P-REMOTE",
                    "taskName": "营业执照办理",
                    "proStatus": 2,
                    "userProp": 2,
                    "serviceTime": "2025-10-09 11:00:00",
                }
            ],
            "OTHER",
        )
        post = Posted()
        rl = RateLater(kiosk, post, lookup_remote=sync.lookup_case)
        rl.handle_code("P-REMOTE")
        assert kiosk.flow.state.message == "正在查询办件信息…"
        post.run()
        assert kiosk.flow.state.screen is Screen.INVITED
        assert kiosk.flow.state.invitation.service.taskName == "营业执照办理"
        kiosk.flow.cancel(kiosk.flow.state.invitation.id)
        rl.handle_code("P-NOWHERE")
        post.run()
        assert kiosk.flow.state.message == MSG_UNKNOWN
    finally:
        sync.stop()
        emu.stop()


def test_centre_down_is_a_clear_message(kiosk):
    def down(number):
        time.sleep(0.01)
        raise ConnectionError("refused")

    post = Posted()
    rl = RateLater(kiosk, post, lookup_remote=down)
    rl.handle_code("P-XYZ")
    post.run()
    assert kiosk.flow.state.message == "暂时无法查询该办件,请稍后再试"


def test_deadline_in_an_unknown_year_invites_and_marks_the_rating(tmp_path):
    """A terminal on 2027-01-08 (chinesecalendar ends at 2026): a receipt of 2026-12-30 is still rated, the
    rating stored and sent with calendarUnknown: true; the central stores it so."""
    from kiosk.central.server import CentralEmulator
    from kiosk.store.outbox import Outbox, Result

    now = datetime(2027, 1, 8, 10, 0, tzinfo=SHANGHAI)
    cfg = config.load(None, tmp_path, {"device": {"mode": "terminal", "id": "T-01"}, "evaluator": {"driver": "none"}})
    k = Kiosk(cfg, clock=FakeClock(now))
    try:
        add_case(k, "P-2026", when="2026-12-30 16:30:00")
        RateLater(k, Posted()).handle_code("P-2026")
        assert k.flow.state.screen is Screen.INVITED and k.flow.state.invitation.calendar_unknown
        assert k.flow.press(5, "screen")
        k.flow.submit()  # the details page: the rating leaves draft
        [row] = k.store.evaluations(project_no="P-2026")
        assert row["calendarUnknown"] == 1 and row["pf"] == 5
        box = Outbox(k.store)
        [service] = box.pending_services(10)
        box.mark_services([service], [Result("P-2026", "accepted")])
        [item] = box.pending_evaluations(10)
        assert item["calendarUnknown"] is True
        with CentralEmulator(tmp_path / "c.db") as emu:
            emu.db.store_services([{k_: v for k_, v in service.items() if k_ != "_rev"}], "T-01")
            assert emu.db.store_evaluations([item], "T-01")[0]["status"] == "accepted"
            assert emu.db.evaluations_since(0)[0][0]["calendarUnknown"] is True
        # a known year: not marked, not sent
        add_case(k, "P-OLD", when="2026-11-30 16:30:00")
        k.flow.tick()
        RateLater(k, Posted()).handle_code("P-OLD")
        assert k.flow.state.message  # 2026-11-30 + 5 working days is long past: refused as before
    finally:
        k.stop()


def test_known_year_rating_carries_no_calendar_mark(kiosk):
    add_case(kiosk, "P-001")
    RateLater(kiosk, Posted()).handle_code("P-001")
    assert kiosk.flow.press(4, "screen")
    assert kiosk.store.evaluations(project_no="P-001")[0]["calendarUnknown"] == 0
