"""The outbox: what is handed to sync, and what the centre's answers do to it."""

from dataclasses import replace

import pytest

from kiosk.store.outbox import DEPTH_SQL, Outbox, Result
from tests.helpers.fakes import rating, service


@pytest.fixture
def box(store):
    return Outbox(store)


def states(store, table, key):
    return dict(store.conn.execute(f"SELECT {key}, sync_state FROM {table} ORDER BY {key}").fetchall())


def deliver_service(box, project_no):
    sent = [s for s in box.pending_services(100) if s["projectNo"] == project_no]
    box.mark_services(sent, [Result(project_no, "accepted")])


def test_pending_services_wire_and_rev(store, box):
    store.upsert_case(service("P1"))
    (item,) = box.pending_services(10)
    assert item["_rev"] == 1
    assert (item["projectNo"], item["userName"], item["proStatus"], item["proChannel"]) == ("P1", "张小三", 2, 2)
    assert "local" not in item and "sync_state" not in item
    assert box.pending_services(0) == []


def test_evaluations_only_after_service_delivered(store, box):
    store.upsert_case(service("P1"))
    ev = rating("P1", 4)
    store.add_evaluation(ev, draft=False)
    assert box.pending_evaluations(10) == []
    deliver_service(box, "P1")
    (item,) = box.pending_evaluations(10)
    assert item == {
        "id": ev.id,
        "projectNo": "P1",
        "pf": 4,
        "satisfaction": 4,
        "evalDetail": "",
        "writingEvaluation": "",
        "assessTime": "2026-11-23 10:00:00",
        "assessNumber": 1,
        "handleUserPageCode": "",
        "window": "",
        "suspect": [],
    }


def test_suspect_flags_stored_comma_separated_and_sent_as_a_list(store, box):
    store.upsert_case(service("P1"))
    ev = replace(rating("P1", 4), suspect=("fast_press", "burst"))
    store.add_evaluation(ev, draft=False)
    assert store.get_evaluation(ev.id)["suspect"] == "fast_press,burst"
    deliver_service(box, "P1")
    (item,) = box.pending_evaluations(10)
    assert item["suspect"] == ["fast_press", "burst"]


def test_drafts_never_handed_out(store, box):
    store.upsert_case(service("P1"))
    deliver_service(box, "P1")
    ev = rating("P1", 1)
    store.add_evaluation(ev)  # details page still open
    assert box.pending_evaluations(10) == []
    store.finish_evaluation(replace(ev, evalDetail="115"))
    assert [e["id"] for e in box.pending_evaluations(10)] == [ev.id]


def test_accepted_and_duplicate_are_delivered(store, box, clock):
    store.upsert_case(service("P1"))
    store.upsert_case(service("P2"))
    deliver_service(box, "P1")
    deliver_service(box, "P2")
    a, b = rating("P1"), rating("P2")
    store.add_evaluation(a, draft=False)
    store.add_evaluation(b, draft=False)
    clock.advance(10)
    box.mark_evaluations([Result(a.id, "accepted"), Result(b.id, "duplicate", "E409", "重复评价")])
    for ev in (a, b):
        row = store.get_evaluation(ev.id)
        assert (row["sync_state"], row["attempts"], row["last_error"], row["delivered_utc"]) == (
            "delivered",
            1,
            None,
            "2026-11-23T02:00:10.000Z",
        )
    assert box.pending_evaluations(10) == []
    assert box.depth() == 0


def test_rejected_goes_to_dead_letters_and_retry(store, box):
    store.upsert_case(service("P1"))
    store.upsert_case(service("P2"))
    sent = box.pending_services(10)
    box.mark_services(sent, [Result("P1", "accepted"), Result("P2", "rejected", "E102", "事项编码不存在")])
    assert states(store, "services", "projectNo") == {"P1": "delivered", "P2": "dead"}
    ev = rating("P1")
    store.add_evaluation(ev, draft=False)
    box.mark_evaluations([Result(ev.id, "rejected", "", "")])
    assert box.dead_letters() == [
        {"kind": "service", "key": "P2", "projectNo": "P2", "last_error": "E102: 事项编码不存在", "attempts": 1},
        {"kind": "evaluation", "key": ev.id, "projectNo": "P1", "last_error": "rejected", "attempts": 1},
    ]
    assert box.depth() == 2
    assert box.dead_letter_count() == 2
    assert box.evaluations_by_state() == {"dead": 1}
    assert box.retry_dead(["P2"]) == 1
    assert box.dead_letter_count() == 1
    assert states(store, "services", "projectNo") == {"P1": "delivered", "P2": "pending"}
    assert store.get_evaluation(ev.id)["sync_state"] == "dead"
    assert box.retry_dead() == 1
    assert store.get_evaluation(ev.id)["sync_state"] == "pending"
    assert box.dead_letters() == []
    assert box.retry_dead() == 0


