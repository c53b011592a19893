"""Palette and sizes from the UI guide; sizes scale with the window's shorter side (base 1280×800)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.levels import level
from kiosk.ui.font import font
from kiosk.ui.qt import QColor, QFont

BASE_SHORT_SIDE = 800
ELDER_FACTOR = 1.4

# palette (contrast measured in the guide)
PAGE_BG = "#F5F7FA"
TEXT = "#1A1A1A"
SECONDARY = "#5F6B7A"
TOPBAR_BG = "#0B3D91"
TOPBAR_TEXT = "#FFFFFF"
PRIMARY = "#0B57D0"
PRIMARY_TEXT = "#FFFFFF"
ERROR = "#B3261E"  # on PAGE_BG ≈ 6.2:1
CARD_BG = "#FFFFFF"
CARD_BORDER = "#D5DCE6"
GREYED_BG = "#E4E7EC"
GREYED_TEXT = "#5F6B7A"
CHIP_BG = "#FFFFFF"
CHIP_ON_BG = "#E3ECFB"
CHIP_ON_BORDER = PRIMARY
OK_GREEN = "#1B5E20"
STAR = "#B26A00"  # amber dark enough for text on white (≈ 4.6:1)
STATUS_TEXT = "#8A94A3"

# base sizes in px at 1280×800
SIZES: dict[str, int] = {
    "question": 40,
    "word": 32,
    "service": 24,
    "secondary": 20,
    "status": 14,
    "topbar": 64,
    "topbar_text": 22,
    "margin": 24,
    "gap": 16,
    "face": 96,
    "button_w": 190,
    "button_h": 260,
    "chip_h": 64,
    "chip_text": 22,
    "photo_w": 200,
    "photo_h": 250,
    "card_w": 280,
    "band_h": 132,
    "status_h": 24,
    "submit_h": 80,
    "submit_w": 240,
    "paused": 40,
    "check": 180,
    "qr": 264,  # ≥ 35 mm on a 10–15" panel, quiet zone included
    "radius": 16,
    # terminal screens
    "key_min_h": 56,
    "key_text": 34,
    "display_h": 96,
    "display_text": 48,
    "notice_title": 48,
    "notice_text": 32,
    "action_h": 200,
    "action_title": 44,
    "message": 52,
}


@dataclass(frozen=True)
class Theme:
    """Sizes for one window size (and elder mode): every pixel size the screens use."""

    width: int
    height: int
    elder: bool = False

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    @property
    def scale(self) -> float:
        base = min(self.width, self.height) / BASE_SHORT_SIDE
        return base * (ELDER_FACTOR if self.elder else 1.0)

    @property
    def band_card(self) -> bool:
        """Staff card as a band on top (portrait, and elder landscape where the words need the width)."""
        return self.portrait or self.elder

    def px(self, name_or_value: str | float) -> int:
        base = SIZES[name_or_value] if isinstance(name_or_value, str) else name_or_value
        return max(1, round(base * self.scale))

    def font(self, name: str, *, bold: bool = False) -> QFont:
        return font(self.px(name), bold=bold)


def level_colours(value: int) -> tuple[QColor, QColor]:
    lv = level(value)
    return QColor(lv.colour), QColor(lv.text_colour)
