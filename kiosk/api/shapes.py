"""The response bodies the API promises, as JSON Schemas, and the check that the pad's answers fit them.

The server copies only documented members from what the `PadPort` returns and checks their types; an
answer that does not fit is a bug in the port and becomes a logged 500 rather than a malformed response.
The same schemas are published in the OpenAPI document.
"""

from __future__ import annotations

STATES = ["pending", "rated", "timeout", "cancelled"]
TEXT = {"type": "string", "maxLength": 2000}
ID = {"type": "string", "minLength": 1, "maxLength": 100}


def _object(props: dict, required: list[str], description: str = "") -> dict:
    schema = {"type": "object", "additionalProperties": False, "required": required, "properties": props}
    if description:
        schema["description"] = description
    return schema


HEALTH = _object(
    {
        "status": {
            "type": "string",
            "enum": ["ok", "degraded"],
            "description": "degraded: 暂停评价 (storage unavailable)",
        },
        "mode": {"type": "string", "enum": ["window", "terminal"]},
        "deviceId": {"type": "string", "maxLength": 100},
        "version": {"type": "string", "maxLength": 100},
        "evaluator": {"type": "string", "enum": ["online", "offline", "none"]},
        "queueDepth": {"type": "integer", "minimum": 0, "description": "ratings waiting to be reported"},
    },
    ["status", "mode", "deviceId", "version", "evaluator", "queueDepth"],
)
STAFF = _object(
    {
        "staffId": ID,
        "name": {"type": "string", "maxLength": 200},
        "pageCode": {"type": "string", "maxLength": 100, "description": "工号 (handleUserPageCode)"},
        "dept": {"type": "string", "maxLength": 200},
        "stars": {"type": "integer", "minimum": 0, "maximum": 5},
    },
    ["staffId", "name", "pageCode"],
    "the signed-in staff member as shown on the staff card",
)
STAFF_STATE = _object(
    {"status": {"type": "string", "enum": ["on_duty", "paused", "away", "signed_out"]}},
    ["status"],
)
CREATED = _object(
    {
        "invitationId": ID,
        "state": {"type": "string", "enum": ["pending"]},
        "assessNumber": {"type": "integer", "enum": [1, 2], "description": "1 first rating, 2 追加评价"},
    },
    ["invitationId", "state", "assessNumber"],
)
INVITATION = _object(
    {
        "invitationId": ID,
        "state": {"type": "string", "enum": STATES},
        "detailsDone": {
            "type": "boolean",
            "description": "true once the details page of a rated invitation has ended (提交 or timeout)",
        },
        "projectNo": {"type": "string", "maxLength": 50},
        "assessNumber": {"type": "integer", "enum": [1, 2]},
        "satisfaction": {"type": "integer", "minimum": 1, "maximum": 5, "description": "5 非常满意 … 1 非常不满意"},
        "evalDetail": {"type": "string", "maxLength": 2000, "description": "comma-separated reason codes"},
        "writingEvaluation": {"type": "string", "maxLength": 500},
        "evaluationId": {"type": "string", "maxLength": 100},
    },
    ["invitationId", "state", "detailsDone"],
)
SCREEN = _object(
    {
        "screen": {"type": "string", "maxLength": 50, "description": "idle, invited, details, thanks, expired, ..."},
        "message": TEXT,
    },
    ["screen", "message"],
)


RECEIPT = _object(
    {
        "status": {"type": "string", "enum": ["queued"]},
        "projectNo": {"type": "string", "maxLength": 50},
        "url": {"type": "string", "maxLength": 2000, "description": "the signed rating link printed as QR"},
    },
    ["status", "projectNo", "url"],
    "the receipt is queued for the printer; its fate shows on the status line and in the heartbeat",
)


