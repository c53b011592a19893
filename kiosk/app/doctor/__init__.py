"""`kiosk doctor`: every check a technician needs before leaving a hall, each finding with its fix.

The checks live by subject (settings, host, serial, data) as functions of the config and a `Host` whose
parts tests swap; `diagnose` runs them all in the order a technician reads them. Exit code: 0 all well,
1 warnings, 2 failures. A check that breaks is itself reported as a failure, never hides the others.
"""

from __future__ import annotations

import logging
import platform
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from kiosk import __version__
from kiosk.app.doctor.base import Finding, Host, fail
from kiosk.app.doctor.data import centre, disk, open_store, outbox_checks, store_checks
from kiosk.app.doctor.host import cjk_font, clock_sync, keyboard, qt_platform, unit
from kiosk.app.doctor.serial import serial_checks
from kiosk.app.doctor.settings import calendar, config_paths, load_config, secrets, voice
from kiosk.core.timefmt import SHANGHAI
from kiosk.sync.profile import load_cached_profile

__all__ = ["Finding", "Host", "Report", "diagnose"]

log = logging.getLogger(__name__)


@dataclass
class Report:
    findings: list[Finding]
    config: str
    data_dir: str

    @property
    def exit_code(self) -> int:
        levels = {f.level for f in self.findings}
        return 2 if "fail" in levels else 1 if "warn" in levels else 0

    def counts(self) -> dict[str, int]:
        return {level: sum(f.level == level for f in self.findings) for level in ("ok", "info", "warn", "fail")}

    def to_json(self) -> dict:
        return {
            "version": __version__,
            "host": platform.node(),
            "config": self.config,
            "data_dir": self.data_dir,
            "exit_code": self.exit_code,
            "status": ("ok", "warn", "fail")[self.exit_code],
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
        }


def _guarded(name: str, check: Callable[[], list[Finding] | Finding]) -> list[Finding]:
    try:
        got = check()
    except Exception as exc:  # a broken check is a finding, not the end of the report
        log.debug("check %s failed", name, exc_info=True)
        return [
            fail(name, f"the check itself failed: {type(exc).__name__}: {exc}", "report it with `kiosk doctor --json`")
        ]
    return [got] if isinstance(got, Finding) else list(got)


def _open(cfg, opened: list) -> list[Finding]:
    store, trouble = open_store(cfg)
    if store is not None:
        opened.append(store)
    return [] if trouble is None else [trouble]


def diagnose(config_arg: str | None = None, data_dir_arg: str | None = None, host: Host | None = None) -> Report:
    host = host or Host()
    path, data = config_paths(config_arg, data_dir_arg, host)
    cfg, loaded = load_config(path, data)
    findings = [loaded]
    if cfg is not None:
        findings += _guarded("secret", lambda: secrets(cfg))
    families: list[str] | None = None

    def platform_check() -> Finding:
        nonlocal families
        found, families = qt_platform(host)
        return found

    findings += _guarded("qt.platform", platform_check)
    findings += _guarded("font.cjk", lambda: cjk_font(host, families))
    findings += _guarded("ui.keyboard", lambda: keyboard(host))
    if cfg is not None:
        findings += _guarded("serial", lambda: serial_checks(cfg, host))
    findings += _guarded("clock.ntp", lambda: clock_sync(host))
    profile = None
    if cfg is not None:
        findings += _guarded("disk", lambda: disk(cfg))
        opened: list = []
        findings += _guarded("store", lambda: _open(cfg, opened))
        store = opened[0] if opened else None
        if store is not None:
            try:
                findings += _guarded("store", lambda: store_checks(store))
                findings += _guarded("outbox", lambda: outbox_checks(cfg, store, host.now()))
                try:
                    profile = load_cached_profile(store)
                except sqlite3.Error:  # a damaged store is reported above; the calendar goes on without it
                    profile = None
            finally:
                store.close()
        findings += _guarded("centre", lambda: centre(cfg, host))
    today = host.now().astimezone(SHANGHAI).date()
    findings += _guarded("calendar", lambda: calendar(profile, today))
    if cfg is not None:
        findings += _guarded("voice", lambda: voice(cfg, host))
    findings += _guarded("unit", lambda: unit(host))
    source = cfg.source if cfg is not None else str(path or "<defaults>")
    return Report(findings, source, str(cfg.data_dir) if cfg is not None else str(data or ""))
