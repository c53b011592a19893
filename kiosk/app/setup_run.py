"""The first-boot run: the setup wizard in its own event loop, until 完成 has written the config.

`kiosk run` calls `run_wizard` when its config file does not exist yet (and `kiosk setup` always), then
goes on in the same process exactly as a normal start, reading the file just written: the pad serves
without a reboot, and nothing from the wizard (its devices, threads, window) is left behind. Under systemd
the wizard already says READY=1 after its first frame and pings the watchdog from its GUI loop, so a
technician taking ten minutes over it is not killed as a failed start; SIGTERM ends it (no file written).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from kiosk.app.kiosk import install_signal_handlers
from kiosk.app.notify import Notifier
from kiosk.app.setup import PIN_KEY, base_config, changes, first_boot_values, on_appliance, values_of, write
from kiosk.config import Config, ConfigError
from kiosk.config.edit import check_changes
from kiosk.ui.application import ensure_app
from kiosk.ui.i18n import install_translator
from kiosk.ui.keyboard import attach_keyboard
from kiosk.ui.qt import QTimer
from kiosk.ui.setup.context import SetupContext
from kiosk.ui.setup.window import SetupWindow

log = logging.getLogger(__name__)


class WizardRun:
    """The wizard's window, context and writer for the file `path` (tests drive it without `exec`)."""

    def __init__(self, path: Path, data_dir: str | Path | None, *, extra_ports: tuple[str, ...] = ()):
        self.path = Path(path)
        self.data_dir = data_dir
        self.app = ensure_app()
        base = base_config(self.path, data_dir)
        self.base = base
        self.before: dict[str, Any] | None = None
        if self.path.exists():  # `kiosk setup` on a configured device: its values, its PIN kept unless typed anew
            self.before = {**values_of(base), PIN_KEY: base.ui.technician_pin_hash}
        values = first_boot_values(base) if self.before is None else dict(self.before)
        install_translator(self.app, str(values["ui.language"]))
        self.ctx = SetupContext(base, values, extra_ports=extra_ports)
        self.window = SetupWindow(self.ctx, self.finish, width=base.ui.width, height=base.ui.height)
        self.window.attach_keyboard(attach_keyboard)  # technicians get the normal size, as on the technician pages
        self.ctx.check_all = self.check
        self.cfg: Config | None = None

    def check(self, values: dict[str, Any]) -> list[str]:
        """The errors the whole file would have with `values` (nothing written)."""
        try:
            check_changes(self.path, changes(values, self.before), data_dir=self.data_dir)
        except ConfigError as exc:
            return list(exc.errors)
        return []

    def finish(self, values: dict[str, Any]) -> list[str]:
        """完成: write the file; the errors when the schema refuses the whole (nothing written then)."""
        try:
            self.cfg = write(self.path, values, self.before, self.data_dir)
        except ConfigError as exc:
            log.warning("setup: the config was refused: %s", "; ".join(exc.errors))
            return list(exc.errors)
        log.info("setup finished: %s written; the pad starts", self.path)
        self.app.quit()
        return []

    def close(self) -> None:
        self.window.close_setup()
        self.window.close()
        self.window.deleteLater()


def run_wizard(
    path: Path,
    data_dir: str | Path | None,
    *,
    exit_when_ready: bool = False,
    started: float | None = None,
) -> Config | None:
    """Show the wizard until 完成 wrote `path`: the new Config, or None when it was stopped (a signal, or
    `exit_when_ready` after its first frame)."""
    started = started or time.monotonic()
    run = WizardRun(path, data_dir)
    notifier = Notifier.from_env()
    watchdog = QTimer()
    wake = QTimer()  # Python signal handlers run only when the interpreter gets control
    wake.timeout.connect(lambda: None)
    wake.start(200)

    def first_frame() -> None:
        run.window.repaint()
        elapsed = time.monotonic() - started
        log.info("setup wizard ready after %.3f s (no config at %s)", elapsed, path)
        print(f"kiosk ready {elapsed:.3f} (setup)", flush=True)
        if exit_when_ready:
            run.app.quit()
            return
        install_signal_handlers(lambda: (notifier.stopping(), run.app.quit()))
        if notifier.enabled:
            notifier.ready("设备初始设置")
            interval = notifier.watchdog_interval_ms
            if interval is not None:
                watchdog.timeout.connect(notifier.watchdog)
                watchdog.start(interval)

    if run.base.ui.fullscreen or on_appliance():
        run.window.showFullScreen()
    else:
        run.window.show()
    QTimer.singleShot(0, first_frame)
    try:
        run.app.exec()
    finally:
        watchdog.stop()
        wake.stop()
        run.close()
    return run.cfg
