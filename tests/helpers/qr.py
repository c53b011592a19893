"""QR codes read back with a real decoder (zbar through pyzbar): from Qt images and ESC/POS raster bitmaps.

`zbar_or_skip()` skips a test, saying why, where the zbar library is not installed (apt libzbar0)."""

from __future__ import annotations

import pytest


def zbar_or_skip():
    try:
        from pyzbar import pyzbar
    except ImportError as exc:  # pyzbar raises ImportError when libzbar.so is missing
        pytest.skip(f"zbar is not installed (apt-get install libzbar0; pip install pyzbar): {exc}")
    return pyzbar


def decode_gray(gray: bytes, width: int, height: int) -> list[str]:
    """Every QR code zbar finds in an 8-bit grayscale image (0 = black), as text."""
    pyzbar = zbar_or_skip()
    assert len(gray) == width * height
    found = pyzbar.decode((gray, width, height), symbols=[pyzbar.ZBarSymbol.QRCODE])
    return [f.data.decode("utf-8") for f in found]


def decode_qimage(image) -> list[str]:
    """QR codes in a QImage (a grabbed window), converted to grayscale row by row (lines are padded)."""
    from kiosk.ui.qt import QImage

    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = gray.width(), gray.height(), gray.bytesPerLine()
    raw = bytes(gray.constBits())[: stride * height]
    return decode_gray(b"".join(raw[y * stride : y * stride + width] for y in range(height)), width, height)


def raster_gray(width: int, height: int, packed: bytes, margin: int = 16) -> tuple[bytes, int, int]:
    """An ESC/POS GS v 0 bitmap (1 = a black dot) as grayscale on white paper with a margin of `margin` dots."""
    wb = width // 8
    rows = [bytes([255] * (width + 2 * margin))] * margin
    for y in range(height):
        line = bytearray([255] * margin)
        for x in range(width):
            line.append(0 if packed[y * wb + x // 8] & (0x80 >> (x % 8)) else 255)
        line += bytes([255] * margin)
        rows.append(bytes(line))
    rows += [bytes([255] * (width + 2 * margin))] * margin
    return b"".join(rows), width + 2 * margin, height + 2 * margin


def write_pgm(path, gray: bytes, width: int, height: int) -> None:
    """Save a grayscale image as binary PGM (to look at what the printer would print)."""
    with open(path, "wb") as fh:
        fh.write(f"P5 {width} {height} 255\n".encode() + gray)
