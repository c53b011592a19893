"""`keys` driver: simple button boxes that send one byte per press (9600 8N1 by default).

Default map: '1'..'5' -> levels 1..5. CR, LF and unmapped bytes are ignored and counted. The box has no
lights or speaker, so commands are accepted and ignored. Online = the port is open.
"""

from __future__ import annotations

import logging

from kiosk.devices.evaluator.protocol import EvaluatorListener
from kiosk.devices.evaluator.reliable import Counters
from kiosk.devices.evaluator.serial_link import SerialLink

log = logging.getLogger("kiosk.devices")

DEFAULT_KEYMAP: dict[str, int] = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}

COUNTER_NAMES = (
    "keys",
    "ignored_bytes",
    "line_endings",
    "unknown_bytes",
    "reconnects",
    "offline_events",
    "open_failures",
    "disconnects",
    "bytes_in",
    "callback_errors",
)


def compile_keymap(keymap: dict[str, int] | None) -> dict[int, int]:
    """{"A": 5, ...} -> {0x41: 5, ...}. Keys must be single characters 0..255, levels 1..5."""
    result: dict[int, int] = {}
    for key, level in (DEFAULT_KEYMAP if keymap is None else keymap).items():
        if not isinstance(key, str) or len(key) != 1 or ord(key) > 0xFF:
            raise ValueError(f"keymap key must be one character (one byte), got {key!r}")
        if key in "\r\n":
            raise ValueError("keymap cannot map CR or LF")
        if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
            raise ValueError(f"keymap level must be 1..5, got {level!r} for {key!r}")
        result[ord(key)] = level
    if not result:
        raise ValueError("keymap is empty")
    return result


class KeysEvaluator:
    def __init__(self, port: str, *, baudrate: int = 9600, keymap: dict[str, int] | None = None) -> None:
        if not port:
            raise ValueError("the keys driver needs a port path")
        self.port = port
        self.keymap = compile_keymap(keymap)
        self._counters = Counters(COUNTER_NAMES)
        self._link = SerialLink(
            port,
            baudrate,
            self._counters,
            on_open=self._on_open,
            on_data=self._on_data,
            on_tick=lambda now: None,
            on_close=self._on_close,
            name="evaluator-keys",
        )
        self._listener: EvaluatorListener | None = None
        self._online = False

    def start(self, listener: EvaluatorListener) -> None:
        if self._listener is not None:
            raise RuntimeError("already started")
        self._listener = listener
        self._link.start()

    def stop(self) -> None:
        self._link.stop(1.0)
        self._online = False

    def invite(self, timeout_s: int, prompt: str) -> None:
        """No lights on a plain button box."""

    def thanks(self) -> None:
        """No-op."""

    def idle(self) -> None:
        """No-op."""

    def leds(self, mask: int) -> None:
        """No-op."""

    @property
    def online(self) -> bool:
        return self._online

    def counters(self) -> dict[str, int]:
        return self._counters.snapshot()

    # -- reader thread --------------------------------------------------------------------------------

    def _on_open(self) -> None:
        if not self._online:
            self._online = True
            self._notify("on_online")

    def _on_close(self, reason: str) -> None:
        if self._online:
            self._online = False
            self._counters.inc("offline_events")
            self._notify("on_offline")

    def _on_data(self, data: bytes, now: float) -> None:
        keymap = self.keymap
        for byte in data:
            level = keymap.get(byte)
            if level is not None:
                self._counters.inc("keys")
                self._notify("on_key", level)
            else:
                self._counters.inc("ignored_bytes")
                self._counters.inc("line_endings" if byte in (0x0D, 0x0A) else "unknown_bytes")

    def _notify(self, method: str, *args: object) -> None:
        listener = self._listener
        if listener is None or self._link.stop_event.is_set():
            return
        try:
            getattr(listener, method)(*args)
        except Exception:
            self._counters.inc("callback_errors")
            log.exception("%s: listener.%s failed", self.port, method)
