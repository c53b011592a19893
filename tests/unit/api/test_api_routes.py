"""Every route's happy path and the pad behaviour behind it, over real HTTP."""

from __future__ import annotations

from kiosk.api import ApiServer
from kiosk.core.flow.machine import Screen
from kiosk.core.model import PF_PAD, PF_TERMINAL
from tests.unit.api.conftest import Client, error_of
from tests.unit.api.fake_port import FakePadPort


def test_health_is_open(anon, api):
    resp = anon.get("/api/v1/health")
    assert resp.status_code == 200
    assert resp.json() == {
        "status": "ok",
        "mode": "window",
        "deviceId": "PAD01",
        "version": "0.1.0",
        "evaluator": "online",
        "queueDepth": 0,
    }
    assert resp.headers["Cache-Control"] == "no-store"
    assert api.get("/api/v1/health").status_code == 200


def test_openapi_document_describes_every_route(api):
    doc = api.get("/api/v1/openapi.json").json()
    assert doc["openapi"] == "3.1.0"
    ops = {(m.upper(), p) for p, item in doc["paths"].items() for m in item}
    assert ops == {
        ("GET", "/api/v1/health"),
        ("GET", "/api/v1/openapi.json"),
        ("POST", "/api/v1/staff/session"),
        ("DELETE", "/api/v1/staff/session"),
        ("PUT", "/api/v1/staff/status"),
        ("POST", "/api/v1/invitations"),
        ("GET", "/api/v1/invitations/{invitationId}"),
        ("DELETE", "/api/v1/invitations/{invitationId}"),
        ("POST", "/api/v1/receipts"),
        ("GET", "/api/v1/screen"),
        ("GET", "/api/v1/stats"),
        ("GET", "/api/v1/diagnostics"),
        ("GET", "/api/v1/screenshot"),
        ("POST", "/api/v1/sync"),
    }
    assert doc["paths"]["/api/v1/health"]["get"]["security"] == []
    invite = doc["paths"]["/api/v1/invitations"]["post"]
    assert set(invite["responses"]) == {"201", "400", "401", "409", "411", "413", "415", "422", "500", "503"}


def test_sign_in_shows_the_staff_card(api, pad: FakePadPort):
    pad.sign_out()
    resp = api.post("/api/v1/staff/session", json={"staffId": "s-002"})
    assert resp.status_code == 200
    assert resp.json() == {"staffId": "s-002", "name": "王芳", "pageCode": "GH1002", "dept": "社保窗口", "stars": 4}
    assert pad.flow.state.staff.staffId == "s-002"
    assert pad.flow.state.staff_status == "on_duty"


def test_sign_in_never_returns_the_photo(api):
    body = api.post("/api/v1/staff/session", json={"staffId": "s-001"}).json()
    assert "photo" not in body and body["name"] == "李明"


def test_sign_in_unknown_staff_is_404(api):
    resp = api.post("/api/v1/staff/session", json={"staffId": "nobody"})
    assert resp.status_code == 404
    assert error_of(resp)["code"] == "not_found"


def test_sign_out_pauses_and_cancels_a_pending_invitation(api, pad: FakePadPort):
    inv = api.invite().json()["invitationId"]
    resp = api.delete("/api/v1/staff/session")
    assert resp.status_code == 200 and resp.json() == {"status": "signed_out"}
    assert pad.flow.state.staff is None and pad.flow.state.staff_status == "signed_out"
    assert api.get(f"/api/v1/invitations/{inv}").json()["state"] == "cancelled"


def test_staff_status_each_value(api, pad: FakePadPort):
    for status in ("paused", "away", "on_duty"):
        resp = api.put("/api/v1/staff/status", json={"status": status})
        assert resp.status_code == 200 and resp.json() == {"status": status}
        assert pad.flow.state.staff_status == status


def test_staff_status_without_staff_is_409_no_staff(api, pad: FakePadPort):
    pad.sign_out()
    resp = api.put("/api/v1/staff/status", json={"status": "on_duty"})
    assert resp.status_code == 409 and error_of(resp)["code"] == "no_staff"


def test_invite_stores_the_service_and_shows_the_invitation(api, pad: FakePadPort):
    resp = api.invite("P-001", timeoutSeconds=45)
    assert resp.status_code == 201
    body = resp.json()
    assert body["state"] == "pending" and body["assessNumber"] == 1
    assert resp.headers["Location"] == f"/api/v1/invitations/{body['invitationId']}"
    assert pad.sink.services["P-001"].taskName == "食品经营许可"
    assert pad.sink.services["P-001"].handleUserPageCode == "GH1001"  # bound to the signed-in staff
    inv = pad.flow.state.invitation
    assert pad.flow.state.screen is Screen.INVITED and inv.pf == PF_PAD and inv.timeout_s == 45


