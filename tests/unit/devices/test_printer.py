import os
import select
import threading
import time
import tty

import pytest

from kiosk.core.qrlink import RatingLink, build_url, parse_url
from kiosk.devices.printer import escpos
from kiosk.devices.printer.driver import Receipt, SerialPrinter, qr_rows, receipt_bytes
from tests.helpers.wait import wait_for

TEMPLATE = "https://hcp.example.gov.cn/rate?projectNo={projectNo}&deviceId={deviceId}&pf={pf}&ts={ts}&sig={sig}"


@pytest.fixture
def pty_pair():
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    path = os.ttyname(slave)
    yield master, path
    os.close(slave)
    os.close(master)


def fake_printer(
    master: int, status_byte: int | None, stop: threading.Event, sink: bytearray, asked: list | None = None
) -> threading.Thread:
    """Answers DLE EOT 4 with `status_byte` (None = silent, like a one-way link), records everything else and
    appends to `asked` (when given) at each status request."""

    def run() -> None:
        pending = bytearray()
        while not stop.is_set():
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            pending += data
            while escpos.STATUS_PAPER in pending:
                at = pending.find(escpos.STATUS_PAPER)
                sink.extend(pending[:at])
                del pending[: at + len(escpos.STATUS_PAPER)]
                if asked is not None:
                    asked.append(at)
                if status_byte is not None:
                    os.write(master, bytes([status_byte]))
            sink.extend(pending)
            pending.clear()

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def receipt(url: str) -> Receipt:
    return Receipt("政务服务中心", "3号窗口", "GZ1001", "社会保障卡挂失", "张小三", "2026-11-23 10:32:00", "P-001", url)


def test_receipt_printed_on_pty_and_decoded(pty_pair):
    master, path = pty_pair
    link = RatingLink("KIOSK-01", 3, "P-001", 1795399200)
    url = build_url(link, "s3cret", TEMPLATE)
    stop, sink = threading.Event(), bytearray()
    t = fake_printer(master, 0x12, stop, sink)
    statuses = []
    printer = SerialPrinter(path, on_status=statuses.append).start()
    try:
        printer.print_receipt(receipt(url))
        assert wait_for(lambda: escpos.CUT in sink), bytes(sink[:80])
    finally:
        printer.stop()
        stop.set()
        t.join()
    doc = escpos.decode(bytes(sink))
    assert doc.initialised and doc.cut
    assert "政务服务中心" in doc.lines
    assert "工号:GZ1001" in doc.lines and "事项:社会保障卡挂失" in doc.lines
    assert "申请人:张*三" in doc.lines and "张小三" not in "".join(doc.lines)
    assert doc.qr == [url]
    assert parse_url(doc.qr[0], "s3cret", TEMPLATE) == link
    assert url in doc.lines
    assert statuses == ["ok"] and printer.printed == 1


@pytest.mark.parametrize("status_byte,expected", [(0x72, "paper_out"), (None, "offline")])
def test_paper_out_and_offline_reported_not_printed(pty_pair, status_byte, expected):
    master, path = pty_pair
    stop, sink = threading.Event(), bytearray()
    t = fake_printer(master, status_byte, stop, sink)
    statuses = []
    printer = SerialPrinter(path, status_timeout_s=0.2, on_status=statuses.append).start()
    try:
        printer.print_receipt(receipt("https://x/y"))
        assert wait_for(lambda: statuses == [expected])
    finally:
        printer.stop()
        stop.set()
        t.join()
    assert escpos.CUT not in sink and printer.printed == 0


def test_missing_port_is_offline():
    statuses = []
    printer = SerialPrinter("/dev/does-not-exist-kiosk", on_status=statuses.append).start()
    printer.print_receipt(receipt("https://x/y"))
    assert wait_for(lambda: statuses == ["offline"])
    printer.stop()


def test_raster_qr_for_printers_without_native_qr():
    rows = qr_rows("https://x/y?a=1", scale=2)
    data = receipt_bytes(receipt("https://x/y?a=1"), native_qr=False, qr_rows=rows)
    doc = escpos.decode(data)
    assert doc.qr == [] and len(doc.rasters) == 1
    width, height = doc.rasters[0]
    assert height == len(rows) and width >= len(rows[0]) and len(rows) == len(rows[0])
    # quiet zone: the first 4 modules (8 dots at scale 2) of every edge are white
    assert not any(rows[0]) and not any(r[0] for r in rows)


@pytest.mark.parametrize(
    ("status_query", "when_unknown", "answer", "printed", "status", "requests"),
    [
        (True, False, 0x12, True, "ok", 1),  # answers ready
        (True, False, 0x72, False, "paper_out", 1),  # answers paper-out
        (True, False, None, False, "offline", 2),  # never answers: asked again, then offline as before
        (True, True, None, True, "no_answer", 2),  # never answers: asked again, then printed anyway
        (True, True, 0x72, False, "paper_out", 1),  # an answer still counts
        (False, False, None, True, "unchecked", 0),  # not asked at all
        (False, False, 0x72, True, "unchecked", 0),
    ],
)
def test_status_query_and_print_when_unknown(pty_pair, status_query, when_unknown, answer, printed, status, requests):
    master, path = pty_pair
    stop, sink, asked = threading.Event(), bytearray(), []
    t = fake_printer(master, answer, stop, sink, asked)
    statuses = []
    printer = SerialPrinter(
        path,
        status_timeout_s=0.2,
        on_status=statuses.append,
        status_query=status_query,
        print_when_unknown=when_unknown,
    ).start()
    try:
        printer.print_receipt(receipt("https://x/y"))
        assert wait_for(lambda: statuses == [status]), statuses
        assert wait_for(lambda: (escpos.CUT in sink) == printed)
        time.sleep(0.3)  # nothing more arrives
    finally:
        printer.stop()
        stop.set()
        t.join()
    assert (escpos.CUT in sink) == printed and printer.printed == int(printed)
    assert len(asked) == requests and statuses == [status]
