"""A serial evaluator played from the keyboard on a pty pair, so a pad can be tested without hardware
(the `kiosk devsim` command, kiosk/cli/devices.py).

Keyboard (stdin, a tty or piped lines): 1-5 press that button, h toggles the heartbeat, a toggles
ACKing host frames, r replugs the device, q quits. Every frame the host sends is printed decoded.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import termios
import threading
import time
import tty
from collections.abc import Callable

from kiosk.devices.evaluator import codec as fc
from kiosk.devices.tools.pty_device import PtyFrameDevice, PtyKeysDevice

HELP_KEYS = "keys: 1-5 press, h heartbeat on/off, a ACKs on/off, r replug, q quit"


class Printer:
    """Prints one line per event, stamped with the seconds since the tool started; safe from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._t0 = time.monotonic()

    def __call__(self, text: str) -> None:
        with self._lock:
            print(f"[{time.monotonic() - self._t0:8.3f}] {text}", flush=True)


def parse_keymap(text: str) -> dict[str, int] | None:
    if not text:
        return None
    result: dict[str, int] = {}
    for item in text.split(","):
        key, _, level = item.partition("=")
        if len(key) != 1 or not level.isdigit():
            raise ValueError(f"bad keymap entry {item!r}; expected CHAR=LEVEL")
        result[key] = int(level)
    return result


def open_device(
    protocol: str,
    link: str | None,
    out: Callable[[str], None],
    *,
    model: str = "EV-SIM",
    firmware: str = "1.0.0",
    serial: str = "SIM0000001",
    heartbeat_s: float = 2.0,
    heartbeat: bool = True,
    keymap: dict[str, int] | None = None,
) -> PtyFrameDevice | PtyKeysDevice:
    """A `frame` or `keys` device on a new pty pair; every byte the host sends is reported to `out`."""
    if protocol == "frame":

        def on_frame(frame: fc.Frame, duplicate: bool) -> None:
            out(f"host -> {frame.describe()}{'  (duplicate, not acted on)' if duplicate else ''}")

        device = PtyFrameDevice(
            link, model=model, firmware=firmware, serial=serial, heartbeat_interval_s=heartbeat_s, on_frame=on_frame
        )
        device.set_heartbeat(heartbeat)
        return device
    return PtyKeysDevice(link, keymap=keymap, on_data=lambda data: out(f"host -> raw {data!r}"))


def run_keyboard(device: PtyFrameDevice | PtyKeysDevice, out: Printer) -> None:
    """Act on keys from stdin (a tty or piped lines) until q, SIGINT or SIGTERM."""
    stop = threading.Event()

    def on_sigterm(*_: object) -> None:
        stop.set()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        if sys.stdin is not None and sys.stdin.isatty():
            _read_tty(device, out, stop)
        else:
            _read_lines(device, out, stop)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def _read_tty(device: PtyFrameDevice | PtyKeysDevice, out: Printer, stop: threading.Event) -> None:
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd)
    try:
        while not stop.is_set():
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                char = os.read(fd, 1).decode("latin-1")
                if not char or not _handle_key(char, device, out):
                    return
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _read_lines(device: PtyFrameDevice | PtyKeysDevice, out: Printer, stop: threading.Event) -> None:
    stream = sys.stdin
    if stream is not None:
        for line in stream:
            for char in line.strip():
                if not _handle_key(char, device, out):
                    return
            if stop.is_set():
                return
    out("stdin closed; device stays plugged until SIGINT/SIGTERM")
    while not stop.wait(0.2):
        pass


def _handle_key(char: str, device: PtyFrameDevice | PtyKeysDevice, out: Printer) -> bool:
    """Act on one keyboard character; False means quit."""
    if char in "12345":
        level = int(char)
        try:
            device.press(level)
        except ValueError as exc:
            out(str(exc))
            return True
        out(f"device -> KEY level={level}")
    elif char == "h" and isinstance(device, PtyFrameDevice):
        device.set_heartbeat(not device.heartbeat_enabled)
        out(f"heartbeat {'on' if device.heartbeat_enabled else 'off'}")
    elif char == "a" and isinstance(device, PtyFrameDevice):
        device.set_ack(not device.ack_enabled)
        out(f"ACKs {'on' if device.ack_enabled else 'off'}")
    elif char == "r":
        path = device.replug()
        out(f"replugged: {path}" + (f" (link {device.link})" if device.link else ""))
    elif char == "q":
        return False
    elif char.strip():
        out(HELP_KEYS)
    return True
