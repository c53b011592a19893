"""Each protocol end to end against the reference central: what the province answers becomes the right fate."""

import json
import logging
from urllib.parse import parse_qs

import pytest
import requests

from kiosk.central.server import CentralEmulator
from kiosk.core.model import Case
from kiosk.store.db import Store
from kiosk.store.outbox import Outbox
from kiosk.sync.client import CentralClient
from kiosk.sync.drain import Drainer
from kiosk.sync.protocols import sm2
from kiosk.sync.service import SyncService
from kiosk.sync.settings import CentralSettings
from tests.helpers.wait import wait_for
from tests.unit.sync.helpers import (
    APP_WORD,
    AREA,
    MARK,
    PROTOCOL_NAMES,
    SECRET,
    SM2_PRIVATE,
    central_evaluations,
    evaluation,
    insert_pending,
    protocol_emulator_args,
    protocol_settings,
    rate,
    service,
)

SM2_ONLY = [p for p in PROTOCOL_NAMES if p != "kiosk-json"]


@pytest.fixture(params=PROTOCOL_NAMES)
def protocol(request):
    return request.param


@pytest.fixture
def central(tmp_path, protocol):
    emu = CentralEmulator(tmp_path / "central.db", MARK, SECRET, **protocol_emulator_args(protocol)).start()
    yield emu
    emu.stop()


def _drain(store, settings):
    client = CentralClient(settings, clock=store.clock)
    try:
        return Drainer(Outbox(store), client, settings.batch_size).drain()
    finally:
        client.close()


def test_ratings_are_delivered_and_stored_as_sent(store, central, protocol):
    rate(store, "P1", 5, evalDetail="510")
    rate(store, "P2", 2, evalDetail="213", writingEvaluation="等候太久")
    report = _drain(store, protocol_settings(central.url, protocol))
    assert report.ok and report.delivered == 4, report
    held = {e["projectNo"]: e for e in central_evaluations(central.url)}
    assert held["P1"]["satisfaction"] == 5 and held["P2"]["writingEvaluation"] == "等候太久"
    assert central.stats()["services"] == 2
    expected_requests = 2 if protocol == "kiosk-json" else 4  # batches vs one record per request
    assert report.requests == expected_requests


def test_a_duplicate_answered_with_the_provinces_text_counts_delivered(store, central, protocol):
    ev = rate(store, "D1", 5)
    assert _drain(store, protocol_settings(central.url, protocol)).ok
    with store.tx() as conn:  # as after a lost answer: the same rating goes again
        conn.execute("UPDATE evaluations SET sync_state = 'pending' WHERE id = ?", (ev.id,))
    report = _drain(store, protocol_settings(central.url, protocol))
    assert report.ok and report.delivered == 1 and report.rejected == 0
    assert Outbox(store).depth() == 0 and not Outbox(store).dead_letters()
    assert central.stats()["duplicate"] == 1 and len(central_evaluations(central.url)) == 1


def test_a_bad_rating_without_detail_is_a_dead_letter_with_the_provinces_message(store, central, protocol):
    insert_pending(store, [(service("B1"), evaluation("B1", 1, evalDetail="", writingEvaluation=""))])
    report = _drain(store, protocol_settings(central.url, protocol))
    assert report.ok and report.rejected == 1
    (dead,) = Outbox(store).dead_letters()
    assert dead["kind"] == "evaluation" and "差评必须勾选详情或填写文字评价" in dead["last_error"]


