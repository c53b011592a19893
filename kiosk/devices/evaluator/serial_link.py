"""A serial port opened by path, read on its own thread, reopened with backoff when it vanishes.

The path may be a stable symlink such as /dev/serial/by-id/usb-...; it is resolved at every open, so a
device replugged behind the same link path (even with a new /dev/ttyUSBn) is found again.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

import serial

from kiosk.devices.evaluator.reliable import Counters

log = logging.getLogger("kiosk.devices")

BACKOFF_START_S = 0.2
BACKOFF_MAX_S = 5.0
READ_TICK_S = 0.02  # read timeout: how often the tick callback runs when the line is quiet
PATH_CHECK_S = 1.0  # how often an open port's path is checked for existence
WRITE_TIMEOUT_S = 0.5
MAX_READ = 65536


def open_serial(path: str, baudrate: int, *, timeout: float = READ_TICK_S) -> serial.Serial:
    """Open `path` (symlinks resolved now) as 8N1 without flow control. Raises serial.SerialException/OSError."""
    real = os.path.realpath(path)
    if not os.path.exists(real):
        raise serial.SerialException(f"{path}: no such device")
    return serial.Serial(
        port=real,
        baudrate=baudrate,
        bytesize=serial.EIGHTBITS,
        parity=serial.PARITY_NONE,
        stopbits=serial.STOPBITS_ONE,
        timeout=timeout,
        write_timeout=WRITE_TIMEOUT_S,
        xonxoff=False,
        rtscts=False,
        dsrdtr=False,
    )


class SerialLink:
    """Owns the reader thread. Callbacks all run on that thread:

    on_open()                  the port was (re)opened
    on_data(data, now)         bytes arrived (now = time.monotonic())
    on_tick(now)               after every read, at least every READ_TICK_S while the port is open
    on_close(reason)           the port was lost (not called for stop())
    """

    def __init__(
        self,
        path: str,
        baudrate: int,
        counters: Counters,
        *,
        on_open: Callable[[], None],
        on_data: Callable[[bytes, float], None],
        on_tick: Callable[[float], None],
        on_close: Callable[[str], None],
        name: str = "serial",
    ) -> None:
        self.path = path
        self.baudrate = baudrate
        self._counters = counters
        self._on_open = on_open
        self._on_data = on_data
        self._on_tick = on_tick
        self._on_close = on_close
        self._name = name
        self._lock = threading.Lock()
        self._ser: serial.Serial | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error = ""

    @property
    def is_open(self) -> bool:
        return self._ser is not None

    @property
    def stop_event(self) -> threading.Event:
        return self._stop

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("already started")
        self._thread = threading.Thread(target=self._run, name=f"{self._name}-reader", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 1.0) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
            if thread.is_alive():
                log.warning("%s: reader thread did not stop within %.1f s", self.path, timeout)
        self._close_port()

    def write(self, data: bytes) -> bool:
        """Write from any thread. False if the port is not open or the write failed (the reader notices)."""
        with self._lock:
            ser = self._ser
            if ser is None:
                return False
            try:
                ser.write(data)
                return True
            except (serial.SerialException, OSError, ValueError) as exc:  # includes SerialTimeoutException
                self._counters.inc("write_errors")
                self.last_error = str(exc)
                return False

    # -- reader thread -------------------------------------------------------------------------------

    def _run(self) -> None:
        delay = BACKOFF_START_S
        opened_before = False
        while not self._stop.is_set():
            try:
                ser = open_serial(self.path, self.baudrate)
                ser.reset_input_buffer()
            except (serial.SerialException, OSError, ValueError) as exc:
                self._counters.inc("open_failures")
                if str(exc) != self.last_error:
                    log.info("%s: cannot open (%s); retrying with backoff", self.path, exc)
                self.last_error = str(exc)
                if self._stop.wait(delay):
                    break
                delay = min(delay * 2, BACKOFF_MAX_S)
                continue
            delay = BACKOFF_START_S
            with self._lock:
                self._ser = ser
            if opened_before:
                self._counters.inc("reconnects")
            opened_before = True
            log.info("%s: opened (%s)", self.path, ser.port)
            reason = self._read_loop(ser)
            self._close_port()
            if self._stop.is_set():
                break
            self.last_error = reason
            log.warning("%s: lost (%s); reconnecting", self.path, reason)
            self._counters.inc("disconnects")
            self._safe(self._on_close, reason)

    def _read_loop(self, ser: serial.Serial) -> str:
        self._safe(self._on_open)
        next_path_check = time.monotonic() + PATH_CHECK_S
        try:
            while not self._stop.is_set():
                waiting = ser.in_waiting
                data = ser.read(min(waiting, MAX_READ) if waiting else 1)
                now = time.monotonic()
                if data:
                    self._counters.inc("bytes_in", len(data))
                    self._safe(self._on_data, data, now)
                self._safe(self._on_tick, now)
                if now >= next_path_check:
                    next_path_check = now + PATH_CHECK_S
                    if not os.path.exists(self.path):
                        return "path vanished"
        except (serial.SerialException, OSError, TypeError, ValueError) as exc:
            # TypeError/ValueError: pyserial internals after the fd went away under it
            return str(exc) or type(exc).__name__
        return "stopped"

    def _close_port(self) -> None:
        with self._lock:
            ser, self._ser = self._ser, None
        if ser is not None:
            try:
                ser.close()
            except (serial.SerialException, OSError):
                pass

    def _safe(self, func: Callable[..., None], *args: object) -> None:
        try:
            func(*args)
        except Exception:  # a listener bug must not kill the reader thread
            self._counters.inc("callback_errors")
            log.exception("%s: callback %s failed", self.path, getattr(func, "__name__", func))
