"""The signed rating link carried by QR codes on screen and on receipts.

canonical = "deviceId=…&pf=…&projectNo=…&ts=…" (this key order, raw UTF-8 values, ts unix seconds)
sig       = lowercase hex HMAC-SHA256(secret, canonical)
plain     : url_template placeholders {projectNo} {deviceId} {pf} {ts} {sig} are filled, URL-encoded
base64x2  : url_template placeholder {payload} = base64(base64(canonical + "&sig=" + sig))
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote

FIELDS = ("deviceId", "pf", "projectNo", "ts")
QUIET_ZONE = 4  # modules of white kept around the code (ISO/IEC 18004)
ENCODINGS = ("plain", "base64x2")


class LinkError(ValueError):
    """A scanned code that is not a valid rating link (forged, altered, foreign or garbled)."""


@dataclass(frozen=True)
class RatingLink:
    deviceId: str
    pf: int
    projectNo: str
    ts: int

    def canonical(self) -> str:
        return f"deviceId={self.deviceId}&pf={self.pf}&projectNo={self.projectNo}&ts={self.ts}"

    def sign(self, secret: str) -> str:
        return hmac.new(secret.encode(), self.canonical().encode("utf-8"), hashlib.sha256).hexdigest()


def build_url(link: RatingLink, secret: str, template: str, encoding: str = "plain") -> str:
    sig = link.sign(secret)
    if encoding == "plain":
        values = {
            "projectNo": link.projectNo,
            "deviceId": link.deviceId,
            "pf": str(link.pf),
            "ts": str(link.ts),
            "sig": sig,
        }
        return re.sub(
            r"\{(\w+)\}", lambda m: quote(values[m.group(1)], safe="") if m.group(1) in values else m.group(0), template
        )
    if encoding == "base64x2":
        inner = base64.b64encode((link.canonical() + "&sig=" + sig).encode("utf-8"))
        return template.replace("{payload}", quote(base64.b64encode(inner).decode("ascii"), safe=""))
    raise ValueError(f"qr encoding must be one of {ENCODINGS}, got {encoding!r}")


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{\w+\})", template)
    rx = "".join(f"(?P<{p[1:-1]}>[^&#\\s]*)" if re.fullmatch(r"\{\w+\}", p) else re.escape(p) for p in parts)
    return re.compile(rx)


def parse_url(text: str, secret: str, template: str, encoding: str = "plain") -> RatingLink:
    """Read a scanned link back and verify its signature; LinkError with the reason otherwise."""
    text = text.strip()
    m = _template_regex(template).fullmatch(text)
    if m is None:
        raise LinkError("不是本系统的评价二维码 (the code does not match the configured link)")
    got = {k: unquote(v) for k, v in m.groupdict().items()}
    if encoding == "base64x2":
        got = payload_fields(got.get("payload", ""))
    return verify_fields(got, secret)


def payload_fields(payload: str) -> dict[str, str]:
    """The fields a base64x2 {payload} carries; LinkError when it is not base64(base64(...))."""
    try:
        decoded = base64.b64decode(base64.b64decode(payload, validate=True), validate=True)
        return dict(p.split("=", 1) for p in decoded.decode("utf-8").split("&"))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise LinkError("二维码内容无法解析 (payload is not base64(base64(...)))") from exc


def verify_fields(got: Mapping[str, str], secret: str) -> RatingLink:
    """The link of decoded fields deviceId, pf, projectNo, ts, sig, its signature verified; LinkError otherwise."""
    missing = [k for k in (*FIELDS, "sig") if not got.get(k)]
    if missing:
        raise LinkError(f"二维码缺少字段 {', '.join(missing)}")
    try:
        link = RatingLink(got["deviceId"], int(got["pf"]), got["projectNo"], int(got["ts"]))
    except ValueError as exc:
        raise LinkError("二维码字段格式错误 (pf and ts must be integers)") from exc
    if not hmac.compare_digest(link.sign(secret), got["sig"].lower()):
        raise LinkError("二维码签名无效 (forged or altered link)")
    return link


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR matrix of `text` (True = dark), error correction M, the 4-module quiet zone included; the
    smallest version that holds it. One matrix for the screens and the printed receipts."""
    import qrcode  # heavy (~0.1 s): loaded with the first QR code, not at start-up

    code = qrcode.QRCode(error_correction=qrcode.ERROR_CORRECT_M, border=QUIET_ZONE, box_size=1)
    code.add_data(text)
    code.make(fit=True)
    return [[bool(v) for v in row] for row in code.get_matrix()]