@pytest.mark.parametrize("protocol", SM2_ONLY)
@pytest.mark.parametrize("wrong", ["app_word", "platform_public_key"])
def test_a_wrong_app_word_or_key_is_an_auth_error_on_the_slow_schedule(tmp_path, store, central, protocol, wrong):
    rate(store, "A1", 5)
    bad = APP_WORD + "x" if wrong == "app_word" else sm2.new_key_pair()[1]
    settings = protocol_settings(central.url, protocol, interval_seconds=30, **{wrong: bad})
    sync = SyncService(store.path, settings)
    try:
        sync.start()
        assert wait_for(lambda: sync.status()["state"] == "auth_error", 10)
        status = sync.status()
        assert status["next_attempt_in_s"] > 20  # interval_seconds, not the fast backoff
        assert "签名校验失败" in status["last_error"]
    finally:
        sync.stop()
    assert not Outbox(store).dead_letters() and Outbox(store).depth() == 2  # nothing lost, nothing dead
    assert central.stats().get("services", 0) == 0


def _capture(monkeypatch):
    sent = []
    real = requests.Session.request

    def spy(self, method, url, data=None, headers=None, **kw):
        sent.append((url, data, dict(headers or {})))
        return real(self, method, url, data=data, headers=headers, **kw)

    monkeypatch.setattr(requests.Session, "request", spy)
    return sent


@pytest.mark.parametrize("protocol", ["envelope-sm2"])
def test_envelope_on_the_wire(store, central, protocol, monkeypatch):
    task = "11420100MB0000002" + "0" * 14 + "01"  # 33 characters: a 业务办理项编码
    store.upsert_case(Case(projectNo="E1", taskCode=task, taskName="不动产登记", areaCode="4201"))
    store.add_evaluation(evaluation("E1", 5), draft=False)
    sent = _capture(monkeypatch)
    assert _drain(store, protocol_settings(central.url, protocol)).ok
    (url1, body1, hdr1), (url2, body2, _) = sent
    assert url1.endswith("/hcp/addEvaluateService") and url2.endswith("/hcp/addEvaluate")
    assert hdr1["C-Tenancy-Id"] == AREA and "X-Signature" not in hdr1
    doc = json.loads(body1)
    assert doc["txnCommCom"] == {} and set(doc["txnBodyCom"]) == {"appMark", "time", "sign", "params"}
    txn = doc["txnBodyCom"]
    assert len(txn["time"]) == 14 and txn["time"].isdigit()
    sign = txn["sign"]
    assert sign == sign.lower() and len(sign) == 2 * (64 + 32 + len(txn["time"] + MARK + APP_WORD))
    assert sm2.decrypt_hex(SM2_PRIVATE, sign).decode() == txn["time"] + MARK + APP_WORD
    (record,) = txn["params"]["service"]
    case = json.loads(sm2.decrypt_hex(SM2_PRIVATE, record))
    assert case["taskHandleItem"] == task and case["taskCode"] == task[:31] and case["areaCode"] == "420100000000"
    (rating,) = json.loads(body2)["txnBodyCom"]["params"]["evaluate"]
    assert json.loads(sm2.decrypt_hex(SM2_PRIVATE, rating))["satisfaction"] == 5
    assert central.db.get_case("E1")["taskCode"] == task  # the centre put the 33 characters back together


@pytest.mark.parametrize("protocol", ["url-form-sm2"])
def test_url_form_on_the_wire_and_the_rating_page(store, central, protocol, monkeypatch):
    rate(store, "U1", 5)
    sent = _capture(monkeypatch)
    assert _drain(store, protocol_settings(central.url, protocol)).ok
    url, body, headers = sent[0]
    assert url.endswith("/hcp/form/projectService")
    assert headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
    assert set(form) == {"appMark", "time", "sign", "params"} and form["sign"].startswith("04")
    (item,) = json.loads(sm2.decrypt_hex(SM2_PRIVATE, json.loads(form["params"])["data"]))
    case = item["projectService"]
    assert case["dataSource"] == "111" and case["isService"] == "1" and case["proStatus"] == "2"
    assert "handleUserPageCode" not in case  # Beijing: the agent's ID number, not the staff member's 工号
    page = Outbox(store).rating_url("U1")
    assert page and page.startswith(central.url + "/hcp/form/rate?serviceCode=")
    assert requests.get(page, timeout=5).status_code == 200
    assert requests.get(page[:-1] + ("0" if page[-1] != "0" else "1"), timeout=5).status_code == 403


