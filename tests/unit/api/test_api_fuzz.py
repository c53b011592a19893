"""Hypothesis fuzz over real HTTP, independent of schemathesis: arbitrary JSON, bytes, content types, paths
and methods. Never a 5xx, always a JSON answer; errors have the documented shape and a documented code."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.api import ApiServer
from kiosk.api.errors import CODES
from tests.unit.api.conftest import TOKEN, Client, service
from tests.unit.api.fake_port import FakePadPort

ROUTES = [
    ("POST", "/api/v1/staff/session"),
    ("PUT", "/api/v1/staff/status"),
    ("POST", "/api/v1/invitations"),
    ("GET", "/api/v1/invitations/x"),
    ("DELETE", "/api/v1/invitations/x"),
    ("DELETE", "/api/v1/staff/session"),
    ("GET", "/api/v1/screen"),
    ("GET", "/api/v1/health"),
]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=60),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=20), inner, max_size=5),
    max_leaves=20,
)
SERVICE_VALUES = st.one_of(JSON, st.text(max_size=80), st.integers(-5, 12))


@st.composite
def invitation_bodies(draw) -> dict:
    svc = service(draw(st.text(min_size=0, max_size=60)))
    for key in draw(st.lists(st.sampled_from(sorted(svc) + ["proChannel", "serviceTime", "zzz"]), max_size=4)):
        if draw(st.booleans()):
            svc[key] = draw(SERVICE_VALUES)
        else:
            svc.pop(key, None)
    body: dict = {"service": svc}
    if draw(st.booleans()):
        body["pf"] = draw(SERVICE_VALUES)
    if draw(st.booleans()):
        body["timeoutSeconds"] = draw(SERVICE_VALUES)
    return body


def check_answer(resp) -> None:
    assert resp.status_code < 500, resp.text
    assert resp.headers["Content-Type"] == "application/json; charset=utf-8"
    body = resp.json()
    if resp.status_code >= 400:
        assert set(body) == {"error"}
        err = body["error"]
        assert set(err) <= {"code", "message", "field"} and isinstance(err["message"], str)
        assert err["code"] in CODES[resp.status_code], (resp.status_code, err)


def _serve():
    pad = FakePadPort()
    pad.sign_in("s-001")
    return pad, ApiServer(pad, port_number=0, token=TOKEN)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_fuzz_json_bodies_on_every_route():
    pad, srv = _serve()
    with srv:
        client = Client(srv.url)
        try:

            @SETTINGS
            @given(route=st.sampled_from(ROUTES), body=JSON | invitation_bodies())
            def run(route, body):
                check_answer(client.request(route[0], route[1], json=body))
                if pad.pending_id():
                    pad.press(5)
                    pad.submit()
                    pad.advance(10)

            run()
        finally:
            client.close()


def test_fuzz_raw_bytes_content_types_and_paths():
    _pad, srv = _serve()
    with srv:
        client = Client(srv.url)
        try:

            @SETTINGS
            @given(
                method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]),
                path=st.sampled_from([r[1] for r in ROUTES] + ["/", "/api/v1/x"])
                | st.text(alphabet="/%?&=.abcdefghijklmnopqrstuvwxyz0123456789-", max_size=40).map(
                    lambda p: "/api/v1/invitations/" + p
                ),
                data=st.binary(max_size=300) | JSON.map(lambda v: json.dumps(v).encode()),
                ctype=st.sampled_from(["application/json", "text/plain", "application/json; charset=utf-16", ""]),
            )
            def run(method, path, data, ctype):
                headers = {"Content-Type": ctype} if ctype else {}
                check_answer(client.request(method, path, data=data, headers=headers))

            run()
        finally:
            client.close()
