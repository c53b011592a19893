"""What every protocol shares about an exchange with the centre: the errors (sorted by what to do next), the
decoded answer, the per-record results, and the HTTP status rules (401/403 auth, 429/5xx retry)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests

from kiosk.core.privacy import scrub
from kiosk.store.outbox import Result

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
    rating_urls: dict[str, str] = field(default_factory=dict)  # projectNo -> the province's rating page


def retry_after(resp: requests.Response) -> float | None:
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


def error_message(resp: requests.Response) -> str:
    try:
        err = resp.json()["error"]
        return f"{err.get('code', '')}: {err.get('message', '')}".strip(": ")
    except (ValueError, KeyError, TypeError, AttributeError):
        return (resp.text or "")[:200]


def decoded(resp: requests.Response) -> Answer:
    if not resp.content:
        return Answer(resp)
    try:
        return Answer(resp, json.loads(resp.content))
    except ValueError as exc:
        return Answer(resp, data_error=exc)


def check_status(resp: requests.Response, what: str, message: str | None = None) -> None:
    """Raise for an HTTP error answer: 401/403 AuthError, anything else >= 400 ServerError (retried)."""
    text = error_message(resp) if message is None else message
    if resp.status_code in (401, 403):
        raise AuthError(f"{what}: HTTP {resp.status_code} {text}", status=resp.status_code)
    if resp.status_code >= 400:
        raise ServerError(
            f"{what}: HTTP {resp.status_code} {text}", status=resp.status_code, retry_after=retry_after(resp)
        )


def json_object(answer: Answer, what: str) -> dict:
    data = answer.data
    if data is None:
        exc = answer.data_error or "empty body"
        raise ProtocolError(f"{what}: answer is not JSON ({exc}): {answer.http.text[:80]!r}")
    if not isinstance(data, dict):
        raise ProtocolError(f"{what}: answer is not a JSON object")
    return data
