"""Which evaluator protocol answers on a serial port (the `kiosk devices probe` command, kiosk/cli/devices.py).

For every port (serial.tools.list_ports, /dev/serial/by-id links and the PATHs given) it opens the port,
sends a frame-protocol QUERY and listens: a valid frame means a `frame` evaluator (its HELLO is shown),
printable single bytes suggest a `keys` button box (press a button while probing), otherwise the bytes
seen or "no answer" are reported. Do not probe a port the running kiosk is using.
"""

from __future__ import annotations

import glob
import os
import sys
import threading
import time
from dataclasses import dataclass

import serial
from serial.tools import list_ports

from kiosk.devices.evaluator import codec as fc
from kiosk.devices.evaluator.serial_link import open_serial

BY_ID_GLOB = "/dev/serial/by-id/*"


@dataclass
class ProbeResult:
    path: str
    verdict: str  # "frame" | "keys?" | "bytes" | "no answer" | "error"
    detail: str

    def line(self) -> str:
        return f"{self.path}: {self.verdict}" + (f": {self.detail}" if self.detail else "")


def discover_ports(extra: list[str], *, scan: bool = True) -> list[tuple[str, str]]:
    """[(path, note)], one per underlying device; a by-id link is preferred over the raw /dev name."""
    found: dict[str, tuple[str, str]] = {}

    def add(path: str, note: str, prefer: bool = False) -> None:
        key = os.path.realpath(path)
        if key not in found or prefer:
            real_note = note or (f"-> {key}" if key != path else "")
            found[key] = (path, real_note)

    if scan:
        try:
            for info in list_ports.comports():
                note = info.description if info.description and info.description != "n/a" else ""
                add(info.device, note)
        except Exception as exc:  # listing is best effort
            print(f"(cannot list ports: {exc})", file=sys.stderr)
        for link in sorted(glob.glob(BY_ID_GLOB)):
            add(link, f"-> {os.path.realpath(link)}", prefer=True)
    for path in extra:
        add(path, "", prefer=True)
    return list(found.values())


def probe_port(path: str, *, baudrate: int = 9600, timeout_s: float = 1.0) -> ProbeResult:
    try:
        ser = open_serial(path, baudrate, timeout=0.05)
    except (serial.SerialException, OSError, ValueError) as exc:
        hint = ""
        if "ermission" in str(exc):
            hint = " (add the kiosk user to the 'dialout' group)"
        elif "busy" in str(exc).lower():
            hint = " (another program has it open)"
        return ProbeResult(path, "error", f"cannot open: {exc}{hint}")
    parser = fc.FrameParser()
    seen = bytearray()
    frames: list[fc.Frame] = []
    try:
        ser.reset_input_buffer()
        ser.write(fc.encode_frame(fc.QUERY, 0))
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            data = ser.read(ser.in_waiting or 1)
            if not data:
                continue
            seen += data
            for frame in parser.feed(data, time.monotonic()):
                frames.append(frame)
                if frame.cmd != fc.ACK:
                    ser.write(fc.ack_frame(frame.seq))
                if frame.cmd == fc.HELLO:
                    return ProbeResult(path, "frame", ";".join(fc.parse_hello(frame.payload)))
        frames += parser.expire(time.monotonic() + 1.0)
    except (serial.SerialException, OSError) as exc:
        return ProbeResult(path, "error", f"I/O error: {exc}")
    finally:
        ser.close()
    if frames:
        names = sorted({fc.COMMAND_NAMES.get(f.cmd, f"0x{f.cmd:02X}") for f in frames})
        return ProbeResult(path, "frame", f"valid frames ({', '.join(names)}) but no HELLO")
    if seen:
        if all(0x20 <= b < 0x7F or b in (0x0D, 0x0A) for b in seen):
            return ProbeResult(path, "keys?", f"printable bytes {bytes(seen)[:32]!r}")
        return ProbeResult(path, "bytes", f"{len(seen)} bytes, no valid frame: {bytes(seen[:16]).hex(' ')}")
    return ProbeResult(path, "no answer", "a keys box only sends when a button is pressed during the probe")


def probe_ports(paths: list[str], *, baudrate: int = 9600, timeout_s: float = 1.0) -> list[ProbeResult]:
    """probe_port on every path at once (one thread each), results in the order of `paths`."""
    results: list[ProbeResult | None] = [None] * len(paths)

    def run(index: int, path: str) -> None:
        results[index] = probe_port(path, baudrate=baudrate, timeout_s=timeout_s)

    threads = [threading.Thread(target=run, args=(i, p), daemon=True) for i, p in enumerate(paths)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout_s + 5.0)
    return [r or ProbeResult(path, "error", "probe did not finish") for path, r in zip(paths, results, strict=True)]
