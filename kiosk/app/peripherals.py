"""Terminal and receipt parts of the composition: rate-later, scanner, printer, QR links.

Qt-free. `post` runs a callable on the flow's thread; scanner and printer callbacks arrive on their own
threads and are posted there.
"""

from __future__ import annotations

import logging

from kiosk.app.rate_later import RateLater
from kiosk.app.receipts import rating_url, receipt_for
from kiosk.app.status import PrinterStatus
from kiosk.core.errors import FlowError
from kiosk.core.flow.state import FlowState, Screen
from kiosk.core.workdays import WorkCalendar
from kiosk.devices.printer.driver import Receipt, SerialPrinter
from kiosk.devices.scanner import SerialScanner
from kiosk.sync.profile import load_cached_profile

log = logging.getLogger(__name__)


class Peripherals:
    def __init__(self, kiosk, post):
        self.kiosk = kiosk
        self.post = post
        cfg = kiosk.cfg
        sync = kiosk.sync
        self.rate_later = RateLater(
            kiosk,
            post,
            lookup_remote=sync.lookup_case if sync is not None else None,
            calendar=WorkCalendar.from_profile(load_cached_profile(kiosk.store)),
        )
        self.printer = None
        if cfg.printer.driver == "escpos":
            self.printer = SerialPrinter(
                cfg.printer.port,
                cfg.printer.baudrate,
                native_qr=cfg.printer.qr_mode == "native",
                status_query=cfg.printer.status_query,
                print_when_unknown=cfg.printer.print_when_unknown,
                on_status=lambda status: post(lambda: kiosk.on_printer(status)),
            )
            kiosk.status.printer = PrinterStatus.UNKNOWN
        self.scanner = None
        if cfg.scanner.driver == "serial":
            self.scanner = SerialScanner(
                cfg.scanner.port,
                cfg.scanner.baudrate,
                on_code=lambda text: post(lambda: self.rate_later.handle_code(text)),
            )

    def start(self) -> None:
        if self.printer is not None:
            self.printer.start()
        if self.scanner is not None:
            self.scanner.start()

    def stop(self) -> None:
        for part in (self.scanner, self.printer):
            if part is not None:
                try:
                    part.stop()
                except Exception:
                    log.exception("%s did not stop cleanly", type(part).__name__)

    def on_profile(self, profile: dict) -> None:
        self.rate_later.calendar = WorkCalendar.from_profile(profile)

    def print_receipt(self, project_no: str) -> Receipt:
        """Queue a receipt (never blocks). LookupError: unknown case; FlowError(no_printer): none configured."""
        if self.printer is None:
            raise FlowError("no receipt printer is configured", "no_printer")
        receipt = receipt_for(self.kiosk, project_no)
        if receipt is None:
            raise LookupError(f"case {project_no!r} is not known to this pad")
        self.printer.print_receipt(receipt)
        return receipt

    def print_current(self) -> None:
        """打印凭条 on the terminal's thanks screen."""
        ev = self.kiosk.flow.state.evaluation
        if ev is not None:
            try:
                self.print_receipt(ev.projectNo)
            except (LookupError, FlowError) as exc:
                log.warning("receipt not printed: %s", exc)

    def qr_url(self, state: FlowState) -> str | None:
        """The link shown on thanks (rate again / 追加评价 later) and expired (扫码稍后评价) screens."""
        if state.screen is Screen.THANKS and state.evaluation is not None:
            if state.evaluation.assessNumber == 1:
                return rating_url(self.kiosk.cfg, state.evaluation.projectNo, self.kiosk.clock.now(), self.kiosk.store)
            return None
        if state.screen is Screen.EXPIRED and state.invitation is not None:
            return rating_url(
                self.kiosk.cfg, state.invitation.service.projectNo, self.kiosk.clock.now(), self.kiosk.store
            )
        return None
