"""Composition root: config -> store -> flow -> devices, sync, API -> screens.

`Kiosk` holds the Qt-free parts (usable headless in tests and benches); `run_gui` adds the screens and
the one adapter that carries device and network events onto the GUI thread.
"""

from __future__ import annotations

import logging
import shutil
import signal
import time
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.app.ignored import IgnoredPresses
from kiosk.app.status import EvaluatorStatus, PrinterStatus, Status, StatusLine, SyncState
from kiosk.app.technician import Technician
from kiosk.config import Config, store_path
from kiosk.core.flow.machine import DeviceMode, Flow, FlowEvent, FlowSettings, FlowState
from kiosk.core.flow.state import Screen
from kiosk.core.flow.terminal import TerminalFlow
from kiosk.core.questions import QuestionSets
from kiosk.core.reasons import ReasonCatalog
from kiosk.core.staff import Staff
from kiosk.core.suspect import SuspectRules
from kiosk.core.timefmt import Clock, SystemClock
from kiosk.devices.evaluator.factory import create_evaluator
from kiosk.devices.evaluator.protocol import Evaluator
from kiosk.devices.voice import VoicePlayer
from kiosk.store.db import Store
from kiosk.store.outbox import Outbox
from kiosk.store.roster import get_staff, list_staff
from kiosk.store.sink import StoreSink
from kiosk.sync.profile import follow_up_text, load_cached_profile, reason_catalog
from kiosk.sync.settings import CentralSettings

if TYPE_CHECKING:
    from kiosk.app.peripherals import Peripherals
    from kiosk.sync.service import SyncService

log = logging.getLogger(__name__)

INVITE_PROMPT = "请对本次服务进行评价"  # what an evaluator with a display or voice shows with its lit buttons


