"""url-form-sm2: shaped on the Beijing form push (`Bruce1165/ryzggl` Model/AppraiseMDL.cs), one record per
request, and the case's answer carries the province's rating page URL (rating-URL mode, `qr.source`).

    POST {central.url}/hcp/form/projectService   (a case)
    POST {central.url}/hcp/form/evaluation       (a rating)
    Content-Type: application/x-www-form-urlencoded
    appMark=M & time=T & sign=S & params={"data": D}

T = Asia/Shanghai yyyyMMddHHmmss; S = hex SM2(T + appMark + appWord); D = hex SM2(JSON list
[{"projectService": {...}}] or [{"evaluation": {...}}]); SM2 in mode C1C3C2, C1 with its 04 byte (as the
source's SM2Utils.Encrypt writes it). Answer (JSON): {"success": bool, "code": "200" | "-1" | ...,
"errorMessage": text, "serviceCode", "serviceNumber", "evaluateUrl"} - evaluateUrl (the page where the citizen
rates this case, with a token the centre checks) is the emulator's name for the rating page the source
describes; a province names it in its own document.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from kiosk.store.outbox import Result
from kiosk.sync.protocols.base import Encoded, item_key
from kiosk.sync.protocols.envelope import AUTH_TEXT, DUPLICATE, EnvelopeSm2
from kiosk.sync.protocols.fields import URL_FORM_SM2, wire_time
from kiosk.sync.wire import Answer, AuthError, PostAnswer, ProtocolError, ServerError, check_status, json_object

PATHS = {"services": "/hcp/form/projectService", "evaluations": "/hcp/form/evaluation"}
WRAP_KEYS = {"services": "projectService", "evaluations": "evaluation"}
RATING_URL_KEY = "evaluateUrl"
SYSTEM_ERROR = "-1"  # 系统异常: try again


class UrlFormSm2(EnvelopeSm2):
    name = "url-form-sm2"
    max_batch = 1
    profile = URL_FORM_SM2
    c1_prefix = True

    def encode(self, kind: str, items: list[dict]) -> Encoded:
        if len(items) != 1:
            raise ValueError(f"{self.name} sends one record per request, got {len(items)}")
        item = items[0]
        data = json.dumps([{WRAP_KEYS[kind]: self.record(kind, item)}], ensure_ascii=False, separators=(",", ":"))
        t = wire_time(self.now())
        s = self.settings
        form = {
            "appMark": s.app_mark,
            "time": t,
            "sign": self.signer.sign(t),
            "params": json.dumps({"data": self.encryptor.encrypt_hex(data.encode("utf-8"))}, separators=(",", ":")),
        }
        body = urlencode(form).encode("ascii")
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        return Encoded(kind, (item_key(kind, item),), PATHS[kind], body, headers, hmac=False)

    def decode(self, enc: Encoded, answer: Answer) -> PostAnswer:
        what = enc.what
        check_status(answer.http, what)
        data = json_object(answer, what)
        success, code, message = data.get("success"), str(data.get("code", "")), data.get("errorMessage")
        text = "" if message is None else str(message)
        if not isinstance(success, bool):
            raise ProtocolError(f"{what}: answer has no boolean 'success'")
        key = enc.keys[0]
        urls: dict[str, str] = {}
        if success:
            url = data.get(RATING_URL_KEY)
            if enc.kind == "services" and isinstance(url, str) and url.startswith(("http://", "https://")):
                urls[key] = url
            return PostAnswer({key: Result(key, "accepted")}, None, urls)
        if DUPLICATE in text:
            return PostAnswer({key: Result(key, "duplicate", "E_DUPLICATE", text)}, None)
        if code in ("401", "403") or AUTH_TEXT.search(text):
            raise AuthError(f"{what}: {code} {text}", status=200)
        if code == SYSTEM_ERROR or code.startswith("5"):
            raise ServerError(f"{what}: {code} {text}", status=200)
        return PostAnswer({key: Result(key, "rejected", code or "E_PROVINCE", text or "refused")}, None)
