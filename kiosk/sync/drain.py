"""One drain of the outbox: services first, then evaluations, in batches, until empty or a failure.

Exactly-once rests on three things: every item has a stable key (projectNo, evaluation UUID) that the centre
de-duplicates on; a row leaves `pending` only when the centre's answer names it; and anything unanswered
(timeout, reset, lost answer, malformed answer) stays pending and is sent again later.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from kiosk.core.privacy import masked
from kiosk.store.db import Store
from kiosk.store.outbox import Outbox
from kiosk.sync.backoff import Backoff
from kiosk.sync.client import CentralClient, CentralError, ProtocolError
from kiosk.sync.settings import CentralSettings

log = logging.getLogger(__name__)


@dataclass
class DrainReport:
    sent: dict[str, int] = field(default_factory=lambda: {"services": 0, "evaluations": 0})
    delivered: int = 0
    rejected: int = 0
    requests: int = 0
    error: CentralError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class Drainer:
    def __init__(self, outbox: Outbox, client: CentralClient, batch_size: int):
        self.outbox = outbox
        self.client = client
        self.batch_size = batch_size

    def drain(self, should_stop=lambda: False) -> DrainReport:
        report = DrainReport()
        try:
            for kind in ("services", "evaluations"):
                self._phase(kind, report, should_stop)
        except CentralError as exc:
            report.error = exc
        return report

    def _phase(self, kind: str, report: DrainReport, should_stop) -> None:
        key = "projectNo" if kind == "services" else "id"
        previous: set[str] | None = None
        while not should_stop():
            if kind == "services":
                batch = self.outbox.pending_services(self.batch_size)
            else:
                batch = self.outbox.pending_evaluations(self.batch_size)
            if not batch:
                return
            ids = {str(item[key]) for item in batch}
            if ids == previous:  # nothing moved since the last round: do not spin
                log.warning(
                    "%s: the same %d items are still pending after an answer; stopping this drain", kind, len(ids)
                )
                return
            previous = ids
            wire = [{k: v for k, v in item.items() if k != "_rev"} for item in batch] if kind == "services" else batch
            if log.isEnabledFor(logging.DEBUG):
                for item in wire:
                    log.debug("sending %s %s", kind, masked(item))
            report.requests += 1
            report.sent[kind] += len(wire)
            try:
                answer = self.client.post_items(kind, wire)
            except CentralError as exc:
                self.outbox.note_failure(kind, ids, str(exc))
                log.warning("%s: batch of %d not delivered: %s", kind, len(ids), exc)
                raise
            results = list(answer.results.values())
            if kind == "services":
                self.outbox.mark_services(batch, results)
            else:
                self.outbox.mark_evaluations(results)
            for r in results:
                if r.status == "rejected":
                    report.rejected += 1
                    log.warning("%s %s rejected by the centre (dead letter): %s %s", kind, r.id, r.code, r.message)
                else:
                    report.delivered += 1
            missing = ids - answer.results.keys()
            if missing:
                msg = f"{kind}: the centre's answer lacks {len(missing)} of {len(ids)} sent ids; they stay pending"
                self.outbox.note_failure(kind, missing, msg)
                log.warning(msg)
                raise ProtocolError(msg)


def drain_to_empty(
    store: Store, settings: CentralSettings, *, max_seconds: float, backoff: Backoff | None = None
) -> bool:
    """Drain in the foreground until nothing is pending (True) or `max_seconds` passed (False), backing off
    between failed attempts. For scripts, the crash test and the benchmark; the app uses SyncService."""
    backoff = backoff or Backoff(settings.backoff_base_s, settings.backoff_cap_s)
    outbox = Outbox(store)
    deadline = time.monotonic() + max_seconds
    client = CentralClient(settings, clock=store.clock)
    try:
        drainer = Drainer(outbox, client, settings.batch_size)
        while time.monotonic() < deadline:
            report = drainer.drain()
            if report.ok:
                backoff.reset()
                if not outbox.pending_services(1) and not outbox.pending_evaluations(1):
                    return True
                continue
            time.sleep(min(max(0.0, deadline - time.monotonic()), backoff.next_delay(report.error.retry_after)))
        return False
    finally:
        client.close()
