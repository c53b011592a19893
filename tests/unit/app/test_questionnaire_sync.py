"""The questionnaire end to end on real parts: the kiosk's store, the technician export, sync to a loopback
emulator, and a restart while the page is open."""

import csv

from kiosk import config
from kiosk.app.diagnostics import export
from kiosk.app.kiosk import Kiosk
from kiosk.central.demo_profile import demo_profile
from kiosk.central.server import CentralEmulator
from kiosk.core.flow.state import Screen
from kiosk.core.model import Case
from kiosk.core.questions import NO, YES
from kiosk.core.staff import Staff
from kiosk.core.timefmt import FakeClock
from kiosk.store.db import Store
from kiosk.store.outbox import Outbox
from kiosk.sync.profile import apply_profile
from kiosk.sync.service import SyncService
from tests.helpers.wait import wait_for
from tests.unit.sync.helpers import MARK, SECRET, central_evaluations, settings_for

OVERRIDDEN = "11420100MB0000002"  # the demo profile asks this matter one more question (onetime)


def make_kiosk(tmp_path, questions=True):
    cfg = config.load(None, tmp_path / "data", {"evaluator": {"driver": "none"}, "flow": {"questions": questions}})
    first = Kiosk(cfg, clock=FakeClock())
    apply_profile(first.store, demo_profile(), None)  # cached, as sync would: read when the kiosk starts
    first.stop()
    kiosk = Kiosk(cfg, clock=FakeClock())
    kiosk.flow.sign_in(Staff("s1", "王小明", "0101"))
    return kiosk


def rate(kiosk, pn, task, level=5):
    kiosk.flow.invite(Case(pn, taskCode=task, taskName="不动产登记", userName="张小三"))
    assert kiosk.flow.press(level)
    assert kiosk.flow.submit()


def test_answers_are_stored_exported_and_synced(tmp_path):
    kiosk = make_kiosk(tmp_path)
    try:
        rate(kiosk, "P-1", OVERRIDDEN)
        flow = kiosk.flow
        assert flow.state.screen is Screen.QUESTIONS
        assert [q.code for q in flow.state.questions] == [
            "guide",
            "procedure",
            "materials",
            "interface",
            "onetime",
            "suggestion",
        ]
        assert kiosk.store.get_evaluation(flow.state.evaluation.id)["sync_state"] == "draft"  # not yet to sync
        flow.answer("guide", YES)
        flow.answer("onetime", NO)
        flow.answer("suggestion", "希望缩短等候时间")
        assert flow.submit_answers()
        first = flow.state.evaluation
        flow._to_idle()
        rate(kiosk, "P-2", "11420100MB0000001")  # the default set
        assert [q.code for q in flow.state.questions][-1] == "suggestion" and len(flow.state.questions) == 5
        flow.skip_questions()
        skipped = flow.state.evaluation
        row = kiosk.store.get_evaluation(first.id)
        assert row["sync_state"] == "pending"
        assert row["questionAnswers"] == (
            '[{"code": "guide", "answer": "yes"}, {"code": "onetime", "answer": "no"}, '
            '{"code": "suggestion", "answer": "希望缩短等候时间"}]'
        )
        assert kiosk.store.get_evaluation(skipped.id)["questionAnswers"] == ""
        wire = {item["id"]: item for item in Outbox(kiosk.store).pending_wire("evaluations", 10)}
        assert wire == {}  # their cases go first
        files = export(kiosk, tmp_path / "usb")
        path = kiosk.store.path
    finally:
        kiosk.stop()
    rows = {r["id"]: r for r in csv.DictReader(files[0].read_text(encoding="utf-8-sig").splitlines())}
    assert rows[first.id]["questionAnswers"] == "guide=yes; onetime=no; suggestion=希望缩短等候时间"
    assert rows[skipped.id]["questionAnswers"] == ""

    with CentralEmulator(tmp_path / "central.db", MARK, SECRET) as emu:
        sync = SyncService(path, settings_for(emu.url))
        try:
            sync.start()
            sync.kick()
            assert wait_for(lambda: emu.stats()["evaluations"] == 2, 10)
        finally:
            sync.stop()
        central = {item["id"]: item for item in central_evaluations(emu.url)}
    assert central[first.id]["questionAnswers"] == [
        {"code": "guide", "answer": "yes"},
        {"code": "onetime", "answer": "no"},
        {"code": "suggestion", "answer": "希望缩短等候时间"},
    ]
    assert central[skipped.id]["questionAnswers"] == []  # sent without the key: stored as none


def test_a_restart_while_the_page_is_open_sends_the_details(tmp_path):
    kiosk = make_kiosk(tmp_path)
    try:
        kiosk.flow.invite(Case("P-3", taskCode=OVERRIDDEN))
        kiosk.flow.press(2)
        kiosk.flow.set_text("材料反复补充")
        assert kiosk.flow.submit() and kiosk.flow.state.screen is Screen.QUESTIONS
        kiosk.flow.answer("guide", NO)
        ev_id = kiosk.flow.state.evaluation.id
        path = kiosk.store.path
    finally:
        kiosk.stop()  # the process dies with the page open
    with Store(path) as store:
        assert store.release_drafts() == 1
        row = store.get_evaluation(ev_id)
    assert (row["sync_state"], row["writingEvaluation"], row["incomplete"], row["questionAnswers"]) == (
        "pending",
        "材料反复补充",
        0,
        "",
    )


def test_off_by_default_nothing_changes(tmp_path):
    kiosk = make_kiosk(tmp_path, questions=False)
    try:
        rate(kiosk, "P-4", OVERRIDDEN)
        assert kiosk.flow.state.screen is Screen.THANKS
        assert kiosk.store.get_evaluation(kiosk.flow.state.evaluation.id)["sync_state"] == "pending"
    finally:
        kiosk.stop()
