"""Text alignment for kiosk's own labels, as the bit values of Qt's `Qt::Alignment`.

The first use of PySide6's `Qt` namespace builds every one of its 93 enum classes (about 15 ms, a tenth of
a bare Qt window's start-up). The first frame needs nothing from it (see kiosk/ui/qt.py) but alignment, so
the labels take these ints and hand them to Qt through the `alignment` property, which converts an int to
the flag type. tests/unit/ui/test_first_frame.py checks each value against `Qt.AlignmentFlag`.
"""

from __future__ import annotations

LEFT = 0x0001
RIGHT = 0x0002
HCENTER = 0x0004
VCENTER = 0x0080

LEFT_MIDDLE = LEFT | VCENTER
RIGHT_MIDDLE = RIGHT | VCENTER
CENTER = HCENTER | VCENTER
