"""The HTTP client of the central API: signed requests, strict answers, errors sorted by what to do next.

Not thread-safe (one requests.Session): each thread that talks to the centre has its own `CentralClient`.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import quote, urlsplit

import requests

from kiosk.core.timefmt import Clock, SystemClock, parse_utc_iso
from kiosk.sync.protocols import Encoded, adapter_for
from kiosk.sync.protocols.kiosk_json import API
from kiosk.sync.settings import CentralSettings
from kiosk.sync.signing import sign_headers
from kiosk.sync.wire import (  # noqa: F401 - re-exported: the errors and answers of the client's API
    STATUSES,
    Answer,
    AuthError,
    CentralError,
    PostAnswer,
    ProtocolError,
    ServerError,
    TransportError,
    check_status,
    decoded,
    json_object,
)
from kiosk.sync.wire import retry_after as _retry_after  # noqa: F401


def close_session(session: requests.Session) -> None:
    """Close a session and its pooled sockets now (urllib3 2 otherwise closes pools only when they are
    garbage-collected, and a response kept alive by a traceback keeps its pool open)."""
    for adapter in session.adapters.values():
        pools = getattr(getattr(adapter, "poolmanager", None), "pools", None)
        if pools is None:
            continue
        for key in list(pools.keys()):
            pool = pools.get(key)
            if pool is not None:
                pool.close()
    session.close()


class CentralClient:
    def __init__(
        self, settings: CentralSettings, *, clock: Clock | None = None, session: requests.Session | None = None
    ):
        self.settings = settings
        self.clock = clock or SystemClock()
        self.session = session or requests.Session()
        self.session.verify = settings.tls_verify
        self.session.headers.update({"User-Agent": "kiosk-sync/1", "Accept": "application/json"})
        self._prefix = urlsplit(settings.base_url).path.rstrip("/")
        self.clock_offset_s: float | None = None  # server - local, from the last answer's serverTime
        self.time_correction_s = 0.0  # added to X-Timestamp once the centre told us its time
        self.adapter = adapter_for(settings, lambda: self.clock.now() + timedelta(seconds=self.time_correction_s))

    def close(self) -> None:
        close_session(self.session)

    # --- plumbing ----------------------------------------------------------------------------------

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict | None = None, *, hmac: bool = True
    ) -> Answer:
        """One request (signed with the kiosk-json headers unless `hmac` is False); raises TransportError
        when no HTTP answer came back."""
        full_path = self._prefix + path
        hdrs: dict[str, str] = {}
        if hmac:
            now_s = self.clock.now().timestamp() + self.time_correction_s
            s = self.settings
            hdrs = sign_headers(s.app_mark, s.app_secret, method, full_path, body, s.signer, now_s=now_s)
        if body:
            hdrs["Content-Type"] = "application/json; charset=utf-8"
        hdrs.update(headers or {})
        sent = self.clock.now()
        try:
            resp = self.session.request(
                method, self.settings.base_url + path, data=body or None, headers=hdrs, timeout=self.settings.timeout_s
            )
        except requests.RequestException as exc:
            raise TransportError(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
        answer = decoded(resp)
        if hmac:
            self._note_server_time(answer.data, sent)
        else:  # a provincial answer has no serverTime: its HTTP Date (1 s resolution) tells the offset
            self._note_date(resp, sent)
        return answer

    def _note_date(self, resp: requests.Response, sent: datetime) -> None:
        try:
            server = parsedate_to_datetime(resp.headers.get("Date", ""))
        except (TypeError, ValueError):
            return
        if server.tzinfo is None:
            return
        got = self.clock.now()
        offset = (server - (sent + (got - sent) / 2)).total_seconds()
        self.clock_offset_s = offset
        self.time_correction_s = offset if abs(offset) > 5 else 0.0  # the envelope's `time` follows the centre

    def _note_server_time(self, data: object, sent: datetime) -> None:
        """Learn the centre's clock from the serverTime of an answer's body."""
        if isinstance(data, dict) and isinstance(data.get("serverTime"), str):
            try:
                server = parse_utc_iso(data["serverTime"])
            except ValueError:
                return
            got = self.clock.now()
            middle = sent + (got - sent) / 2
            self.clock_offset_s = (server - middle).total_seconds()
            self.time_correction_s = self.clock_offset_s if abs(self.clock_offset_s) > 5 else 0.0

    def _check(self, resp: requests.Response, what: str) -> None:
        check_status(resp, what)

    def _json(self, answer: Answer, what: str) -> dict:
        return json_object(answer, what)

    # --- the API -----------------------------------------------------------------------------------

    def post_items(self, kind: str, items: list[dict]) -> PostAnswer:
        """POST services|evaluations in the configured protocol (one request; the adapter's max_batch is
        the caller's business). Results for ids that were not sent are ignored; a sent id without a result
        is simply absent from the answer (the caller treats it as not delivered)."""
        enc = self.encode_items(kind, items)
        return self.read_answer(enc, self.post_encoded(enc))

    # post_items in three steps, for the drain: it encodes the next batch and reads the last answer on its
    # own thread while the sender thread has only the exchange itself to do.

    def encode_items(self, kind: str, items: list[dict]) -> Encoded:
        return self.adapter.encode(kind, items)

    def post_encoded(self, enc: Encoded) -> Answer:
        """Send a request made by encode_items; its answer (only a missing answer is raised here)."""
        return self.request("POST", enc.path, enc.body, enc.headers, hmac=enc.hmac)

    def read_answer(self, enc: Encoded, answer: Answer) -> PostAnswer:
        """The per-record results of an answer to post_encoded (CentralError for a failed attempt)."""
        return self.adapter.decode(enc, answer)

    @property
    def max_batch(self) -> int:
        return min(self.settings.batch_size, self.adapter.max_batch or self.settings.batch_size)

    @property
    def device_api(self) -> bool:
        """Whether profile, heartbeat and case lookup can be asked (the kiosk-json device API, HMAC-signed
        with app_secret; a provincial protocol uses it only where the hall configured an app_secret)."""
        return bool(self.settings.app_secret)

    def get_profile(self, etag: str | None) -> tuple[dict | None, str | None]:
        """(profile, etag), or (None, etag) when unchanged (304)."""
        headers = {"If-None-Match": etag} if etag else {}
        what = "GET profile"
        answer = self.request("GET", f"{API}/devices/{quote(self.settings.device_id, safe='')}/profile", b"", headers)
        if answer.http.status_code == 304:
            return None, etag
        self._check(answer.http, what)
        profile = self._json(answer, what)
        profile.pop("serverTime", None)
        return profile, answer.http.headers.get("ETag")

    def lookup_case(self, project_no: str) -> dict | None:
        what = "GET service"
        if not self.device_api:
            raise CentralError(f"{what}: central.protocol {self.settings.protocol} has no case lookup (no app_secret)")
        answer = self.request("GET", f"{API}/services/{quote(project_no, safe='')}")
        if answer.http.status_code == 404:
            return None
        self._check(answer.http, what)
        data = self._json(answer, what)
        if not isinstance(data.get("service"), dict):
            raise ProtocolError(f"{what}: answer has no 'service' object")
        return data["service"]

    def heartbeat(self, payload: dict) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        answer = self.request("POST", f"{API}/devices/{quote(self.settings.device_id, safe='')}/heartbeat", body)
        self._check(answer.http, "POST heartbeat")
