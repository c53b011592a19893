"""Every error status: auth, routing, transport limits, malformed and wrongly typed bodies, pad conflicts."""

from __future__ import annotations

import logging

import pytest

from kiosk.api import ApiServer
from kiosk.api.errors import CODES
from tests.unit.api.conftest import TOKEN, Client, error_of, raw, service
from tests.unit.api.fake_port import FakePadPort

# --- auth -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [None, "Bearer wrong", f"bearer {TOKEN}x", f"Basic {TOKEN}", TOKEN, "Bearer", f"Bearer  {TOKEN[:-1]}"],
)
def test_missing_or_wrong_token_is_401(server, header):
    client = Client(server.url, token=None)
    try:
        headers = {"Authorization": header} if header is not None else {}
        for method, path in [("GET", "/api/v1/screen"), ("POST", "/api/v1/invitations"), ("GET", "/api/v1/nope")]:
            resp = client.request(method, path, headers=headers, json={})
            assert resp.status_code == 401, (method, path)
            assert error_of(resp)["code"] == "unauthorized"
            assert resp.headers["WWW-Authenticate"].startswith("Bearer")
    finally:
        client.close()


def test_scheme_is_case_insensitive(server):
    client = Client(server.url, token=None)
    try:
        assert client.get("/api/v1/screen", headers={"Authorization": f"bearer {TOKEN}"}).status_code == 200
    finally:
        client.close()


def test_non_latin1_authorization_header_is_401_not_a_crash(server):
    status, _, _ = raw(
        server.url,
        b"GET /api/v1/screen HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xe4\xbd\xa0\xe5\xa5\xbd\r\n\r\n",
    )
    assert status == 401


def test_health_needs_no_token_but_openapi_does(anon):
    assert anon.get("/api/v1/health").status_code == 200
    assert anon.get("/api/v1/openapi.json").status_code == 401


def test_loopback_without_token_needs_no_auth(pad):
    with ApiServer(pad, port_number=0) as srv:
        client = Client(srv.url, token=None)
        try:
            assert client.get("/api/v1/screen").status_code == 200
        finally:
            client.close()


@pytest.mark.parametrize("bind", ["0.0.0.0", "::", "", "192.168.1.20"])
def test_refuses_to_start_on_a_lan_address_without_token(pad, bind):
    with pytest.raises(ValueError, match="token"):
        ApiServer(pad, bind=bind, port_number=0)


def test_lan_address_with_token_is_allowed(pad):
    ApiServer(pad, bind="0.0.0.0", port_number=0, token=TOKEN)  # constructed, not started (tests stay on loopback)


@pytest.mark.parametrize("bind", ["127.0.0.1", "localhost", "127.0.0.2"])
def test_loopback_binds_allowed_without_token(pad, bind):
    ApiServer(pad, bind=bind, port_number=0)


# --- routing --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/api/v1", "/api/v1/health/", "/api/v2/health", "/api/v1/invitations/a/b"])
def test_unknown_route_is_404_json(api, path):
    resp = api.get(path)
    assert resp.status_code == 404 and error_of(resp)["code"] == "not_found"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("POST", "/api/v1/health", "GET"),
        ("PATCH", "/api/v1/invitations", "POST"),
        ("PUT", "/api/v1/invitations/inv-1", "GET, DELETE"),
        ("GET", "/api/v1/staff/session", "POST, DELETE"),
        ("TRACE", "/api/v1/screen", "GET"),
        ("OPTIONS", "/api/v1/staff/status", "PUT"),
    ],
)
def test_wrong_method_is_405_json_with_allow(api, method, path, allow):
    resp = api.request(method, path)
    assert resp.status_code == 405 and resp.headers["Allow"] == allow
    assert error_of(resp)["code"] == "method_not_allowed"


def test_head_gets_no_body(server):
    status, headers, body = raw(
        server.url, f"HEAD /api/v1/screen HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\r\n".encode()
    )
    assert status == 405 and body == b"" and headers["allow"] == "GET"


# --- transport ------------------------------------------------------------------------------------------

AUTH = f"Authorization: Bearer {TOKEN}\r\n"


