"""The OpenAPI 3.1 document served at GET /api/v1/openapi.json, built from the route table and the
validation rules so that the document cannot drift from what the server does."""

from __future__ import annotations

from kiosk import __version__
from kiosk.api import shapes, validate
from kiosk.api.errors import CODES
from kiosk.api.routes import ROUTES, Route
from kiosk.core.model import PF, PRO_STATUS, USER_PROP

_CTRL = "\\u0000-\\u001f\\u007f-\\u009f"
NO_CONTROL = f"^[^{_CTRL}]*$"
NON_BLANK = f"^[^{_CTRL}]*[^\\s{_CTRL}][^{_CTRL}]*$"

_REASONS = {
    400: "Malformed request: the body is not UTF-8 JSON (invalid_json), or a query parameter is wrong (bad_request, "
    "`field` names it: e.g. a date that is not YYYY-MM-DD)",
    401: "Missing or wrong `Authorization: Bearer <token>`",
    404: "Not found",
    409: "The pad's state does not allow this now",
    411: "A body must be sent with Content-Length (chunked bodies are refused)",
    413: "Body larger than 64 KiB (checked on Content-Length before reading)",
    415: "Content-Type is not application/json",
    422: "A member is missing, has the wrong type or breaks a rule; `field` names it",
    500: "Unexpected error (logged); there should be none",
    503: "The pad cannot answer now (storage unavailable, GUI busy)",
}


def _text(rule: validate.Text) -> dict:
    schema: dict = {"type": "string", "maxLength": rule.max_len}
    if rule.pattern:
        schema["pattern"] = f"^(?:{rule.pattern})$"
    elif rule.non_blank:
        schema["pattern"] = NON_BLANK
        schema["minLength"] = 1
    else:
        schema["pattern"] = NO_CONTROL
    if rule.hint:
        schema["description"] = rule.hint
    return schema


def _service() -> dict:
    props = {name: _text(rule) for name, rule in validate.SERVICE_TEXT.items()}
    props["projectNo"]["minLength"] = 1
    names = {"proStatus": PRO_STATUS, "userProp": USER_PROP, "proChannel": {1: "线上", 2: "线下"}}
    for name, (allowed, _required) in validate.SERVICE_INT.items():
        meaning = ", ".join(f"{k} {names[name][k]}" for k in allowed)
        props[name] = {"type": "integer", "enum": list(allowed), "description": meaning}
    required = [n for n, r in validate.SERVICE_TEXT.items() if r.required]
    required += [n for n, (_a, req) in validate.SERVICE_INT.items() if req]
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": props,
        "description": "A case (办件) as the business system hands it over; unknown members are rejected (422).",
    }


