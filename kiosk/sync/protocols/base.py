"""The adapter interface and the request it makes (see kiosk/sync/protocols/__init__.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.sync.settings import CentralSettings
from kiosk.sync.wire import Answer, PostAnswer


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
