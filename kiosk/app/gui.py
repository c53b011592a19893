"""The screens' half of the composition root: Qt application, bridge, window, API, sync, signals."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.app.api_port import AppPort
from kiosk.app.kiosk import Kiosk, install_signal_handlers
from kiosk.app.notify import Notifier
from kiosk.app.runloop import Caller
from kiosk.assets import asset_path
from kiosk.config import Config
from kiosk.core.flow.state import Screen
from kiosk.core.flow.terminal import TerminalFlow
from kiosk.sync.profile import load_cached_profile
from kiosk.ui.application import ensure_app
from kiosk.ui.bridge import DeviceBridge
from kiosk.ui.i18n import install_translator
from kiosk.ui.qt import Qt, QTimer
from kiosk.ui.settings import UiSettings
from kiosk.ui.terminal_window import TerminalWindow
from kiosk.ui.widgets.status_bar import status_text
from kiosk.ui.window import PadWindow

if TYPE_CHECKING:  # both load after the first frame (see _api_now, _first_frame)
    from kiosk.api.server import ApiServer
    from kiosk.app.maintenance import Nightly

log = logging.getLogger(__name__)


def ui_settings(kiosk: Kiosk) -> UiSettings:
    cfg = kiosk.cfg
    return UiSettings(
        width=cfg.ui.width,
        height=cfg.ui.height,
        fullscreen=cfg.ui.fullscreen,
        elder_mode=cfg.ui.elder_mode,
        hall=cfg.device.hall,
        counter=cfg.device.counter,
        dept_name=cfg.device.dept_name,
        theme=cfg.ui.theme,
        screen_inches=cfg.ui.screen_inches,
    )


ASSET_IMAGES = asset_path("images")


def notices(cfg: Config, profile: dict | None) -> list[str | Path]:
    """Configured notices, else the centre's hall notices plus the hall's images in assets/images."""
    if cfg.ui.notices:
        return [Path(n) if Path(n).suffix.lower() in (".png", ".jpg", ".jpeg") else n for n in cfg.ui.notices]
    texts = [str(n) for n in ((profile or {}).get("hall") or {}).get("notices") or [] if isinstance(n, str)]
    images = sorted(p for p in ASSET_IMAGES.glob("*") if p.suffix.lower() in (".png", ".jpg", ".jpeg"))
    return [*texts, *images]


class GuiRun:
    """Builds and runs the screens around a Kiosk; `exec()` returns the exit code."""

    def __init__(self, kiosk: Kiosk, *, exit_when_ready: bool = False, started: float | None = None):
        self.kiosk = kiosk
        self.started = started or time.monotonic()
        self.app = ensure_app()
        install_translator(self.app, kiosk.cfg.ui.language)  # before any screen is built: texts are set then
        self._bridge: DeviceBridge | None = None
        gui_thread = threading.current_thread()
        self.caller = Caller(self.post, lambda: threading.current_thread() is gui_thread)
        flow, settings = kiosk.flow, ui_settings(kiosk)
        self.window = TerminalWindow(flow, settings) if isinstance(flow, TerminalFlow) else PadWindow(flow, settings)
        kiosk.on_status(self.window.set_status_line)
        self.api: ApiServer | None = None
        self.nightly: Nightly | None = None
        self.after_first_frame: Callable[[], None] | None = None  # run once the first frame is up, before the devices
        self._start_api = False
        self._exit_when_ready = exit_when_ready
        # Python signal handlers run only when the interpreter gets control: wake it a few times a second.
        self._wake = QTimer()
        self._wake.timeout.connect(kiosk.ignored.flush_due)  # also writes ignored presses still buffered
        self._wake.start(200)
        self.notifier = Notifier.from_env()  # systemd's READY / WATCHDOG / STOPPING (nothing without NOTIFY_SOCKET)
        self._watchdog: QTimer | None = None
        self.restarting = False  # exec() returned to start the pad again (settings saved): see restart_when_idle
        self._restart_check = QTimer()
        self._restart_check.timeout.connect(self.restart_when_idle)

    @property
    def bridge(self) -> DeviceBridge:
        """The one adapter for events from other threads (kiosk.ui.bridge.DeviceBridge), built on first use,
        on the GUI thread: the devices, sync and API that post to it start after the first frame."""
        if self._bridge is None:
            bridge = DeviceBridge()
            bridge.key.connect(self.kiosk.on_key)
            bridge.online.connect(self.kiosk.on_online)
            bridge.offline.connect(self.kiosk.on_offline)
            bridge.info.connect(self.kiosk.on_info)
            self._bridge = bridge
        return self._bridge

    def post(self, fn: Callable[[], object]) -> None:
        """Run `fn` on the GUI thread, soon (from any thread once the bridge is built)."""
        self.bridge.post(fn)

    def connect_peripherals(self) -> None:
        """Screens ↔ rate-later, printer, QR links; the attract screen's notices; the keyboard-wedge scanner."""
        p = self.kiosk.peripherals
        if p is not None:
            self.window.set_actions(on_code=p.rate_later.handle_code, on_print=p.print_current, qr_url=p.qr_url)
        window = self.window
        if isinstance(window, TerminalWindow):
            window.wedge_enabled = self.kiosk.cfg.scanner.driver == "keyboard"
            window.set_notices(notices(self.kiosk.cfg, load_cached_profile(self.kiosk.store)))
            self.kiosk.on_profile_change(lambda profile: window.set_notices(notices(self.kiosk.cfg, profile)))

    def start_api(self) -> None:
        """Serve the local API once the first frame is up."""
        self._start_api = True

    def _api_now(self) -> None:
        from kiosk.api.server import ApiServer  # http.server and the routes (~40 ms) load after the first frame

        cfg = self.kiosk.cfg.api
        try:
            port = AppPort(self.kiosk, self.caller, grab=self.screenshot)
            self.api = ApiServer(port, bind=cfg.bind, port_number=cfg.port, token=cfg.token)
            self.api.start()
        except (OSError, ValueError) as exc:
            self.api = None
            log.error("local API not started: %s", exc)
            return
        log.info("local API on %s", self.api.url)

    def screenshot(self) -> bytes:
        """The window as the citizen sees it now, as PNG (GUI thread: AppPort marshals the call here)."""
        from kiosk.ui.grab import png_of

        return png_of(self.window)

    def quit(self) -> None:
        self.app.quit()

    def restart_when_idle(self) -> None:
        """Settings were saved on the 设置 page: once the technician has left and no citizen is rating, end
        the event loop with `restarting` set, and `kiosk run` starts the pad again from the file (exec: the
        one start path, the same process id for cage and systemd)."""
        technician = self.kiosk.technician
        if not technician.restart_requested or self.restarting:
            return
        window = self.window
        if window.technician_open or self.kiosk.flow.state.screen not in (Screen.IDLE,):
            return
        log.info("settings changed: restarting the pad to apply them")
        self.restarting = True
        self.quit()

    def _on_stop_signal(self) -> None:
        self.notifier.stopping()
        self.quit()

    def _start_notify(self) -> None:
        """Tell systemd the pad is up, then ping its watchdog from a timer on this (the GUI) thread: a frozen
        event loop stops the pings and systemd restarts the unit."""
        notifier = self.notifier
        if not notifier.enabled:
            return
        notifier.ready(status_text(self.kiosk.status_line()))
        self.kiosk.on_status(lambda line: notifier.status(status_text(line)))
        interval = notifier.watchdog_interval_ms
        if interval is not None:
            self._watchdog = QTimer()
            self._watchdog.timeout.connect(notifier.watchdog)
            self._watchdog.start(interval)

    def exec(self) -> int:
        self.window.set_status_line(self.kiosk.status_line())
        ui = self.kiosk.cfg.ui
        if ui.fullscreen:
            self.window.showFullScreen()
        else:
            self.window.resize(ui.width, ui.height)
            self.window.show()
        QTimer.singleShot(0, self._first_frame)
        if ui.fullscreen:  # a production pad shows no pointer
            QTimer.singleShot(0, self._hide_cursor)
        try:
            return int(self.app.exec())
        finally:
            self.notifier.stopping()
            self._restart_check.stop()
            if self._watchdog is not None:
                self._watchdog.stop()
            if self.nightly is not None:
                self.nightly.stop()
            if self.api is not None:
                self.api.stop()
            self.window.close()
            self.kiosk.stop()
            self.notifier.close()

    def _hide_cursor(self) -> None:
        self.app.setOverrideCursor(Qt.CursorShape.BlankCursor)

    def _first_frame(self) -> None:
        """The pad is interactive (touch works, the store is open): report it, then start the rest."""
        self.window.repaint()
        self.app.processEvents()
        elapsed = time.monotonic() - self.started
        log.info("ready: first interactive frame after %.3f s", elapsed)
        print(f"kiosk ready {elapsed:.3f}", flush=True)
        if self._exit_when_ready:
            self.quit()
            return
        install_signal_handlers(self._on_stop_signal)  # until now a signal's default action served as well
        self._restart_check.start(1000)
        self._start_notify()
        bridge = self.bridge  # built now, on the GUI thread, before any thread that posts to it starts
        self.window.set_technician(self.kiosk.technician)  # the hidden entry (none while no technician_pin)
        self.window.prewarm()
        self.kiosk.flow.catalog  # noqa: B018 (the cached reason list, read now rather than at the first 差评)
        if self.after_first_frame is not None:
            self.after_first_frame()
        self.kiosk.start_devices(bridge)
        self.kiosk.start_voice()
        if self.kiosk.sync is not None:
            self.kiosk.sync.start()
        if self._start_api:
            self._api_now()
        from kiosk.app.maintenance import Nightly  # apscheduler (~140 ms) loads after the first frame

        self.nightly = Nightly(self.kiosk, bridge.post)
        self.nightly.start()