def _requests() -> dict:
    lo, hi = validate.TIMEOUT_RANGE
    pf_meaning = ", ".join(f"{k} {v}" for k, v in PF.items())
    return {
        "StaffSignIn": {
            "type": "object",
            "additionalProperties": False,
            "required": ["staffId"],
            "properties": {"staffId": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": NON_BLANK}},
        },
        "StaffStatus": {
            "type": "object",
            "additionalProperties": False,
            "required": ["status"],
            "properties": {
                "status": {
                    "type": "string",
                    "enum": list(validate.STAFF_STATUSES),
                    "description": "on_duty 在岗, paused 暂停服务, away 离开",
                }
            },
        },
        "Receipt": {
            "type": "object",
            "additionalProperties": False,
            "required": ["projectNo"],
            "properties": {"projectNo": _service()["properties"]["projectNo"]},
        },
        "Service": _service(),
        "Invitation": {
            "type": "object",
            "additionalProperties": False,
            "required": ["service"],
            "properties": {
                "service": {"$ref": "#/components/schemas/Service"},
                "pf": {
                    "anyOf": [{"type": "integer", "enum": list(PF)}, {"type": "null"}],
                    "description": f"rating channel; absent/null: 4 on a window pad, 5 on a terminal ({pf_meaning})",
                },
                "timeoutSeconds": {
                    "anyOf": [{"type": "integer", "minimum": lo, "maximum": hi}, {"type": "null"}],
                    "description": "how long the invitation stays on screen; absent/null: the pad's setting",
                },
            },
        },
    }


def _error_schema(status: int) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string", "enum": list(CODES[status])},
                    "message": {"type": "string"},
                    "field": {"type": "string", "description": "the offending member, e.g. service.projectNo"},
                },
            }
        },
    }


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _operation(route: Route) -> dict:
    status, description, schema = route.success
    content = {"image/png": {"schema": schema}} if schema.get("format") == "binary" else _json(schema)
    ok: dict = {"description": description, "content": content}
    if status == 201:
        ok["headers"] = {"Location": {"required": True, "schema": {"type": "string"}}}
        by_id = {"invitationId": "$response.body#/invitationId"}
        ok["links"] = {
            "GetInvitation": {"operationId": "get_api_v1_invitations_invitationId", "parameters": by_id},
            "CancelInvitation": {"operationId": "delete_api_v1_invitations_invitationId", "parameters": by_id},
        }
    responses = {str(status): ok}
    for code in sorted(route.errors):
        responses[str(code)] = {"$ref": f"#/components/responses/E{code}"}
    op: dict = {
        "operationId": f"{route.method.lower()}_{route.template.strip('/').replace('/', '_').replace('{', '').replace('}', '').replace('.', '_')}",
        "summary": route.summary,
        "responses": responses,
    }
    if route.description:
        op["description"] = route.description
    if not route.auth:
        op["security"] = []
    if route.request:
        op["requestBody"] = {"required": True, "content": _json({"$ref": f"#/components/schemas/{route.request}"})}
    params = []
    if "{invitationId}" in route.template:
        params.append(
            {"name": "invitationId", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
        )
    if route.handler.__name__ == "invitation":
        params.append(
            {
                "name": "wait",
                "in": "query",
                "required": False,
                "description": "long-poll: hold the answer up to this many seconds while the invitation is pending",
                "schema": {"type": "integer", "minimum": 0, "maximum": validate.MAX_WAIT_S},
            }
        )
        params.append(
            {
                "name": "details",
                "in": "query",
                "required": False,
                "description": "with wait: also hold while the invitation is rated and its details page is open",
                "schema": {"type": "boolean", "default": False},
            }
        )
    if route.handler.__name__ == "stats":
        day = {"type": "string", "format": "date", "description": "YYYY-MM-DD"}
        text = {"type": "string", "minLength": 1, "maxLength": validate.STATS_TEXT_MAX, "pattern": NO_CONTROL}
        params += [
            {"name": "from", "in": "query", "required": True, "description": "first day (YYYY-MM-DD)", "schema": day},
            {"name": "to", "in": "query", "required": True, "description": "last day, included", "schema": day},
            {"name": "staff", "in": "query", "required": False, "description": "only this 工号", "schema": text},
            {"name": "window", "in": "query", "required": False, "description": "only this window", "schema": text},
        ]
    if params:
        op["parameters"] = params
    return op


def document() -> dict:
    paths: dict[str, dict] = {}
    for route in ROUTES:
        paths.setdefault(route.template, {})[route.method.lower()] = _operation(route)
    schemas = _requests()
    schemas.update(
        Health=shapes.HEALTH,
        Staff=shapes.STAFF,
        StaffState=shapes.STAFF_STATE,
        InvitationCreated=shapes.CREATED,
        InvitationResult=shapes.INVITATION,
        Screen=shapes.SCREEN,
        Stats=shapes.STATS,
        SyncResult=shapes.SYNC,
    )
    statuses = sorted({code for route in ROUTES for code in route.errors})
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "kiosk local API",
            "version": __version__,
            "description": "Lets the staff's business system or the queue-calling (叫号) system drive the 好差评 "
            "evaluator pad. Bodies are JSON objects of at most 64 KiB. See docs/local-api.md.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas,
            "responses": {
                f"E{code}": {"description": _REASONS[code], "content": _json(_error_schema(code))} for code in statuses
            },
        },
    }
