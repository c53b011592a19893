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
from datetime import datetime

from kiosk.sync.protocols.base import Adapter, Encoded
from kiosk.sync.protocols.envelope import EnvelopeSm2
from kiosk.sync.protocols.kiosk_json import KioskJson
from kiosk.sync.protocols.urlform import UrlFormSm2
from kiosk.sync.settings import PROTOCOLS, CentralSettings

__all__ = ["PROTOCOLS", "Adapter", "Encoded", "adapter_for"]
ADAPTERS: dict[str, type[Adapter]] = {a.name: a for a in (KioskJson, EnvelopeSm2, UrlFormSm2)}


def adapter_for(settings: CentralSettings, now: Callable[[], datetime]) -> Adapter:
    return ADAPTERS[settings.protocol](settings, now)
