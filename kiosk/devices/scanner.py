"""Hall QR scanner on a serial port in line mode (one code per CR/LF-terminated line).

Lines with control characters or invalid UTF-8 are line noise: counted, never delivered. The port is
reopened with capped backoff when it vanishes. `on_code(text)` is called from the reader thread.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable

import serial

log = logging.getLogger(__name__)
MAX_LINE = 2048


class SerialScanner:
    def __init__(self, port: str, baudrate: int = 9600, *, on_code: Callable[[str], None]):
        self.port, self.baudrate, self.on_code = port, baudrate, on_code
        self.counters: Counter[str] = Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scanner", daemon=True)

    def start(self) -> SerialScanner:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(3)

    def _run(self) -> None:
        delay = 0.2
        while not self._stop.is_set():
            try:
                with serial.Serial(self.port, self.baudrate, timeout=0.2) as port:
                    delay = 0.2
                    self._read(port)
            except (OSError, serial.SerialException) as exc:
                self.counters["reconnects"] += 1
                log.debug("scanner %s: %s", self.port, exc)
            self._stop.wait(delay)
            delay = min(5.0, delay * 2)

    def _read(self, port: serial.Serial) -> None:
        buf = bytearray()
        while not self._stop.is_set():
            chunk = port.read(256)
            if not chunk:
                continue
            buf += chunk
            while True:
                cut = min((i for i in (buf.find(b"\r"), buf.find(b"\n")) if i >= 0), default=-1)
                if cut < 0:
                    break
                line, buf = bytes(buf[:cut]), buf[cut + 1 :]
                self._line(line)
            if len(buf) > MAX_LINE:
                self.counters["noise"] += 1
                buf.clear()

    def _line(self, raw: bytes) -> None:
        if not raw:
            return
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            self.counters["noise"] += 1
            return
        if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
            self.counters["noise"] += 1
            return
        self.counters["codes"] += 1
        try:
            self.on_code(text.strip())
        except Exception:
            log.exception("scanner listener failed")
