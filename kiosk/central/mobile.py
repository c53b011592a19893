"""The mobile rating page of the reference central: where the QR a pad shows or prints leads (pf 3, 二维码).

GET  {path}?<the signed link's query>  verifies the link (signature, ts), looks the case up and shows the
     matter, the masked applicant, the five levels with their faces, each level's reasons from the profile
     and a text box; a forged, altered, expired, unknown or already rated link gets a page without a form.
POST {path}  (the form) checks everything again and stores the rating as pf 3 through the same rules the
     device API applies (EmulatorDB.store_evaluations), so it shows up in GET /hcp/v1/evaluations.

Both link encodings are read from the query: `payload` (base64x2) or the plain fields. Plain HTML and CSS
(templates/ in the package), zh-CN, phone-sized; the only JavaScript disables 提交 once pressed.
"""

from __future__ import annotations

import html
import logging
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from string import Template
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from kiosk.core.late import ALREADY, EXPIRED, NOT_FINISHED, rate_later
from kiosk.core.levels import is_bad, level
from kiosk.core.model import MAX_TEXT, PF_QR, RuleError, service_from_wire
from kiosk.core.privacy import mask_name
from kiosk.core.qrlink import LinkError, RatingLink, payload_fields, verify_fields
from kiosk.core.reasons import ReasonCatalog, ReasonError
from kiosk.core.timefmt import SHANGHAI, assess_time
from kiosk.core.workdays import WorkCalendar

if TYPE_CHECKING:
    from kiosk.central.server import CentralEmulator

log = logging.getLogger(__name__)

DEFAULT_PATH = "/m/rate"
LINK_MAX_AGE_DAYS = 30  # a link older than this is expired, whatever the case's own deadline
FUTURE_SKEW_S = 300  # a link signed further ahead of the server's clock is refused
MOUTHS = {5: "M7 14.5 Q12 20 17 14.5", 4: "M8 15 Q12 18 16 15", 3: "M8 16 L16 16", 2: "M8 17 Q12 14 16 17"}
MOUTHS[1] = "M7 18 Q12 12.5 17 18"


def rating_template(base_url: str, path: str = DEFAULT_PATH, encoding: str = "plain") -> str:
    """The `qr.url_template` a pad needs for its QR codes to lead to this page."""
    base = base_url.rstrip("/") + path
    if encoding == "base64x2":
        return base + "?payload={payload}"
    return base + "?projectNo={projectNo}&deviceId={deviceId}&pf={pf}&ts={ts}&sig={sig}"


def public_url(host: str, port: int) -> str:
    """The address a phone reaches a server bound to `host` at: the host itself, or for a wildcard bind this
    machine's address on its default route (a UDP connect sends nothing), else loopback."""
    if host not in ("0.0.0.0", "::", ""):
        return f"http://{host}:{port}"
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
    except OSError:
        address = "127.0.0.1"
    return f"http://{address}:{port}"