def test_declared_body_over_64_kib_is_413_without_reading_it(server):
    head = f"POST /api/v1/invitations HTTP/1.1\r\nHost: x\r\n{AUTH}Content-Type: application/json\r\n"
    status, headers, body = raw(server.url, (head + "Content-Length: 65537\r\n\r\n").encode())  # no body sent
    assert status == 413 and b'"too_large"' in body
    assert headers["connection"] == "close"


def test_body_of_exactly_64_kib_is_read(api):
    filler = " " * (64 * 1024 - len('{"staffId":"s-001"}'))
    data = ('{"staffId":"s-001"}' + filler).encode()
    assert len(data) == 64 * 1024
    resp = api.post("/api/v1/staff/session", data=data, headers={"Content-Type": "application/json"})
    assert resp.status_code == 200


def test_chunked_body_is_411(server):
    head = f"POST /api/v1/staff/session HTTP/1.1\r\nHost: x\r\n{AUTH}Content-Type: application/json\r\n"
    status, _, body = raw(server.url, (head + "Transfer-Encoding: chunked\r\n\r\n5\r\n{...}\r\n0\r\n\r\n").encode())
    assert status == 411 and b'"length_required"' in body


def test_absent_content_length_is_411(server):
    head = f"PUT /api/v1/staff/status HTTP/1.1\r\nHost: x\r\n{AUTH}Content-Type: application/json\r\n\r\n"
    status, _, _ = raw(server.url, head.encode())
    assert status == 411


@pytest.mark.parametrize("length", ["-1", "abc", "1e3", "5, 6"])
def test_bad_content_length_is_400(server, length):
    head = f"PUT /api/v1/staff/status HTTP/1.1\r\nHost: x\r\n{AUTH}Content-Type: application/json\r\n"
    status, _, body = raw(server.url, (head + f"Content-Length: {length}\r\n\r\n").encode())
    assert status == 400 and b'"bad_request"' in body


def test_body_shorter_than_declared_is_400_after_the_socket_timeout(server, monkeypatch):
    from kiosk.api import server as server_mod

    monkeypatch.setattr(server_mod._Handler, "timeout", 0.3)
    client = Client(server.url)
    try:
        head = f"PUT /api/v1/staff/status HTTP/1.1\r\nHost: x\r\n{AUTH}Content-Type: application/json\r\n"
        status, _, _ = raw(server.url, (head + 'Content-Length: 100\r\n\r\n{"status"').encode())
        assert status == 400
    finally:
        client.close()


@pytest.mark.parametrize(
    "ctype", [None, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1"]
)
def test_non_json_content_type_is_415(api, ctype):
    headers = {"Content-Type": ctype} if ctype else {}
    resp = api.put("/api/v1/staff/status", data=b'{"status": "away"}', headers=headers)
    assert resp.status_code == 415 and error_of(resp)["code"] == "unsupported_media_type"


@pytest.mark.parametrize("ctype", ["application/json; charset=UTF-8", "application/json; charset*=utf-8''utf-8"])
def test_json_content_type_with_utf8_charset_is_fine(api, ctype):
    headers = {"Content-Type": ctype}  # the second spells the charset as RFC 2231 allows
    assert api.put("/api/v1/staff/status", data=b'{"status": "away"}', headers=headers).status_code == 200


@pytest.mark.parametrize(
    "data",
    [b"", b"{", b"{'a': 1}", b"NaN", b'{"status": Infinity}', b"\xff\xfe{}", b"[" * 60000, b"1" * 5000, b"{}}"],
)
def test_unparsable_json_is_400_invalid_json(api, data):
    resp = api.put("/api/v1/staff/status", data=data, headers={"Content-Type": "application/json"})
    assert resp.status_code == 400 and error_of(resp)["code"] == "invalid_json"


def test_body_sent_to_a_route_without_one_is_ignored_and_the_connection_closed(server):
    head = f"GET /api/v1/screen HTTP/1.1\r\nHost: x\r\n{AUTH}Content-Length: 5\r\n\r\nhello"
    status, headers, _ = raw(server.url, head.encode())
    assert status == 200 and headers["connection"] == "close"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"GARBAGE\r\n\r\n", 400),
        (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 414),
        (b"GET /api/v1/health HTTP/9.9\r\n\r\n", 505),
        (b"GET /api/v1/health HTTP/1.1\r\n" + b"X-A: b\r\n" * 120 + b"\r\n", 431),
    ],
)
def test_malformed_http_is_answered_in_json(server, data, code):
    status, headers, body = raw(server.url, data)
    assert status == code and headers["content-type"].startswith("application/json") and b'"error"' in body


