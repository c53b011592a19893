from datetime import UTC, datetime

from kiosk.store.db import Store
from kiosk.store.pinlock import KEY, PinLock, load_pin_lock, save_pin_lock


def test_round_trip_across_reopen(tmp_path, clock):
    until = datetime(2026, 11, 23, 2, 5, tzinfo=UTC)
    with Store(tmp_path / "k.db", clock=clock) as store:
        assert load_pin_lock(store) == PinLock()
        save_pin_lock(store, PinLock(0, until))
        save_pin_lock(store, PinLock(3, until))
    with Store(tmp_path / "k.db", clock=clock) as store:
        assert load_pin_lock(store) == PinLock(3, until)
        save_pin_lock(store, PinLock())
        assert load_pin_lock(store) == PinLock()


def test_garbage_reads_as_no_lock(store):
    for raw in ("not json", "[1, 2]", '{"failures": "x"}', '{"locked_until": "yesterday"}'):
        store.set_kv(KEY, raw)
        assert load_pin_lock(store) == PinLock()
