"""Nightly maintenance (03:00 Asia/Shanghai): statistics, space, personal-data retention, logs, profile.

The job is scheduled with APScheduler and runs its store work on the flow's thread (through `post`), so
it never races a rating for the same connection.
"""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from kiosk import logs
from kiosk.store.db import StorageError, Store
from kiosk.store.outbox import Outbox

log = logging.getLogger(__name__)

VACUUM_FREE_RATIO = 0.2  # vacuum when a fifth of the file is free pages


def maintain(store: Store, *, retention_days: int, sync=None) -> dict:
    """One maintenance pass; returns what it did (for the log and tests)."""
    done: dict = {}
    try:
        store.analyze()
        done["analyze"] = True
        free_ratio = store.free_ratio()
        done["free_ratio"] = round(free_ratio, 3)
        if free_ratio >= VACUUM_FREE_RATIO:
            store.vacuum()
            done["vacuum"] = True
        store.checkpoint()
    except Exception as exc:  # sqlite3.Error or OSError: report, try again tomorrow
        log.warning("maintenance: database upkeep failed: %s", exc)
        done["error"] = str(exc)
    if sync is not None:
        sync.purge_pii()
        sync.refresh_profile()
        done["purge"] = "sync"
    else:
        try:
            done["purged"] = Outbox(store).purge_pii(retention_days)
        except StorageError as exc:
            log.warning("maintenance: personal-data purge failed: %s", exc)
    logs.rotate()
    done["logs_rotated"] = True
    log.info("nightly maintenance: %s", done)
    return done


class Nightly:
    def __init__(self, kiosk, post, *, hour: int = 3, minute: int = 0):
        self.kiosk = kiosk
        self.post = post
        self.scheduler = BackgroundScheduler(timezone="Asia/Shanghai")
        self.scheduler.add_job(
            self._fire,
            CronTrigger(hour=hour, minute=minute, timezone="Asia/Shanghai"),
            id="nightly",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
        )

    def _fire(self) -> None:
        k = self.kiosk
        self.post(lambda: maintain(k.store, retention_days=k.cfg.store.pii_retention_days, sync=k.sync))

    def start(self) -> None:
        self.scheduler.start()

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
