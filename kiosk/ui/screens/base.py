"""Base of every citizen screen, what the window's owner does for them, and the layout with the staff card
(left column or band on top)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.core.errors import FlowError
from kiosk.core.flow.machine import Flow
from kiosk.core.flow.state import FlowState
from kiosk.core.flow.terminal import TerminalFlow
from kiosk.core.levels import LevelError
from kiosk.core.model import RuleError
from kiosk.core.reasons import ReasonError
from kiosk.ui import theme as th
from kiosk.ui.qt import QGridLayout, QVBoxLayout, QWidget
from kiosk.ui.settings import UiSettings
from kiosk.ui.widgets.staff_card import StaffCard

log = logging.getLogger(__name__)

# what a citizen's input may meet when the flow has moved on meanwhile (e.g. a timeout): logged, not raised
INPUT_ERRORS = (FlowError, RuleError, ReasonError, LevelError)


@dataclass(frozen=True)
class ScreenActions:
    """What the window's owner does for the screens; None where it offers nothing."""

    on_code: Callable[[str], object] | None = None  # a 办件编号 confirmed on the keypad (terminal)
    on_print: Callable[[], object] | None = None  # 打印凭条 on the thanks screen (terminal)
    qr_url: Callable[[FlowState], str | None] | None = None  # the link shown as a QR on thanks / expired


class ScreenView(QWidget):
    """A screen renders a FlowState and forwards the citizen's input to the flow."""

    def __init__(self, flow: Flow, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.flow = flow
        self.settings = settings
        self.theme = th.Theme(settings.width, settings.height, settings.elder_mode)
        self.screen_actions = ScreenActions()  # set by the window

    def set_theme(self, theme: th.Theme) -> None:
        self.theme = theme

    def call(self, fn: Callable[..., object], *args: object) -> object:
        """Forward input to the flow; a refusal (state moved on meanwhile) is logged, never raised."""
        try:
            return fn(*args)
        except INPUT_ERRORS:
            log.warning("input %s%r refused", getattr(fn, "__name__", fn), args, exc_info=True)
            return None

    def enter(self, state: FlowState) -> None:
        """The flow arrived on this screen: called once per arrival (a new invitation or rating arrives
        anew), before `show_state`."""

    def show_state(self, state: FlowState) -> None:
        """Show `state` (called on every flow change while this screen is current)."""

    def refresh(self, remaining_s: int | None) -> None:
        """Update countdowns (called by the window's timer)."""


class TerminalScreenView(ScreenView):
    """A screen only a 24-hour terminal has (attract, keypad, message): its flow is a TerminalFlow."""

    flow: TerminalFlow

    def __init__(self, flow: TerminalFlow, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(flow, settings, parent)


class CardScreenView(ScreenView):
    """A screen with the staff card beside (landscape) or above (portrait, elder) its `body`; on a terminal
    (no staff) there is no card and the body has the full width."""

    def __init__(self, flow: Flow, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(flow, settings, parent)
        self._cards: dict[bool, StaffCard] = {}  # band? -> card; each built when first shown
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        grid = QGridLayout(self)
        grid.addWidget(self.body, 1, 1)
        grid.setRowStretch(1, 1)
        grid.setColumnStretch(1, 1)
        self.grid = grid

    @property
    def card(self) -> StaffCard:
        """The card this layout shows: the band (portrait, elder) or the left column."""
        return self._card(self.theme.band_card)

    @property
    def side_card(self) -> StaffCard:
        return self._card(False)

    @property
    def band_card(self) -> StaffCard:
        return self._card(True)

    def _card(self, band: bool) -> StaffCard:
        card = self._cards.get(band)
        if card is None:
            card = StaffCard(band=band)
            if band:
                self.grid.addWidget(card, 0, 0, 1, 2)
            else:
                self.grid.addWidget(card, 1, 0)
            card.set_theme(self.theme)
            card.setVisible(self._shows_card(band))
            self._cards[band] = card
        return card

    def _shows_card(self, band: bool) -> bool:
        return not self.flow.terminal and band == self.theme.band_card

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        m = theme.px("margin")
        self.grid.setContentsMargins(m, m, m, m)
        terminal = self.flow.terminal
        self.grid.setHorizontalSpacing(0 if theme.band_card or terminal else m)
        self.grid.setVerticalSpacing(0 if terminal else theme.px("gap"))
        for band, card in self._cards.items():
            card.setVisible(self._shows_card(band))
            card.set_theme(theme)
        self.body_layout.setSpacing(theme.px("gap"))

    def show_card(self, state: FlowState) -> None:
        if self.flow.terminal:
            return  # a terminal has no staff card
        self.card.show_staff(state.staff, state.staff_status, self.settings.counter, self.settings.dept_name)
