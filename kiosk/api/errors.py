"""API errors: one exception type carrying the HTTP status, and the mapping of the pad's exceptions onto it.

Every error response body is `{"error": {"code": str, "message": str, "field"?: str}}`.
"""

from __future__ import annotations

from dataclasses import fields

from kiosk.api.port import NoScreen
from kiosk.core.errors import FlowError, StorageUnavailable
from kiosk.core.model import Case, RuleError

SERVICE_FIELDS = frozenset(f.name for f in fields(Case))

# status -> the error codes it may carry (documented in docs/local-api.md and the OpenAPI document)
CODES: dict[int, tuple[str, ...]] = {
    400: ("bad_request", "invalid_json"),
    401: ("unauthorized",),
    404: ("not_found",),
    405: ("method_not_allowed",),
    409: (
        "busy",
        "no_staff",
        "not_on_duty",
        "unavailable",
        "not_pending",
        "already_evaluated",
        "no_printer",
        "no_sync",
        "conflict",
    ),
    411: ("length_required",),
    413: ("too_large",),
    415: ("unsupported_media_type",),
    422: ("invalid",),
    500: ("internal",),
    503: ("unavailable",),
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str = ""):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field

    def body(self) -> dict:
        err = {"code": self.code, "message": self.message}
        if self.field:
            err["field"] = self.field
        return {"error": err}


def invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "invalid", message, field)


def api_field(field: str) -> str:
    """A domain field name as the API names it: Case fields live under `service.` (the wire name)."""
    return f"service.{field}" if field in SERVICE_FIELDS else field


def from_port(exc: Exception) -> ApiError | None:
    """The API error for an exception the pad is allowed to raise; None for anything else (a bug)."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, RuleError):
        if exc.field == "projectNo":
            return ApiError(409, "already_evaluated", str(exc), "service.projectNo")
        return invalid(api_field(exc.field), str(exc))
    if isinstance(exc, FlowError):
        code = exc.code if exc.code in CODES[409] else "conflict"
        return ApiError(409, code, str(exc))
    if isinstance(exc, LookupError):
        return ApiError(404, "not_found", str(exc).strip("'\"") or "not found")
    if isinstance(exc, NoScreen):
        return ApiError(503, "unavailable", str(exc))
    if isinstance(exc, StorageUnavailable | TimeoutError):
        return ApiError(503, "unavailable", f"the pad cannot answer now: {exc}")
    return None
