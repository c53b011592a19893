"""Protocol adapters: how one batch of outbox records goes to a centre, and how its answer reads.

`central.protocol` picks one (`adapter_for`). An adapter encodes a batch (or a single record, where the province
takes one per request: `max_batch = 1`), signs/encrypts it, and decodes the answer into per-record results:
accepted, duplicate (delivered), rejected with the province's message (dead letter), or raises a CentralError
(retry; AuthError for the slow schedule). Drain, backoff, dead letters, heartbeat and profile are shared
(kiosk/sync/drain.py, client.py, service.py). Field and code differences live in `fields.py` only.

    kiosk-json    docs/central-api.md: batches of JSON, HMAC-signed headers (the default; unchanged)
    envelope-sm2  Shandong-style txnBodyCom envelope, SM2-encrypted records, one per request
    url-form-sm2  Beijing-style form push, SM2-encrypted list; cases answer with the rating page URL
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.sync.settings import PROTOCOLS, CentralSettings
from kiosk.sync.wire import Answer, PostAnswer

__all__ = ["PROTOCOLS", "Adapter", "Encoded", "adapter_for"]


@dataclass(frozen=True)
class Encoded:
    """One request, ready to send."""

    kind: str  # services | evaluations
    keys: tuple[str, ...]  # the record keys it carries (projectNo / evaluation id)
    path: str  # under central.url
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    hmac: bool = True  # add the kiosk-json signature headers (X-App-Mark ...)

    @property
    def what(self) -> str:
        return f"POST {self.kind} ({len(self.keys)} items)"


class Adapter:
    name = ""
    max_batch: int | None = None  # records per request; None = central.batch_size

    def __init__(self, settings: CentralSettings, now: Callable[[], datetime]):
        self.settings = settings
        self.now = now

    def encode(self, kind: str, items: list[dict]) -> Encoded:
        raise NotImplementedError

    def decode(self, enc: Encoded, answer: Answer) -> PostAnswer:
        """Per-record results of `answer` to `enc`; raises CentralError for a failed attempt."""
        raise NotImplementedError


def item_key(kind: str, item: dict) -> str:
    return str(item["projectNo"] if kind == "services" else item["id"])


def adapter_for(settings: CentralSettings, now: Callable[[], datetime]) -> Adapter:
    if settings.protocol == "envelope-sm2":
        from kiosk.sync.protocols.envelope import EnvelopeSm2

        return EnvelopeSm2(settings, now)
    if settings.protocol == "url-form-sm2":
        from kiosk.sync.protocols.urlform import UrlFormSm2

        return UrlFormSm2(settings, now)
    from kiosk.sync.protocols.kiosk_json import KioskJson

    return KioskJson(settings, now)
