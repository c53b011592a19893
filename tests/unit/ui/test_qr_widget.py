"""QrView paints exactly qrcode's matrix (quiet zone included) as crisp, integer-aligned black/white squares."""

from __future__ import annotations

import pytest
import qrcode
from qrcode.constants import ERROR_CORRECT_M

from kiosk.core.model import PF_QR
from kiosk.core.qrlink import RatingLink, build_url
from kiosk.ui.qt import QColor
from kiosk.ui.widgets.qr import QUIET_ZONE, QrView, qr_matrix

TEMPLATE = "https://hcp.example.gov.cn/rate?projectNo={projectNo}&deviceId={deviceId}&pf={pf}&ts={ts}&sig={sig}"
URL = build_url(RatingLink("TERM-01", PF_QR, "420100202611230032", 1795485600), "k", TEMPLATE)


def reference(text: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=1)
    code.add_data(text)
    code.make(fit=True)
    return [[bool(v) for v in row] for row in code.get_matrix()]


def sample(view: QrView) -> tuple[list[list[bool]], object]:
    """Re-read the painted image at every module centre (dark = True)."""
    img = view.grab().toImage()
    rect, m, n = view.code_rect(), view.module_px(), view.modules()
    got = [
        [
            QColor(img.pixel(rect.left() + c * m + m // 2, rect.top() + r * m + m // 2)).lightness() < 128
            for c in range(n)
        ]
        for r in range(n)
    ]
    return got, img


def test_matrix_is_qrcodes_with_m_correction_and_a_four_module_quiet_zone():
    matrix = qr_matrix(URL)
    assert matrix == reference(URL)
    n = len(matrix)
    assert (n - 2 * QUIET_ZONE - 17) % 4 == 0  # 17 + 4·version modules, plus the quiet zone
    for i in range(QUIET_ZONE):
        assert not any(matrix[i]) and not any(matrix[n - 1 - i])
        assert not any(row[i] or row[n - 1 - i] for row in matrix)


@pytest.mark.parametrize("side", [264, 300, 357, 512])
def test_painted_modules_equal_the_matrix_exactly(app, qtbot, side):
    view = QrView(URL)
    qtbot.addWidget(view)
    view.resize(side, side)
    view.show()
    qtbot.waitExposed(view)
    expected = reference(URL)
    got, img = sample(view)
    assert got == expected  # every module, quiet zone included
    m, rect = view.module_px(), view.code_rect()
    assert m == side // len(expected) and m >= 4
    # crisp: every pixel is pure black or pure white (no anti-aliased edges, no scaling blur) ...
    colours = {img.pixel(x, y) & 0xFFFFFF for x in range(0, side, 3) for y in range(0, side, 3)}
    assert colours <= {0x000000, 0xFFFFFF}
    # ... and each module is a solid square: its corners have the centre's colour
    for r in (0, 7, len(expected) // 2, len(expected) - 5):
        for c in range(len(expected)):
            x, y = rect.left() + c * m, rect.top() + r * m
            corners = {img.pixel(x, y), img.pixel(x + m - 1, y + m - 1)}
            assert len(corners) == 1, (r, c)
    # outside the code (the widget's own margin) is white too
    assert QColor(img.pixel(0, 0)).lightness() == 255
    assert QColor(img.pixel(side - 1, side - 1)).lightness() == 255


def test_no_data_is_plain_white_and_square_hint(app, qtbot):
    view = QrView()
    qtbot.addWidget(view)
    view.resize(200, 200)
    view.show()
    qtbot.waitExposed(view)
    assert view.modules() == 0 and view.data() is None
    img = view.grab().toImage()
    assert {img.pixel(x, y) & 0xFFFFFF for x in range(0, 200, 20) for y in range(0, 200, 20)} == {0xFFFFFF}
    assert view.hasHeightForWidth() and view.heightForWidth(333) == 333
    view.set_data("420100202611230032")
    assert view.matrix() == reference("420100202611230032")
    view.set_data(None)
    assert view.matrix() == []


def test_centred_in_a_non_square_widget(app, qtbot):
    view = QrView(URL)
    qtbot.addWidget(view)
    view.resize(400, 280)
    view.show()
    qtbot.waitExposed(view)
    rect = view.code_rect()
    assert rect.width() == rect.height() <= 280
    assert abs(rect.center().x() - 200) <= 1 and abs(rect.center().y() - 140) <= 1
    assert sample(view)[0] == reference(URL)