def test_settings_refuse_what_a_protocol_cannot_work_with():
    base = dict(url="http://127.0.0.1:1", app_mark="m", app_secret="", device_id="d")
    with pytest.raises(ValueError, match="app_word"):
        CentralSettings(**base, protocol="envelope-sm2", platform_public_key="ab" * 64)
    with pytest.raises(ValueError, match="platform_public_key"):
        CentralSettings(**base, protocol="envelope-sm2", app_word="w", platform_public_key="ab" * 64)
    with pytest.raises(ValueError, match="protocol"):
        CentralSettings(**base, protocol="soap-sm4")
    with pytest.raises(ValueError, match="app_secret"):
        CentralSettings(**base)


def test_the_qr_shows_the_centres_page_in_rating_url_mode(tmp_path, caplog):
    from kiosk.app.receipts import rating_url
    from kiosk.config import load

    cfg = load(
        None,
        tmp_path,
        overrides={
            "central": {"protocol": "url-form-sm2"},
            "qr": {"source": "central"},
        },
    )
    emu = CentralEmulator(tmp_path / "central.db", MARK, SECRET, **protocol_emulator_args("url-form-sm2")).start()
    try:
        with Store(tmp_path / "kiosk.db") as store:
            rate(store, "Q1", 5)
            now = store.clock.now()
            with caplog.at_level(logging.INFO, logger="kiosk.app.receipts"):
                own = rating_url(cfg, "Q1", now, store)
            assert own.startswith("https://hcp.example.gov.cn/rate?projectNo=Q1")
            assert "has not given its rating page yet" in caplog.text
            assert _drain(store, protocol_settings(emu.url, "url-form-sm2")).ok
            page = rating_url(cfg, "Q1", now, store)
            assert page == Outbox(store).rating_url("Q1") and page.startswith(emu.url + "/hcp/form/rate?")
            local_cfg = load(None, tmp_path, overrides={"central": {"protocol": "url-form-sm2"}})
            assert rating_url(local_cfg, "Q1", now, store).startswith("https://hcp.example.gov.cn/rate?")
    finally:
        emu.stop()


@pytest.mark.parametrize("protocol", SM2_ONLY)
def test_a_pad_clock_far_off_learns_the_offset_from_the_first_refusal(tmp_path, store, protocol):
    args = protocol_emulator_args(protocol)
    emu = CentralEmulator(tmp_path / "c.db", MARK, SECRET, time_offset_s=900, **args).start()
    client = CentralClient(protocol_settings(emu.url, protocol), clock=store.clock)
    try:
        rate(store, "T1", 5)
        drainer = Drainer(Outbox(store), client, 50)
        first = drainer.drain()
        assert first.error is not None and first.error.state == "auth_error" and "签名已过期" in str(first.error)
        assert client.clock_offset_s is not None and abs(client.clock_offset_s - 900) < 3
        assert drainer.drain().ok and Outbox(store).depth() == 0
    finally:
        client.close()
        emu.stop()


@pytest.mark.parametrize("protocol", SM2_ONLY)
def test_without_an_app_secret_only_the_provincial_push_is_used(tmp_path, store, central, protocol):
    rate(store, "N1", 5)
    sync = SyncService(store.path, protocol_settings(central.url, protocol, app_secret=""))
    try:
        sync.start()
        assert wait_for(lambda: sync.status()["queue_depth"] == 0, 10)
        assert sync.wait_idle(5)
        with pytest.raises(Exception, match="no case lookup"):
            sync.lookup_case("N1")
    finally:
        sync.stop()
    stats = central.stats()
    assert stats["evaluations"] == 1 and stats.get("heartbeats", 0) == 0
    assert stats["requests"] == 2  # the case and the rating; no profile, no heartbeat
