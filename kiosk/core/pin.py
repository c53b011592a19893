"""The technician PIN: what a good one is, and its salted scrypt hash (the only form it is ever stored in).

Pure computation, no I/O. A stored hash reads `scrypt$N$r$p$salt_b64$hash_b64` (standard base64), so its cost
can be raised later and old hashes still verify. N = 2**14, r = 8, p = 1 (16 MiB) takes about 50-100 ms on a pad:
slow enough that a copied config file does not give the PIN away in seconds (a 4-12 digit PIN has few
candidates, so this is a brake, not a wall; the 5-try lockout guards the screen itself), fast enough for a tap.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
_MAX_N = 2**20  # a stored hash asking for more is refused rather than run (memory)
_DIGITS = re.compile(r"[0-9]{4,12}")  # ASCII digits: what the keypad and a shell send
_HASH = re.compile(r"scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)")
_ASCII_DIGITS = re.compile(r"[0-9]*")
RULE = "4-12 digits, neither one digit repeated nor consecutive digits up or down"


def is_trivial(pin: str) -> bool:
    """One digit repeated (0000) or a run up or down (1234, 6543, 7890): the first a stranger tries."""
    return len(set(pin)) == 1 or pin in "01234567890" or pin in "09876543210"


def check_pin_text(pin: str) -> str | None:
    """None for a good new PIN, else what is wrong with it (never echoing it)."""
    if not _DIGITS.fullmatch(pin):
        return f"the PIN must be 4-12 digits (got {len(pin)} character(s){'' if _ASCII_DIGITS.fullmatch(pin) else ', not all digits 0-9'})"
    if is_trivial(pin):
        return "the PIN is trivial (one digit repeated, or a run up or down): choose another"
    return None


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * r * n + 1024 * 1024, dklen=dklen)


def hash_pin(pin: str) -> str:
    """A fresh salt each time, so two pads with the same PIN store different hashes."""
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(pin, salt, N, R, P, HASH_BYTES)
    b64 = base64.b64encode
    return f"{SCHEME}${N}${R}${P}${b64(salt).decode()}${b64(digest).decode()}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    m = _HASH.fullmatch(stored)
    if not m:
        return None
    n, r, p = int(m[1]), int(m[2]), int(m[3])
    if n < 2 or n & (n - 1) or n > _MAX_N or not 1 <= r <= 32 or not 1 <= p <= 16:
        return None
    try:
        salt, digest = base64.b64decode(m[4], validate=True), base64.b64decode(m[5], validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(salt) < 8 or not 16 <= len(digest) <= 64:
        return None
    return n, r, p, salt, digest


def is_pin_hash(stored: str) -> bool:
    """True when `stored` is a hash `hash_pin` (or a costlier setting of it) could have written."""
    return _parse(stored) is not None


def verify_pin(pin: str, stored: str) -> bool:
    """Constant-time comparison of the PIN's hash with the stored one; False for an empty or malformed hash."""
    parsed = _parse(stored)
    if parsed is None:
        return False
    n, r, p, salt, digest = parsed
    return hmac.compare_digest(_scrypt(pin, salt, n, r, p, len(digest)), digest)
