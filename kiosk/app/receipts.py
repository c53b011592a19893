"""Signed rating links and receipts for a case (what the QR codes on screen and on paper carry)."""

from __future__ import annotations

import logging

from kiosk.core.model import PF_QR
from kiosk.core.qrlink import RatingLink, build_url
from kiosk.core.timefmt import assess_time
from kiosk.devices.printer.driver import Receipt
from kiosk.store.outbox import Outbox

log = logging.getLogger(__name__)


def rating_url(cfg, project_no: str, now, store=None) -> str:
    """The link a phone opens to rate this case later (channel pf 3, 二维码): with `qr.source = "central"` the
    rating page the centre gave for the case (url-form-sm2), else - or until the centre has answered - the
    kiosk's own signed link."""
    if cfg.qr.source == "central" and store is not None:
        url = Outbox(store).rating_url(project_no)
        if url:
            return url
        log.info("case %s: the centre has not given its rating page yet; the QR shows the kiosk's own link", project_no)
    link = RatingLink(cfg.device.id, PF_QR, project_no, int(now.timestamp()))
    return build_url(link, cfg.qr.secret, cfg.qr.url_template, cfg.qr.encoding)


def receipt_for(kiosk, project_no: str) -> Receipt | None:
    """The receipt of a stored case, or None when the case is unknown here."""
    service = kiosk.store.get_case(project_no)
    if service is None:
        return None
    staff = kiosk.flow.state.staff
    now = kiosk.clock.now()
    return Receipt(
        hall=kiosk.cfg.device.hall,
        counter=kiosk.cfg.device.counter,
        staff_page_code=service.handleUserPageCode or (staff.pageCode if staff else ""),
        task_name=service.taskName,
        applicant=service.userName,  # the printer masks it
        time=assess_time(now),
        project_no=project_no,
        url=rating_url(kiosk.cfg, project_no, now, kiosk.store),
    )