def test_invite_with_explicit_pf_and_optional_members(api, pad: FakePadPort):
    resp = api.invite(
        "P-002",
        pf=6,
        service={"proChannel": 1, "serviceTime": "2026-11-23 09:30:00", "areaCode": "420100", "mobile": ...},
    )
    assert resp.status_code == 201, resp.text
    assert pad.flow.state.invitation.pf == 6
    stored = pad.sink.services["P-002"]
    assert (stored.proChannel, stored.serviceTime, stored.areaCode, stored.mobile) == (
        1,
        "2026-11-23 09:30:00",
        "420100",
        "",
    )


def test_integral_floats_count_as_integers(api):
    resp = api.invite("P-003", timeoutSeconds=30.0, pf=None, service={"proStatus": 2.0})
    assert resp.status_code == 201, resp.text


def test_terminal_needs_no_staff_and_defaults_to_pf_5():
    pad = FakePadPort(mode="terminal")
    with ApiServer(pad, port_number=0) as srv:
        client = Client(srv.url, token=None)
        try:
            resp = client.invite("T-001")
            assert resp.status_code == 201, resp.text
            assert pad.flow.state.invitation.pf == PF_TERMINAL
        finally:
            client.close()


def test_invitation_result_through_its_life(api, pad: FakePadPort):
    inv = api.invite("P-010").json()["invitationId"]
    assert api.get(f"/api/v1/invitations/{inv}").json() == {
        "invitationId": inv,
        "state": "pending",
        "detailsDone": False,
        "projectNo": "P-010",
        "assessNumber": 1,
    }
    assert pad.press(2)
    rated = api.get(f"/api/v1/invitations/{inv}").json()
    assert rated["state"] == "rated" and rated["satisfaction"] == 2 and rated["evaluationId"]
    assert rated["detailsDone"] is False and "evalDetail" not in rated
    reason = pad.flow.catalog.for_level(2)[0].code
    pad.choose(reason, text="等了很久")
    assert pad.submit()
    done = api.get(f"/api/v1/invitations/{inv}").json()
    assert done["detailsDone"] is True and done["writingEvaluation"] == "等了很久"
    assert done["evalDetail"] == reason
    assert done["evaluationId"] == rated["evaluationId"]


def test_invitation_times_out(api, pad: FakePadPort):
    inv = api.invite("P-011", timeoutSeconds=5).json()["invitationId"]
    pad.advance(6)
    assert api.get(f"/api/v1/invitations/{inv}").json()["state"] == "timeout"


def test_unknown_invitation_is_404(api):
    for inv in ("inv-nope", "x" * 300, "%00", "%ff%fe"):
        resp = api.get(f"/api/v1/invitations/{inv}")
        assert resp.status_code == 404 and error_of(resp)["code"] == "not_found", inv


def test_cancel_returns_the_pad_to_idle(api, pad: FakePadPort):
    inv = api.invite("P-020").json()["invitationId"]
    resp = api.delete(f"/api/v1/invitations/{inv}")
    assert resp.status_code == 200
    assert resp.json()["state"] == "cancelled" and resp.json()["invitationId"] == inv
    assert pad.flow.state.screen is Screen.IDLE
    again = api.delete(f"/api/v1/invitations/{inv}")
    assert again.status_code == 409 and error_of(again)["code"] == "not_pending"
    assert api.delete("/api/v1/invitations/inv-unknown").status_code == 404


def test_cancel_after_the_press_is_409(api, pad: FakePadPort):
    inv = api.invite("P-021").json()["invitationId"]
    pad.press(5)
    resp = api.delete(f"/api/v1/invitations/{inv}")
    assert resp.status_code == 409 and error_of(resp)["code"] == "not_pending"


def test_screen(api, pad: FakePadPort):
    assert api.get("/api/v1/screen").json() == {"screen": "idle", "message": ""}
    api.invite("P-030")
    assert api.get("/api/v1/screen").json()["screen"] == "invited"


def test_follow_up_rating_once_the_case_is_finished(api, pad: FakePadPort):
    def rate(inv: str) -> None:
        assert pad.press(5)
        assert pad.submit()
        pad.advance(10)  # thanks -> idle
        assert api.get(f"/api/v1/invitations/{inv}").json()["detailsDone"]

    first = api.invite("P-040")
    assert first.json()["assessNumber"] == 1
    rate(first.json()["invitationId"])

    still_open = api.invite("P-040", service={"proStatus": 2})
    assert still_open.status_code == 409
    assert error_of(still_open)["code"] == "already_evaluated"
    assert error_of(still_open)["field"] == "service.projectNo"

    follow_up = api.invite("P-040", service={"proStatus": 3})
    assert follow_up.status_code == 201 and follow_up.json()["assessNumber"] == 2
    rate(follow_up.json()["invitationId"])

    third = api.invite("P-040", service={"proStatus": 3})
    assert third.status_code == 409 and error_of(third)["code"] == "already_evaluated"


def test_one_keep_alive_connection_serves_many_requests(api):
    for _ in range(20):
        assert api.get("/api/v1/screen").status_code == 200