class Kiosk:
    """Everything but the screens. All methods on the owning (GUI) thread unless noted."""

    def __init__(self, cfg: Config, *, clock: Clock | None = None, evaluator=None, demo: bool = False):
        self.cfg = cfg
        self.demo = demo
        self.clock = clock or SystemClock()
        self.started = time.monotonic()
        self.store = Store(store_path(cfg), clock=self.clock)
        released = self.store.release_drafts()
        if released:
            log.warning("%d rating(s) whose details page was cut off by a restart handed to sync as stored", released)
        self.outbox = Outbox(self.store)
        mode = DeviceMode(cfg.device.mode)
        flow_class = TerminalFlow if mode is DeviceMode.TERMINAL else Flow
        self.flow = flow_class(
            StoreSink(self.store),
            self.clock,
            FlowSettings(
                mode=mode,
                device_id=cfg.device.id,
                counter=cfg.device.counter,
                invite_timeout_s=cfg.flow.invite_timeout_s,
                details_timeout_s=cfg.flow.details_timeout_s,
                thanks_s=cfg.flow.thanks_s,
                qr_screen_s=cfg.flow.qr_screen_s,
                walk_in=cfg.flow.walk_in,
                questions=cfg.flow.questions,
                questions_timeout_s=cfg.flow.questions_timeout_s,
                suspect=SuspectRules(cfg.flow.min_response_ms, cfg.flow.burst_count, cfg.flow.burst_window_s),
            ),
            self._cached_catalog,
        )
        profile = self._cached_profile()
        self._apply_questions(profile)
        self.flow.follow_up_text = follow_up_text(profile)
        self.ignored = IgnoredPresses(self.store, self.clock)
        self.flow.ignored_listener = self.ignored.note
        self.status = Status()
        self.evaluator: Evaluator | None = evaluator if evaluator is not None else self._make_evaluator()
        self.status.evaluator = EvaluatorStatus.OFFLINE if self.evaluator is not None else EvaluatorStatus.NONE
        self.sync: SyncService | None = None
        self.peripherals: Peripherals | None = None
        self.voice: VoicePlayer | None = None
        self.technician = Technician(self)
        self.flow.subscribe(self._on_flow)
        self._status_listeners: list = []
        self._profile_listeners: list = []

    # --- parts ----------------------------------------------------------------------------------------

    def _cached_catalog(self) -> ReasonCatalog:
        """The centre's reason list as last cached, else the bundled national list."""
        try:
            return reason_catalog(load_cached_profile(self.store))
        except Exception:  # a bad list or an unreadable store: a rating must never fail for want of reasons
            log.exception("cached reason list unusable; using the national list")
            return ReasonCatalog.national()

    def _cached_profile(self) -> dict | None:
        try:
            return load_cached_profile(self.store)
        except Exception:  # an unreadable store: the built-in questionnaire
            log.exception("cached profile unreadable")
            return None

    def _apply_questions(self, profile: dict | None) -> None:
        """The centre's questionnaire (or the built-in one); a bad one keeps what is in force."""
        try:
            self.flow.set_questions(QuestionSets.from_profile(profile))
        except ValueError:
            log.exception("the centre's questionnaire is unusable; keeping the current one")

    def _make_evaluator(self) -> Evaluator | None:
        """The configured evaluator driver, or None for `[evaluator] driver = "none"` or one that cannot be built."""
        ev = self.cfg.evaluator
        try:
            return create_evaluator(
                ev.driver,
                port=ev.port,
                baudrate=ev.baudrate,
                keymap=dict(ev.keymap) or None,
                heartbeat_misses=ev.heartbeat_misses,
            )
        except ValueError as exc:  # config validation refuses these first: never take the pad down here
            log.error("evaluator driver not built: %s", exc)
            return None

    def staff(self) -> list[Staff]:
        return list_staff(self.store)

    # --- flow side effects ------------------------------------------------------------------------------

    def _on_flow(self, event: FlowEvent, state: FlowState) -> None:
        self._speak(event, state)
        ev = self.evaluator
        if event is FlowEvent.INVITED and state.invitation is not None:
            if ev is not None:
                ev.invite(state.invitation.timeout_s, INVITE_PROMPT)
        elif event is FlowEvent.RATED:
            if ev is not None:
                ev.thanks()
        elif event in (FlowEvent.ENDED, FlowEvent.EXPIRED):
            if ev is not None:
                ev.idle()
        elif event is FlowEvent.DETAILS_DONE:
            self.ignored.flush()  # off the press's path: the rating is stored and painted by now
            if self.sync is not None:
                self.sync.kick()
            self._status_changed()

    VOICE_EVENTS = {
        FlowEvent.INVITED: "invite",
        FlowEvent.DETAILS_DONE: "thanks",
        FlowEvent.EXPIRED: "expired",
        FlowEvent.UNAVAILABLE: "paused",
    }

    def _speak(self, event: FlowEvent, state: FlowState) -> None:
        if self.voice is None:
            return
        key = self.VOICE_EVENTS.get(event)
        if event is FlowEvent.RATED and state.evaluation is not None and state.evaluation.satisfaction <= 2:
            key = "reasons"
        if key is not None:
            self.voice.say(key)

    def start_voice(self) -> None:
        if self.cfg.ui.voice:
            self.voice = VoicePlayer(player=self.cfg.ui.voice_player).start()

    # --- device events (arrive on the GUI thread through the bridge) ------------------------------------

    def on_key(self, level: int) -> None:
        test = self.technician.key_listener
        if test is not None:  # a technician is testing the buttons: not a rating
            test(level)
            return
        self.flow.press(level, "device")

    def on_online(self) -> None:
        self.status.evaluator = EvaluatorStatus.ONLINE
        self._resync_evaluator()
        self._status_changed()

    def _resync_evaluator(self) -> None:
        """A device that comes (back) online learns where the flow is: what was sent while its port was
        closed is lost, so an open invitation lights its buttons again, else it is told to idle."""
        ev = self.evaluator
        if ev is None or self.technician.key_listener is not None:  # a device test owns the buttons
            return
        state = self.flow.state
        if state.screen is Screen.INVITED and state.invitation is not None:
            ev.invite(max(1, self.flow.remaining_s() or 0), INVITE_PROMPT)
        else:
            ev.idle()

    def on_offline(self) -> None:
        self.status.evaluator = EvaluatorStatus.OFFLINE
        self._status_changed()

    def on_info(self, model: str, firmware: str, serial: str) -> None:
        log.info("evaluator %s firmware %s serial %s", model, firmware, serial)
        self.status.evaluator_info = {"model": model, "firmware": firmware, "serial": serial}

    def on_sync_status(self, status: dict) -> None:
        self.status.sync = SyncState(status["state"])
        self._status_changed()

    def on_profile_change(self, listener) -> None:
        """Call `listener(profile)` (on this thread) after the centre's profile changed."""
        self._profile_listeners.append(listener)

    def on_status(self, listener) -> None:
        self._status_listeners.append(listener)

    def _status_changed(self) -> None:
        line = self.status_line()
        for listener in self._status_listeners:
            listener(line)

    def status_line(self) -> StatusLine:
        return self.status.line(self.outbox.depth())

    def health(self) -> dict:
        """Figures for the heartbeat and the local API (any thread: opens nothing, reads only)."""
        usage = shutil.disk_usage(self.store.path.parent)
        return {
            "version": __version__,
            "uptime_s": int(time.monotonic() - self.started),
            "evaluator": self.status.evaluator,
            "disk_free_mb": usage.free // 1_000_000,
            "mode": self.cfg.device.mode,
            "deviceId": self.cfg.device.id,
        }

    # --- sync -------------------------------------------------------------------------------------------

    def attach_sync(self, post) -> None:
        """Start talking to the centre when `[central] url` is set. `post` runs a callable on this thread."""
        c = self.cfg.central
        if not c.url:
            log.info("no [central] url: ratings stay in the local store")
            return
        from kiosk.sync.service import SyncService  # heavy: requests (~0.3 s) loads after the first frame

        settings = CentralSettings(
            url=c.url,
            app_mark=c.app_mark,
            app_secret=c.app_secret,
            device_id=self.cfg.device.id,
            interval_seconds=c.interval_seconds,
            batch_size=c.batch_size,
            timeout_s=c.timeout_seconds,
            signer=c.signer,
            ca_file=c.ca_file,
            verify_tls=c.verify_tls,
            demo=self.demo,
            pii_retention_days=self.cfg.store.pii_retention_days,
            protocol=c.protocol,
            app_word=c.app_word,
            platform_public_key=c.platform_public_key,
            area_code=self.cfg.device.area_code,
        )
        self.sync = SyncService(
            self.store.path,
            settings,
            clock=self.clock,
            version=__version__,
            on_status=lambda status: post(lambda: self.on_sync_status(status)),
            on_profile=lambda profile: post(lambda: self.on_profile(profile)),
            status_provider=self.heartbeat_extras,
        )

    def heartbeat_extras(self) -> dict:
        """Device state for the centre's heartbeat (called on the sync thread; reads plain attributes)."""
        return {
            "evaluatorOnline": self.status.evaluator is EvaluatorStatus.ONLINE,
            "evaluator": self.status.evaluator,
            "printer": self.status.printer,
        }

    def on_profile(self, profile: dict) -> None:
        """The centre's profile changed (already stored by sync): new reasons and roster take effect."""
        try:
            self.flow.set_catalog(reason_catalog(profile))
        except ValueError:
            log.exception("the centre's reason list is unusable; keeping the current one")
        self._apply_questions(profile)
        self.flow.follow_up_text = follow_up_text(profile)
        signed_in = self.flow.state.staff
        if signed_in is not None:
            fresh = get_staff(self.store, signed_in.staffId)
            if fresh is not None and fresh != signed_in:
                self.flow.refresh_staff(fresh)
        if self.peripherals is not None:
            self.peripherals.on_profile(profile)
        for listener in self._profile_listeners:
            listener(profile)

    def attach_peripherals(self, post) -> None:
        """Rate-later, scanner and printer (after attach_sync: the terminal looks cases up at the centre)."""
        from kiosk.app.peripherals import Peripherals  # heavy: chinese_calendar (~40 ms) loads after the first frame

        self.peripherals = Peripherals(self, post)

    def on_printer(self, status: str) -> None:
        self.status.printer = PrinterStatus(status)
        self._status_changed()

    # --- life cycle -------------------------------------------------------------------------------------

    def start_devices(self, listener) -> None:
        if self.evaluator is not None:
            self.evaluator.start(listener)
        if self.peripherals is not None:
            self.peripherals.start()

    def stop(self) -> None:
        """Stop devices and sync; ratings are already committed (each press commits before it returns)."""
        if self.evaluator is not None:
            try:
                self.evaluator.stop()
            except Exception:
                log.exception("evaluator did not stop cleanly")
        if self.peripherals is not None:
            self.peripherals.stop()
        if self.voice is not None:
            self.voice.stop()
        if self.sync is not None:
            try:
                self.sync.stop()
            except Exception:
                log.exception("sync did not stop cleanly")
        self.ignored.flush()
        self.store.close()
        log.info("kiosk stopped")


def install_signal_handlers(quit_fn) -> None:
    """SIGTERM / SIGINT end the event loop cleanly (Qt gives Python a chance to run them via a timer)."""

    def handler(signum, _frame):
        log.info("signal %d: shutting down", signum)
        quit_fn()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
