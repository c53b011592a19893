"""`kiosk selftest`: can this release run on this machine's config and database? Touches neither.

It copies the live database with SQLite's online backup into a scratch directory, opens and migrates the
copy exactly as `kiosk run` would, then builds the pad on the copy and renders its first frame offscreen.
The installer runs it before switching to a new release and after a rollback (docs/appliance.md).
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk import config
from kiosk.app.gui import GuiRun
from kiosk.app.kiosk import Kiosk
from kiosk.store.backup import BackupError, online_backup
from kiosk.store.db import StorageError, Store
from kiosk.store.health import schema_version
from kiosk.store.schema import SCHEMA_VERSION, SchemaTooNew


class SelftestError(RuntimeError):
    pass


def offscreen_environment() -> None:
    """Render offscreen and say nothing to systemd, whatever the caller's environment (e.g. the unit's)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    for name in ("WAYLAND_DISPLAY", "DISPLAY", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"):
        os.environ.pop(name, None)


def check_database(cfg: config.Config, work: Path) -> tuple[Path, list[str]]:
    """Copy, open and migrate the live database; returns the copy and what was found."""

    live = config.store_path(cfg)
    copy = work / "kiosk.db"
    lines = []
    if live.is_file():
        try:
            online_backup(live, copy)
        except BackupError as exc:
            raise SelftestError(f"cannot copy the database: {exc}") from exc
        found = schema_version(copy)
        lines.append(f"database {live}: copied (schema {found})")
    else:
        found = 0
        lines.append(f"database {live}: none yet (a new one is made on first run); checked with an empty one")
    try:
        with Store(copy) as store:
            if not store.integrity_ok():
                raise SelftestError(f"the copy of {live} fails PRAGMA integrity_check")
            after = schema_version(copy)
            count = store.count_evaluations()
    except SchemaTooNew as exc:
        raise SelftestError(f"this release cannot open the database: {exc}") from exc
    except StorageError as exc:
        raise SelftestError(str(exc)) from exc
    if after != found:
        lines.append(f"schema migrated {found} -> {after} on the copy (this release knows {SCHEMA_VERSION})")
    else:
        lines.append(f"schema {after} (this release knows {SCHEMA_VERSION}): no migration needed")
    lines.append(f"{count} rating(s) in the copy; integrity ok")
    return copy, lines


class _FirstFrame(GuiRun):
    image = None

    def _first_frame(self) -> None:
        super()._first_frame()  # exit_when_ready: the loop ends once this returns
        self.image = self.window.grab().toImage()


def render_first_frame(config_path: str | None, work: Path, copy: Path, shot: Path | None) -> list[str]:
    """Build the pad on the copy with this config and render its first frame offscreen."""

    overrides: dict[str, dict[str, object]] = {"store": {"path": str(copy)}, "ui": {"fullscreen": False}}
    cfg = config.load(config_path, work, overrides)
    try:
        kiosk = Kiosk(cfg)
    except StorageError as exc:
        raise SelftestError(str(exc)) from exc
    run = _FirstFrame(kiosk, exit_when_ready=True)
    code = run.exec()
    image = run.image
    if code != 0 or image is None or image.isNull():
        raise SelftestError(f"the first frame was not rendered (event loop exit {code})")
    width, height = image.width(), image.height()
    if (width, height) != (cfg.ui.width, cfg.ui.height):
        raise SelftestError(f"the first frame is {width}x{height}, the config asks for {cfg.ui.width}x{cfg.ui.height}")
    colours = {image.pixel(x * width // 16, y * height // 16) for x in range(16) for y in range(16)}
    if len(colours) < 2:
        raise SelftestError("the first frame is one flat colour: nothing was drawn")
    lines = [f"first frame rendered offscreen: {width}x{height}, {len(colours)} colours in 256 samples"]
    if shot is not None:
        shot.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(shot)):
            raise SelftestError(f"cannot save the first frame to {shot}")
        lines.append(f"first frame saved to {shot}")
    return lines
