"""What the technician screens may do: PIN check with lockout, diagnostics, export, sync and device tests.

Qt-free; every method runs on the flow's thread. While a device test runs, evaluator keys go to the test
(shown to the technician) instead of becoming ratings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from kiosk import config
from kiosk.app import diagnostics
from kiosk.config import Config, ConfigError
from kiosk.config.edit import apply_changes
from kiosk.core.pin import verify_pin
from kiosk.core.stats import Period, Report
from kiosk.store import stats as store_stats
from kiosk.store.db import StorageError, Store
from kiosk.store.pinlock import PinLock, load_pin_lock, save_pin_lock

log = logging.getLogger(__name__)

MAX_TRIES = 5
LOCKOUT_S = 300.0


class Technician:
    def __init__(self, kiosk):
        self.kiosk = kiosk
        # the lockout survives a restart (kept in the store); while running, it counts down on the monotonic
        # clock, so a wall clock set back or forward neither prolongs nor ends it
        stored = load_pin_lock(kiosk.store)
        self._failures = stored.failures
        self._locked_until = 0.0
        if stored.locked_until is not None:
            left = (stored.locked_until - kiosk.clock.now()).total_seconds()
            self._locked_until = kiosk.clock.monotonic() + min(LOCKOUT_S, max(0.0, left))
        self.key_listener: Callable[[int], None] | None = None  # set while a device test runs

    # --- access --------------------------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        return bool(self.kiosk.cfg.ui.technician_pin_hash)

    def locked_for_s(self) -> int:
        return max(0, int(self._locked_until - self.kiosk.clock.monotonic() + 0.999))

    def locked_for_min(self) -> int:
        """Minutes left of the lockout, rounded up (what the PIN screen says); 0 when open."""
        return (self.locked_for_s() + 59) // 60

    def check_pin(self, pin: str) -> bool:
        """Against the stored salted hash, constant-time; 5 wrong PINs lock the screens for 5 minutes, also
        across a restart. Never logs the PIN."""
        if not self.enabled or self.locked_for_s():
            return False
        if verify_pin(pin, self.kiosk.cfg.ui.technician_pin_hash):
            if self._failures:
                self._failures = 0
                self._save(PinLock())
            log.info("technician signed in")
            return True
        self._failures += 1
        log.warning("wrong technician PIN (%d of %d)", self._failures, MAX_TRIES)
        if self._failures >= MAX_TRIES:
            self._failures = 0
            self._locked_until = self.kiosk.clock.monotonic() + LOCKOUT_S
            self._save(PinLock(0, self.kiosk.clock.now() + timedelta(seconds=LOCKOUT_S)))
            log.warning("technician screens locked for %d s", LOCKOUT_S)
        else:
            self._save(PinLock(self._failures))
        return False

    def _save(self, lock: PinLock) -> None:
        try:
            save_pin_lock(self.kiosk.store, lock)
        except StorageError as exc:  # the lock still holds while this process runs
            log.error("technician PIN lockout not saved (store not writable): %s", exc)

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

    # --- settings (the 设置 page) ---------------------------------------------------------------------

    restart_requested = False  # saved settings take effect when the pad starts again (GuiRun restarts it)

    def config_file(self) -> Path | None:
        """The file this pad was started from (None: built-in defaults, nothing to save into)."""
        source = self.kiosk.cfg.source
        return None if source.startswith("<") else Path(source)

    def settings_config(self) -> Config:
        """The file's config as it is now (saved changes included), else the running one."""
        path = self.config_file()
        if path is None:
            return self.kiosk.cfg
        return config.load(path, self.kiosk.cfg.data_dir)

    def save_settings(self, changes: Mapping[str, Any]) -> Config:
        """Write `changes` ({"section.key": value}) through the one schema (kiosk.config.edit.apply_changes:
        atomic, .bak, 0640, each change logged without secrets); ConfigError leaves the file untouched."""
        path = self.config_file()
        if path is None:
            raise ConfigError(
                ["this pad runs on built-in defaults: start it with --config FILE (or KIOSK_CONFIG) to save settings"],
                "<defaults>",
            )
        cfg = apply_changes(path, changes, data_dir=self.kiosk.cfg.data_dir)
        log.info("technician saved %d setting(s): %s", len(changes), ", ".join(changes))
        self.restart_requested = True
        return cfg
