"""kiosk-json: the documented device API (docs/central-api.md), batches of records, HMAC-signed headers."""

from __future__ import annotations

import json
import logging

from kiosk.core.timefmt import parse_utc_iso
from kiosk.store.outbox import Result
from kiosk.sync.protocols.base import Adapter, Encoded, item_key
from kiosk.sync.wire import STATUSES, Answer, PostAnswer, ProtocolError, check_status, json_object

log = logging.getLogger(__name__)

API = "/hcp/v1"


class KioskJson(Adapter):
    name = "kiosk-json"

    def encode(self, kind: str, items: list[dict]) -> Encoded:
        """The body of a POST services|evaluations: compact JSON, UTF-8."""
        doc = {"deviceId": self.settings.device_id, "items": items}
        body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        keys = tuple(item_key(kind, item) for item in items)
        return Encoded(kind, keys, f"{API}/{kind}", body)

    def decode(self, enc: Encoded, answer: Answer) -> PostAnswer:
        """Results for ids that were not sent are ignored; a sent id without a result is simply absent from
        the answer (the drain treats it as not delivered)."""
        what = enc.what
        check_status(answer.http, what)
        data = json_object(answer, what)
        sent = set(enc.keys)
        raw = data.get("results")
        if not isinstance(raw, list):
            raise ProtocolError(f"{what}: answer has no 'results' list")
        results: dict[str, Result] = {}
        for r in raw:
            if isinstance(r, dict):
                rid, status = r.get("id"), r.get("status")
                if isinstance(rid, str) and status in STATUSES:
                    if rid in sent:
                        code, message = r.get("code"), r.get("message")
                        results[rid] = Result(rid, status, str(code) if code else "", str(message) if message else "")
                    else:
                        log.warning("%s: the centre answered for an id that was not sent: %s", what, rid)
                    continue
            log.warning("%s: ignoring a malformed result entry %.120r", what, r)
        server_time = None
        if isinstance(data.get("serverTime"), str):
            try:
                server_time = parse_utc_iso(data["serverTime"])
            except ValueError:
                log.warning("%s: unparseable serverTime %r", what, data["serverTime"])
        return PostAnswer(results, server_time)
