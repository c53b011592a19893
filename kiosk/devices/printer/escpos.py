"""ESC/POS receipt bytes (encoder) and a decoder for tests and diagnostics. Pure, no I/O.

Text is GB18030 in Chinese mode (FS &), the rating QR is the printer's native `GS ( k` model-2 code with
error correction M, or a `GS v 0` raster image for printers without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ESC, GS, FS, DLE, EOT = 0x1B, 0x1D, 0x1C, 0x10, 0x04
INIT = bytes([ESC, 0x40])
CHINESE_ON = bytes([FS, 0x26])
CUT = bytes([GS, 0x56, 0x42, 0x00])
STATUS_PAPER = bytes([DLE, EOT, 4])  # real-time status: paper roll sensor
STATUS_PRINTER = bytes([DLE, EOT, 1])  # real-time status: printer (bit 3 = offline)


def align(n: int) -> bytes:  # 0 left, 1 centre, 2 right
    return bytes([ESC, 0x61, n])


def bold(on: bool) -> bytes:
    return bytes([ESC, 0x45, 1 if on else 0])


def size(double: bool) -> bytes:
    return bytes([GS, 0x21, 0x11 if double else 0x00])


def text(line: str) -> bytes:
    return line.encode("gb18030", errors="replace") + b"\n"


def qr_native(data: str, module: int = 6) -> bytes:
    payload = data.encode("utf-8")
    n = len(payload) + 3
    return b"".join(
        [
            bytes([GS, 0x28, 0x6B, 4, 0, 0x31, 0x41, 0x32, 0x00]),  # model 2
            bytes([GS, 0x28, 0x6B, 3, 0, 0x31, 0x43, module]),  # module size
            bytes([GS, 0x28, 0x6B, 3, 0, 0x31, 0x45, 0x31]),  # error correction M
            bytes([GS, 0x28, 0x6B, n & 0xFF, n >> 8, 0x31, 0x50, 0x30]) + payload,  # store
            bytes([GS, 0x28, 0x6B, 3, 0, 0x31, 0x51, 0x30]),  # print
        ]
    )


def raster(rows: list[list[bool]]) -> bytes:
    """GS v 0: a 1-bit image, rows of dots (True = black)."""
    height = len(rows)
    width = len(rows[0]) if rows else 0
    width_bytes = (width + 7) // 8
    body = bytearray()
    for row in rows:
        for b in range(width_bytes):
            byte = 0
            for bit in range(8):
                x = b * 8 + bit
                if x < width and row[x]:
                    byte |= 0x80 >> bit
            body.append(byte)
    header = bytes([GS, 0x76, 0x30, 0, width_bytes & 0xFF, width_bytes >> 8, height & 0xFF, height >> 8])
    return header + bytes(body)


@dataclass
class Decoded:
    lines: list[str] = field(default_factory=list)
    qr: list[str] = field(default_factory=list)
    rasters: list[tuple[int, int]] = field(default_factory=list)  # (width in dots, height)
    bitmaps: list[bytes] = field(default_factory=list)  # each raster's dots: rows of width/8 bytes, MSB left
    cut: bool = False
    initialised: bool = False
    unknown: int = 0


def decode(data: bytes) -> Decoded:
    """Read receipt bytes back: text lines (GB18030), stored QR payloads, rasters, cut."""
    out = Decoded()
    buf = bytearray()
    i, n = 0, len(data)

    def flush() -> None:
        if buf:
            out.lines.append(bytes(buf).decode("gb18030", errors="replace"))
            buf.clear()

    while i < n:
        b = data[i]
        if b == ESC and i + 1 < n:
            cmd = data[i + 1]
            if cmd == 0x40:
                out.initialised = True
                i += 2
            elif cmd in (0x61, 0x45, 0x64):
                i += 3
            else:
                out.unknown += 1
                i += 2
        elif b == GS and i + 1 < n:
            cmd = data[i + 1]
            if cmd == 0x28 and i + 4 < n and data[i + 2] == 0x6B:
                length = data[i + 3] | (data[i + 4] << 8)
                body = data[i + 5 : i + 5 + length]
                if body[:3] == b"\x31\x50\x30":
                    out.qr.append(body[3:].decode("utf-8", errors="replace"))
                i += 5 + length
            elif cmd == 0x76 and i + 7 < n:
                wb = data[i + 4] | (data[i + 5] << 8)
                h = data[i + 6] | (data[i + 7] << 8)
                out.rasters.append((wb * 8, h))
                out.bitmaps.append(bytes(data[i + 8 : i + 8 + wb * h]))
                i += 8 + wb * h
            elif cmd == 0x56:
                out.cut = True
                i += 4 if i + 2 < n and data[i + 2] in (0x41, 0x42) else 3
            elif cmd == 0x21:
                i += 3
            else:
                out.unknown += 1
                i += 2
        elif b == FS and i + 1 < n:
            i += 2
        elif b == 0x0A:
            flush()
            i += 1
        else:
            buf.append(b)
            i += 1
    flush()
    return out
