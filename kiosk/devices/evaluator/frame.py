"""`frame` driver: the smart evaluator speaking the STX/LEN/CMD/SEQ/CRC/ETX protocol.

Threads: one reader (SerialLink) that parses, ACKs, filters duplicates, watches heartbeats and calls the
listener; one writer that sends queued host commands stop-and-wait with retransmission. Public methods
only enqueue and never block the caller.
"""

from __future__ import annotations

import logging
import queue
import threading
import time

from kiosk.devices.evaluator import codec as fc
from kiosk.devices.evaluator.protocol import EvaluatorListener
from kiosk.devices.evaluator.reliable import ACK_TIMEOUT_S, RETRIES, Counters, DuplicateFilter, ReliableSender
from kiosk.devices.evaluator.serial_link import SerialLink

log = logging.getLogger("kiosk.devices")

QUEUE_MAX = 64
HEARTBEAT_GRACE = 0.5  # extra fraction of an interval before a heartbeat counts as missed

COUNTER_NAMES = (
    *fc.PARSER_COUNTERS,  # kept by the parser, read from it by counters(); listed for the order of the keys
    "duplicates",
    "retransmits",
    "reconnects",
    "degraded",
    "degraded_active",
    "keys",
    "heartbeats",
    "hellos",
    "acks_sent",
    "acks_received",
    "frames_sent",
    "commands_dropped",
    "send_failures",
    "unknown_cmds",
    "bad_payloads",
    "offline_events",
    "open_failures",
    "disconnects",
    "write_errors",
    "bytes_in",
    "callback_errors",
)


class FrameEvaluator:
    def __init__(
        self,
        port: str,
        *,
        baudrate: int = 9600,
        heartbeat_misses: int = 3,
        heartbeat_interval_s: float = 2.0,
        ack_timeout_s: float = ACK_TIMEOUT_S,
        retries: int = RETRIES,
    ) -> None:
        if not port:
            raise ValueError("the frame driver needs a port path")
        self.port = port
        self.heartbeat_misses = max(1, int(heartbeat_misses))
        self.heartbeat_interval_s = float(heartbeat_interval_s)
        self._counters = Counters(COUNTER_NAMES)
        self._parser = fc.FrameParser()
        self._dups = DuplicateFilter()
        self._link = SerialLink(
            port,
            baudrate,
            self._counters,
            on_open=self._on_open,
            on_data=self._on_data,
            on_tick=self._on_tick,
            on_close=self._on_close,
            name="evaluator-frame",
        )
        self._sender = ReliableSender(
            self._link.write,
            self._counters,
            ack_timeout_s=ack_timeout_s,
            retries=retries,
            stop_event=self._link.stop_event,
        )
        self._queue: queue.Queue[tuple[int, bytes] | None] = queue.Queue(QUEUE_MAX)
        self._writer: threading.Thread | None = None
        self._listener: EvaluatorListener | None = None
        self._online = False
        self._last_valid = 0.0
        self.info: tuple[str, str, str] | None = None

    # -- Evaluator API ------------------------------------------------------------------------------

    def start(self, listener: EvaluatorListener) -> None:
        if self._listener is not None:
            raise RuntimeError("already started")
        self._listener = listener
        self._writer = threading.Thread(target=self._write_loop, name="evaluator-frame-writer", daemon=True)
        self._writer.start()
        self._link.start()

    def stop(self) -> None:
        stop = self._link.stop_event
        stop.set()
        self._sender.wake()
        try:
            self._queue.put_nowait(None)
        except queue.Full:
            pass
        if self._writer is not None:
            self._writer.join(1.0)
        self._link.stop(1.0)
        self._online = False

    def invite(self, timeout_s: int, prompt: str) -> None:
        self._enqueue(fc.INVITE, fc.invite_payload(timeout_s, prompt))

    def thanks(self) -> None:
        self._enqueue(fc.THANKS)

    def idle(self) -> None:
        self._enqueue(fc.IDLE)

    def leds(self, mask: int) -> None:
        self._enqueue(fc.LEDS, bytes((int(mask) & 0x1F,)))

    def query(self) -> None:
        self._enqueue(fc.QUERY)

    @property
    def online(self) -> bool:
        return self._online

    @property
    def degraded(self) -> bool:
        return self._sender.degraded

    def counters(self) -> dict[str, int]:
        snap = self._counters.snapshot()
        snap.update(self._parser.counters())
        return snap

    # -- writer thread ------------------------------------------------------------------------------

    def _enqueue(self, cmd: int, payload: bytes = b"") -> None:
        if self._link.stop_event.is_set():
            return
        try:
            self._queue.put_nowait((cmd, payload))
        except queue.Full:
            self._counters.inc("commands_dropped")
            log.warning("%s: command queue full, dropping 0x%02X", self.port, cmd)

    def _write_loop(self) -> None:
        stop = self._link.stop_event
        while not stop.is_set():
            try:
                item = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            if item is None:
                break
            cmd, payload = item
            if not self._link.is_open:
                self._counters.inc("commands_dropped")
                continue
            if not self._sender.send(cmd, payload) and not stop.is_set() and self._sender.degraded:
                log.warning("%s: no ACK for 0x%02X after %d retries", self.port, cmd, self._sender.retries)

    # -- reader thread callbacks ----------------------------------------------------------------------

    def _on_open(self) -> None:
        self._parser.reset()
        self._dups.reset()
        self._last_valid = time.monotonic()
        self._enqueue(fc.QUERY)

    def _on_data(self, data: bytes, now: float) -> None:
        for frame in self._parser.feed(data, now):
            self._handle(frame, now)

    def _on_tick(self, now: float) -> None:
        if self._parser.pending:
            for frame in self._parser.expire(now):
                self._handle(frame, now)
        limit = (self.heartbeat_misses + HEARTBEAT_GRACE) * self.heartbeat_interval_s
        if self._online and now - self._last_valid > limit:
            log.warning("%s: %d heartbeats missed, device offline", self.port, self.heartbeat_misses)
            self._set_offline()

    def _on_close(self, reason: str) -> None:
        self._parser.reset()
        self._set_offline()

    def _set_offline(self) -> None:
        if self._online:
            self._online = False
            self._counters.inc("offline_events")
            self._notify("on_offline")

    def _handle(self, frame: fc.Frame, now: float) -> None:
        self._last_valid = now
        if not self._online:
            self._online = True
            self._notify("on_online")
        if frame.cmd == fc.ACK:
            self._sender.on_ack(frame)
            return
        if self._link.write(fc.ack_frame(frame.seq)):
            self._counters.inc("acks_sent")
        if not self._dups.accept(frame):
            self._counters.inc("duplicates")
            return
        cmd, payload = frame.cmd, frame.payload
        if cmd == fc.KEY:
            if len(payload) == 1 and 1 <= payload[0] <= 5:
                self._counters.inc("keys")
                self._notify("on_key", payload[0])
            else:
                self._counters.inc("bad_payloads")
        elif cmd == fc.HEARTBEAT:
            self._counters.inc("heartbeats")
        elif cmd == fc.HELLO:
            self._counters.inc("hellos")
            self.info = fc.parse_hello(payload)
            self._notify("on_info", *self.info)
        else:
            self._counters.inc("unknown_cmds")

    def _notify(self, method: str, *args: object) -> None:
        listener = self._listener
        if listener is None or self._link.stop_event.is_set():
            return
        try:
            getattr(listener, method)(*args)
        except Exception:  # a listener bug must not break the link
            self._counters.inc("callback_errors")
            log.exception("%s: listener.%s failed", self.port, method)
