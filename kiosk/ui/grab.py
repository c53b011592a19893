"""A widget as PNG bytes (GET /api/v1/screenshot): what it shows now, at its size. GUI thread only."""

from __future__ import annotations

from kiosk.ui.qt import QBuffer, QByteArray, QIODevice, QWidget


def png_of(widget: QWidget) -> bytes:
    """Render `widget` (the pad's window, with whatever overlay is up) into a PNG."""
    pixmap = widget.grab()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not pixmap.save(buffer, "PNG"):
        raise RuntimeError("the screen could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())