# --- bodies: each wrong member is named -----------------------------------------------------------------


def _invite(**overrides) -> dict:
    svc = service("P-100")
    for key, value in overrides.pop("svc", {}).items():
        if value is ...:
            svc.pop(key, None)
        else:
            svc[key] = value
    body = {"service": svc}
    body.update(overrides)
    return body


BAD_INVITES = [
    ([], "body"),
    ("text", "body"),
    ({}, "service"),
    ({"service": None}, "service"),
    ({"service": "P-1"}, "service"),
    ({"service": service(), "extra": 1}, "extra"),
    (_invite(svc={"projectNo": ...}), "service.projectNo"),
    (_invite(svc={"projectNo": ""}), "service.projectNo"),
    (_invite(svc={"projectNo": "   "}), "service.projectNo"),
    (_invite(svc={"projectNo": "P" * 51}), "service.projectNo"),
    (_invite(svc={"projectNo": 12345}), "service.projectNo"),
    (_invite(svc={"projectNo": "P\u0000"}), "service.projectNo"),
    (_invite(svc={"projectNo": "P\u200b1"}), "service.projectNo"),
    (_invite(svc={"taskCode": ...}), "service.taskCode"),
    (_invite(svc={"taskName": None}), "service.taskName"),
    (_invite(svc={"taskName": "x" * 201}), "service.taskName"),
    (_invite(svc={"userName": "张\n三"}), "service.userName"),
    (_invite(svc={"certKey": ["420102"]}), "service.certKey"),
    (_invite(svc={"proStatus": ...}), "service.proStatus"),
    (_invite(svc={"proStatus": "3"}), "service.proStatus"),
    (_invite(svc={"proStatus": True}), "service.proStatus"),
    (_invite(svc={"proStatus": 4}), "service.proStatus"),
    (_invite(svc={"proStatus": 2.5}), "service.proStatus"),
    (_invite(svc={"userProp": 7}), "service.userProp"),
    (_invite(svc={"userProp": 0}), "service.userProp"),
    (_invite(svc={"userProp": None}), "service.userProp"),
    (_invite(svc={"proChannel": 3}), "service.proChannel"),
    (_invite(svc={"mobile": "call me"}), "service.mobile"),
    (_invite(svc={"serviceTime": "2026-13-01 00:00:00"}), "service.serviceTime"),
    (_invite(svc={"areaCode": "42A100"}), "service.areaCode"),
    (_invite(svc={"local": True}), "service.local"),
    (_invite(svc={"prostatus": 3}), "service.prostatus"),
    (_invite(pf=0), "pf"),
    (_invite(pf=7), "pf"),
    (_invite(pf="4"), "pf"),
    (_invite(pf=False), "pf"),
    (_invite(timeoutSeconds=4), "timeoutSeconds"),
    (_invite(timeoutSeconds=601), "timeoutSeconds"),
    (_invite(timeoutSeconds="30"), "timeoutSeconds"),
    (_invite(timeoutSeconds=30.5), "timeoutSeconds"),
    (_invite(timeoutSeconds=1e300), "timeoutSeconds"),
]


