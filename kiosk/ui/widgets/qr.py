"""A QR code drawn crisp at any size: the module matrix painted as integer-aligned squares on white.

`qr_matrix(text)` is the matrix with its 4-module quiet zone (error correction M); `QrView` paints it with a
whole number of pixels per module, centred in a square, so there is no scaling blur and no half-grey edge.
"""

from __future__ import annotations

from kiosk.core.qrlink import QUIET_ZONE, qr_matrix
from kiosk.ui.qt import QColor, QPainter, QPaintEvent, QRect, QSize, QSizePolicy, Qt, QWidget, translate

DARK = QColor("#000000")
LIGHT = QColor("#FFFFFF")


class QrView(QWidget):
    """Shows `set_data(text)` as a QR code; empty (white) without data. Keeps a square aspect."""

    def __init__(self, text: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._text: str | None = None
        self._matrix: list[list[bool]] = []
        sp = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.set_data(text)

    # --- data ---------------------------------------------------------------------------------------

    def set_data(self, text: str | None) -> None:
        text = text or None
        if text == self._text:
            return
        self._text = text
        self._matrix = qr_matrix(text) if text else []
        self.setAccessibleName(translate("Qr", "二维码") if text else "")
        self.update()

    def data(self) -> str | None:
        return self._text

    def matrix(self) -> list[list[bool]]:
        return self._matrix

    # --- geometry -------------------------------------------------------------------------------------

    def modules(self) -> int:
        return len(self._matrix)

    def module_px(self) -> int:
        """Whole pixels per module at the current size (at least 1)."""
        n = self.modules()
        side = min(self.width(), self.height())
        return max(1, side // n) if n else 0

    def code_rect(self) -> QRect:
        """Where the matrix (quiet zone included) is drawn, centred on whole pixels."""
        n, m = self.modules(), self.module_px()
        size = n * m
        return QRect((self.width() - size) // 2, (self.height() - size) // 2, size, size)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return width

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(264, 264)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(max(21 + 2 * QUIET_ZONE, self.modules()), max(21 + 2 * QUIET_ZONE, self.modules()))

    # --- paint ----------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.fillRect(self.rect(), LIGHT)
        if self._matrix:
            m = self.module_px()
            origin = self.code_rect().topLeft()
            ox, oy = origin.x(), origin.y()
            for r, row in enumerate(self._matrix):
                c = 0
                n = len(row)
                while c < n:  # one rectangle per run of dark modules in a row
                    if not row[c]:
                        c += 1
                        continue
                    start = c
                    while c < n and row[c]:
                        c += 1
                    p.fillRect(QRect(ox + start * m, oy + r * m, (c - start) * m, m), DARK)
        p.end()
