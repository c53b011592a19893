from tests.unit.api.conftest import error_of
from tests.unit.api.fake_port import FakePadPort


def test_receipt_queued_for_a_known_case(api, pad: FakePadPort):
    assert api.invite("P-R1").status_code == 201
    pad.flow.cancel(pad.flow.state.invitation.id)
    resp = api.post("/api/v1/receipts", json={"projectNo": "P-R1"})
    assert resp.status_code == 202, resp.text
    assert resp.json() == {"status": "queued", "projectNo": "P-R1", "url": "https://hcp.example/r?projectNo=P-R1"}
    assert pad.printed == ["P-R1"]


def test_receipt_errors(api, anon, pad: FakePadPort):
    resp = api.post("/api/v1/receipts", json={"projectNo": "P-NOPE"})
    assert resp.status_code == 404 and error_of(resp)["code"] == "not_found"
    resp = api.post("/api/v1/receipts", json={})
    assert resp.status_code == 422 and error_of(resp)["field"] == "projectNo"
    resp = api.post("/api/v1/receipts", json={"projectNo": 7})
    assert resp.status_code == 422 and error_of(resp)["field"] == "projectNo"
    resp = api.post("/api/v1/receipts", json={"projectNo": "P-1", "copies": 2})
    assert resp.status_code == 422
    assert anon.post("/api/v1/receipts", json={"projectNo": "P-1"}).status_code == 401
    pad.printer = False
    assert api.invite("P-R2").status_code == 201
    resp = api.post("/api/v1/receipts", json={"projectNo": "P-R2"})
    assert resp.status_code == 409 and error_of(resp)["code"] == "no_printer"
    assert pad.printed == []


def test_demo_panel_sample_cases_pass_the_api_validation():
    """The demo's business-system panel posts these cases over the real API: each must be accepted."""
    from kiosk.api import validate
    from kiosk.demo.samples import SAMPLE_SERVICES

    for svc in SAMPLE_SERVICES:
        assert validate.invite({"service": dict(svc)}).service.projectNo == svc["projectNo"]
