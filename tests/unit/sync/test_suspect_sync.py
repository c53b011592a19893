"""A flagged rating from the flow to the centre: the real store, the sync service and the emulator on loopback."""

from kiosk.core.flow.machine import Flow
from kiosk.core.flow.state import FlowSettings
from kiosk.core.timefmt import FakeClock
from kiosk.store.sink import StoreSink
from kiosk.sync.service import SyncService
from tests.helpers.fakes import STAFF
from tests.helpers.wait import wait_for
from tests.unit.sync.helpers import central_evaluations, service, settings_for


def test_flags_reach_the_centre_in_the_batch(emulator, store, tmp_path):
    clock = FakeClock()
    flow = Flow(StoreSink(store), clock, FlowSettings(device_id="pad-01", counter="3号窗口"))
    flow.sign_in(STAFF)
    ids = []
    for pn, wait_s in (("F1", 0.2), ("F2", 3.0)):  # a press at once, then an ordinary one
        flow.invite(service(pn))
        clock.advance(wait_s)
        assert flow.press(5) is True
        ids.append(flow.state.evaluation.id)
        assert flow.submit() is True
        clock.advance(1)
    assert store.get_evaluation(ids[0])["suspect"] == "fast_press"
    assert store.get_evaluation(ids[1])["suspect"] == ""
    sync = SyncService(tmp_path / "kiosk.db", settings_for(emulator.url), version="1.2.3")
    try:
        sync.start()
        sync.kick()
        assert wait_for(lambda: emulator.stats()["evaluations"] == 2, 10)
    finally:
        sync.stop()
    got = {e["id"]: e["suspect"] for e in central_evaluations(emulator.url)}
    assert got == {ids[0]: ["fast_press"], ids[1]: []}
