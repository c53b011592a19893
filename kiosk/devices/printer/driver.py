"""Receipt printer: ESC/POS on a serial port, driven from its own worker thread.

A print job never blocks a rating: `print_receipt` queues the job and returns. Before each job the printer's
real-time status is asked (DLE EOT 4): a paper-end bit means paper out (not printed); no answer within the
timeout is asked once more with a fresh request, then the job is printed anyway when `print_when_unknown`
(status `no_answer`: one-way serial links, many USB printers never answer) or not printed (`offline`). With
`status_query` off nothing is asked and every job is sent (`unchecked`). The status (`ok` | `paper_out` |
`offline` | `no_answer` | `unchecked` | `error`) goes to the status line and the centre's heartbeat.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

import serial

from kiosk.core.privacy import mask_name
from kiosk.core.qrlink import qr_matrix
from kiosk.devices.printer import escpos

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Receipt:
    hall: str
    counter: str  # the service counter (窗口)
    staff_page_code: str
    task_name: str
    applicant: str  # shown masked
    time: str  # yyyy-MM-dd HH:mm:ss
    project_no: str
    url: str  # the signed rating link


def receipt_bytes(r: Receipt, *, native_qr: bool = True, qr_rows: list[list[bool]] | None = None) -> bytes:
    parts = [
        escpos.INIT,
        escpos.CHINESE_ON,
        escpos.align(1),
        escpos.bold(True),
        escpos.size(True),
        escpos.text(r.hall),
        escpos.size(False),
        escpos.text("政务服务评价凭条"),
        escpos.bold(False),
        escpos.align(0),
        escpos.text(f"窗口:{r.counter}"),
        escpos.text(f"工号:{r.staff_page_code}"),
        escpos.text(f"事项:{r.task_name}"),
        escpos.text(f"办件编号:{r.project_no}"),
        escpos.text(f"申请人:{mask_name(r.applicant)}"),
        escpos.text(f"时间:{r.time}"),
        escpos.align(1),
        escpos.text("请扫码评价(5个工作日内有效)"),
    ]
    if native_qr:
        parts.append(escpos.qr_native(r.url))
        parts.append(b"\n")
    else:
        if qr_rows is None:
            raise ValueError("raster QR needs the QR rows")
        parts.append(escpos.raster(qr_rows))
    parts += [escpos.align(0), escpos.text(r.url), b"\n\n\n", escpos.CUT]
    return b"".join(parts)


def qr_rows(data: str, scale: int = 6) -> list[list[bool]]:
    """The receipt's QR code (the same matrix the screens show) as rows of dots for a raster print."""
    return [[cell for cell in row for _ in range(scale)] for row in qr_matrix(data) for _ in range(scale)]


class SerialPrinter:
    """ESC/POS printer on a serial port; jobs run on a worker thread."""

    def __init__(
        self,
        port: str,
        baudrate: int = 9600,
        *,
        native_qr: bool = True,
        status_timeout_s: float = 0.5,
        on_status: Callable[[str], None] | None = None,
        status_query: bool = True,
        print_when_unknown: bool = False,
    ):
        self.port, self.baudrate, self.native_qr = port, baudrate, native_qr
        self.status_timeout_s = status_timeout_s
        self.status_query, self.print_when_unknown = status_query, print_when_unknown
        self.on_status = on_status
        self.status = "unknown"
        self.printed = 0
        self._jobs: queue.SimpleQueue[Receipt | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="printer", daemon=True)
        self._serial: serial.Serial | None = None

    def start(self) -> SerialPrinter:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._jobs.put(None)
        self._thread.join(3)
        self._close()

    def print_receipt(self, receipt: Receipt) -> None:
        self._jobs.put(receipt)

    def _set_status(self, status: str) -> None:
        if status != self.status:
            log.info("printer %s: %s", self.port, status)
            self.status = status
            if self.on_status is not None:
                self.on_status(status)

    def _open(self) -> serial.Serial:
        if self._serial is None:
            self._serial = serial.Serial(self.port, self.baudrate, timeout=self.status_timeout_s, write_timeout=5)
        return self._serial

    def _close(self) -> None:
        if self._serial is not None:
            try:
                self._serial.close()
            except (OSError, serial.SerialException):
                pass
            self._serial = None

    def _query(self) -> str | None:
        """One real-time status request: `ok`, `paper_out`, None (no answer in time) or `unreachable`."""
        try:
            port = self._open()
            port.reset_input_buffer()
            port.write(escpos.STATUS_PAPER)
            answer = port.read(1)
        except (OSError, serial.SerialException) as exc:
            log.warning("printer %s unreachable: %s", self.port, exc)
            self._close()
            return "unreachable"
        if not answer:
            return None
        return "paper_out" if answer[0] & 0x60 else "ok"

    def check_status(self) -> str:
        """Ask once: `ok`, `paper_out` or `offline` (no answer, or the port cannot be opened)."""
        answer = self._query()
        self._set_status(answer if answer in ("ok", "paper_out") else "offline")
        return self.status

    def ready_to_print(self) -> bool:
        """Whether to send the next job, after asking the printer as configured (the status is reported)."""
        if not self.status_query:
            try:
                self._open()
            except (OSError, serial.SerialException) as exc:
                log.warning("printer %s unreachable: %s", self.port, exc)
                self._close()
                self._set_status("offline")
                return False
            self._set_status("unchecked")
            return True
        answer = self._query()
        if answer is None:
            log.info("printer %s did not answer its status request; asking once more", self.port)
            answer = self._query()
        if answer is None and self.print_when_unknown:
            if self.status != "no_answer":
                log.warning("printer %s does not answer its status request: printing anyway", self.port)
            self._set_status("no_answer")
            return True
        self._set_status(answer if answer in ("ok", "paper_out") else "offline")
        return self.status == "ok"

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            if not self.ready_to_print():
                log.error("receipt for %s not printed: printer %s", job.project_no, self.status)
                continue
            try:
                data = receipt_bytes(
                    job, native_qr=self.native_qr, qr_rows=None if self.native_qr else qr_rows(job.url)
                )
                self._open().write(data)
                self._open().flush()
                self.printed += 1
            except (OSError, serial.SerialException) as exc:
                log.error("printing failed: %s", exc)
                self._close()
                self._set_status("error")
