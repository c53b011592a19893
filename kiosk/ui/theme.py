"""Palettes and sizes from the UI guide; sizes scale with the window's shorter side (base 1280×800), touch
targets stay at least MIN_TARGET_MM on the panel (Theme.px_per_mm)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from kiosk.core.levels import level
from kiosk.ui.font import font
from kiosk.ui.qt import QColor, QFont, QScreen

BASE_SHORT_SIDE = 800
ELDER_FACTOR = 1.4
MIN_TARGET_MM = 15.0  # every touch target, both ways, at the configured screen size (ui.screen_inches)
MM_PER_INCH = 25.4
TARGET_PROPERTY = "touch_target"  # Qt property (True) of a widget pressed through an event filter, not a button

# The palettes (`ui.theme`): every colour a screen paints text or controls with. `use_palette(name)` makes one
# the module's colours below; the window does it before it builds a widget. Contrast of each text colour
# against its background, as painted, is checked by kiosk/demo/audit.py (tests/unit/ui/test_audit.py):
# at least 4.5:1 in "normal", 7:1 in "high_contrast".
PALETTES: dict[str, dict[str, str]] = {
    "normal": {
        "PAGE_BG": "#F5F7FA",
        "TEXT": "#1A1A1A",
        "SECONDARY": "#5F6B7A",  # on PAGE_BG 5.1:1
        "TOPBAR_BG": "#0B3D91",
        "TOPBAR_TEXT": "#FFFFFF",
        "PRIMARY": "#0B57D0",
        "PRIMARY_TEXT": "#FFFFFF",
        "ERROR": "#B3261E",  # on PAGE_BG 6.1:1
        "CARD_BG": "#FFFFFF",
        "CARD_BORDER": "#D5DCE6",
        "GREYED_BG": "#E4E7EC",
        "GREYED_TEXT": "#4A5563",  # on GREYED_BG 6.1:1 (#5F6B7A was 4.4)
        "CHIP_BG": "#FFFFFF",
        "CHIP_ON_BG": "#E3ECFB",
        "CHIP_ON_BORDER": "#0B57D0",
        "OK_GREEN": "#1B5E20",
        "STAR": "#8F5600",  # amber dark enough for text on white: 6.0:1 (#B26A00 was 4.2)
        "STATUS_TEXT": "#5F6B7A",  # on PAGE_BG 5.1:1 (#8A94A3 was 2.9)
        "KEY_BG": "#FFFFFF",
        "FN_BG": "#E8EEF7",
        "DISABLED_BG": "#E4E7EC",
        "DISABLED_TEXT": "#4A5563",
    },
    "high_contrast": {
        "PAGE_BG": "#FFFFFF",
        "TEXT": "#000000",
        "SECONDARY": "#3D4754",  # on white 9.4:1
        "TOPBAR_BG": "#002D72",
        "TOPBAR_TEXT": "#FFFFFF",
        "PRIMARY": "#0842A0",  # white on it 9.1:1
        "PRIMARY_TEXT": "#FFFFFF",
        "ERROR": "#8C1D18",
        "CARD_BG": "#FFFFFF",
        "CARD_BORDER": "#5F6B7A",
        "GREYED_BG": "#E4E7EC",
        "GREYED_TEXT": "#2E3640",  # on GREYED_BG 9.9:1
        "CHIP_BG": "#FFFFFF",
        "CHIP_ON_BG": "#E3ECFB",
        "CHIP_ON_BORDER": "#0842A0",
        "OK_GREEN": "#1B5E20",
        "STAR": "#6B4000",
        "STATUS_TEXT": "#3D4754",
        "KEY_BG": "#FFFFFF",
        "FN_BG": "#E8EEF7",
        "DISABLED_BG": "#E4E7EC",
        "DISABLED_TEXT": "#2E3640",
    },
}
# the five levels' (button, text) colours per palette; "normal" is the core's (kiosk/core/levels.py)
LEVEL_PALETTES: dict[str, dict[int, tuple[str, str]]] = {
    "normal": {v: (level(v).colour, level(v).text_colour) for v in (5, 4, 3, 2, 1)},
    "high_contrast": {
        5: ("#1B5E20", "#FFFFFF"),  # 7.9:1
        4: ("#004D40", "#FFFFFF"),  # 9.8:1
        3: ("#F9A825", "#000000"),  # 10.7:1
        2: ("#9E2A00", "#FFFFFF"),  # 7.5:1
        1: ("#7A0000", "#FFFFFF"),  # 11.5:1
    },
}
THEMES: tuple[str, ...] = tuple(PALETTES)

# the module's colours: the "normal" palette until use_palette() says otherwise
PAGE_BG = TEXT = SECONDARY = TOPBAR_BG = TOPBAR_TEXT = PRIMARY = PRIMARY_TEXT = ERROR = ""
CARD_BG = CARD_BORDER = GREYED_BG = GREYED_TEXT = CHIP_BG = CHIP_ON_BG = CHIP_ON_BORDER = ""
OK_GREEN = STAR = STATUS_TEXT = KEY_BG = FN_BG = DISABLED_BG = DISABLED_TEXT = ""
_current = {"name": "normal"}


def use_palette(name: str) -> None:
    """Make palette `name` (one of THEMES) the colours every widget built from now on paints with."""
    if name not in PALETTES:
        raise ValueError(f"unknown theme {name!r}: one of {', '.join(THEMES)}")
    globals().update(PALETTES[name])
    _current["name"] = name


def palette_name() -> str:
    return _current["name"]


use_palette("normal")


def px_per_mm(width: int, height: int, inches: float) -> float:
    """Pixels per mm of a `width` × `height` panel whose diagonal is `inches`."""
    return math.hypot(width, height) / (inches * MM_PER_INCH)


def screen_px_per_mm(screen: QScreen | None) -> float:
    """Pixels per mm of the physical screen Qt reports (its size in pixels over its size in mm); 0 = unknown,
    also when the reported diagonal is no panel's (under 5" or over 100": a missing or bogus EDID)."""
    if screen is None:
        return 0.0
    size, mm = screen.size(), screen.physicalSize()
    diagonal_mm = math.hypot(mm.width(), mm.height())
    if not 5 * MM_PER_INCH <= diagonal_mm <= 100 * MM_PER_INCH:
        return 0.0
    return math.hypot(size.width(), size.height()) / diagonal_mm


