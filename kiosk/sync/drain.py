"""One drain of the outbox: services first, then evaluations, in batches, until empty or a failure.

Exactly-once rests on three things: every item has a stable key (projectNo, evaluation UUID) that the centre
de-duplicates on; a row leaves `pending` only when the centre's answer names it; and anything unanswered
(timeout, reset, lost answer, malformed answer) stays pending and is sent again later.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from kiosk.core.privacy import masked
from kiosk.store.db import Store
from kiosk.store.outbox import Outbox
from kiosk.sync.backoff import Backoff
from kiosk.sync.client import CentralClient, CentralError, ProtocolError
from kiosk.sync.protocols.base import Encoded
from kiosk.sync.settings import CentralSettings

log = logging.getLogger(__name__)
PREFETCH = 4  # batches of evaluations read from the outbox per query (that query costs what it returns)
# Services go out by (updated_utc, projectNo), which no index covers: listing them visits every pending
# service whatever the LIMIT. So their keys are listed many batches ahead (a list of strings), and each
# batch's rows are read by key just before it is sent.
SERVICE_KEYS_AHEAD = 20_000
# A protocol that takes one record per request (envelope-sm2, url-form-sm2) would pay one durable store
# transaction (an fsync) per record for its mark - more than the SM2 and the exchange together. Below this
# batch size, marks are grouped: answered records are kept out of the next batches and marked MARK_EVERY at a
# time (and at the end of every phase). A crash loses at most those marks: the records go again and the
# centre answers "duplicate", which is delivered - exactly once at the centre either way.
GROUP_MARKS_BELOW = 8
MARK_EVERY = 64


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

    def answer(self, state: str, queue_depth: int) -> dict:
        """What POST /api/v1/sync answers for this drain (the error scrubbed of secrets by the caller)."""
        out = {
            "state": state,
            "sent": dict(self.sent),
            "delivered": self.delivered,
            "rejected": self.rejected,
            "queueDepth": queue_depth,
        }
        if self.error is not None:
            out["error"] = str(self.error)
        return out


class Drainer:
    """Pipelined: while the answer to batch N is being recorded on the caller's thread (which owns the
    store), batch N+1 is already on the wire (one sender thread, which owns the HTTP session during a
    drain). Batch N+1 never contains an item of batch N, so no item is ever in flight twice."""

    def __init__(self, outbox: Outbox, client: CentralClient, batch_size: int):
        self.outbox = outbox
        self.client = client
        self.batch_size = min(batch_size, client.max_batch)
        self.group_marks = self.batch_size < GROUP_MARKS_BELOW
        self._marks: list[tuple[dict[str, int | None], list, dict[str, str]]] = []  # answered, not yet marked
        self._unmarked: set[str] = set()

    def drain(self, should_stop=lambda: False) -> DrainReport:
        report = DrainReport()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-sync-send") as sender:
            try:
                for kind in ("services", "evaluations"):
                    self._phase(kind, report, should_stop, sender)
            except CentralError as exc:
                report.error = exc
        return report

    def _fetch(self, kind: str, in_flight: set[str], buffer: list) -> list[tuple]:
        """The next batch of (key, rev, wire dict), never overlapping the one in flight. Reads ahead
        (evaluations: one query per PREFETCH batches; services: keys for SERVICE_KEYS_AHEAD); what was read
        ahead may go stale, which is harmless: marks only move rows that are still pending (and services
        only at the revision sent), and a service is read by key when its batch is made."""
        size = self.batch_size
        if self._unmarked:
            in_flight = in_flight | self._unmarked
        if kind == "services":
            batch: list[tuple] = []
            while len(batch) < size:
                if not buffer:
                    if batch:  # send what we have: a new key list would list these pending rows again
                        break
                    keys = self.outbox.pending_service_keys(max(SERVICE_KEYS_AHEAD, size) + len(in_flight))
                    buffer[:] = [k for k in keys if k not in in_flight] if in_flight else keys
                    if not buffer:
                        break
                take = buffer[: size - len(batch)]
                del buffer[: len(take)]
                batch += self.outbox.services_wire(take)
            return batch
        if len(buffer) < size:
            rows = self.outbox.pending_wire(kind, PREFETCH * size + len(in_flight))
            buffer[:] = [r for r in rows if r[0] not in in_flight] if in_flight else rows
        batch = buffer[:size]
        del buffer[:size]
        return batch

    def _phase(self, kind: str, report: DrainReport, should_stop, sender: ThreadPoolExecutor) -> None:
        # an upper bound on the batches of one pass, so that rows the answers do not move cannot spin it
        budget = 2 * (self.outbox.depth() // self.batch_size + 1)
        in_flight: tuple[list[tuple], set[str], Encoded, Future] | None = None
        buffer: list[tuple] = []
        debug = log.isEnabledFor(logging.DEBUG)
        try:
            while True:
                batch = (
                    []
                    if should_stop() or budget <= 0
                    else self._fetch(kind, in_flight[1] if in_flight else set(), buffer)
                )
                nxt = None
                if batch:
                    budget -= 1
                    ids = {key for key, _, _ in batch}
                    wire = [item for _, _, item in batch]
                    if debug:
                        for item in wire:
                            log.debug("sending %s %s", kind, masked(item))
                    report.requests += 1
                    report.sent[kind] += len(wire)
                    enc = self.client.encode_items(kind, wire)
                    nxt = (batch, ids, enc, sender.submit(self.client.post_encoded, enc))
                if in_flight is not None:
                    done, in_flight = in_flight, nxt
                    self._settle(kind, done, report)
                elif nxt is None:
                    if budget <= 0 and not should_stop():
                        log.warning("%s: drain pass ended after its batch budget; the rest waits for the next", kind)
                    return
                else:
                    in_flight = nxt
        finally:
            try:
                if in_flight is not None:  # a failure ended the phase with a batch on the wire: record its fate
                    try:
                        self._settle(kind, in_flight, report)
                    except CentralError:
                        pass
            finally:
                self._flush_marks(kind)

    def _flush_marks(self, kind: str) -> None:
        """Write the grouped marks in one transaction (rating pages in another)."""
        if not self._marks:
            return
        marks, self._marks = self._marks, []
        self._unmarked.clear()
        revs: dict[str, int | None] = {}
        results: list = []
        urls: dict[str, str] = {}
        for r, res, u in marks:
            revs.update(r)
            results += res
            urls.update(u)
        self._mark(kind, revs, results, urls)

    def _mark(self, kind: str, revs: dict, results: list, urls: dict[str, str]) -> None:
        self.outbox.record_rating_urls(urls)
        if kind == "services":
            self.outbox.mark_services_at(revs, results)
        else:
            self.outbox.mark_evaluations(results)

    def _settle(self, kind: str, sent: tuple[list[tuple], set[str], Encoded, Future], report: DrainReport) -> None:
        batch, ids, enc, future = sent
        try:
            answer = self.client.read_answer(enc, future.result())
        except CentralError as exc:
            self.outbox.note_failure(kind, ids, str(exc))
            log.warning("%s: batch of %d not delivered: %s", kind, len(ids), exc)
            raise
        results = list(answer.results.values())
        revs = {key: rev for key, rev, _ in batch}
        if self.group_marks:
            self._marks.append((revs, results, answer.rating_urls))
            self._unmarked.update(r.id for r in results)
            if len(self._unmarked) >= MARK_EVERY:
                self._flush_marks(kind)
        else:
            self._mark(kind, revs, results, answer.rating_urls)
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
            if report.error is None:
                backoff.reset()
                if not outbox.pending_services(1) and not outbox.pending_evaluations(1):
                    return True
                continue
            time.sleep(min(max(0.0, deadline - time.monotonic()), backoff.next_delay(report.error.retry_after)))
        return False
    finally:
        client.close()