def test_service_updated_while_in_flight_stays_pending(store, box):
    store.upsert_case(service("P1", proStatus=2))
    sent = box.pending_services(10)
    assert sent[0]["_rev"] == 1
    store.upsert_case(service("P1", proStatus=3))  # the business system finished the case meanwhile
    box.mark_services(sent, [Result("P1", "accepted")])
    row = store.conn.execute("SELECT sync_state, rev, proStatus FROM services").fetchone()
    assert tuple(row) == ("pending", 2, 3)
    again = box.pending_services(10)
    assert (again[0]["_rev"], again[0]["proStatus"]) == (2, 3)
    box.mark_services(again, [Result("P1", "accepted")])
    assert states(store, "services", "projectNo") == {"P1": "delivered"}


def test_rejection_of_outdated_copy_does_not_kill_newer(store, box):
    store.upsert_case(service("P1"))
    sent = box.pending_services(10)
    store.upsert_case(service("P1", proStatus=3))
    box.mark_services(sent, [Result("P1", "rejected", "E1", "bad")])
    assert states(store, "services", "projectNo") == {"P1": "pending"}


def test_unknown_status_rolls_back_the_batch(store, box):
    store.upsert_case(service("P1"))
    store.upsert_case(service("P2"))
    sent = box.pending_services(10)
    with pytest.raises(ValueError, match="unknown result status 'maybe'"):
        box.mark_services(sent, [Result("P1", "accepted"), Result("P2", "maybe")])
    assert states(store, "services", "projectNo") == {"P1": "pending", "P2": "pending"}


def test_note_failure(store, box):
    store.upsert_case(service("P1"))
    box.note_failure("services", ["P1"], "timeout after 10 s")
    box.note_failure("services", ["P1"], "HTTP 502")
    row = store.conn.execute("SELECT attempts, last_error, sync_state FROM services").fetchone()
    assert tuple(row) == (2, "HTTP 502", "pending")


def test_depth_and_oldest_pending_age(store, box, clock):
    assert box.depth() == 0
    assert box.oldest_pending_age_s(clock.now()) == 0.0
    store.upsert_case(service("P1"))
    store.add_evaluation(rating("P1"))  # draft counts: it is not at the centre
    clock.advance(30)
    store.add_evaluation(rating("P2"), draft=False)
    assert box.depth() == 3
    clock.advance(15)
    assert box.oldest_pending_age_s(clock.now()) == 45.0
    deliver_service(box, "P1")
    assert box.depth() == 2


def test_depth_counts_every_undelivered_state_and_seeks_past_the_delivered(store, box):
    for p in ("P1", "P2", "P3", "P4"):
        store.upsert_case(service(p))
    deliver_service(box, "P1")
    draft, pending, dead, done = rating("P1"), rating("P2"), rating("P3"), rating("P4")
    store.add_evaluation(draft)
    for ev in (pending, dead, done):
        store.add_evaluation(ev, draft=False)
    store.conn.execute("UPDATE evaluations SET sync_state = 'dead' WHERE id = ?", (dead.id,))
    store.conn.execute("UPDATE evaluations SET sync_state = 'delivered' WHERE id = ?", (done.id,))
    assert box.depth() == 3 + 3  # services P2..P4; the draft, the pending and the dead evaluation
    assert box.evaluations_by_state() == {"draft": 1, "pending": 1, "dead": 1, "delivered": 1}
    plan = [row[-1] for row in store.conn.execute("EXPLAIN QUERY PLAN " + DEPTH_SQL)]
    assert not [step for step in plan if step.startswith("SCAN") and "CONSTANT" not in step], plan
    assert sum("USING COVERING INDEX" in step for step in plan) == 4  # below and above 'delivered', twice


def test_purge_pii_only_delivered_old_fully_delivered(store, box, clock):
    for p in ("OLD", "OLD_EV_PENDING", "RECENT", "PENDING"):
        store.upsert_case(service(p))
    for p in ("OLD", "OLD_EV_PENDING"):
        deliver_service(box, p)
    ev_done, ev_open = rating("OLD"), rating("OLD_EV_PENDING")
    store.add_evaluation(ev_done, draft=False)
    store.add_evaluation(ev_open, draft=False)
    box.mark_evaluations([Result(ev_done.id, "accepted")])
    clock.advance(31 * 86400)
    deliver_service(box, "RECENT")
    clock.advance(86400)
    assert box.purge_pii(30) == 1
    people = {
        r[0]: (r[1], r[2], r[3])
        for r in store.conn.execute("SELECT projectNo, userName, certKey, mobile FROM services")
    }
    full = ("张小三", "420102199001011234", "13812345678")
    assert people == {"OLD": ("", "", ""), "OLD_EV_PENDING": full, "RECENT": full, "PENDING": full}
    old = store.get_case("OLD")
    assert (old.taskName, old.projectNo) == ("食品经营许可", "OLD")  # only personal data blanked
    assert box.purge_pii(30) == 0
