"""The CJK font, chosen explicitly and set as the application font (never left to fallback)."""

from __future__ import annotations

import logging

from kiosk.ui.qt import QApplication, QFont, QFontDatabase

log = logging.getLogger(__name__)

PREFERRED_FAMILIES: tuple[str, ...] = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
)

_chosen: str | None = None


def choose_family() -> str | None:
    """The first preferred CJK family installed, or None (a warning is logged)."""
    global _chosen
    if _chosen is not None:
        return _chosen
    installed = set(QFontDatabase.families())
    for family in PREFERRED_FAMILIES:
        if family in installed:
            _chosen = family
            return family
    log.warning("no CJK font found (wanted one of %s); Chinese text may render as boxes", ", ".join(PREFERRED_FAMILIES))
    return None


def install_app_font(app: QApplication) -> str | None:
    """Set the chosen CJK family as the application font; returns the family used."""
    family = choose_family()
    if family is not None and app.font().family() != family:
        font = QFont(family)
        font.setPixelSize(20)
        font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
        app.setFont(font)
    return family


def font(px: int, *, bold: bool = False) -> QFont:
    """A font of the chosen family at `px` pixels."""
    f = QFont(choose_family() or "")
    f.setPixelSize(max(1, int(px)))
    f.setBold(bold)
    return f
