"""The technician PIN lockout, kept in the kv table so that a restart neither unlocks the screens nor forgets
the wrong tries before the lock (pulling the plug is no way round it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from kiosk.core.timefmt import parse_utc_iso, utc_iso
from kiosk.store.db import Store

KEY = "technician_pin_lock"


@dataclass(frozen=True)
class PinLock:
    failures: int = 0  # wrong PINs since the last good one or the last lock
    locked_until: datetime | None = None  # aware UTC; None = not locked


def load_pin_lock(store: Store) -> PinLock:
    """What was stored; a missing or unreadable value reads as no lock and no failures."""
    raw = store.get_kv(KEY)
    if not raw:
        return PinLock()
    try:
        data = json.loads(raw)
        until = data.get("locked_until")
        return PinLock(int(data.get("failures", 0)), parse_utc_iso(until) if until else None)
    except (ValueError, TypeError, AttributeError):
        return PinLock()


def save_pin_lock(store: Store, lock: PinLock) -> None:
    """Durably (one transaction); raises StorageError when the store cannot be written."""
    until = utc_iso(lock.locked_until) if lock.locked_until is not None else None
    store.set_kv(KEY, json.dumps({"failures": lock.failures, "locked_until": until}))
