"""Simulated serial evaluators on a pty pair, for `kiosk devsim` and the tests.

The device owns the pty master; the host opens the slave path (or the symlink given as `link`) exactly
as it would open /dev/ttyUSB0. unplug() closes the master (the host sees a read error / hang-up) and
removes the link; plug() creates a fresh pty and points the same link at it; replug() does both.

PtyFrameDevice plays the smart device: HELLO at power-on (every plug) and on QUERY, HEARTBEAT every
interval, ACKs host frames (unless set_ack(False)), filters duplicates and retransmits its own frames
until ACKed. PtyKeysDevice sends one byte per press.
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import threading
import time
import tty
from collections.abc import Callable

from kiosk.devices.evaluator import codec as fc
from kiosk.devices.evaluator.reliable import ACK_TIMEOUT_S, RETRIES, Counters, DuplicateFilter, ReliableSender


class _PtyDevice:
    """pty ownership, plug/unplug, a reader thread and non-blocking writes to the master."""

    def __init__(self, link: str | None = None) -> None:
        self.link = link
        self.path = ""
        if not hasattr(self, "counters"):
            self.counters = Counters()
        self._wlock = threading.Lock()  # guards the fds against concurrent writes and closing
        self._master = -1
        self._slave = -1
        self._closing = threading.Event()
        self._unplug_req = threading.Event()
        self._unplug_done = threading.Event()
        self._wake_r, self._wake_w = os.pipe()
        self.plug()
        self._reader = threading.Thread(target=self._read_loop, name="ptydevice-reader", daemon=True)
        self._reader.start()

    # -- plugging -------------------------------------------------------------------------------------

    @property
    def plugged(self) -> bool:
        return self._master >= 0

    def plug(self) -> str:
        """Create a new pty (a freshly powered device); returns the slave path and updates the link."""
        if self.plugged:
            return self.path
        master, slave = os.openpty()
        tty.setraw(slave)  # keep the line discipline from echoing or cooking bytes
        os.set_blocking(master, False)
        with self._wlock:
            self._master, self._slave = master, slave
            self.path = os.ttyname(slave)
        if self.link:
            tmp = f"{self.link}.tmp{os.getpid()}"
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            os.symlink(self.path, tmp)
            os.replace(tmp, self.link)
        self._on_plug()
        return self.path

    def unplug(self) -> None:
        """Close the master side (the host sees the device vanish) and remove the link."""
        if self.link:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.link)
        if not self.plugged:
            return
        if threading.current_thread() is self._reader or not self._reader.is_alive():
            self._close_fds()
            return
        self._unplug_done.clear()
        self._unplug_req.set()
        os.write(self._wake_w, b"u")
        self._unplug_done.wait(2.0)

    def replug(self) -> str:
        self.unplug()
        return self.plug()

    def close(self) -> None:
        self._closing.set()
        self._on_close()
        os.write(self._wake_w, b"c")
        if self._reader is not threading.current_thread():
            self._reader.join(2.0)
        self._close_fds()
        if self.link:
            with contextlib.suppress(FileNotFoundError):
                if os.path.islink(self.link):
                    os.unlink(self.link)
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._wake_r = self._wake_w = -1

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _close_fds(self) -> None:
        with self._wlock:
            for fd in (self._master, self._slave):
                if fd >= 0:
                    with contextlib.suppress(OSError):
                        os.close(fd)
            self._master = self._slave = -1
        self._on_unplug()

    # -- I/O ------------------------------------------------------------------------------------------

    def send_raw(self, data: bytes) -> bool:
        """Write bytes to the host as they are. False if unplugged (or the host side is full)."""
        with self._wlock:
            if self._master < 0:
                return False
            view = memoryview(data)
            try:
                while view:
                    n = os.write(self._master, view)
                    view = view[n:]
            except BlockingIOError:
                self.counters.inc("tx_overflow")
                return False
            except OSError:
                return False
            self.counters.inc("bytes_out", len(data))
            return True

    def _read_loop(self) -> None:
        while not self._closing.is_set():
            fd = self._master
            fds = [self._wake_r] + ([fd] if fd >= 0 else [])
            try:
                ready, _, _ = select.select(fds, [], [], 0.02)
            except (OSError, ValueError):
                ready = []
            if self._wake_r in ready:
                with contextlib.suppress(OSError):
                    os.read(self._wake_r, 64)
            if self._unplug_req.is_set():
                self._unplug_req.clear()
                self._close_fds()
                self._unplug_done.set()
                continue
            data = b""
            if fd >= 0 and fd in ready and fd == self._master:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    data = b""
            if data:
                self.counters.inc("bytes_in", len(data))
            self._on_bytes(data, time.monotonic())

    # -- hooks for subclasses ---------------------------------------------------------------------------

    def _on_plug(self) -> None:
        pass

    def _on_unplug(self) -> None:
        pass

    def _on_close(self) -> None:
        pass

    def _on_bytes(self, data: bytes, now: float) -> None:
        pass


class PtyKeysDevice(_PtyDevice):
    """A plain button box: press(level) sends one byte (keymap level -> byte, default '1'..'5')."""

    def __init__(
        self,
        link: str | None = None,
        *,
        keymap: dict[str, int] | None = None,
        on_data: Callable[[bytes], None] | None = None,
    ) -> None:
        self._received = bytearray()
        self.on_data = on_data  # bytes the host wrote, from the reader thread
        self._levels = {level: key for key, level in (keymap or {str(n): n for n in range(1, 6)}).items()}
        super().__init__(link)

    def press(self, level: int) -> bool:
        key = self._levels.get(level)
        if key is None:
            raise ValueError(f"no key for level {level}")
        return self.send_raw(key.encode("latin-1"))

    def received_bytes(self) -> bytes:
        return bytes(self._received)

    def received_frames(self) -> list[fc.Frame]:
        return []

    def set_heartbeat(self, enabled: bool) -> None:
        """Button boxes have no heartbeat."""

    def _on_bytes(self, data: bytes, now: float) -> None:
        if data:
            self._received += data
            if self.on_data is not None:
                self.on_data(data)


class PtyFrameDevice(_PtyDevice):
    """The smart evaluator of docs/protocols/serial-evaluator.md, device side."""

    def __init__(
        self,
        link: str | None = None,
        *,
        model: str = "EV-SIM",
        firmware: str = "1.0.0",
        serial: str = "SIM0000001",
        heartbeat_interval_s: float = 2.0,
        ack_timeout_s: float = ACK_TIMEOUT_S,
        retries: int = RETRIES,
        on_frame: Callable[[fc.Frame, bool], None] | None = None,
    ) -> None:
        self.hello = f"{model};{firmware};{serial}".encode()
        self.heartbeat_interval_s = heartbeat_interval_s
        self.on_frame = on_frame  # (frame, duplicate) for every host frame, from the reader thread
        self.leds_mask = 0
        self.state = "idle"  # idle | invited | thanked
        self.prompt = ""
        self.ack_enabled = True
        self._heartbeat = True
        self._frames: list[fc.Frame] = []
        self._frames_lock = threading.Lock()
        self._parser = fc.FrameParser()
        self._dups = DuplicateFilter()
        self._stop = threading.Event()
        self._queue: queue.Queue[tuple[int, bytes] | None] = queue.Queue()
        self.counters = Counters()
        self._sender = ReliableSender(
            self.send_raw, self.counters, ack_timeout_s=ack_timeout_s, retries=retries, stop_event=self._stop
        )
        self._worker = threading.Thread(target=self._work_loop, name="ptydevice-worker", daemon=True)
        super().__init__(link)
        self._worker.start()

    # -- controls ---------------------------------------------------------------------------------------

    def press(self, level: int) -> None:
        """Queue a KEY frame (retransmitted until ACKed, up to 3 more times)."""
        self._queue.put((fc.KEY, bytes((level & 0xFF,))))

    def send_frame(self, cmd: int, payload: bytes = b"") -> None:
        """Queue any frame for reliable sending with the device's own numbering."""
        self._queue.put((cmd, payload))

    def set_heartbeat(self, enabled: bool) -> None:
        self._heartbeat = enabled

    @property
    def heartbeat_enabled(self) -> bool:
        return self._heartbeat

    def set_ack(self, enabled: bool) -> None:
        """Stop (or resume) acknowledging host frames, to exercise host retransmission."""
        self.ack_enabled = enabled

    def received_frames(self, *, include_acks: bool = True) -> list[fc.Frame]:
        """Every valid frame the host sent, in order (retransmissions included)."""
        with self._frames_lock:
            return [f for f in self._frames if include_acks or f.cmd != fc.ACK]

    def clear_received(self) -> None:
        with self._frames_lock:
            self._frames.clear()

    @property
    def degraded(self) -> bool:
        return self._sender.degraded

    # -- hooks ------------------------------------------------------------------------------------------

    def _on_plug(self) -> None:
        # a power-on: forget everything, number from 0, announce ourselves
        self._parser.reset()
        self._dups.reset()
        self._sender.reset_sequence()
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._queue.put((fc.HELLO, self.hello))

    def _on_close(self) -> None:
        self._stop.set()
        self._sender.wake()
        self._queue.put(None)
        self._worker.join(2.0)

    def _on_bytes(self, data: bytes, now: float) -> None:
        frames = self._parser.feed(data, now) if data else self._parser.expire(now)
        for frame in frames:
            self._handle(frame)

    def _handle(self, frame: fc.Frame) -> None:
        with self._frames_lock:
            self._frames.append(frame)
        if frame.cmd == fc.ACK:
            self._sender.on_ack(frame)
            self._notify(frame, False)
            return
        if self.ack_enabled:
            self.send_raw(fc.ack_frame(frame.seq))
            self.counters.inc("acks_sent")
        fresh = self._dups.accept(frame)
        if not fresh:
            self.counters.inc("duplicates")
        self._notify(frame, not fresh)
        if frame.cmd == fc.QUERY:
            self._queue.put((fc.HELLO, self.hello))  # idempotent: answered even when a duplicate
        if not fresh:
            return
        if frame.cmd == fc.INVITE:
            self.state = "invited"
            self.prompt = frame.payload[1:].decode("utf-8", "replace")
            self.leds_mask = 0x1F
        elif frame.cmd == fc.THANKS:
            self.state = "thanked"
            self.leds_mask = 0
        elif frame.cmd == fc.IDLE:
            self.state = "idle"
            self.leds_mask = 0
        elif frame.cmd == fc.LEDS and frame.payload:
            self.leds_mask = frame.payload[0]

    def _notify(self, frame: fc.Frame, duplicate: bool) -> None:
        if self.on_frame is not None:
            try:
                self.on_frame(frame, duplicate)
            except Exception:
                self.counters.inc("callback_errors")

    def _work_loop(self) -> None:
        next_beat = time.monotonic() + self.heartbeat_interval_s
        while not self._stop.is_set():
            try:
                item = self._queue.get(timeout=max(0.0, min(0.05, next_beat - time.monotonic())))
            except queue.Empty:
                pass
            else:
                if item is None:
                    return
                if self.plugged:
                    self._sender.send(*item)
                continue
            now = time.monotonic()
            if now >= next_beat:
                next_beat = now + self.heartbeat_interval_s
                if self._heartbeat and self.plugged:
                    self._sender.send(fc.HEARTBEAT)