@pytest.mark.parametrize(("body", "field"), BAD_INVITES)
def test_invalid_invitation_names_the_field(api, pad: FakePadPort, body, field):
    resp = api.post("/api/v1/invitations", json=body)
    assert resp.status_code == 422, resp.text
    err = error_of(resp)
    assert (err["code"], err["field"]) == ("invalid", field)
    assert err["message"]
    assert not [c for c in pad.calls if c[0] == "invite"]  # nothing reached the pad


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/staff/session", {}, "staffId"),
        ("/api/v1/staff/session", {"staffId": 1001}, "staffId"),
        ("/api/v1/staff/session", {"staffId": ""}, "staffId"),
        ("/api/v1/staff/session", {"staffId": "s-001", "pin": "1234"}, "pin"),
        ("/api/v1/staff/session", ["s-001"], "body"),
        ("/api/v1/staff/status", {}, "status"),
        ("/api/v1/staff/status", {"status": "busy"}, "status"),
        ("/api/v1/staff/status", {"status": "signed_out"}, "status"),
        ("/api/v1/staff/status", {"status": None}, "status"),
    ],
)
def test_invalid_staff_bodies_name_the_field(api, path, body, field):
    method = api.post if path.endswith("session") else api.put
    resp = method(path, json=body)
    assert resp.status_code == 422, resp.text
    assert error_of(resp)["field"] == field


@pytest.mark.parametrize(
    ("query", "field"),
    [(f"wait={w}", "wait") for w in ("abc", "-1", "61", "1.5", "", "9999")]
    + [(f"wait=5&details={d}", "details") for d in ("yes", "", "2", "True")],
)
def test_bad_query_is_422(api, query, field):
    inv = api.invite().json()["invitationId"]
    resp = api.get(f"/api/v1/invitations/{inv}?{query}")
    assert resp.status_code == 422 and error_of(resp)["field"] == field


# --- the pad says no -------------------------------------------------------------------------------------


def test_second_invitation_while_one_is_pending_is_409_busy(api):
    assert api.invite("P-1").status_code == 201
    resp = api.invite("P-2")
    assert resp.status_code == 409 and error_of(resp)["code"] == "busy"


def test_invitation_without_staff_is_409_no_staff(api, pad: FakePadPort):
    pad.sign_out()
    resp = api.invite()
    assert resp.status_code == 409 and error_of(resp)["code"] == "no_staff"


def test_invitation_while_paused_is_409_not_on_duty(api):
    api.put("/api/v1/staff/status", json={"status": "paused"})
    resp = api.invite()
    assert resp.status_code == 409 and error_of(resp)["code"] == "not_on_duty"


def test_storage_failure_is_503_then_409_unavailable(api, pad: FakePadPort):
    inv = api.invite("P-1").json()["invitationId"]
    pad.fail_storage()
    pad.press(5)  # the rating cannot be stored: 暂停评价
    assert api.get("/api/v1/health").json()["status"] == "degraded"
    assert api.get(f"/api/v1/invitations/{inv}").json()["state"] == "pending"
    resp = api.invite("P-2")
    assert resp.status_code == 409 and error_of(resp)["code"] == "unavailable"


def test_storage_failure_while_inviting_is_503(api, pad: FakePadPort):
    pad.fail_storage()
    resp = api.invite("P-1")
    assert resp.status_code == 503 and error_of(resp)["code"] == "unavailable"


# --- bugs in the pad never become malformed answers ---------------------------------------------------------


class BrokenPad(FakePadPort):
    def screen(self) -> dict:
        raise RuntimeError("boom")

    def health(self) -> dict:
        return {"status": "ok"}  # members missing

    def sign_out(self) -> None:
        raise LookupError("undocumented for this route")


def test_pad_bugs_are_logged_500s_and_the_server_keeps_serving(caplog):
    with ApiServer(BrokenPad(), port_number=0) as srv:
        client = Client(srv.url, token=None)
        try:
            with caplog.at_level(logging.ERROR, logger="kiosk.api.server"):
                for method, path in [
                    ("GET", "/api/v1/screen"),
                    ("GET", "/api/v1/health"),
                    ("DELETE", "/api/v1/staff/session"),
                ]:
                    resp = client.request(method, path)
                    assert resp.status_code == 500 and error_of(resp)["code"] == "internal", path
            assert len([r for r in caplog.records if r.levelno >= logging.ERROR]) == 3
            assert client.get("/api/v1/openapi.json").status_code == 200
        finally:
            client.close()


def test_every_documented_code_is_listed():
    assert set(CODES) == {400, 401, 404, 405, 409, 411, 413, 415, 422, 500, 503}
