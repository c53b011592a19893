"""The provincial protocols on the reference central: envelope-sm2 and url-form-sm2 (see
kiosk/sync/protocols/ and docs/central-api.md). Verifies `sign`, decrypts, maps the provincial fields back,
applies the emulator's provincial rules (kiosk/central/db.py) and answers the way each province does.

    handler = Provincial("envelope-sm2", db, app_mark, app_word, private_key, base_url=lambda: emu.url)
    if handler.handles("POST", path): status, headers, body = handler.handle(path, body, headers)
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import parse_qs, quote

from kiosk.central.db import EmulatorDB, issue_rating_page, rating_page_case
from kiosk.core.timefmt import SHANGHAI
from kiosk.sync.protocols import envelope, fields, urlform
from kiosk.sync.protocols.sm2 import Sm2Error, decrypt_hex, parse_private_key, public_key_hex

MAX_SKEW_S = 300
RATE_PAGE = "/hcp/form/rate"
Reply = tuple[int, dict[str, str], bytes]


class Refused(Exception):
    """An answer other than success: (HTTP status, the province's text)."""

    def __init__(self, status: int, text: str, code: str = ""):
        super().__init__(text)
        self.status, self.text, self.code = status, text, code


def _header_text(text: str) -> str:
    """A header value whose bytes are UTF-8 (http.server writes header values as latin-1)."""
    return text.encode("utf-8").decode("latin-1")


def case_in(item: dict) -> dict:
    """A provincial case back in the kiosk's names (the inverse of fields.case_out) and the 33/31 rule."""
    out = dict(item)
    handle_item = out.pop("taskHandleItem", None)
    if handle_item is not None:
        if len(str(handle_item)) != fields.TASK_HANDLE_ITEM_LEN or str(out.get("taskCode")) != handle_item[:31]:
            raise Refused(200, "taskHandleItem须为33位,taskCode须为其前31位", "E_TASK_CODE")
        out["taskCode"] = handle_item
    for ours, theirs in fields.URL_FORM_SM2.case_names:
        if theirs in out:
            out[ours] = out.pop(theirs)
    for name in ("proStatus", "userProp"):
        if isinstance(out.get(name), str) and out[name].isdigit():
            out[name] = int(out[name])
    area = str(out.get("areaCode") or "")
    if not re.fullmatch(r"\d{12}", area):
        raise Refused(200, "areaCode须为12位行政区划代码", "E_AREA_CODE")
    return out


class Provincial:
    def __init__(
        self,
        protocol: str,
        db: EmulatorDB,
        app_mark: str,
        app_word: str,
        private_key: str,
        *,
        base_url: Callable[[], str],
        now: Callable[[], datetime],
    ):
        if protocol not in ("envelope-sm2", "url-form-sm2"):
            raise ValueError(f"not a provincial protocol: {protocol!r}")
        if not app_word:
            raise ValueError(f"protocol {protocol} needs an app word")
        try:
            self.key = parse_private_key(private_key)
        except Sm2Error as exc:
            raise ValueError(f"private key: {exc}") from None
        self.public_key = public_key_hex(private_key)
        self.protocol, self.db = protocol, db
        self.app_mark, self.app_word = app_mark, app_word
        self.base_url, self.now = base_url, now
        mod = envelope if protocol == "envelope-sm2" else urlform
        self.paths = {path: kind for kind, path in mod.PATHS.items()}
        self._signs: dict[str, str] = {}  # sign ciphertext -> its text (the time is checked on every use)

    def handles(self, method: str, path: str) -> bool:
        return method == "POST" and path in self.paths

    # --- shared ---------------------------------------------------------------------------------------

    def _check_sign(self, app_mark: object, t: object, sign: object) -> None:
        if app_mark != self.app_mark:
            raise Refused(401, "appMark无效")
        if not isinstance(t, str) or not re.fullmatch(r"\d{14}", t):
            raise Refused(401, "time须为yyyyMMddHHmmss")
        plain = self._signs.get(str(sign))  # a pad signs once per second: the same ciphertext comes again
        if plain is None:
            try:
                plain = decrypt_hex(self.key, str(sign)).decode("utf-8")
            except (Sm2Error, UnicodeDecodeError):
                raise Refused(401, "签名校验失败") from None
            if len(self._signs) > 256:
                self._signs.clear()
            self._signs[str(sign)] = plain
        if plain != t + self.app_mark + self.app_word:
            raise Refused(401, "签名校验失败")
        sent = datetime.strptime(t, "%Y%m%d%H%M%S").replace(tzinfo=SHANGHAI)
        if abs(self.now() - sent) > timedelta(seconds=MAX_SKEW_S):
            raise Refused(401, f"签名已过期(time与平台时间相差超过{MAX_SKEW_S}秒)")

    def _decrypt_json(self, text: object) -> object:
        try:
            return json.loads(decrypt_hex(self.key, str(text)).decode("utf-8"))
        except (Sm2Error, UnicodeDecodeError):
            raise Refused(200, "数据解密失败") from None
        except ValueError:
            raise Refused(200, "业务数据不是JSON") from None

    def _store(self, kind: str, record: object, device: str) -> dict:
        if not isinstance(record, dict):
            raise Refused(200, "业务数据须为对象", "E_INVALID")
        if kind == "services":
            return self.db.store_services([case_in(record)], device)[0]
        return self.db.store_evaluations([record], device)[0]

    def handle(self, path: str, body: bytes, headers: dict[str, str]) -> Reply:
        kind = self.paths[path]
        if self.protocol == "envelope-sm2":
            return self._envelope(kind, body, headers)
        return self._form(kind, body)

    # --- envelope-sm2 ---------------------------------------------------------------------------------

    def _envelope(self, kind: str, body: bytes, headers: dict[str, str]) -> Reply:
        try:
            tenancy = headers.get(envelope.TENANCY_HEADER, "")
            if not tenancy:
                raise Refused(400, f"缺少{envelope.TENANCY_HEADER}")
            try:
                doc = json.loads(body)
                txn = doc["txnBodyCom"]
                values = txn["params"][envelope.PARAM_KEYS[kind]]
            except (ValueError, KeyError, TypeError):
                raise Refused(400, "报文格式错误") from None
            self._check_sign(txn.get("appMark"), txn.get("time"), txn.get("sign"))
            if not isinstance(values, list) or len(values) != 1:
                raise Refused(200, "每次只能推送一条数据")
            record = self._decrypt_json(values[0])
            device = str(record.get("deviceId", "")) if isinstance(record, dict) else ""
            result = self._store(kind, record, device or tenancy)
            desc = envelope.SUCCESS if result["status"] == "accepted" else result["message"]
            return 200, {envelope.DESC_HEADER: _header_text(desc)}, b"{}"
        except Refused as r:
            return r.status, {envelope.DESC_HEADER: _header_text(r.text)}, b"{}"

    # --- url-form-sm2 ---------------------------------------------------------------------------------

    def _form(self, kind: str, body: bytes) -> Reply:
        def answer(success: bool, code: str, message: str | None, **extra: object) -> Reply:
            doc = {"success": success, "code": code, "errorMessage": message, **extra}
            return 200, {}, json.dumps(doc, ensure_ascii=False).encode("utf-8")

        try:
            form = {k: v[0] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
            self._check_sign(form.get("appMark"), form.get("time"), form.get("sign"))
            try:
                data = json.loads(form.get("params", ""))["data"]
            except (ValueError, KeyError, TypeError):
                raise Refused(200, 'params须为{"data": 密文}', "400") from None
            records = self._decrypt_json(data)
            wrap = urlform.WRAP_KEYS[kind]
            if not isinstance(records, list) or len(records) != 1 or not isinstance(records[0], dict):
                raise Refused(200, "data须为只含一条数据的列表", "400")
            record = records[0].get(wrap)
            if kind == "services" and isinstance(record, dict) and record.get("dataSource") != "111":
                raise Refused(200, "dataSource须为111", "E_DATA_SOURCE")
            result = self._store(kind, record, self.app_mark)
        except (UnicodeDecodeError, Refused) as exc:
            if isinstance(exc, UnicodeDecodeError):
                exc = Refused(200, "报文须为UTF-8", "400")
            return answer(False, "401" if exc.status == 401 else exc.code or "400", exc.text)
        if result["status"] != "accepted":
            return answer(False, result["code"], result["message"])
        if kind != "services":
            return answer(True, "200", None)
        pn = result["id"]
        code, token, number = issue_rating_page(self.db, pn, lambda: secrets.token_hex(16))
        url = f"{self.base_url()}{RATE_PAGE}?serviceCode={quote(code)}&token={token}"
        return answer(True, "200", None, serviceCode=code, serviceNumber=str(number), evaluateUrl=url)

    def rate_page(self, query: str) -> tuple[int, str]:
        """GET /hcp/form/rate: (status, text) - 200 naming the case when the token checks, 403 otherwise."""
        q = {k: v[0] for k, v in parse_qs(query).items()}
        pn = rating_page_case(self.db, q.get("serviceCode", ""), q.get("token", ""))
        if pn is None:
            return 403, "评价链接无效"
        return 200, f"办件 {pn} 评价页"
