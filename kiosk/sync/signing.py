"""Request signing: HMAC over METHOD, PATH, TIMESTAMP, NONCE and the body hash.

    X-Signature = hex(HMAC-H(app_secret, METHOD "\n" PATH "\n" TIMESTAMP "\n" NONCE "\n" hex(H(BODY))))

H is SHA-256 (`hmac-sha256`) or SM3 (`hmac-sm3`, 国密). SM3 comes from hashlib where OpenSSL provides it and
from gmssl otherwise; both give the same digests.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from typing import Protocol

from gmssl import func as _gm_func
from gmssl import sm3 as _gm_sm3

MAX_SKEW_S = 300
HEADERS = ("X-App-Mark", "X-Timestamp", "X-Nonce", "X-Signature")
_BLOCK = 64  # SHA-256 and SM3 both work on 64-byte blocks


def _hashlib_has_sm3() -> bool:
    try:
        hashlib.new("sm3", b"")
    except (ValueError, TypeError):
        return False
    return True


HASHLIB_SM3 = _hashlib_has_sm3()


def sm3_gmssl(data: bytes) -> bytes:
    return bytes.fromhex(_gm_sm3.sm3_hash(_gm_func.bytes_to_list(data)))


def sm3_hashlib(data: bytes) -> bytes:
    return hashlib.new("sm3", data).digest()


def sm3_digest(data: bytes, impl: str = "auto") -> bytes:
    """SM3 of `data`; impl "hashlib", "gmssl" or "auto" (hashlib when available)."""
    if impl == "hashlib" or (impl == "auto" and HASHLIB_SM3):
        return sm3_hashlib(data)
    if impl in ("gmssl", "auto"):
        return sm3_gmssl(data)
    raise ValueError(f"unknown SM3 implementation {impl!r}")


def hmac_sm3(key: bytes, msg: bytes, impl: str = "auto") -> bytes:
    """HMAC (RFC 2104) over SM3."""
    if impl == "hashlib" or (impl == "auto" and HASHLIB_SM3):
        return hmac.new(key, msg, lambda *a: hashlib.new("sm3", *a)).digest()
    if len(key) > _BLOCK:
        key = sm3_digest(key, impl)
    key = key.ljust(_BLOCK, b"\0")
    inner = sm3_digest(bytes(b ^ 0x36 for b in key) + msg, impl)
    return sm3_digest(bytes(b ^ 0x5C for b in key) + inner, impl)


def _primitives(signer: str, impl: str) -> tuple[Callable[[bytes], bytes], Callable[[bytes, bytes], bytes]]:
    if signer == "hmac-sha256":
        return (lambda d: hashlib.sha256(d).digest()), (lambda k, m: hmac.new(k, m, hashlib.sha256).digest())
    if signer == "hmac-sm3":
        return (lambda d: sm3_digest(d, impl)), (lambda k, m: hmac_sm3(k, m, impl))
    raise ValueError(f"unknown signer {signer!r}")


def string_to_sign(
    method: str, path: str, timestamp: str, nonce: str, body: bytes, signer: str, impl: str = "auto"
) -> bytes:
    digest, _ = _primitives(signer, impl)
    return "\n".join((method.upper(), path, timestamp, nonce, digest(body or b"").hex())).encode("utf-8")


def signature(
    secret: str, method: str, path: str, timestamp: str, nonce: str, body: bytes, signer: str, impl: str = "auto"
) -> str:
    _, mac = _primitives(signer, impl)
    return mac(secret.encode("utf-8"), string_to_sign(method, path, timestamp, nonce, body, signer, impl)).hex()


def new_nonce() -> str:
    return secrets.token_hex(16)  # 32 characters


def sign_headers(
    app_mark: str,
    secret: str,
    method: str,
    path: str,
    body: bytes,
    signer: str,
    *,
    now_s: float | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """The four signature headers of one request. `path` includes the query string, if any."""
    ts = str(int(time.time() if now_s is None else now_s))
    nonce = nonce or new_nonce()
    return {
        "X-App-Mark": app_mark,
        "X-Timestamp": ts,
        "X-Nonce": nonce,
        "X-Signature": signature(secret, method, path, ts, nonce, body, signer),
    }


class Nonces(Protocol):
    """Where `verify` records the nonces it accepted: a NonceCache, or one behind the caller's lock."""

    def add(self, nonce: str, now_s: float) -> bool: ...


class NonceCache:
    """Nonces seen within the skew window (a replay inside it is refused). Not thread-safe: lock outside."""

    def __init__(self, window_s: float = MAX_SKEW_S):
        self.window_s = window_s
        self._seen: dict[str, float] = {}
        self._next_prune = 0.0

    def add(self, nonce: str, now_s: float) -> bool:
        """False when the nonce was already used inside the window."""
        if now_s >= self._next_prune:
            self._seen = {n: t for n, t in self._seen.items() if t > now_s - 2 * self.window_s}
            self._next_prune = now_s + 10
        if nonce in self._seen:
            return False
        self._seen[nonce] = now_s
        return True


def verify(
    headers: dict[str, str],
    method: str,
    path: str,
    body: bytes,
    *,
    app_mark: str,
    secret: str,
    signer: str,
    now_s: float,
    nonces: Nonces,
    max_skew_s: float = MAX_SKEW_S,
) -> str | None:
    """None when the request is authentic, else the reason (for a 401)."""
    missing = [h for h in HEADERS if not headers.get(h)]
    if missing:
        return f"missing signature headers: {', '.join(missing)}"
    if headers["X-App-Mark"] != app_mark:
        return "unknown X-App-Mark"
    try:
        ts = int(headers["X-Timestamp"])
    except ValueError:
        return "X-Timestamp must be unix seconds"
    if abs(now_s - ts) > max_skew_s:
        return f"X-Timestamp is {now_s - ts:+.0f} s away from server time (limit {max_skew_s:.0f} s)"
    nonce = headers["X-Nonce"]
    if len(nonce) < 16:
        return "X-Nonce must have at least 16 characters"
    expected = signature(secret, method, path, headers["X-Timestamp"], nonce, body, signer)
    if not hmac.compare_digest(expected, headers["X-Signature"].lower()):
        return "bad signature"
    if not nonces.add(nonce, now_s):
        return "nonce already used (replay)"
    return None
