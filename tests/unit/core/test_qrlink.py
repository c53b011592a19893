import base64
from urllib.parse import unquote

import pytest

from kiosk.core.qrlink import LinkError, RatingLink, build_url, parse_url

SECRET = "qr-secret"
PLAIN = "https://hcp.example.gov.cn/rate?projectNo={projectNo}&deviceId={deviceId}&pf={pf}&ts={ts}&sig={sig}"
B64 = "https://hcp.example.gov.cn/evaluate?data={payload}"


def test_canonical_and_signature_vector():
    link = RatingLink("KIOSK-01", 3, "P2026-001 办件", 1795399200)
    assert link.canonical() == "deviceId=KIOSK-01&pf=3&projectNo=P2026-001 办件&ts=1795399200"
    import hashlib
    import hmac

    want = hmac.new(b"qr-secret", link.canonical().encode("utf-8"), hashlib.sha256).hexdigest()
    assert link.sign(SECRET) == want and len(want) == 64 and want == want.lower()


def test_plain_round_trip_url_encoded():
    link = RatingLink("KIOSK-01", 3, "P2026-001 办件", 1795399200)
    url = build_url(link, SECRET, PLAIN, "plain")
    assert "projectNo=P2026-001%20%E5%8A%9E%E4%BB%B6" in url
    assert parse_url(url, SECRET, PLAIN, "plain") == link


def test_base64x2_round_trip():
    link = RatingLink("KIOSK-01", 5, "P9", 1795399200)
    url = build_url(link, SECRET, B64, "base64x2")
    payload = unquote(url.split("data=")[1])
    inner = base64.b64decode(base64.b64decode(payload)).decode()
    assert inner == link.canonical() + "&sig=" + link.sign(SECRET)
    assert parse_url(url, SECRET, B64, "base64x2") == link


@pytest.mark.parametrize("encoding,template", [("plain", PLAIN), ("base64x2", B64)])
def test_forged_and_altered_refused(encoding, template):
    link = RatingLink("KIOSK-01", 3, "P1", 1795399200)
    with pytest.raises(LinkError, match="签名无效"):
        parse_url(build_url(link, "other-secret", template, encoding), SECRET, template, encoding)
    if encoding == "plain":
        altered = build_url(link, SECRET, template, encoding).replace("projectNo=P1", "projectNo=P2")
        with pytest.raises(LinkError, match="签名无效"):
            parse_url(altered, SECRET, template, encoding)
    with pytest.raises(LinkError):
        parse_url("garbage\x02", SECRET, template, encoding)
