"""Masking of personal data (userName, certKey, mobile) for screens and logs."""

from __future__ import annotations

import re


def mask_name(name: str | None) -> str:
    """张三 -> 张*, 张小三 -> 张*三, 欧阳小明 -> 欧**明; latin names keep first and last letter."""
    if not name:
        return ""
    name = name.strip()
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_cert(cert: str | None) -> str:
    """4201xxxxxxxxxx1234 -> 4201**********1234 (first 4, last 4 kept; short ids keep less)."""
    if not cert:
        return ""
    cert = cert.strip()
    if len(cert) <= 8:
        keep = max(1, len(cert) // 4)
        return cert[:keep] + "*" * (len(cert) - 2 * keep) + cert[-keep:] if len(cert) > 2 else "*" * len(cert)
    return cert[:4] + "*" * (len(cert) - 8) + cert[-4:]


def mask_mobile(mobile: str | None) -> str:
    """13812345678 -> 138****5678."""
    if not mobile:
        return ""
    mobile = mobile.strip()
    if len(mobile) < 7:
        return "*" * len(mobile)
    return mobile[:3] + "*" * (len(mobile) - 7) + mobile[-4:]


PII_FIELDS = {"userName": mask_name, "certKey": mask_cert, "mobile": mask_mobile}


def masked(record: dict) -> dict:
    """A copy of a service/evaluation dict with every personal field masked."""
    out = dict(record)
    for key, fn in PII_FIELDS.items():
        if out.get(key):
            out[key] = fn(str(out[key]))
    return out


_ID_RE = re.compile(r"(?<![0-9])([1-9][0-9]{5})([0-9]{8})([0-9]{3}[0-9Xx])(?![0-9])")
_MOBILE_RE = re.compile(r"(?<![0-9])(1[3-9][0-9])([0-9]{4})([0-9]{4})(?![0-9])")


def scrub(text: str) -> str:
    """Mask ID-card and mobile numbers wherever they appear in free text (last line of defence for logs)."""
    text = _ID_RE.sub(lambda m: m.group(1)[:4] + "*" * 10 + m.group(3), text)
    return _MOBILE_RE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
