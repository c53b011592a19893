"""`kiosk devsim`: play a serial evaluator on a pty pair so a pad can be tested without hardware.

    kiosk devsim --protocol frame --link /tmp/evaluator
    -> configure the pad with port /tmp/evaluator (or the printed /dev/pts/N), driver "frame"

Keyboard (stdin, a tty or piped lines): 1-5 press that button, h toggles the heartbeat, a toggles
ACKing host frames, r replugs the device, q quits. Every frame the host sends is printed decoded.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import select
import signal
import sys
import termios
import threading
import time
import tty

from kiosk.devices.evaluator import codec as fc
from kiosk.devices.tools.pty_device import PtyFrameDevice, PtyKeysDevice

HELP_KEYS = "keys: 1-5 press, h heartbeat on/off, a ACKs on/off, r replug, q quit"


class _Printer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._t0 = time.monotonic()

    def __call__(self, text: str) -> None:
        with self._lock:
            print(f"[{time.monotonic() - self._t0:8.3f}] {text}", flush=True)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk devsim", description="Simulate a serial evaluator on a pty pair.")
    p.add_argument("--protocol", choices=("frame", "keys"), default="frame")
    p.add_argument("--link", default="", help="also make PATH a symlink to the device (stable path to configure)")
    p.add_argument("--heartbeat", type=float, default=2.0, metavar="S", help="heartbeat interval (frame)")
    p.add_argument("--no-heartbeat", action="store_true", help="start with the heartbeat off (frame)")
    p.add_argument("--model", default="EV-SIM")
    p.add_argument("--firmware", default="1.0.0")
    p.add_argument("--serial", default="SIM0000001")
    p.add_argument("--keymap", default="", help="keys protocol: e.g. A=5,B=3,C=1 (default 1..5)")
    return p


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


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    out = _Printer()
    try:
        keymap = parse_keymap(args.keymap)
    except ValueError as exc:
        print(f"kiosk devsim: {exc}", file=sys.stderr)
        return 2
    link = os.path.abspath(args.link) if args.link else None
    if link and os.path.exists(link) and not os.path.islink(link):
        print(f"kiosk devsim: {link} exists and is not a symlink; refusing to replace it", file=sys.stderr)
        return 2

    def on_frame(frame: fc.Frame, duplicate: bool) -> None:
        out(f"host -> {frame.describe()}{'  (duplicate, not acted on)' if duplicate else ''}")

    if args.protocol == "frame":
        device: PtyFrameDevice | PtyKeysDevice = PtyFrameDevice(
            link,
            model=args.model,
            firmware=args.firmware,
            serial=args.serial,
            heartbeat_interval_s=args.heartbeat,
            on_frame=on_frame,
        )
        device.set_heartbeat(not args.no_heartbeat)
    else:
        device = PtyKeysDevice(link, keymap=keymap, on_data=lambda data: out(f"host -> raw {data!r}"))
    try:
        out(f"{args.protocol} evaluator on {device.path}")
        if link:
            out(f"symlink {link} -> {device.path}")
        out(f"configure the pad: driver={args.protocol} port={link or device.path}")
        out(HELP_KEYS)
        _run_keyboard(device, out)
    finally:
        device.close()
        out("device closed")
    return 0


def _run_keyboard(device: PtyFrameDevice | PtyKeysDevice, out: _Printer) -> None:
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


def _read_tty(device: PtyFrameDevice | PtyKeysDevice, out: _Printer, stop: threading.Event) -> None:
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


def _read_lines(device: PtyFrameDevice | PtyKeysDevice, out: _Printer, stop: threading.Event) -> None:
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


def _handle_key(char: str, device: PtyFrameDevice | PtyKeysDevice, out: _Printer) -> bool:
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


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main(sys.argv[1:]))
