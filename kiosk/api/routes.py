"""The routes of the local API: what each one validates, asks the pad and answers.

Handlers are plain functions of a `Call` (no HTTP here); `kiosk.api.server` does the transport and
`kiosk.api.openapi` publishes the same table.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from kiosk.api import shapes, validate
from kiosk.api.errors import ApiError
from kiosk.api.port import PadPort

WAIT_SLICE_S = 1.0


@dataclass
class Call:
    port: PadPort
    params: tuple[str, ...] = ()
    query: dict[str, list[str]] = field(default_factory=dict)
    body: object = None
    stopping: threading.Event = field(default_factory=threading.Event)
    document: dict = field(default_factory=dict)


@dataclass
class Reply:
    status: int
    body: dict
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # sent instead of the JSON body (a PNG), as headers["Content-Type"]


Handler = Callable[[Call], Reply]


@dataclass(frozen=True)
class Route:
    method: str
    template: str  # OpenAPI path template
    handler: Handler
    summary: str
    success: tuple[int, str, dict]  # status, description, schema
    errors: frozenset[int]  # error statuses this route may answer (documented)
    request: str = ""  # name of the request body schema ("" = no body)
    auth: bool = True
    description: str = ""

    def regex(self) -> re.Pattern[str]:
        return re.compile("^" + re.sub(r"\{[A-Za-z]+\}", "([^/]+)", self.template) + "$")


# --- handlers ------------------------------------------------------------------------------------------


def health(call: Call) -> Reply:
    return Reply(200, shapes.fit(shapes.HEALTH, call.port.health()))


def openapi(call: Call) -> Reply:
    return Reply(200, call.document)


def sign_in(call: Call) -> Reply:
    staff_id = validate.staff_id(call.body)
    return Reply(200, shapes.fit(shapes.STAFF, call.port.sign_in(staff_id)))


def sign_out(call: Call) -> Reply:
    call.port.sign_out()
    return Reply(200, {"status": "signed_out"})


def staff_status(call: Call) -> Reply:
    status = validate.staff_status(call.body)
    call.port.set_staff_status(status)
    return Reply(200, {"status": status})


def invite(call: Call) -> Reply:
    req = validate.invite(call.body)
    created = shapes.fit(shapes.CREATED, call.port.invite(req.service, req.pf, req.timeout_s))
    return Reply(201, created, {"Location": f"/api/v1/invitations/{quote(created['invitationId'], safe='')}"})


def _known_id(call: Call) -> str:
    inv_id = call.params[0]
    if len(inv_id) > 100 or validate.CONTROL.search(inv_id):
        raise ApiError(404, "not_found", "no such invitation")
    return inv_id


def _open(result: dict, details: bool) -> bool:
    """Whether a long-poll holds: while pending; with details, also while the details page is open."""
    return result["state"] == "pending" or (details and result["state"] == "rated" and not result["detailsDone"])


def invitation(call: Call) -> Reply:
    wait = validate.wait_seconds(call.query)
    details = validate.details_flag(call.query)
    inv_id = _known_id(call)
    result = _fit_invitation(call.port.invitation(inv_id))
    deadline = time.monotonic() + wait
    while _open(result, details) and not call.stopping.is_set():
        left = deadline - time.monotonic()
        if left <= 0:
            break
        now = _fit_invitation(call.port.wait_invitation(inv_id, min(left, WAIT_SLICE_S), result))
        if now != result:
            return Reply(200, now)
    return Reply(200, result)


def _fit_invitation(result: dict | None) -> dict:
    if result is None:
        raise ApiError(404, "not_found", "no such invitation (unknown or forgotten)")
    return shapes.fit(shapes.INVITATION, result)


def cancel(call: Call) -> Reply:
    inv_id = _known_id(call)
    call.port.cancel(inv_id)
    after = call.port.invitation(inv_id)
    if after is None:
        return Reply(200, {"invitationId": inv_id, "state": "cancelled", "detailsDone": False})
    return Reply(200, shapes.fit(shapes.INVITATION, after))


def receipt(call: Call) -> Reply:
    project_no = validate.receipt(call.body)
    return Reply(202, shapes.fit(shapes.RECEIPT, call.port.print_receipt(project_no)))


def screen(call: Call) -> Reply:
    return Reply(200, shapes.fit(shapes.SCREEN, call.port.screen()))


def stats(call: Call) -> Reply:
    period, staff, counter = validate.stats_query(call.query)
    return Reply(200, shapes.fit(shapes.STATS, call.port.stats(period, staff, counter)))


def diagnostics(call: Call) -> Reply:
    snap = call.port.diagnostics()
    if not isinstance(snap, dict):
        raise shapes.PortBug(f"diagnostics: expected an object, got {type(snap).__name__}")
    return Reply(200, json.loads(json.dumps(snap, ensure_ascii=False, default=str)))  # plain JSON types only


def screenshot(call: Call) -> Reply:
    png = call.port.screenshot()
    if not isinstance(png, bytes) or not png.startswith(PNG_SIGNATURE):
        raise shapes.PortBug("screenshot: not a PNG")
    return Reply(200, {}, {"Content-Type": "image/png"}, raw=png)


def sync(call: Call) -> Reply:
    return Reply(200, shapes.fit(shapes.SYNC, call.port.sync_now()))


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# --- the table -----------------------------------------------------------------------------------------

_PORT = frozenset({500, 503})
_BODY = frozenset({400, 411, 413, 415, 422})
_AUTH = frozenset({401})

ROUTES: tuple[Route, ...] = (
    Route(
        "GET",
        "/api/v1/health",
        health,
        "Pad health (no token needed)",
        (200, "the pad's health", shapes.HEALTH),
        _PORT,
        auth=False,
    ),
    Route(
        "GET",
        "/api/v1/openapi.json",
        openapi,
        "This OpenAPI 3.1 document",
        (200, "the OpenAPI document", {"type": "object"}),
        _AUTH | {500},
    ),
    Route(
        "POST",
        "/api/v1/staff/session",
        sign_in,
        "Sign a staff member in (在岗)",
        (200, "signed in; the pad shows the staff card", shapes.STAFF),
        _PORT | _AUTH | _BODY | {404, 409},
        request="StaffSignIn",
        description="The staff member must be in the roster (404 otherwise).",
    ),
    Route(
        "DELETE",
        "/api/v1/staff/session",
        sign_out,
        "Sign the staff member out (暂停服务)",
        (200, "signed out; a pending invitation is cancelled", shapes.STAFF_STATE),
        _PORT | _AUTH | {409},
    ),
    Route(
        "PUT",
        "/api/v1/staff/status",
        staff_status,
        "Set 在岗 / 暂停服务 / 离开",
        (200, "the new status", shapes.STAFF_STATE),
        _PORT | _AUTH | _BODY | {409},
        request="StaffStatus",
        description="409 no_staff when nobody is signed in (window pads). paused / away cancel a pending invitation.",
    ),
    Route(
        "POST",
        "/api/v1/invitations",
        invite,
        "Invite the citizen to rate a case",
        (201, "the invitation is on screen", shapes.CREATED),
        _PORT | _AUTH | _BODY | {409},
        request="Invitation",
        description="409 busy (another invitation pending), no_staff, not_on_duty, unavailable (storage), "
        "already_evaluated (the case can take no further evaluation). A case with a first rating and "
        "proStatus 3 (已办结) gets a 追加评价 (assessNumber 2), once.",
    ),
    Route(
        "GET",
        "/api/v1/invitations/{invitationId}",
        invitation,
        "An invitation's result (optionally long-poll)",
        (200, "the invitation's current result", shapes.INVITATION),
        _PORT | _AUTH | {404, 422},
        description="With wait=N (0..60) the answer is held while the invitation is pending, or rated with its "
        "details page still open, until that changes or N seconds pass.",
    ),
    Route(
        "DELETE",
        "/api/v1/invitations/{invitationId}",
        cancel,
        "Cancel a pending invitation",
        (200, "cancelled; the pad returns to idle", shapes.INVITATION),
        _PORT | _AUTH | {404, 409},
        description="409 not_pending when the invitation was already rated, timed out or cancelled.",
    ),
    Route(
        "POST",
        "/api/v1/receipts",
        receipt,
        "Print the rating receipt of a stored case (its signed QR link)",
        (202, "queued for the printer", shapes.RECEIPT),
        _PORT | _AUTH | _BODY | {404, 409},
        request="Receipt",
        description="404 when the case is unknown to this pad; 409 no_printer when none is configured. Paper-out "
        "or offline printers never block: the job is dropped with the status reported.",
    ),
    Route(
        "GET",
        "/api/v1/screen",
        screen,
        "What the pad shows now",
        (200, "the current screen", shapes.SCREEN),
        _PORT | _AUTH,
    ),
    Route(
        "GET",
        "/api/v1/stats",
        stats,
        "The hall's figures for a period: ratings per level, 好评率, its 20-point score, 差评",
        (200, "the period's figures", shapes.STATS),
        _PORT | _AUTH | {400},
        description="Query: from, to (YYYY-MM-DD, Asia/Shanghai days, both included; 400 bad_request naming the "
        "parameter when missing, not a date, or to before from), optional staff (工号) and window. A first rating "
        "and a 追加评价 both count; flagged ratings count like any other (suspect tallies them). "
        "score = 20 × goodRate (seed 000).",
    ),
    Route(
        "GET",
        "/api/v1/diagnostics",
        diagnostics,
        "What the technician status page shows",
        (200, "the diagnostics snapshot", shapes.DIAGNOSTICS),
        _PORT | _AUTH,
    ),
    Route(
        "GET",
        "/api/v1/screenshot",
        screenshot,
        "A PNG of the screen as the citizen sees it now",
        (200, "the screen, image/png, at the window's size", {"type": "string", "format": "binary"}),
        _PORT | _AUTH,
        description="503 unavailable when the pad runs headless (no screens) or its screen does not answer in time.",
    ),
    Route(
        "POST",
        "/api/v1/sync",
        sync,
        "Report to the centre now, and answer what was sent",
        (200, "the drain's result", shapes.SYNC),
        _PORT | _AUTH | {409},
        description="Ignores the retry backoff; waits for the drain (at most 60 s: then 503, the drain goes on). "
        "409 no_sync when no centre is configured. No body.",
    ),
)


_MATCHERS = tuple((route, route.regex()) for route in ROUTES)


def resolve(method: str, path: str) -> tuple[Route | None, tuple[str, ...], list[str]]:
    """(route, decoded path params, methods allowed on the path): route None with methods = 405, without = 404."""
    allowed: list[str] = []
    for route, regex in _MATCHERS:
        m = regex.match(path)
        if m:
            allowed.append(route.method)
            if route.method == method:
                return route, tuple(unquote(g, errors="replace") for g in m.groups()), allowed
    return None, (), allowed
