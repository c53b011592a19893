"""The mobile rating page behind the signed QR link: verification, rules, storage as pf 3 (HTTP on 127.0.0.1).

The same page in a real browser, with QR codes read by zbar: tests/e2e/test_mobile_page.py."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import requests

from kiosk.central.demo_profile import demo_profile
from kiosk.central.mobile import rating_template
from kiosk.central.server import CentralEmulator
from kiosk.core.qrlink import RatingLink, build_url
from kiosk.core.timefmt import SHANGHAI, assess_time
from tests.unit.sync.helpers import MARK, SECRET, central_evaluations, signed_get

QR_SECRET = "qr-secret"


def _profile() -> dict:
    profile = demo_profile()
    profile["reasons"] = [
        {"starLevel": 5, "normCode": "P501", "normName": "大厅的专属表扬", "usingStatus": 1},
        {"starLevel": 2, "normCode": "P201", "normName": "大厅的专属差评原因", "usingStatus": 1},
        {"starLevel": 2, "normCode": "P202", "normName": "已停用的原因", "usingStatus": 0},
    ]
    return profile


@pytest.fixture
def emu(tmp_path):
    with CentralEmulator(tmp_path / "c.db", MARK, SECRET, qr_secret=QR_SECRET, profile=_profile()) as e:
        yield e


def _case(emu, pn="P-1001", *, status=2, when=None, **kw):
    when = when or datetime.now(UTC)
    item = {"projectNo": pn, "proStatus": status, "taskName": "社会保障卡挂失", "userName": "张小三"}
    item.update(proDepart="市人社局", serviceTime=assess_time(when), handleUserPageCode="GZ1001", **kw)
    assert emu.db.store_services([item], "pad-01")[0]["status"] == "accepted"


def _url(emu, pn="P-1001", *, ts=None, encoding="plain", secret=QR_SECRET, pf=3):
    link = RatingLink("pad-01", pf, pn, int(time.time()) if ts is None else ts)
    return build_url(link, secret, rating_template(emu.url, encoding=encoding), encoding)


def _get(url):
    resp = requests.get(url, timeout=5)
    assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
    return resp


def _submit(emu, url, **fields):
    form = {"link": urlsplit(url).query, "assessNumber": "1", "writing": "", **fields}
    return requests.post(emu.url + "/m/rate", data=form, timeout=5)


@pytest.mark.parametrize("encoding", ["plain", "base64x2"])
def test_form_shows_matter_masked_applicant_levels_and_the_profiles_reasons(emu, encoding):
    _case(emu)
    resp = _get(_url(emu, encoding=encoding))
    assert resp.status_code == 200 and resp.headers["X-Rating-Outcome"] == "form"
    page = resp.text
    assert '<html lang="zh-CN">' in page and "社会保障卡挂失" in page and "P-1001" in page
    assert "张*三" in page and "张小三" not in page
    for word in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert f"<span>{word}</span>" in page
    assert page.count("<svg") == 5  # a face per level
    assert "大厅的专属表扬" in page and "大厅的专属差评原因" in page and "已停用的原因" not in page
    assert 'name="reason2" value="P201"' in page and "<form" in page and "<script" not in page


@pytest.mark.parametrize(
    ("mutate", "status", "outcome"),
    [
        (lambda u: u.replace("sig=", "sig=0"), 403, "invalid"),  # forged signature
        (lambda u: u.replace("projectNo=P-1001", "projectNo=P-1002"), 403, "invalid"),  # altered field
        (lambda u: u.replace("pf=3", "pf=4"), 403, "invalid"),
        (lambda u: u.split("&sig=")[0], 403, "invalid"),  # unsigned
        (lambda u: u + "x", 403, "invalid"),
    ],
)
def test_forged_or_altered_link_gets_a_page_without_a_form(emu, mutate, status, outcome):
    _case(emu)
    _case(emu, "P-1002")
    resp = _get(mutate(_url(emu)))
    assert (resp.status_code, resp.headers["X-Rating-Outcome"]) == (status, outcome)
    assert "评价链接无效" in resp.text and "<form" not in resp.text


def test_base64x2_payload_altered_or_garbled_is_refused(emu):
    _case(emu)
    url = _url(emu, encoding="base64x2")
    for bad in (url[:-6] + "AAAA%3D", url.replace("payload=", "payload=%25%25"), _url(emu, secret="other")):
        resp = _get(bad)
        assert resp.status_code == 403 and "<form" not in resp.text


def test_expired_and_future_links(emu):
    _case(emu)
    old = int(time.time()) - 31 * 86400
    resp = _get(_url(emu, ts=old))
    assert (resp.status_code, resp.headers["X-Rating-Outcome"]) == (410, "expired")
    assert "评价链接已过期" in resp.text and "<form" not in resp.text
    resp = _get(_url(emu, ts=int(time.time()) + 3600))
    assert resp.status_code == 403 and "<form" not in resp.text


def test_case_outside_five_working_days_is_expired(emu):
    _case(emu, when=datetime.now(UTC) - timedelta(days=20))
    resp = _get(_url(emu))
    assert (resp.status_code, resp.headers["X-Rating-Outcome"]) == (410, "expired")
    assert "已超过评价期限" in resp.text and "<form" not in resp.text


def test_unknown_case_is_a_page_asking_to_retry(emu):
    resp = _get(_url(emu, "NOT-THERE"))
    assert (resp.status_code, resp.headers["X-Rating-Outcome"]) == (404, "unknown")
    assert "<form" not in resp.text


def test_submit_stores_pf3_first_rating_visible_in_evaluations(emu):
    _case(emu)
    url = _url(emu)
    resp = _submit(emu, url, satisfaction="2", reason2="P201", writing=" 等候时间太长 ")
    assert (resp.status_code, resp.headers["X-Rating-Outcome"]) == (200, "rated")
    assert "评价成功" in resp.text
    [ev] = central_evaluations(emu.url)
    assert ev["pf"] == 3 and ev["assessNumber"] == 1 and ev["satisfaction"] == 2
    assert ev["evalDetail"] == "P201" and ev["writingEvaluation"] == "等候时间太长"
    assert ev["projectNo"] == "P-1001" and ev["deviceId"] == "pad-01" and ev["handleUserPageCode"] == "GZ1001"
    assert "calendarUnknown" not in ev
    datetime.strptime(ev["assessTime"], "%Y-%m-%d %H:%M:%S")
    # the same link again: already rated (not finished: no 追加评价 yet), no form
    resp = _get(url)
    assert (resp.status_code, resp.headers["X-Rating-Outcome"]) == (409, "already")
    assert "<form" not in resp.text
    # a second tab's stale form: refused with the provincial message, nothing more stored
    resp = _submit(emu, url, satisfaction="5")
    assert resp.status_code == 409 and "评价数据不可重复" in resp.text
    assert len(central_evaluations(emu.url)) == 1


def test_bad_rating_needs_a_reason_or_text_and_reasons_must_be_the_levels(emu):
    _case(emu)
    url = _url(emu)
    for fields in ({"satisfaction": "1"}, {"satisfaction": "2", "reason2": "P501"}, {"satisfaction": "9"}, {}):
        resp = _submit(emu, url, **fields)
        assert resp.status_code == 400 and 'class="error"' in resp.text and "<form" in resp.text
    resp = _submit(emu, url, satisfaction="1", writing="x" * 501)
    assert resp.status_code == 400
    assert central_evaluations(emu.url) == []
    resp = _submit(emu, url, satisfaction="5", reason2="P201")  # another level's reason is dropped, not stored
    assert resp.headers["X-Rating-Outcome"] == "rated"
    assert central_evaluations(emu.url)[0]["evalDetail"] == ""


def test_follow_up_once_after_the_case_is_finished(emu):
    _case(emu, status=3)
    url = _url(emu)
    assert _submit(emu, url, satisfaction="4").headers["X-Rating-Outcome"] == "rated"
    resp = _get(url)
    assert resp.headers["X-Rating-Outcome"] == "form" and "追加评价" in resp.text
    assert _submit(emu, url, satisfaction="5", assessNumber="2").headers["X-Rating-Outcome"] == "rated"
    assert [e["assessNumber"] for e in central_evaluations(emu.url)] == [1, 2]
    resp = _get(url)
    assert resp.headers["X-Rating-Outcome"] == "already" and "<form" not in resp.text
    assert _submit(emu, url, satisfaction="5", assessNumber="2").status_code == 409


def test_deadline_in_an_unknown_year_is_accepted_and_marked(tmp_path):
    """Served 2026-12-30; the emulator's clock at 2027-01-08 (5 weekdays + the longest 2026 holiday block)."""
    served = datetime(2026, 12, 30, 10, 0, tzinfo=SHANGHAI)
    offset = (datetime(2027, 1, 8, 12, 0, tzinfo=SHANGHAI) - datetime.now(UTC)).total_seconds()
    with CentralEmulator(tmp_path / "c.db", MARK, SECRET, qr_secret=QR_SECRET, time_offset_s=offset) as emu:
        _case(emu, when=served)
        ts = int(emu.server_now().timestamp())
        url = _url(emu, ts=ts)
        assert _get(url).headers["X-Rating-Outcome"] == "form"
        assert _submit(emu, url, satisfaction="5").headers["X-Rating-Outcome"] == "rated"
        resp = signed_get(emu.url, "/hcp/v1/evaluations?since=0", now_s=emu.server_now().timestamp())
        [ev] = resp.json()["items"]
        assert ev["calendarUnknown"] is True and ev["assessNumber"] == 1
    # far beyond even the lenient window: expired
    offset = (datetime(2027, 2, 20, 12, 0, tzinfo=SHANGHAI) - datetime.now(UTC)).total_seconds()
    with CentralEmulator(tmp_path / "d.db", MARK, SECRET, qr_secret=QR_SECRET, time_offset_s=offset) as emu:
        _case(emu, when=served)
        resp = _get(_url(emu, ts=int(emu.server_now().timestamp())))
        assert resp.headers["X-Rating-Outcome"] == "expired"


def test_without_a_qr_secret_there_is_no_page_and_the_device_api_still_needs_signatures(tmp_path):
    with CentralEmulator(tmp_path / "c.db", MARK, SECRET) as emu:
        assert requests.get(emu.url + "/m/rate?x=1", timeout=5).status_code == 401
    with CentralEmulator(tmp_path / "d.db", MARK, SECRET, qr_secret=QR_SECRET) as emu:
        assert requests.get(emu.url + "/hcp/v1/stats", timeout=5).status_code == 401