COUNT = {"type": "integer", "minimum": 0}
LEVEL_COUNTS = _object({str(lv): COUNT for lv in (1, 2, 3, 4, 5)}, ["1", "2", "3", "4", "5"])
STATS = _object(
    {
        "from": {"type": "string", "maxLength": 10, "description": "first day, YYYY-MM-DD (Asia/Shanghai)"},
        "to": {"type": "string", "maxLength": 10, "description": "last day, included"},
        "total": {**COUNT, "description": "ratings: a first rating and a 追加评价 both count"},
        "byLevel": {**LEVEL_COUNTS, "description": "ratings per satisfaction, 5 非常满意 … 1 非常不满意"},
        "goodRate": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "description": "好评率 = (5 + 4 + 3) ÷ total; 0 without ratings",
        },
        "score": {"type": "number", "minimum": 0, "maximum": 20, "description": "20 × goodRate (seed 000)"},
        "bad": {**COUNT, "description": "差评 (satisfaction 1, 2)"},
        "incomplete": {**COUNT, "description": "差评 stored without reason or text"},
        "badReasons": {
            "type": "object",
            "additionalProperties": COUNT,
            "description": "reason code (evalDetail) -> 差评 giving it",
        },
        "ignored": {**COUNT, "description": "presses outside an invitation (no ratings)"},
        "suspect": _object(
            {"fast_press": COUNT, "burst": COUNT, "walk_in_no_staff": COUNT},
            ["fast_press", "burst", "walk_in_no_staff"],
            "ratings carrying each interference flag (counted like any other rating)",
        ),
    },
    ["from", "to", "total", "byLevel", "goodRate", "score", "bad", "incomplete"],
    "the period's figures (per staff member or window with the filters)",
)
SYNC = _object(
    {
        "state": {"type": "string", "maxLength": 50, "description": "the sync state after the drain (idle: all sent)"},
        "sent": _object({"services": COUNT, "evaluations": COUNT}, ["services", "evaluations"]),
        "delivered": {**COUNT, "description": "items the centre took"},
        "rejected": {**COUNT, "description": "items the centre refused for good (dead letters)"},
        "error": {**TEXT, "description": "why the drain stopped early (the rest stays queued)"},
        "queueDepth": {**COUNT, "description": "ratings not at the centre yet (dead letters included)"},
    },
    ["state", "sent", "delivered", "rejected", "queueDepth"],
    "what this drain sent",
)
DIAGNOSTICS = {
    "type": "object",
    "description": "the technician status page's snapshot: device, version, evaluator, printer, ratings by state, "
    "queue, dead letters, sync, clock offset, health (kiosk.app.diagnostics.snapshot)",
}


class PortBug(Exception):
    """The pad answered something the API does not promise."""


def fit(schema: dict, value: object, where: str = "") -> dict:
    """A copy of `value` holding only `schema`'s members, each checked; PortBug when it does not fit."""
    if not isinstance(value, dict):
        raise PortBug(f"{where or 'answer'}: expected an object, got {type(value).__name__}")
    out = {}
    for name, rule in schema["properties"].items():
        if name not in value or (value[name] is None and name not in schema["required"]):
            if name in schema["required"]:
                raise PortBug(f"{where}{name}: missing")
            continue
        out[name] = _check(rule, value[name], f"{where}{name}")
    return out


def _check(rule: dict, v: object, where: str) -> object:
    kind = rule["type"]
    if kind == "object":
        if "properties" in rule:
            return fit(rule, v, f"{where}.")
        if not isinstance(v, dict) or not all(isinstance(k, str) for k in v):
            raise PortBug(f"{where}: expected an object, got {v!r:.60}")
        return {k: _check(rule["additionalProperties"], x, f"{where}.{k}") for k, x in v.items()}
    ok = {
        "string": isinstance(v, str),
        "integer": isinstance(v, int) and not isinstance(v, bool),
        "number": isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": isinstance(v, bool),
    }[kind]
    if not ok:
        raise PortBug(f"{where}: expected {kind}, got {v!r:.60}")
    if "enum" in rule and v not in rule["enum"]:
        raise PortBug(f"{where}: {v!r:.60} not in {rule['enum']}")
    if kind == "string" and isinstance(v, str):
        if len(v) > rule.get("maxLength", 10**9):
            raise PortBug(f"{where}: longer than {rule['maxLength']}")
        if len(v) < rule.get("minLength", 0):
            raise PortBug(f"{where}: shorter than {rule['minLength']}")
    if (
        kind in ("integer", "number")
        and isinstance(v, int | float)
        and not rule.get("minimum", -(10**18)) <= v <= rule.get("maximum", 10**18)
    ):
        raise PortBug(f"{where}: {v} out of range")
    return v
