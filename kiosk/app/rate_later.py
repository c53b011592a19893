"""Rating later on the terminal: a scanned receipt QR or a typed 办件编号 becomes an invitation.

Runs on the flow's thread except the centre lookup, which runs on a worker thread (it is network I/O) and
posts its answer back. Every outcome the citizen sees is a flow message or the rating screens.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable

from kiosk.core.errors import FlowError, StorageUnavailable
from kiosk.core.late import rate_later
from kiosk.core.model import PF_TERMINAL, Case, RuleError, service_from_wire
from kiosk.core.qrlink import LinkError, parse_url
from kiosk.core.workdays import WorkCalendar

log = logging.getLogger(__name__)

PROJECT_NO = re.compile(r"[A-Za-z0-9_\-]{4,50}")
MSG_INVALID = "二维码无效,请使用本中心打印的评价凭条"
MSG_UNKNOWN = "未找到该办件,请核对办件编号"
MSG_LOOKING = "正在查询办件信息…"
MSG_OFFLINE = "暂时无法查询该办件,请稍后再试"
MSG_BUSY = "请先完成当前评价"


class RateLater:
    def __init__(
        self,
        kiosk,
        post: Callable[[Callable[[], None]], None],
        *,
        lookup_remote: Callable[[str], dict | None] | None = None,
        calendar: WorkCalendar | None = None,
    ):
        self.kiosk = kiosk
        self.post = post
        self.lookup_remote = lookup_remote
        self.calendar = calendar or WorkCalendar()
        self.cfg = kiosk.cfg

    @property
    def flow(self):
        return self.kiosk.flow

    def project_no(self, code: str) -> str | None:
        """A scanned link (verified) or a typed number → projectNo; None after showing why not."""
        code = code.strip()
        if "://" in code or "=" in code:
            try:
                link = parse_url(code, self.cfg.qr.secret, self.cfg.qr.url_template, self.cfg.qr.encoding)
            except LinkError as exc:
                log.warning("scanned code refused: %s", exc)
                self.flow.show_message(MSG_INVALID)
                return None
            return link.projectNo
        if not PROJECT_NO.fullmatch(code):
            self.flow.show_message(MSG_UNKNOWN)
            return None
        return code

    def handle_code(self, code: str) -> None:
        """On the flow thread: a code from the scanner, the keyboard wedge or the keypad."""
        if self.flow.state.screen.value in ("invited", "details", "unavailable"):
            log.info("code ignored while a rating is under way")
            return
        number = self.project_no(code)
        if number is None:
            return
        service = self.kiosk.store.get_case(number)
        if service is not None:
            self._rate(service)
            return
        lookup = self.lookup_remote
        if lookup is None:
            self.flow.show_message(MSG_UNKNOWN)
            return
        self.flow.show_message(MSG_LOOKING, seconds=15)
        threading.Thread(target=self._lookup, args=(lookup, number), name="rate-later-lookup", daemon=True).start()

    def _lookup(self, lookup: Callable[[str], dict | None], number: str) -> None:
        try:
            found = lookup(number)
        except Exception as exc:  # the centre is down or answered nonsense: say so, keep nothing
            log.warning("centre lookup of a case failed: %s", exc)
            self.post(lambda: self.flow.show_message(MSG_OFFLINE))
            return
        if not found:
            self.post(lambda: self.flow.show_message(MSG_UNKNOWN))
            return
        try:
            service = service_from_wire(found)
        except RuleError as exc:
            log.warning("centre answered an unusable case: %s", exc)
            self.post(lambda: self.flow.show_message(MSG_UNKNOWN))
            return
        self.post(lambda: self._rate(service))

    def _rate(self, service: Case) -> None:
        """Check the late-rating rules, then invite with pf 5 (自助终端). A deadline in a year the calendar does
        not know is judged by the lenient window and the rating marked calendarUnknown (kiosk.core.late)."""
        store = self.kiosk.store
        existing = store.assess_numbers(service.projectNo)
        fallback = store.service_stored_at(service.projectNo)
        try:
            _, calendar_unknown = rate_later(service, existing, self.calendar, self.kiosk.clock.now(), fallback)
        except RuleError as exc:
            self.flow.show_message(str(exc))
            return
        try:
            self.flow.invite(service, pf=PF_TERMINAL, calendar_unknown=calendar_unknown)
        except (RuleError, FlowError) as exc:
            self.flow.show_message(str(exc) if isinstance(exc, RuleError) else MSG_BUSY)
        except StorageUnavailable:
            log.error("case could not be stored for a later rating")
