"""SyncService: the sync thread that drains the outbox, refreshes the profile and sends heartbeats.

Threading: everything that touches the network or the store runs on ONE sync thread, which opens its own
`Store` on the database file and owns its own requests session. The public methods (`kick`, `drain_now`,
`refresh_profile`, `send_heartbeat`, `purge_pii`, `retry_dead`, `status`) only set flags under a short lock
and return at once, so the GUI thread may call them. An APScheduler BackgroundScheduler fires the periodic
jobs, which also only set flags. A trigger that arrives while a drain runs makes the drain run once more
(single flight). `lookup_service` is the one blocking call (bounded by the request timeout): call it from a
worker thread, never the GUI thread. Callbacks `on_status(dict)` and `on_profile(dict)` run on the sync thread.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler

from kiosk.core.privacy import scrub
from kiosk.core.timefmt import Clock, SystemClock, utc_iso
from kiosk.store.db import StorageError, Store
from kiosk.store.outbox import Outbox
from kiosk.sync.backoff import Backoff
from kiosk.sync.client import AuthError, CentralClient, CentralError
from kiosk.sync.drain import Drainer, DrainReport
from kiosk.sync.profile import ProfileError, apply_profile, cached_etag, load_cached_profile
from kiosk.sync.settings import CentralSettings

log = logging.getLogger(__name__)

KV_CLOCK_OFFSET = "central.clock_offset_s"
KV_LAST_SUCCESS = "central.last_success_utc"
RETRY_OPEN_S = 5.0
TASKS = ("profile", "heartbeat", "purge", "retry_dead", "drain")


class SyncService:
    def __init__(
        self,
        db_path: str | Path,
        settings: CentralSettings,
        *,
        clock: Clock | None = None,
        on_status: Callable[[dict], None] | None = None,
        on_profile: Callable[[dict], None] | None = None,
        status_provider: Callable[[], dict] | None = None,
        version: str = "",
        backoff: Backoff | None = None,
    ):
        self.db_path = Path(db_path)
        self.settings = settings
        self.clock = clock or SystemClock()
        self.on_status = on_status
        self.on_profile = on_profile
        self.status_provider = status_provider
        self.version = version
        self.backoff = backoff or Backoff(settings.backoff_base_s, settings.backoff_cap_s)
        self._cv = threading.Condition()
        self._want: dict[str, bool] = dict.fromkeys(TASKS, False)
        self._retry_keys: list[str] | None = None
        self._not_before = 0.0  # monotonic time before which no drain starts (backoff, auth error)
        self._busy = False
        self._stop = False
        self._thread: threading.Thread | None = None
        self._scheduler: BackgroundScheduler | None = None
        self._started_mono = time.monotonic()
        self._lookup_lock = threading.Lock()
        self._lookup_client: CentralClient | None = None
        self._snapshot: dict = {
            "state": "idle",
            "last_success_utc": None,
            "last_error": None,
            "queue_depth": None,
            "dead_letters": None,
            "clock_offset_s": None,
            "clock_warning": False,
            "profile_etag": None,
            "next_attempt_in_s": 0.0,
        }
        self._clock_warned = False
        self._persisted_offset: float | None = None
        self._drains_started = 0  # drains begun / finished, and what the last one did (sync_now)
        self._drains_done = 0
        self._last_drain: dict = {}

    # --- life cycle (GUI thread) ---------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop = False
        with self._cv:
            for task in ("profile", "heartbeat", "purge", "drain"):
                self._want[task] = True
        self._thread = threading.Thread(target=self._run, name="kiosk-sync", daemon=True)
        self._thread.start()
        s = self.settings
        self._scheduler = BackgroundScheduler(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1})
        for task, seconds in (
            ("drain", s.interval_seconds),
            ("profile", s.profile_interval_s),
            ("heartbeat", s.heartbeat_interval_s),
            ("purge", s.purge_interval_s),
        ):
            self._scheduler.add_job(self._request, "interval", seconds=seconds, args=[task], id=task)
        self._scheduler.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the jobs and the sync thread (an in-flight request is bounded by timeout_s)."""
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=True)
            self._scheduler = None
        with self._cv:
            self._stop = True
            self._cv.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("sync thread still busy after %.1f s (a request in flight)", timeout)
            self._thread = None
        with self._lookup_lock:
            if self._lookup_client is not None:
                self._lookup_client.close()
                self._lookup_client = None

    # --- triggers (any thread, never block) ------------------------------------------------------------

    def kick(self) -> None:
        """A new rating was stored: drain soon, unless the last contact failed (then the retry schedule rules)."""
        with self._cv:
            if self._snapshot["state"] in ("backoff", "offline", "auth_error"):
                return
            self._want["drain"] = True
            self._cv.notify()

    def drain_now(self) -> None:
        """Technician's "sync now": drain at once, ignoring the backoff."""
        with self._cv:
            self._want["drain"] = True
            self._not_before = 0.0
            self._cv.notify()

    def sync_now(self, timeout: float) -> dict:
        """Drain now and wait for a drain begun after this call (any thread but the sync thread): what it sent,
        {state, sent: {services, evaluations}, delivered, rejected, error?, queueDepth}. TimeoutError when it
        takes longer than `timeout` (it goes on)."""
        if self._thread is None:
            raise TimeoutError("sync is not running")
        with self._cv:
            wanted = self._drains_started + 1
            self._want["drain"] = True
            self._not_before = 0.0
            self._cv.notify_all()
            if not self._cv.wait_for(lambda: self._drains_done >= wanted or self._stop, timeout):
                raise TimeoutError(f"the drain did not finish within {timeout:.0f} s (it goes on)")
            if self._drains_done < wanted:
                raise TimeoutError("sync stopped")
            return dict(self._last_drain)

    def retry_dead(self, keys: list[str] | None = None) -> None:
        """Send dead letters again (all, or these keys) after a fix, then drain at once."""
        with self._cv:
            if keys is None or self._retry_keys is None and self._want["retry_dead"]:
                self._retry_keys = None
            else:
                self._retry_keys = [*(self._retry_keys or []), *keys]
            self._want["retry_dead"] = True
            self._cv.notify()

    def refresh_profile(self) -> None:
        self._request("profile")

    def send_heartbeat(self) -> None:
        self._request("heartbeat")

    def purge_pii(self) -> None:
        self._request("purge")

    def _request(self, task: str) -> None:
        with self._cv:
            self._want[task] = True
            self._cv.notify()

    def status(self) -> dict:
        """Snapshot for the UI and technicians (copy; safe from any thread)."""
        with self._cv:
            snap = dict(self._snapshot)
            wait = self._not_before - time.monotonic()
        snap["next_attempt_in_s"] = round(max(0.0, wait), 3) if snap["state"] != "idle" else 0.0
        return snap

    def wait_idle(self, timeout: float) -> bool:
        """True once nothing runnable is pending and no task runs (tests, shutdown paths)."""
        deadline = time.monotonic() + timeout
        with self._cv:
            while self._busy or self._runnable_locked() is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cv.wait(min(left, 0.05))
        return True

    # --- blocking lookup (a worker thread, never the GUI thread) ---------------------------------------

    def lookup_case(self, project_no: str) -> dict | None:
        """The centre's case by number, or None if unknown; raises CentralError when the centre is unreachable."""
        with self._lookup_lock:
            if self._lookup_client is None:
                self._lookup_client = CentralClient(self.settings)
            return self._lookup_client.lookup_case(project_no)

    # --- the sync thread ---------------------------------------------------------------------------------

    def _runnable_locked(self) -> str | None:
        for task in TASKS:
            if self._want[task] and (task != "drain" or time.monotonic() >= self._not_before):
                return task
        return None

    def _run(self) -> None:
        store = None
        while store is None:
            try:
                store = Store(self.db_path, clock=self.clock)
            except StorageError as exc:
                self._publish(state="offline", last_error=f"store: {exc}")
                with self._cv:
                    if self._cv.wait_for(lambda: self._stop, RETRY_OPEN_S):
                        return
        client = CentralClient(self.settings, clock=self.clock)
        try:
            self._store, self._outbox, self._client = store, Outbox(store), client
            self._drainer = Drainer(self._outbox, client, self.settings.batch_size)
            self._load_persisted()
            self._refresh_counts()
            while True:
                with self._cv:
                    while not self._stop and (task := self._runnable_locked()) is None:
                        wait = self._not_before - time.monotonic() if self._want["drain"] else None
                        self._cv.wait(None if wait is None else max(0.001, wait))
                    if self._stop or task is None:  # task is None only when stopping
                        return
                    self._want[task] = False
                    self._busy = True
                try:
                    getattr(self, f"_do_{task}")()
                except Exception as exc:  # never let the sync thread die
                    log.exception("sync task %s failed", task)
                    self._publish(last_error=scrub(f"{task}: {type(exc).__name__}: {exc}"))
                finally:
                    with self._cv:
                        self._busy = False
                        self._cv.notify_all()
        finally:
            client.close()
            store.close()

    def _load_persisted(self) -> None:
        raw = self._store.get_kv(KV_CLOCK_OFFSET)
        offset = float(raw) if raw else None
        self._persisted_offset = offset
        self._publish(
            clock_offset_s=offset,
            last_success_utc=self._store.get_kv(KV_LAST_SUCCESS),
            profile_etag=cached_etag(self._store),
        )

    def _refresh_counts(self) -> None:
        self._publish(queue_depth=self._outbox.depth(), dead_letters=self._outbox.dead_letter_count())

    def _do_drain(self) -> None:
        with self._cv:
            self._drains_started += 1
        try:
            self._drain()
        finally:
            with self._cv:
                self._drains_done = self._drains_started
                self._cv.notify_all()

    def _drain(self) -> None:
        self._publish(state="draining")
        try:
            report = self._drainer.drain(should_stop=lambda: self._stop)
            error = report.error
        except StorageError as exc:
            report, error = None, CentralError(f"store: {exc}")
        self._note_clock()
        now_iso = utc_iso(self.clock.now())
        if error is None:
            self.backoff.reset()
            with self._cv:
                self._not_before = 0.0
            self._store.set_kv(KV_LAST_SUCCESS, now_iso)
            self._publish(state="idle", last_success_utc=now_iso)
        else:
            if isinstance(error, AuthError):
                delay = max(self.settings.interval_seconds, error.retry_after or 0.0)
            else:
                delay = self.backoff.next_delay(error.retry_after)
            with self._cv:
                self._not_before = time.monotonic() + delay
                self._want["drain"] = True
            log.warning("sync %s: %s; next attempt in %.1f s", error.state, error, delay)
            self._publish(state=error.state, last_error=str(error))
        self._refresh_counts()
        last = (report or DrainReport(error=error)).answer(self._snapshot["state"], self._snapshot["queue_depth"] or 0)
        if "error" in last:
            last["error"] = scrub(last["error"])[:2000]
        with self._cv:
            self._last_drain = last

    def _do_retry_dead(self) -> None:
        with self._cv:
            keys, self._retry_keys = self._retry_keys, None
        n = self._outbox.retry_dead(keys)
        log.info("%d dead letter(s) queued again", n)
        self._refresh_counts()
        with self._cv:
            self._want["drain"] = True
            self._not_before = 0.0

    def _do_profile(self) -> None:
        if not self._client.device_api:
            return  # a provincial protocol without the kiosk-json device API: the cached profile stays
        try:
            profile, etag = self._client.get_profile(cached_etag(self._store))
        except CentralError as exc:
            log.warning("profile refresh failed: %s", exc)
            self._publish(last_error=f"profile: {exc}")
            return
        finally:
            self._note_clock()
        if profile is None:
            return  # 304: the cache is current
        old = load_cached_profile(self._store)
        try:
            apply_profile(self._store, profile, etag)
        except ProfileError as exc:
            log.error("profile from the centre refused, keeping the cached one: %s", exc)
            self._publish(last_error=f"profile: {exc}")
            return
        self._publish(profile_etag=etag)
        if old != profile and self.on_profile is not None:
            try:
                self.on_profile(profile)
            except Exception:
                log.exception("on_profile listener failed")

    def _do_heartbeat(self) -> None:
        if not self._client.device_api:
            return
        snap = self.status()
        try:
            disk_free = shutil.disk_usage(self.db_path.parent).free
        except OSError:
            disk_free = None
        payload = {
            "deviceId": self.settings.device_id,
            "version": self.version,
            "uptimeS": round(time.monotonic() - self._started_mono, 1),
            "queueDepth": self._outbox.depth(),
            "oldestPendingAgeS": round(self._outbox.oldest_pending_age_s(self.clock.now()), 1),
            "deadLetters": snap["dead_letters"],
            "evaluatorOnline": None,
            "printer": None,
            "diskFreeBytes": disk_free,
            "clockOffsetS": snap["clock_offset_s"],
            "lastError": snap["last_error"],
            "state": snap["state"],
            "sentUtc": utc_iso(self.clock.now()),
        }
        if self.status_provider is not None:
            try:
                payload.update(self.status_provider() or {})
            except Exception:
                log.exception("status_provider failed")
        try:
            self._client.heartbeat(payload)
        except CentralError as exc:
            log.warning("heartbeat failed: %s", exc)
            self._publish(last_error=f"heartbeat: {exc}")
        finally:
            self._note_clock()

    def _do_purge(self) -> None:
        n = self._outbox.purge_pii(self.settings.pii_retention_days)
        if n:
            log.info(
                "personal data of %d delivered case(s) blanked (retention %d days)", n, self.settings.pii_retention_days
            )

    def _note_clock(self) -> None:
        offset = self._client.clock_offset_s
        if offset is None:
            return
        if self._persisted_offset is None or abs(offset - self._persisted_offset) > 0.5:
            try:
                self._store.set_kv(KV_CLOCK_OFFSET, f"{offset:.3f}")
                self._persisted_offset = offset
            except StorageError as exc:
                log.warning("cannot persist the clock offset: %s", exc)
        warn = abs(offset) > self.settings.clock_warn_s
        if warn and not self._clock_warned:
            log.warning(
                "device clock is %.1f s off the centre's (limit %.0f s): check NTP", -offset, self.settings.clock_warn_s
            )
        self._clock_warned = warn
        self._publish(clock_offset_s=round(offset, 3), clock_warning=warn)

    def _publish(self, **changes: object) -> None:
        with self._cv:
            changed = any(self._snapshot.get(k) != v for k, v in changes.items())
            self._snapshot.update(changes)
        if changed and self.on_status is not None:
            try:
                self.on_status(self.status())
            except Exception:
                log.exception("on_status listener failed")
