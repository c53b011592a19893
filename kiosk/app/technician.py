"""What the technician screens may do: PIN check with lockout, diagnostics, export, sync and device tests.

Qt-free; every method runs on the flow's thread. While a device test runs, evaluator keys go to the test
(shown to the technician) instead of becoming ratings.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from pathlib import Path

from kiosk.app import diagnostics
from kiosk.core.stats import Period, Report
from kiosk.store import stats as store_stats
from kiosk.store.db import Store

log = logging.getLogger(__name__)

MAX_TRIES = 5
LOCKOUT_S = 300.0


class Technician:
    def __init__(self, kiosk):
        self.kiosk = kiosk
        self._failures = 0
        self._locked_until = 0.0
        self.key_listener: Callable[[int], None] | None = None  # set while a device test runs

    # --- access --------------------------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        return bool(self.kiosk.cfg.ui.technician_pin)

    def locked_for_s(self) -> int:
        return max(0, int(self._locked_until - self.kiosk.clock.monotonic() + 0.999))

    def check_pin(self, pin: str) -> bool:
        """Constant-time compare; 5 wrong PINs lock the screens for 5 minutes. Never logs the PIN."""
        if not self.enabled or self.locked_for_s():
            return False
        if hmac.compare_digest(pin.encode(), self.kiosk.cfg.ui.technician_pin.encode()):
            self._failures = 0
            log.info("technician signed in")
            return True
        self._failures += 1
        log.warning("wrong technician PIN (%d of %d)", self._failures, MAX_TRIES)
        if self._failures >= MAX_TRIES:
            self._failures = 0
            self._locked_until = self.kiosk.clock.monotonic() + LOCKOUT_S
            log.warning("technician screens locked for %d s", LOCKOUT_S)
        return False

    # --- diagnostics and export ----------------------------------------------------------------------

    def snapshot(self) -> dict:
        return diagnostics.snapshot(self.kiosk)

    def export(self, target: str | Path | None = None) -> list[Path]:
        """Default target: <data dir>/exports (a USB stick's mount point can be given instead)."""
        return diagnostics.export(self.kiosk, target or Path(self.kiosk.cfg.data_dir) / "exports")

    # --- statistics ----------------------------------------------------------------------------------

    def stats(self, period: Period) -> Report:
        """Any thread: over its own connection to the store (the statistics page loads off the GUI thread)."""
        with Store(self.kiosk.store.path, clock=self.kiosk.clock) as store:
            return store_stats.report(store.conn, period)

    # --- sync ---------------------------------------------------------------------------------------

    def sync_now(self) -> bool:
        if self.kiosk.sync is None:
            return False
        self.kiosk.sync.drain_now()
        return True

    def retry_dead(self, keys: list[str] | None = None) -> int:
        """Send dead letters again (after the cause was fixed at the centre)."""
        count = self.kiosk.outbox.retry_dead(keys)
        if self.kiosk.sync is not None:
            self.kiosk.sync.drain_now()
        log.info("technician re-queued %d dead letter(s)", count)
        return count

    # --- device test --------------------------------------------------------------------------------

    def start_device_test(self, on_key: Callable[[int], None]) -> None:
        self.key_listener = on_key
        ev = self.kiosk.evaluator
        if ev is not None:
            ev.invite(60, "设备测试:请依次按下各评价键")

    def stop_device_test(self, *, quiet: bool = False) -> None:
        """End the test; `quiet` leaves the device alone (a citizen's invitation has just lit it)."""
        self.key_listener = None
        ev = self.kiosk.evaluator
        if ev is not None and not quiet:
            ev.leds(0)
            ev.idle()

    def device_command(self, name: str, mask: int = 0) -> bool:
        """leds / invite / thanks / idle / query sent to the evaluator; False without one."""
        ev = self.kiosk.evaluator
        if ev is None:
            return False
        if name == "leds":
            ev.leds(mask & 0x1F)
        elif name == "invite":
            ev.invite(30, "设备测试")
        elif name in ("thanks", "idle"):
            getattr(ev, name)()
        elif name == "query" and hasattr(ev, "query"):
            ev.query()
        else:
            raise ValueError(f"unknown device command {name!r}")
        return True
