"""Rating-URL mode (qr.source = "central"): receipts show the rating page the centre gave for the case."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk import config
from kiosk.app.kiosk import Kiosk
from kiosk.app.receipts import receipt_for
from kiosk.central.server import CentralEmulator
from kiosk.core.model import Case
from kiosk.core.timefmt import SHANGHAI, FakeClock
from kiosk.store.outbox import Outbox
from kiosk.sync.drain import drain_to_empty
from tests.unit.sync.helpers import MARK, SECRET, SM2_PUBLIC, protocol_emulator_args, protocol_settings

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)


def test_receipt_qr_is_the_centres_page_once_the_case_is_pushed(tmp_path):
    cfg = config.load(
        None,
        tmp_path,
        {
            "device": {"mode": "terminal", "id": "T-01"},
            "evaluator": {"driver": "none"},
            "central": {"protocol": "url-form-sm2"},
            "qr": {"source": "central"},
        },
    )
    kiosk = Kiosk(cfg, clock=FakeClock(NOW))
    emu = CentralEmulator(tmp_path / "central.db", MARK, SECRET, **protocol_emulator_args("url-form-sm2")).start()
    try:
        kiosk.store.upsert_case(
            Case("R-001", taskName="社会保障卡挂失", proStatus=2, serviceTime="2026-11-23 09:50:00")
        )
        before = receipt_for(kiosk, "R-001")
        assert before is not None and before.url.startswith("https://hcp.example.gov.cn/rate?projectNo=R-001")
        assert drain_to_empty(kiosk.store, protocol_settings(emu.url, "url-form-sm2"), max_seconds=10)
        after = receipt_for(kiosk, "R-001")
        assert after is not None and after.url == Outbox(kiosk.store).rating_url("R-001")
        assert after.url.startswith(emu.url + "/hcp/form/rate?serviceCode=")
    finally:
        emu.stop()
        kiosk.stop()


def test_qr_source_central_needs_the_url_form_protocol(tmp_path):
    with pytest.raises(config.ConfigError, match="qr.source = 'central': needs central.protocol = 'url-form-sm2'"):
        config.load(None, tmp_path, {"qr": {"source": "central"}})


def test_a_provincial_protocol_needs_its_keys_and_a_curve_point(tmp_path):
    central = {"url": "https://hcp.example.gov.cn", "app_mark": "m", "protocol": "envelope-sm2"}
    with pytest.raises(config.ConfigError, match="central.app_word / central.platform_public_key: required"):
        config.load(None, tmp_path, {"central": central})
    bad = {**central, "app_word": "w", "platform_public_key": "ab" * 64}
    with pytest.raises(config.ConfigError, match="not a point of the SM2 curve"):
        config.load(None, tmp_path, {"central": bad})
    good = {**central, "app_word": "w", "platform_public_key": SM2_PUBLIC}
    assert config.load(None, tmp_path, {"central": good}).central.protocol == "envelope-sm2"
