"""Strict validation of request bodies and query values, before anything reaches the pad.

Rules (mirrored by the OpenAPI document in `kiosk.api.openapi`):
- a body is a JSON object; unknown members are rejected (422, naming the member);
- strings are strings (never numbers), hold no control characters (U+0000-U+001F, U+007F-U+009F) nor
  lone surrogates, and respect a maximum length;
- integers are JSON numbers without a fraction (`3` or `3.0`), never booleans or strings.
Every failure is a 422 whose `field` names the member, e.g. `service.projectNo`.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from kiosk.api.errors import ApiError, api_field, invalid
from kiosk.core.model import PF, PRO_STATUS, USER_PROP, Case, RuleError
from kiosk.core.stats import Period, PeriodError

STAFF_STATUSES = ("on_duty", "paused", "away")
MAX_WAIT_S = 60
TIMEOUT_RANGE = (5, 600)
SERVICE_TIME = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d")
CONTROL = re.compile("[\u0000-\u001f\u007f-\u009f\ud800-\udfff]")
# projectNo: printable ASCII, CJK ideographs (basic + extension A) and full-width forms; not blank
_PNO = "!-~\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e"
PROJECT_NO = f"[ {_PNO}]*[{_PNO}][ {_PNO}]*"


@dataclass(frozen=True)
class Text:
    max_len: int
    required: bool = False
    non_blank: bool = False
    pattern: str = ""  # full-match regex (also published in the OpenAPI document)
    hint: str = ""


# Service members accepted by POST /api/v1/invitations (the names of the provincial interfaces).
SERVICE_TEXT: dict[str, Text] = {
    "projectNo": Text(
        50,
        required=True,
        non_blank=True,
        pattern=PROJECT_NO,
        hint="办件编号: printable ASCII, CJK ideographs or full-width forms, not blank",
    ),
    "taskCode": Text(64, required=True, hint="事项编码"),
    "taskName": Text(200, required=True, hint="事项名称"),
    "deptCode": Text(64, required=True, hint="部门编码"),
    "proDepart": Text(200, required=True, hint="办理部门"),
    "userName": Text(100, required=True, hint="申请人"),
    "certKey": Text(64, required=True, hint="证件号码"),
    "mobile": Text(20, pattern=r"[0-9+\- ]*", hint="手机号码"),
    "handleUserName": Text(50, hint="经办人姓名 (default: the signed-in staff member)"),
    "handleUserPageCode": Text(50, hint="经办人工号 (default: the signed-in staff member)"),
    "serviceTime": Text(19, pattern=f"({SERVICE_TIME.pattern})?", hint="办理时间 yyyy-MM-dd HH:mm:ss (Asia/Shanghai)"),
    "areaCode": Text(12, pattern=r"[0-9]*", hint="行政区划代码"),
}
SERVICE_INT: dict[str, tuple[tuple[int, ...], bool]] = {  # name -> (allowed values, required)
    "proStatus": (tuple(PRO_STATUS), True),
    "userProp": (tuple(USER_PROP), True),
    "proChannel": ((1, 2), False),
}
INVITE_MEMBERS = ("service", "pf", "timeoutSeconds")


def parse_json(raw: bytes) -> object:
    """UTF-8 JSON text -> value; ApiError 400 invalid_json when it is not (NaN / Infinity are not JSON)."""
    try:
        text = raw.decode("utf-8")
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError, huge ints, deep nesting
        raise ApiError(400, "invalid_json", f"body is not valid UTF-8 JSON: {_short(exc)}") from None


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not valid JSON")


def _short(exc: BaseException) -> str:
    return str(exc)[:200]


def obj(value: object, where: str, allowed: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        raise invalid(where or "body", f"{where or 'the body'} must be a JSON object")
    for key in value:
        if key not in allowed:
            name = f"{where}.{key}" if where else key
            raise invalid(name[:120], f"unknown member {name[:120]!r} (allowed: {', '.join(allowed)})")
    return value


def text(value: object, field: str, rule: Text) -> str:
    if not isinstance(value, str):
        raise invalid(field, f"{field} must be a string")
    if CONTROL.search(value):
        raise invalid(field, f"{field} must not contain control characters")
    if len(value) > rule.max_len:
        raise invalid(field, f"{field} is at most {rule.max_len} characters")
    if rule.non_blank and not value.strip():
        raise invalid(field, f"{field} is required and must not be blank")
    if rule.pattern and not re.fullmatch(rule.pattern, value):
        raise invalid(field, f"{field} is not well-formed ({rule.hint or rule.pattern})")
    return value


def integer(value: object, field: str, allowed: range | tuple[int, ...]) -> int:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(field, f"{field} must be an integer")
    if value not in allowed:
        shown = f"{allowed.start}..{allowed.stop - 1}" if isinstance(allowed, range) else str(list(allowed))
        raise invalid(
            field, f"{field} must be one of {shown}" if isinstance(allowed, tuple) else f"{field} must be {shown}"
        )
    return value


def staff_id(body: object) -> str:
    body = obj(body, "", ("staffId",))
    if "staffId" not in body:
        raise invalid("staffId", "staffId is required")
    return text(body["staffId"], "staffId", Text(64, non_blank=True))


def receipt(body: object) -> str:
    body = obj(body, "", ("projectNo",))
    if "projectNo" not in body:
        raise invalid("projectNo", "projectNo is required")
    return text(body["projectNo"], "projectNo", SERVICE_TEXT["projectNo"])


def staff_status(body: object) -> str:
    body = obj(body, "", ("status",))
    if "status" not in body:
        raise invalid("status", "status is required")
    value = body["status"]
    if not isinstance(value, str) or value not in STAFF_STATUSES:
        raise invalid("status", f"status must be one of {', '.join(STAFF_STATUSES)}")
    return value


@dataclass(frozen=True)
class InviteRequest:
    service: Case
    pf: int | None
    timeout_s: int | None


def invite(body: object) -> InviteRequest:
    body = obj(body, "", INVITE_MEMBERS)
    if "service" not in body:
        raise invalid("service", "service is required")
    raw = obj(body["service"], "service", (*SERVICE_TEXT, *SERVICE_INT))
    values: dict[str, Any] = {}  # each a str or an int as its field wants, checked above and again by Service
    for name, rule in SERVICE_TEXT.items():
        field = f"service.{name}"
        if name in raw:
            values[name] = text(raw[name], field, rule)
        elif rule.required:
            raise invalid(field, f"{field} is required")
    for name, (allowed, required) in SERVICE_INT.items():
        field = f"service.{name}"
        if name in raw:
            values[name] = integer(raw[name], field, allowed)
        elif required:
            raise invalid(field, f"{field} is required")
    pf = integer(body["pf"], "pf", tuple(PF)) if body.get("pf") is not None else None
    timeout = body.get("timeoutSeconds")
    timeout_s = (
        integer(timeout, "timeoutSeconds", range(TIMEOUT_RANGE[0], TIMEOUT_RANGE[1] + 1))
        if timeout is not None
        else None
    )
    try:
        service = Case(**values)
    except RuleError as exc:
        raise invalid(api_field(exc.field), str(exc)) from None
    return InviteRequest(service, pf, timeout_s)


def wait_seconds(query: dict[str, list[str]]) -> int:
    values = query.get("wait")
    if not values:
        return 0
    raw = values[-1]
    if not re.fullmatch(r"[0-9]{1,3}", raw) or int(raw) > MAX_WAIT_S:
        raise invalid("wait", f"wait must be an integer 0..{MAX_WAIT_S} (seconds)")
    return int(raw)


def details_flag(query: dict[str, list[str]]) -> bool:
    values = query.get("details")
    if not values:
        return False
    if values[-1] not in ("true", "false", "1", "0"):
        raise invalid("details", "details must be true or false")
    return values[-1] in ("true", "1")


STATS_TEXT_MAX = 64  # 工号 and window names


def stats_query(query: dict[str, list[str]]) -> tuple[Period, str | None, str | None]:
    """from / to (YYYY-MM-DD, both required, to not before from), optional staff (工号) and window: 400
    bad_request naming the parameter otherwise."""
    for name in ("from", "to"):
        if not query.get(name):
            raise ApiError(400, "bad_request", f"{name} is required (YYYY-MM-DD)", name)
    try:
        period = Period.parse(query["from"][-1], query["to"][-1])
    except PeriodError as exc:
        field = "to" if str(exc).startswith("to") else "from"
        raise ApiError(400, "bad_request", str(exc), field) from None
    picked: list[str | None] = []
    for name in ("staff", "window"):
        values = query.get(name)
        value = values[-1] if values else None
        if value is not None and (not value or len(value) > STATS_TEXT_MAX or CONTROL.search(value)):
            raise ApiError(400, "bad_request", f"{name} must be 1..{STATS_TEXT_MAX} characters, no control ones", name)
        picked.append(value)
    return period, picked[0], picked[1]
