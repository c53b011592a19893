"""The HTTP client of the central API: signed requests, strict answers, errors sorted by what to do next.

Not thread-safe (one requests.Session): each thread that talks to the centre has its own `CentralClient`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import quote, urlsplit

import requests

from kiosk.core.privacy import scrub
from kiosk.core.timefmt import Clock, SystemClock, parse_utc_iso
from kiosk.store.outbox import Result
from kiosk.sync.settings import CentralSettings
from kiosk.sync.signing import sign_headers

log = logging.getLogger(__name__)

API = "/hcp/v1"
STATUSES = ("accepted", "duplicate", "rejected")


class CentralError(Exception):
    """Any failed exchange with the centre. `retry_after` (seconds) when the centre asked for a pause."""

    state = "backoff"

    def __init__(self, message: str, *, status: int = 0, retry_after: float | None = None):
        super().__init__(scrub(message))
        self.status = status
        self.retry_after = retry_after


class TransportError(CentralError):
    """No answer at all: refused, reset, timed out, TLS failure (state `offline`)."""

    state = "offline"


class ServerError(CentralError):
    """An HTTP error answer (5xx, 429, unexpected 4xx)."""


class AuthError(CentralError):
    """401/403: wrong app mark or secret, clock too far off, or device not registered."""

    state = "auth_error"


class ProtocolError(CentralError):
    """An answer that is not what the API promises (malformed JSON, wrong types, missing results)."""


@dataclass(frozen=True)
class Answer:
    """One HTTP answer of the centre, its body decoded once."""

    http: requests.Response
    data: object = None  # the decoded JSON body; None when the body is empty or not JSON
    data_error: ValueError | None = None  # why a non-empty body is not JSON


@dataclass
class PostAnswer:
    results: dict[str, Result]  # by id, only for ids that were sent
    server_time: datetime | None


def _retry_after(resp: requests.Response) -> float | None:
    value = resp.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:  # an HTTP date
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def _error_message(resp: requests.Response) -> str:
    try:
        err = resp.json()["error"]
        return f"{err.get('code', '')}: {err.get('message', '')}".strip(": ")
    except (ValueError, KeyError, TypeError, AttributeError):
        return (resp.text or "")[:200]


def _decoded(resp: requests.Response) -> Answer:
    if not resp.content:
        return Answer(resp)
    try:
        return Answer(resp, json.loads(resp.content))
    except ValueError as exc:
        return Answer(resp, data_error=exc)


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

    def close(self) -> None:
        close_session(self.session)

    # --- plumbing ----------------------------------------------------------------------------------

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> Answer:
        """One signed request; raises TransportError when no HTTP answer came back."""
        full_path = self._prefix + path
        now_s = self.clock.now().timestamp() + self.time_correction_s
        hdrs = sign_headers(
            self.settings.app_mark, self.settings.app_secret, method, full_path, body, self.settings.signer, now_s=now_s
        )
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
        answer = _decoded(resp)
        self._note_server_time(answer.data, sent)
        return answer

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
        if resp.status_code in (401, 403):
            raise AuthError(f"{what}: HTTP {resp.status_code} {_error_message(resp)}", status=resp.status_code)
        if resp.status_code >= 400:
            raise ServerError(
                f"{what}: HTTP {resp.status_code} {_error_message(resp)}",
                status=resp.status_code,
                retry_after=_retry_after(resp),
            )

    def _json(self, answer: Answer, what: str) -> dict:
        data = answer.data
        if data is None:
            exc = answer.data_error or "empty body"
            raise ProtocolError(f"{what}: answer is not JSON ({exc}): {answer.http.text[:80]!r}")
        if not isinstance(data, dict):
            raise ProtocolError(f"{what}: answer is not a JSON object")
        return data

    # --- the API -----------------------------------------------------------------------------------

    def post_items(self, kind: str, items: list[dict]) -> PostAnswer:
        """POST services|evaluations. Results for ids that were not sent are ignored; a sent id without a
        result is simply absent from the answer (the caller treats it as not delivered)."""
        key = "projectNo" if kind == "services" else "id"
        data = self.post_encoded(kind, self.encode_items(items), len(items))
        return self.read_answer(kind, {str(item[key]) for item in items}, data, len(items))

    # post_items in three steps, for the drain: it encodes the next batch and reads the last answer on its
    # own thread while the sender thread has only the exchange itself to do.

    def encode_items(self, items: list[dict]) -> bytes:
        """The body of a POST services|evaluations: compact JSON, UTF-8."""
        doc = {"deviceId": self.settings.device_id, "items": items}
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def post_encoded(self, kind: str, body: bytes, count: int) -> dict:
        """Send a body made by encode_items; the answer's JSON object (HTTP and JSON failures raised)."""
        what = f"POST {kind} ({count} items)"
        answer = self.request("POST", f"{API}/{kind}", body)
        self._check(answer.http, what)
        return self._json(answer, what)

    def read_answer(self, kind: str, sent: set[str], data: dict, count: int) -> PostAnswer:
        """The results of an answer to post_encoded of `count` items with the ids `sent` (see post_items)."""
        what = f"POST {kind} ({count} items)"
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
