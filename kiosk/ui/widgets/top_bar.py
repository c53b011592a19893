"""The top bar: hall · window on the left, date and clock on the right."""

from __future__ import annotations

from kiosk.ui import theme as th
from kiosk.ui.qt import QFrame, QHBoxLayout, Qt, QWidget
from kiosk.ui.settings import UiSettings
from kiosk.ui.widgets.labels import FitLabel


class TopBar(QFrame):
    def __init__(self, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("topBar")
        self.setStyleSheet(f"QFrame#topBar {{ background: {th.TOPBAR_BG}; }}")
        place = " · ".join(x for x in (settings.hall, settings.counter) if x)
        self.place = FitLabel(place, "topbar_text", bold=True, colour=th.TOPBAR_TEXT)
        self.clock = FitLabel(
            "", "topbar_text", colour=th.TOPBAR_TEXT, align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        lay = QHBoxLayout(self)
        lay.addWidget(self.place, 3)
        lay.addWidget(self.clock, 2)
        self.lay = lay

    def set_theme(self, theme: th.Theme) -> None:
        self.setFixedHeight(theme.px("topbar"))
        for label in (self.place, self.clock):  # the bar's full height: the technician's entry gestures
            label.setFixedHeight(theme.px("topbar"))
        m = theme.px("margin")
        self.lay.setContentsMargins(m, 0, m, 0)
        self.place.set_theme(theme)
        self.clock.set_theme(theme)
