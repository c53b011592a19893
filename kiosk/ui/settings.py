"""What the pad window is told by the app: size, full screen, elder mode, and the names it shows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UiSettings:
    """What the window is told by the config: size, full screen, elder mode, hall and service counter names."""

    width: int = 1280
    height: int = 800
    fullscreen: bool = False
    elder_mode: bool = False
    hall: str = "政务服务中心"
    counter: str = "3号窗口"  # the service counter (窗口) named in the top bar and on the staff card
    dept_name: str = ""
    theme: str = "normal"  # the palette (kiosk/ui/theme.py PALETTES): "normal" or "high_contrast"
    screen_inches: float = 0.0  # the panel's diagonal, for touch targets ≥ 15 mm; 0 = the size Qt reports
