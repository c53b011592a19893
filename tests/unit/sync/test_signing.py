import hashlib
import hmac

import pytest

from kiosk.sync import signing

ABC_SM3 = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
# GB/T 32905 example 2: "abcd" * 16
ABCD_SM3 = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
SHA256_VECTOR = "2039b7ca42d9dd393277ee866a82f5bcfdf0f91ecf5167d234458fbb0c550d63"
SM3_VECTOR = "a39f181fe7c2fc22ded2c974f95f7ba712c6b33a551ec0badfd062504436d043"


@pytest.mark.parametrize("impl", ["gmssl", "hashlib"])
def test_sm3_vectors_both_implementations(impl):
    if impl == "hashlib" and not signing.HASHLIB_SM3:
        pytest.skip("this OpenSSL has no SM3")
    assert signing.sm3_digest(b"abc", impl).hex() == ABC_SM3
    assert signing.sm3_digest(b"abcd" * 16, impl).hex() == ABCD_SM3


def test_hmac_sm3_gmssl_matches_hashlib():
    if not signing.HASHLIB_SM3:
        pytest.skip("this OpenSSL has no SM3")
    for key in (b"", b"k", b"secret" * 20):  # short, and longer than one block
        for msg in (b"", b"abc", "中文".encode() * 50):
            assert signing.hmac_sm3(key, msg, "gmssl") == signing.hmac_sm3(key, msg, "hashlib")


def test_sm3_signature_same_whichever_implementation():
    args = ("secret", "POST", "/hcp/v1/evaluations", "1700000000", "n" * 16, b'{"items":[]}', "hmac-sm3")
    assert signing.signature(*args, impl="gmssl") == signing.signature(*args, impl="auto")


def test_sha256_signature_vector():
    body = b'{"deviceId":"pad-01","items":[]}'
    sts = signing.string_to_sign("post", "/hcp/v1/evaluations", "1700000000", "0123456789abcdef", body, "hmac-sha256")
    assert sts == (
        b"POST\n/hcp/v1/evaluations\n1700000000\n0123456789abcdef\n" + hashlib.sha256(body).hexdigest().encode()
    )
    sig = signing.signature(
        "s3cret", "POST", "/hcp/v1/evaluations", "1700000000", "0123456789abcdef", body, "hmac-sha256"
    )
    assert sig == hmac.new(b"s3cret", sts, hashlib.sha256).hexdigest()
    assert sig == SHA256_VECTOR  # the vector in docs/central-api.md


def test_sm3_signature_vector_both_paths():
    body = b'{"deviceId":"pad-01","items":[]}'
    args = ("s3cret", "POST", "/hcp/v1/evaluations", "1700000000", "0123456789abcdef", body, "hmac-sm3")
    assert signing.signature(*args, impl="gmssl") == SM3_VECTOR
    if signing.HASHLIB_SM3:
        assert signing.signature(*args, impl="hashlib") == SM3_VECTOR


def test_get_signs_empty_body_and_query():
    sts = signing.string_to_sign("GET", "/hcp/v1/evaluations?since=0", "1", "n" * 16, b"", "hmac-sha256")
    assert sts.endswith(hashlib.sha256(b"").hexdigest().encode())
    assert b"/hcp/v1/evaluations?since=0\n" in sts


def test_sign_headers_and_verify_round_trip():
    nonces = signing.NonceCache()
    for signer in ("hmac-sha256", "hmac-sm3"):
        h = signing.sign_headers("m", "s", "POST", "/p", b"x", signer, now_s=1000)
        assert len(h["X-Nonce"]) >= 16 and h["X-Timestamp"] == "1000"
        kw = dict(app_mark="m", secret="s", signer=signer, nonces=nonces)
        assert signing.verify(h, "POST", "/p", b"x", now_s=1000, **kw) is None
        assert "replay" in signing.verify(h, "POST", "/p", b"x", now_s=1000, **kw)
        h2 = signing.sign_headers("m", "s", "POST", "/p", b"x", signer, now_s=1000)
        assert signing.verify(h2, "POST", "/p", b"y", now_s=1000, **kw) == "bad signature"
        assert "away from server time" in signing.verify(h2, "POST", "/p", b"x", now_s=1301, **kw)
        assert signing.verify({**h2, "X-App-Mark": "x"}, "POST", "/p", b"x", now_s=1000, **kw) == "unknown X-App-Mark"


def test_nonce_cache_forgets_after_window():
    cache = signing.NonceCache(window_s=300)
    assert cache.add("a" * 16, 0)
    assert not cache.add("a" * 16, 100)
    assert cache.add("a" * 16, 1000)
