from datetime import UTC, datetime, timedelta

from kiosk.app.maintenance import maintain
from kiosk.core.model import Case, Evaluation
from kiosk.core.timefmt import FakeClock, utc_iso
from kiosk.store.db import Store
from kiosk.store.outbox import Outbox, Result


def test_maintenance_purges_old_pii_vacuums_and_keeps_ratings(tmp_path):
    clock = FakeClock(datetime(2026, 11, 1, 1, 0, tzinfo=UTC))
    with Store(tmp_path / "k.db", clock=clock) as store:
        outbox = Outbox(store)
        for i in range(300):
            store.upsert_case(
                Case(
                    f"P{i:04d}",
                    userName="张小三",
                    certKey="420102199001011234",
                    mobile="13812345678",
                    taskName="x" * 200,
                )
            )
        sent = outbox.pending_services(1000)
        outbox.mark_services(sent, [Result(s["projectNo"], "accepted") for s in sent])
        store.add_evaluation(Evaluation("P0000", 5, "2026-11-01 09:00:00", utc_iso(clock.now())), draft=False)
        with store.tx() as conn:  # make free pages: drop bulky text from most cases
            conn.execute("UPDATE services SET taskName = '' WHERE projectNo != 'P0000'")
            conn.execute("CREATE TABLE junk AS SELECT randomblob(4000) AS b FROM services")
            conn.execute("DROP TABLE junk")
        clock.advance(timedelta(days=8).total_seconds())
        done = maintain(store, retention_days=7)
        assert done["analyze"] and done.get("vacuum") is True and done["logs_rotated"]
        # P0000 still has an undelivered rating: its applicant data stays; the other 299 are blanked
        assert done["purged"] == 299
        kept = store.get_case("P0000")
        assert kept.userName == "张小三"
        assert store.get_case("P0001").certKey == "" and store.get_case("P0001").mobile == ""
        assert store.count_evaluations() == 1 and store.integrity_ok()
        assert maintain(store, retention_days=7).get("vacuum") is None  # nothing left to reclaim
