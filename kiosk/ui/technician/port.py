"""What the technician screens need from the pad: the `TechnicianPort` protocol.

`kiosk.app.technician.Technician` implements it on a running Kiosk; the screenshots use a stand-in with sample
data (`kiosk.demo.tech_samples.SampleTechnician`). Every method is called on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

from kiosk.config import Config
from kiosk.core.stats import Period, Report


class TechnicianPort(Protocol):
    key_listener: Callable[[int], None] | None  # the device test's handler while a test runs, else None

    @property
    def enabled(self) -> bool:
        """A technician PIN is configured: without one there is no way into the screens."""
        ...

    def locked_for_s(self) -> int:
        """Seconds the PIN pad stays locked after too many wrong PINs (0: open)."""
        ...

    def check_pin(self, pin: str) -> bool: ...

    def snapshot(self) -> dict:
        """The diagnostics snapshot the pages show (kiosk.app.diagnostics.snapshot)."""
        ...

    def export(self, target: str | Path | None = None) -> list[Path]:
        """Write the masked ratings CSV and the diagnostics JSON to `target` (None: the data directory)."""
        ...

    def stats(self, period: Period) -> Report:
        """The period's figures (kiosk.store.stats.report). Called on a worker thread: it must not touch the
        GUI thread's store connection."""
        ...

    def sync_now(self) -> bool:
        """Start an upload now; False when no centre is configured."""
        ...

    def retry_dead(self, keys: list[str] | None = None) -> int:
        """Queue the dead letters again (all, or those of `keys`); how many."""
        ...

    def start_device_test(self, on_key: Callable[[int], None]) -> None:
        """The evaluator's keys go to `on_key` (never becoming ratings) until `stop_device_test`."""
        ...

    def stop_device_test(self, *, quiet: bool = False) -> None: ...

    def device_command(self, name: str, mask: int = 0) -> bool:
        """leds / invite / thanks / idle / query to the evaluator; False without one."""
        ...

    restart_requested: bool  # settings were saved: the pad starts again once the technician has left

    def settings_config(self) -> Config:
        """The config file as it is now (what the 设置 page edits)."""
        ...

    def save_settings(self, changes: Mapping[str, Any]) -> Config:
        """Write {"section.key": value} through the one schema; ConfigError (file untouched) when refused."""
        ...
