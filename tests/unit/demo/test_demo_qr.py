"""`kiosk demo` points its QR codes at the embedded emulator's mobile rating page: a pad link opens a form."""

from __future__ import annotations

import time

import requests

import kiosk.demo.embedded as embedded
from kiosk import config
from kiosk.app.receipts import rating_url
from kiosk.core.timefmt import SHANGHAI
from kiosk.demo.credentials import DEMO_QR_SECRET


def test_demo_qr_leads_to_the_emulators_rating_page(tmp_path):
    from datetime import datetime

    assert embedded._emulator is None
    try:
        overrides = embedded.demo_overrides(tmp_path)
        emu = embedded._emulator
        assert emu is not None and emu.host == "127.0.0.1" and emu.mobile is not None
        cfg = config.load(None, tmp_path / "pad", overrides)
        assert cfg.qr.secret == DEMO_QR_SECRET and cfg.qr.url_template.startswith(emu.url + "/m/rate?")
        now = datetime.now(SHANGHAI)
        emu.db.store_services([{"projectNo": "DEMO-1", "proStatus": 2, "serviceTime": now.strftime("%F %T")}], "x")
        page = requests.get(rating_url(cfg, "DEMO-1", now), timeout=5)
        assert page.status_code == 200 and page.headers["X-Rating-Outcome"] == "form"
        assert abs(int(now.timestamp()) - time.time()) < 5
    finally:
        if embedded._emulator is not None:
            embedded._emulator.stop()
            embedded._emulator = None
