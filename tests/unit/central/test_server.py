"""The reference emulator: signatures, provincial rules, faults, inspection."""

import json
import time

import pytest
import requests

from kiosk.central.server import CentralEmulator
from kiosk.sync.client import AuthError, CentralClient, ProtocolError, ServerError, TransportError
from kiosk.sync.signing import sign_headers
from tests.unit.sync.helpers import MARK, SECRET, settings_for, signed_get


def _post(url, path, payload, *, secret=SECRET, now_s=None, nonce=None, headers=None):
    body = json.dumps(payload).encode()
    h = sign_headers(MARK, secret, "POST", path, body, "hmac-sha256", now_s=now_s, nonce=nonce)
    h.update(headers or {})
    with requests.Session() as s:
        return s.post(url + path, data=body, headers=h, timeout=5)


def _svc(pn, **kw):
    return {"projectNo": pn, "proStatus": 2, "userProp": 1, "proChannel": 2, **kw}


def _ev(id_, pn, sat=5, num=1, **kw):
    return {"id": id_, "projectNo": pn, "pf": 4, "satisfaction": sat, "assessNumber": num, "evalDetail": "", **kw}


def test_bad_signature_skew_and_replay_are_401(emulator):
    url = emulator.url
    assert _post(url, "/hcp/v1/services", {"items": []}).status_code == 200
    resp = _post(url, "/hcp/v1/services", {"items": []}, secret="wrong")
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "E_AUTH"
    resp = _post(url, "/hcp/v1/services", {"items": []}, now_s=time.time() - 301)
    assert resp.status_code == 401 and "server time" in resp.json()["error"]["message"]
    assert _post(url, "/hcp/v1/services", {"items": []}, nonce="n" * 20).status_code == 200
    resp = _post(url, "/hcp/v1/services", {"items": []}, nonce="n" * 20)
    assert resp.status_code == 401 and "replay" in resp.json()["error"]["message"]
    with requests.Session() as s:
        resp = s.get(url + "/hcp/v1/stats", timeout=5)
    assert resp.status_code == 401
    # the query string is signed: a signature for since=0 does not open since=5
    h = sign_headers(MARK, SECRET, "GET", "/hcp/v1/evaluations?since=0", b"", "hmac-sha256")
    with requests.Session() as s:
        assert s.get(url + "/hcp/v1/evaluations?since=5", headers=h, timeout=5).status_code == 401


def test_sm3_signer_end_to_end(tmp_path):
    with CentralEmulator(tmp_path / "c.db", MARK, SECRET, signer="hmac-sm3") as emu:
        client = CentralClient(settings_for(emu.url, signer="hmac-sm3"))
        try:
            ans = client.post_items("services", [_svc("A1")])
            assert ans.results["A1"].status == "accepted"
        finally:
            client.close()
        client = CentralClient(settings_for(emu.url))  # sha256 against an SM3 centre
        try:
            with pytest.raises(AuthError):
                client.post_items("services", [_svc("A2")])
        finally:
            client.close()


def test_provincial_rules(emulator):
    client = CentralClient(settings_for(emulator.url))
    try:
        res = client.post_items("services", [_svc("S1"), _svc("S2", proStatus=3), _svc("", proStatus=9)]).results
        assert res["S1"].status == res["S2"].status == "accepted" and res[""].status == "rejected"
        items = [
            _ev("e1", "S1", 1),  # 差评 without reason nor text
            _ev("e2", "S1", 2, writingEvaluation="等太久"),
            _ev("e3", "NOPE", 5),
            _ev("e4", "S2", 6),
            _ev("e5", "S2", 5, num=2),  # 追加 without first
            _ev("e6", "S2", 5, num=1),
            _ev("e7", "S2", 4, num=2),
            _ev("e2", "S1", 2, writingEvaluation="等太久"),  # same id again in the batch
            _ev("e8", "S1", 3, num=1),  # same projectNo + assessNumber as e2
        ]
        res = client.post_items("evaluations", items).results
        assert res["e1"].status == "rejected" and res["e1"].message == "差评必须勾选详情或填写文字评价"
        assert res["e2"].status == "duplicate"  # the last answer for e2 wins in the dict: its second copy
        assert res["e3"].status == "rejected" and res["e3"].code == "E_UNKNOWN_SERVICE"
        assert res["e4"].status == "rejected" and res["e4"].code == "E_SATISFACTION"
        assert res["e5"].status == "rejected" and res["e5"].code == "E_NO_FIRST"
        assert res["e6"].status == "accepted" and res["e7"].status == "accepted"
        assert res["e8"].status == "duplicate" and "不可重复" in res["e8"].message
        assert client.post_items("evaluations", [_ev("e6", "S2")]).results["e6"].status == "duplicate"
        stats = emulator.stats()
        assert stats["evaluations"] == 3 and stats["distinct_evaluation_ids"] == 3
        assert client.lookup_case("S2")["proStatus"] == 3
        assert client.lookup_case("no such") is None
    finally:
        client.close()


def test_inspection_endpoint_pages_with_since(emulator):
    client = CentralClient(settings_for(emulator.url))
    try:
        client.post_items("services", [_svc("S1"), _svc("S2")])
        client.post_items("evaluations", [_ev("a", "S1"), _ev("b", "S2")])
    finally:
        client.close()
    first = signed_get(emulator.url, "/hcp/v1/evaluations?since=0").json()
    assert [i["id"] for i in first["items"]] == ["a", "b"]
    assert signed_get(emulator.url, f"/hcp/v1/evaluations?since={first['next']}").json()["items"] == []
    assert signed_get(emulator.url, "/hcp/v1/stats").json()["evaluations"] == 2


@pytest.mark.parametrize(
    ("fault", "error", "stored"),
    [
        ("500", ServerError, False),
        ("503", ServerError, False),
        ("429", ServerError, False),
        ("reset", TransportError, False),
        ("lostack", TransportError, True),
        ("malformed", ProtocolError, True),
        ("slow", TransportError, True),
    ],
)
def test_each_fault_is_a_failed_attempt(tmp_path, fault, error, stored):
    with CentralEmulator(tmp_path / "c.db", MARK, SECRET, faults=fault, fault_rate=1.0, slow_s=0.6) as emu:
        client = CentralClient(settings_for(emu.url, timeout_s=0.3))
        try:
            with pytest.raises(error) as info:
                client.post_items("services", [_svc("F1")])
            if fault in ("503", "429"):
                assert info.value.retry_after == 1
            if fault == "slow":
                time.sleep(0.5)  # the emulator still stores after its sleep
        finally:
            client.close()
        assert (emu.stats()["services"] == 1) is stored
        assert emu.stats()["faults"] == {fault: 1}


def test_suspect_flags_stored_as_sent_and_absent_is_empty(emulator):
    client = CentralClient(settings_for(emulator.url))
    try:
        client.post_items("services", [_svc("S1"), _svc("S2"), _svc("S3")])
        items = [
            _ev("f1", "S1", suspect=["fast_press", "burst"]),
            _ev("f2", "S2"),  # an older pad: no field
            _ev("f3", "S3", suspect="fast_press"),  # not a list
        ]
        res = client.post_items("evaluations", items).results
    finally:
        client.close()
    assert res["f1"].status == res["f2"].status == "accepted"
    assert res["f3"].status == "rejected" and res["f3"].code == "E_INVALID" and "suspect" in res["f3"].message
    got = {i["id"]: i["suspect"] for i in signed_get(emulator.url, "/hcp/v1/evaluations?since=0").json()["items"]}
    assert got == {"f1": ["fast_press", "burst"], "f2": []}
