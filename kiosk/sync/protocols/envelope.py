"""envelope-sm2: the Shandong-style device push (Epoint `hcp` controllers), one record per request.

    POST {central.url}/hcp/addEvaluateService   (a case)     params.service  = [E]
    POST {central.url}/hcp/addEvaluate          (a rating)   params.evaluate = [E]
    header C-Tenancy-Id: device.area_code
    {"txnBodyCom": {"appMark": M, "time": T, "sign": S, "params": {KEY: [E]}}, "txnCommCom": {}}

T = Asia/Shanghai yyyyMMddHHmmss; S = hex SM2(T + appMark + appWord); E = hex SM2(record JSON), SM2 in mode
C1C3C2 with the 64-byte C1 (no 04), under central.platform_public_key. The answer is the header
C-Response-Desc (UTF-8): `success`; a text containing 评价数据不可重复 (already stored: delivered); any other
text refuses the record (dead letter with that text), except a text about the signature or the app mark
(an auth error: every record would fail the same way, so none is dead-lettered). 401/403 are auth errors;
429, 5xx, no answer or no C-Response-Desc are retried.
"""

from __future__ import annotations

import json
import re

from kiosk.store.outbox import Result
from kiosk.sync.protocols.base import Adapter, Encoded, item_key
from kiosk.sync.protocols.fields import ENVELOPE_SM2, case_out, evaluation_out, wire_time
from kiosk.sync.protocols.sm2 import Encryptor
from kiosk.sync.wire import Answer, AuthError, PostAnswer, ProtocolError, check_status

PATHS = {"services": "/hcp/addEvaluateService", "evaluations": "/hcp/addEvaluate"}
PARAM_KEYS = {"services": "service", "evaluations": "evaluate"}
DESC_HEADER = "C-Response-Desc"
TENANCY_HEADER = "C-Tenancy-Id"
SUCCESS = "success"
DUPLICATE = "评价数据不可重复"
# answers that are about the credentials, not the record: never a dead letter
AUTH_TEXT = re.compile(r"签名|验签|sign|appmark|appword|解密|鉴权|未授权", re.IGNORECASE)


def response_desc(answer: Answer) -> str | None:
    """C-Response-Desc as text: its bytes are UTF-8 (http.client hands header values over as latin-1)."""
    raw = answer.http.headers.get(DESC_HEADER)
    if raw is None:
        return None
    try:
        return raw.encode("latin-1").decode("utf-8").strip()
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw.strip()


def classify_desc(key: str, desc: str, what: str) -> Result:
    """A record's fate from the province's text (AuthError for a credentials text)."""
    if desc == SUCCESS:
        return Result(key, "accepted")
    if DUPLICATE in desc:
        return Result(key, "duplicate", "E_DUPLICATE", desc)
    if AUTH_TEXT.search(desc):
        raise AuthError(f"{what}: {desc}", status=200)
    return Result(key, "rejected", "E_PROVINCE", desc)


class Sm2Signer:
    """`sign` = SM2(T + appMark + appWord), made once per second (T has second resolution; a fresh
    encryption of the same text would say the same thing, at the cost of two scalar multiplications)."""

    def __init__(self, encryptor: Encryptor, app_mark: str, app_word: str):
        self.encryptor = encryptor
        self.app_mark, self.app_word = app_mark, app_word
        self._last: tuple[str, str] = ("", "")

    def sign(self, t: str) -> str:
        if self._last[0] != t:
            self._last = (t, self.encryptor.encrypt_hex((t + self.app_mark + self.app_word).encode("utf-8")))
        return self._last[1]


class EnvelopeSm2(Adapter):
    name = "envelope-sm2"
    max_batch = 1
    profile = ENVELOPE_SM2
    c1_prefix = False

    def __init__(self, settings, now):
        super().__init__(settings, now)
        self.encryptor = Encryptor(settings.platform_public_key, c1_prefix=self.c1_prefix)
        self.signer = Sm2Signer(self.encryptor, settings.app_mark, settings.app_word)

    def record(self, kind: str, item: dict) -> dict:
        s = self.settings
        if kind == "services":
            return case_out(self.profile, item, area_code=s.area_code, app_mark=s.app_mark)
        return evaluation_out(self.profile, item, device_id=s.device_id)

    def encode(self, kind: str, items: list[dict]) -> Encoded:
        if len(items) != 1:
            raise ValueError(f"{self.name} sends one record per request, got {len(items)}")
        item = items[0]
        text = json.dumps(self.record(kind, item), ensure_ascii=False, separators=(",", ":"))
        t = wire_time(self.now())
        s = self.settings
        doc = {
            "txnBodyCom": {
                "appMark": s.app_mark,
                "time": t,
                "sign": self.signer.sign(t),
                "params": {PARAM_KEYS[kind]: [self.encryptor.encrypt_hex(text.encode("utf-8"))]},
            },
            "txnCommCom": {},
        }
        body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        headers = {TENANCY_HEADER: s.area_code} if s.area_code else {}
        return Encoded(kind, (item_key(kind, item),), PATHS[kind], body, headers, hmac=False)

    def decode(self, enc: Encoded, answer: Answer) -> PostAnswer:
        what = enc.what
        desc = response_desc(answer)
        check_status(answer.http, what, desc or None)
        if not desc:
            raise ProtocolError(f"{what}: the answer has no {DESC_HEADER}: {answer.http.text[:80]!r}")
        key = enc.keys[0]
        return PostAnswer({key: classify_desc(key, desc, what)}, None)