def _template(name: str) -> Template:
    return Template(resources.files("kiosk.central").joinpath("templates", name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Page:
    status: int
    body: str
    outcome: str  # form | rated | invalid | expired | already | unknown | rejected (tests and logs)


class Refused(Exception):
    def __init__(self, status: int, outcome: str, title: str, text: str, detail: str = ""):
        super().__init__(title)
        self.status, self.outcome, self.title, self.text, self.detail = status, outcome, title, text, detail


class MobilePage:
    def __init__(
        self, emu: CentralEmulator, secret: str, path: str = DEFAULT_PATH, max_age_days: int = LINK_MAX_AGE_DAYS
    ):
        self.emu, self.secret, self.path = emu, secret, path
        self.max_age = timedelta(days=max_age_days)
        self.css = resources.files("kiosk.central").joinpath("templates", "mobile.css").read_text(encoding="utf-8")
        self.form_t, self.notice_t = _template("rate.html"), _template("notice.html")

    # --- HTTP -------------------------------------------------------------------------------------

    def handles(self, method: str, path: str) -> bool:
        return method in ("GET", "POST") and path == self.path

    def serve(self, handler, method: str, query: str, body: bytes) -> None:
        """Answer one request on `handler` (a BaseHTTPRequestHandler): always an HTML page."""
        try:
            if method == "GET":
                page = self.show(query)
            else:
                page = self.submit(body.decode("utf-8", errors="replace"))
        except Exception:  # a bug here must not hang the phone
            log.exception("mobile page failure")
            page = self._notice(Refused(500, "error", "系统繁忙", "请稍后再试。"))
        data = page.body.encode("utf-8")
        try:
            handler.send_response(page.status)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Cache-Control", "no-store")
            handler.send_header("X-Rating-Outcome", page.outcome)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            handler.close_connection = True

    # --- the two pages ----------------------------------------------------------------------------

    def show(self, query: str) -> Page:
        try:
            link, service, number, unknown_year = self._check(query)
        except Refused as refused:
            return self._notice(refused)
        return self._form(query, service, number, unknown_year)

    def submit(self, form_body: str) -> Page:
        form = parse_qs(form_body, keep_blank_values=True)
        query = _one(form, "link")
        wanted = _one(form, "assessNumber")
        try:
            link, service, number, unknown_year = self._check(
                query, wanted=int(wanted) if wanted in ("1", "2") else None
            )
        except Refused as refused:
            return self._notice(refused)
        writing = _one(form, "writing").strip()
        try:
            sat = int(_one(form, "satisfaction"))
            level(sat)
        except (KeyError, ValueError):
            return self._form(query, service, number, unknown_year, "请选择一个评价等级", writing)
        try:
            codes = self.catalog().check(sat, form.get(f"reason{sat}", []))
        except ReasonError:
            return self._form(query, service, number, unknown_year, "所选原因无效,请重新选择", writing)
        if len(writing) > MAX_TEXT:
            return self._form(query, service, number, unknown_year, f"文字评价最多 {MAX_TEXT} 字", writing)
        if is_bad(sat) and not codes and not writing:
            return self._form(query, service, number, unknown_year, "差评请勾选原因或填写文字评价", writing)
        item = {
            "id": str(uuid.uuid4()),
            "projectNo": link.projectNo,
            "pf": PF_QR,
            "satisfaction": sat,
            "evalDetail": ",".join(codes),
            "writingEvaluation": writing,
            "assessTime": assess_time(self.emu.server_now()),
            "assessNumber": number,
            "handleUserPageCode": service.handleUserPageCode,
            "window": "",
        }
        if unknown_year:
            item["calendarUnknown"] = True
        result = self.emu.db.store_evaluations([item], link.deviceId)[0]
        log.info("mobile rating of %s (assessNumber %s): %s", link.projectNo, number, result["status"])
        if result["status"] == "accepted":
            words = level(sat).name
            return self._notice(Refused(200, "rated", "评价成功", f"感谢您的评价!您的评价:{words}"))
        if result["status"] == "duplicate":
            return self._notice(Refused(409, "already", "该办件已评价", result["message"]))
        return self._notice(Refused(400, "rejected", "评价未能提交", result["message"]))

    # --- rules --------------------------------------------------------------------------------------

    def catalog(self) -> ReasonCatalog:
        rows = self.emu.profile.get("reasons")
        try:
            return ReasonCatalog.from_rows(rows) if rows else ReasonCatalog.national()
        except (ReasonError, KeyError, TypeError, ValueError):
            return ReasonCatalog.national()

    def link_of(self, query: str) -> RatingLink:
        fields = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}
        if "payload" in fields:
            fields = payload_fields(fields["payload"])
        link = verify_fields(fields, self.secret)
        if link.pf != PF_QR:
            raise LinkError(f"a rating link carries pf {PF_QR}, got {link.pf}")
        return link

    def _check(self, query: str, wanted: int | None = None):
        """(link, case, assessNumber, calendarUnknown) of a query that may show or take a rating; Refused else."""
        try:
            link = self.link_of(query)
        except LinkError as exc:
            log.warning("mobile page: link refused: %s", exc)
            raise Refused(
                403,
                "invalid",
                "评价链接无效",
                "此链接无效或已被修改,无法评价。请扫描政务服务中心评价器或评价凭条上的二维码。",
            ) from None
        now = self.emu.server_now()
        signed = datetime.fromtimestamp(link.ts, SHANGHAI)
        if signed > now + timedelta(seconds=FUTURE_SKEW_S):
            log.warning("mobile page: link of %s signed in the future (%s)", link.projectNo, signed)
            raise Refused(403, "invalid", "评价链接无效", "此链接的时间无效,无法评价。请重新扫码。")
        if now - signed > self.max_age:
            raise Refused(410, "expired", "评价链接已过期", f"评价链接自生成起 {self.max_age.days} 天内有效。")
        found = self.emu.db.get_case(link.projectNo)
        if found is None:
            raise Refused(404, "unknown", "暂未查询到该办件", "办件信息可能尚未送达,请稍后刷新本页面。")
        try:
            service = service_from_wire(found)
        except RuleError:
            raise Refused(404, "unknown", "暂未查询到该办件", "办件信息不完整,请咨询窗口工作人员。") from None
        existing = self.emu.db.assess_numbers(link.projectNo)
        if wanted is not None:  # a submitted form: the rating it was shown for, or none
            existing = {n for n in existing if n < wanted}
        try:
            number, unknown_year = rate_later(
                service, existing, self.calendar(), now, self.emu.db.case_received(link.projectNo)
            )
        except RuleError as exc:
            raise self._rule_refusal(str(exc)) from None
        if wanted is not None and number != wanted:
            raise Refused(409, "already", "该办件已评价", "评价数据不可重复(同一办件同一评价次数)")
        return link, service, number, unknown_year

    def calendar(self) -> WorkCalendar:
        return WorkCalendar.from_profile(self.emu.profile)

    @staticmethod
    def _rule_refusal(message: str) -> Refused:
        if message == EXPIRED:
            return Refused(410, "expired", "已超过评价期限", "办件办理后 5 个工作日内可评价,本办件已超过评价期限。")
        if message == ALREADY:
            return Refused(409, "already", "该办件已评价", "感谢您的参与,每个办件首次评价、追加评价各一次。")
        if message == NOT_FINISHED:
            return Refused(409, "already", "该办件已评价", "办件办结后,可通过本链接追加评价一次。")
        return Refused(400, "rejected", "暂时无法评价", message)

    # --- rendering ----------------------------------------------------------------------------------

    def _hall(self) -> str:
        return str((self.emu.profile.get("hall") or {}).get("name") or "政务服务中心")

    def _notice(self, r: Refused) -> Page:
        tone = {"rated": "ok", "already": "warn", "expired": "warn", "unknown": "warn"}.get(r.outcome, "bad")
        mark = {"ok": "✓", "warn": "!"}.get(tone, "×")
        body = self.notice_t.substitute(
            css=self.css,
            hall=html.escape(self._hall()),
            title=html.escape(r.title),
            text=html.escape(r.text),
            detail=f"<p>{html.escape(r.detail)}</p>" if r.detail else "",
            tone=tone,
            mark=mark,
            outcome=r.outcome,
        )
        return Page(r.status, body, r.outcome)

    def _form(self, query, service, number: int, unknown_year: bool, error: str = "", writing: str = "") -> Page:
        radios, faces, reasons = [], [], []
        catalog = self.catalog()
        for lvl in (5, 4, 3, 2, 1):
            lv = level(lvl)
            radios.append(f'<input class="lv" type="radio" name="satisfaction" value="{lvl}" id="lv{lvl}" required>')
            faces.append(
                f'<label class="face f{lvl}" for="lv{lvl}" data-level="{lvl}">{_face(lvl, lv.text_colour)}'
                f'<span>{html.escape(lv.name)}</span><span class="tick">✓</span></label>'
            )
            chips = "".join(
                f'<label class="chip"><input type="checkbox" name="reason{lvl}" value="{html.escape(r.code)}">'
                f"<span>{html.escape(r.name)}</span></label>"
                for r in catalog.for_level(lvl)
            )
            ask = "请选择不满意的原因" if is_bad(lvl) else "请选择原因(可多选)"
            reasons.append(f'<div class="rs r{lvl}"><h3>{ask}</h3><div class="chips">{chips}</div></div>')
        body = self.form_t.substitute(
            css=self.css,
            hall=html.escape(self._hall()),
            task=html.escape(service.taskName or "政务服务"),
            project_no=html.escape(service.projectNo),
            applicant=html.escape(mask_name(service.userName) or "—"),
            department=html.escape(service.proDepart or "—"),
            kind="首次评价" if number == 1 else "追加评价",
            error=f'<p class="error" id="error">{html.escape(error)}</p>' if error else "",
            action=html.escape(self.path),
            link=html.escape(query),
            assess_number=number,
            radios="\n".join(radios),
            faces="\n".join(faces),
            reasons="\n".join(reasons),
            writing=html.escape(writing),
        )
        if unknown_year:
            log.info("mobile page: %s offered under the lenient calendar", service.projectNo)
        return Page(200 if not error else 400, body, "form")


def _face(lvl: int, colour: str) -> str:
    return (
        f'<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="10.5" fill="none" '
        f'stroke="{colour}" stroke-width="1.8"/><circle cx="8.5" cy="9.5" r="1.4" fill="{colour}"/>'
        f'<circle cx="15.5" cy="9.5" r="1.4" fill="{colour}"/><path d="{MOUTHS[lvl]}" fill="none" '
        f'stroke="{colour}" stroke-width="1.8" stroke-linecap="round"/></svg>'
    )


def _one(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    return values[0]
