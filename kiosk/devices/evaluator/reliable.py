"""Link-layer reliability of the frame protocol, shared by the host driver and the simulated device.

- ``ReliableSender``: numbers outgoing frames 0..255 (wrapping), waits for the ACK, resends the same frame
  (same SEQ) up to ``retries`` more times at ``ack_timeout_s`` intervals, then reports the link degraded.
- ``DuplicateFilter``: remembers the last (CMD, SEQ) accepted from the peer so a retransmission is ACKed again
  but acted on once; HELLO resets it (the peer rebooted and restarts at SEQ 0).
- ``Counters``: a thread-safe bag of integer counters for diagnostics.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from kiosk.devices.evaluator.codec import ACK, HELLO, Frame, encode_frame

ACK_TIMEOUT_S = 0.300
RETRIES = 3


class Counters:
    def __init__(self, names: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, int] = dict.fromkeys(names, 0)

    def inc(self, name: str, by: int = 1) -> None:
        with self._lock:
            self._values[name] = self._values.get(name, 0) + by

    def set(self, name: str, value: int) -> None:
        with self._lock:
            self._values[name] = value

    def get(self, name: str) -> int:
        with self._lock:
            return self._values.get(name, 0)

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._values)


class ReliableSender:
    """Stop-and-wait sender. ``send`` blocks the calling (writer) thread; ``on_ack`` is called by the reader.

    ``write(frame_bytes) -> bool`` returns False when the port is not open (the frame is then abandoned
    without retries: there is nobody to retransmit to).
    """

    def __init__(
        self,
        write: Callable[[bytes], bool],
        counters: Counters,
        *,
        ack_timeout_s: float = ACK_TIMEOUT_S,
        retries: int = RETRIES,
        stop_event: threading.Event | None = None,
    ) -> None:
        self._write = write
        self._counters = counters
        self.ack_timeout_s = ack_timeout_s
        self.retries = retries
        self._stop = stop_event or threading.Event()
        self._cond = threading.Condition()
        self._next_seq = 0
        self._waiting_seq: int | None = None
        self._acked = False
        self.degraded = False
        self.wait_for_acks = True

    def reset_sequence(self) -> None:
        """Restart numbering at 0 (a device does this at power-on)."""
        with self._cond:
            self._next_seq = 0

    def send(self, cmd: int, payload: bytes = b"") -> bool:
        """Send one frame reliably. Returns True when it was ACKed."""
        with self._cond:
            seq = self._next_seq
            self._next_seq = (seq + 1) & 0xFF
            self._waiting_seq = seq
            self._acked = False
        data = encode_frame(cmd, seq, payload)
        try:
            for attempt in range(self.retries + 1):
                if self._stop.is_set():
                    return False
                if attempt:
                    self._counters.inc("retransmits")
                if not self._write(data):
                    self._counters.inc("send_failures")
                    return False
                self._counters.inc("frames_sent")
                if not self.wait_for_acks:
                    return True
                deadline = time.monotonic() + self.ack_timeout_s
                with self._cond:
                    while not self._acked and not self._stop.is_set():
                        left = deadline - time.monotonic()
                        if left <= 0:
                            break
                        self._cond.wait(min(left, 0.05))
                    if self._acked:
                        self.degraded = False
                        self._counters.set("degraded_active", 0)
                        return True
            if not self._stop.is_set():
                self.degraded = True
                self._counters.inc("degraded")
                self._counters.set("degraded_active", 1)
            return False
        finally:
            with self._cond:
                self._waiting_seq = None

    def on_ack(self, frame: Frame) -> None:
        """Handle a received ACK frame (SEQ field and payload byte both = the acknowledged SEQ)."""
        self._counters.inc("acks_received")
        if frame.payload and frame.payload[0] != frame.seq:
            self._counters.inc("bad_acks")
            return
        with self._cond:
            if self._waiting_seq is not None and frame.seq == self._waiting_seq:
                self._acked = True
                self._cond.notify_all()
            else:
                self._counters.inc("stray_acks")

    def wake(self) -> None:
        """Interrupt a pending wait (used by stop())."""
        with self._cond:
            self._cond.notify_all()


class DuplicateFilter:
    """Receiver side: decides whether a received non-ACK frame is new (to act on) or a retransmission."""

    def __init__(self) -> None:
        self._last: tuple[int, int] | None = None

    def reset(self) -> None:
        self._last = None

    def accept(self, frame: Frame) -> bool:
        if frame.cmd == ACK:
            return True
        if frame.cmd == HELLO:
            # the peer (re)booted: forget its previous numbering; HELLO itself is idempotent
            self._last = (frame.cmd, frame.seq)
            return True
        key = (frame.cmd, frame.seq)
        if key == self._last:
            return False
        self._last = key
        return True