def line_edit_style(theme: Theme, radius: int = 12) -> str:
    """The style sheet of a text field: white, a primary border, the palette's text and placeholder colours."""
    return (
        f"QLineEdit {{ background: {CARD_BG}; color: {TEXT}; placeholder-text-color: {SECONDARY};"
        f" border: {theme.px(2)}px solid {PRIMARY}; border-radius: {theme.px(radius)}px;"
        f" padding: 0 {theme.px(12)}px; }}"
    )


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
# the heights (or widths) of touch targets: never below MIN_TARGET_MM on the panel
TARGET_SIZES = frozenset({"chip_h", "submit_h", "key_min_h", "topbar"})


@dataclass(frozen=True)
class Theme:
    """Sizes for one window size (and elder mode): every pixel size the screens use."""

    width: int
    height: int
    elder: bool = False
    px_per_mm: float = 0.0  # of the panel (ui.screen_inches, else Qt's physical size); 0 = unknown

    @property
    def min_target(self) -> int:
        """The smallest touch target, in px: MIN_TARGET_MM at this panel's px_per_mm."""
        return math.ceil(MIN_TARGET_MM * self.px_per_mm) if self.px_per_mm > 0 else 0

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
        """A size from SIZES (or a base value) at this window size; the TARGET_SIZES are at least min_target."""
        base = SIZES[name_or_value] if isinstance(name_or_value, str) else name_or_value
        value = max(1, round(base * self.scale))
        return max(value, self.min_target) if name_or_value in TARGET_SIZES else value

    def font(self, name: str, *, bold: bool = False) -> QFont:
        return font(self.px(name), bold=bold)


def level_colours(value: int) -> tuple[QColor, QColor]:
    """(button, text) colour of level `value` in the current palette."""
    bg, fg = LEVEL_PALETTES[palette_name()][level(value).value]
    return QColor(bg), QColor(fg)
