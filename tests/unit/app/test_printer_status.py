"""A receipt printer that answers ready, paper-out or nothing, as the configuration asks it: each outcome reaches
the status line and the centre's heartbeat through the real Kiosk (pty printer, real SerialPrinter)."""

from __future__ import annotations

import json
import threading

import pytest

from kiosk import config
from kiosk.app.kiosk import Kiosk
from kiosk.core.model import Case
from kiosk.devices.printer import escpos
from kiosk.ui.widgets.status_bar import status_words
from tests.helpers.wait import wait_for
from tests.unit.devices.test_printer import fake_printer, pty_pair  # noqa: F401 - the pty printer fixture


@pytest.mark.parametrize(
    ("printer_cfg", "answer", "printed", "status", "words"),
    [
        ({}, 0x12, True, "ok", None),
        ({}, 0x72, False, "paper_out", "打印机缺纸"),
        ({}, None, False, "offline", "打印机离线"),
        ({"print_when_unknown": True}, None, True, "no_answer", "打印机无应答"),
        ({"status_query": False}, None, True, "unchecked", "打印机未查询状态"),
    ],
)
def test_printer_outcome_reaches_status_line_and_heartbeat(
    tmp_path,
    pty_pair,  # noqa: F811
    printer_cfg,
    answer,
    printed,
    status,
    words,
):
    master, path = pty_pair
    stop, sink = threading.Event(), bytearray()
    t = fake_printer(master, answer, stop, sink)
    overrides = {"evaluator": {"driver": "none"}, "printer": {"driver": "escpos", "port": path, **printer_cfg}}
    kiosk = Kiosk(config.load(None, tmp_path / "data", overrides))
    lock = threading.Lock()

    def post(fn):  # the printer's thread reports; the flow's thread would run it
        with lock:
            fn()

    try:
        kiosk.attach_peripherals(post)
        kiosk.peripherals.printer.status_timeout_s = 0.2
        kiosk.peripherals.start()
        kiosk.store.upsert_case(Case("P-001", taskName="社会保障卡挂失", userName="张小三"))
        assert json.loads(json.dumps(kiosk.heartbeat_extras()))["printer"] == "unknown"
        kiosk.peripherals.print_receipt("P-001")
        assert wait_for(lambda: kiosk.status.printer == status), kiosk.status.printer
        assert wait_for(lambda: (escpos.CUT in sink) == printed)
        assert json.loads(json.dumps(kiosk.heartbeat_extras()))["printer"] == status
        shown = status_words(kiosk.status_line())
        assert (words in shown) if words else not [w for w in shown if w.startswith("打印机")], shown
    finally:
        kiosk.stop()
        stop.set()
        t.join()
