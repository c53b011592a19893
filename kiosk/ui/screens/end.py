"""The ends of an invitation: thanks (after a rating), expired (no press in time), unavailable (storage down).

Thanks and expired keep a right-hand `qr_slot` holding a QrView, shown with its caption when the window's
`qr_url` action offers a link. On a terminal, thanks also offers 打印凭条 (the `on_print` action). The thanks of
a 差评 says when the department calls back: the centre's text (profile badFollowUpText) or FOLLOW_UP.
"""

from __future__ import annotations

import logging
from typing import ClassVar

from kiosk.core.flow.machine import Flow
from kiosk.core.flow.state import FlowState
from kiosk.core.levels import is_bad
from kiosk.ui import theme as th
from kiosk.ui.i18n import domain
from kiosk.ui.qt import QT_TRANSLATE_NOOP, QHBoxLayout, QSizePolicy, Qt, QVBoxLayout, QWidget, translate
from kiosk.ui.screens.base import ScreenView
from kiosk.ui.settings import UiSettings
from kiosk.ui.widgets.buttons import ActionButton, CheckMark
from kiosk.ui.widgets.labels import FitLabel, WrapLabel, countdown_text
from kiosk.ui.widgets.qr import QrView

log = logging.getLogger(__name__)

CAPTION_THANKS = QT_TRANSLATE_NOOP("End", "扫码追加评价")
NOTE_NOT_FINISHED = QT_TRANSLATE_NOOP("End", "办结后可追加评价")
CAPTION_EXPIRED = QT_TRANSLATE_NOOP("End", "扫码稍后评价")
# seed 001 第十二条: a 差评 is followed up (差评回访) within 1 working day
FOLLOW_UP = QT_TRANSLATE_NOOP("End", "相关部门将在1个工作日内与您联系")
PRINT = QT_TRANSLATE_NOOP("End", "打印凭条")
PRINTING = QT_TRANSLATE_NOOP("End", "凭条正在打印")
UNAVAILABLE = QT_TRANSLATE_NOOP("Domain", "暂停评价 · 请稍候")  # also the flow's message


class EndScreen(ScreenView):
    """Thanks (ThanksScreen) or 评价已超时 (ExpiredScreen)."""

    expired: ClassVar[bool]

    def __init__(self, flow: Flow, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(flow, settings, parent)
        expired = self.expired
        self.mark = CheckMark()
        self.mark.setVisible(not expired)
        headline = translate("End", "评价已超时") if expired else translate("End", "感谢您的评价")
        self.headline = FitLabel(headline, "question", bold=True, align=Qt.AlignmentFlag.AlignCenter)
        sub = translate("End", "本次评价邀请已结束") if expired else translate("End", "您的评价已记录")
        self.sub = FitLabel(sub, "service", colour=th.SECONDARY, align=Qt.AlignmentFlag.AlignCenter)
        self.follow_up = WrapLabel("service", bold=True)
        self.follow_up.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.follow_up.setVisible(False)
        self.countdown = FitLabel("", "secondary", colour=th.SECONDARY, align=Qt.AlignmentFlag.AlignCenter)
        self.print_button = ActionButton(translate("End", PRINT), primary=False)
        self.print_button.clicked.connect(self._print)
        self.print_button.setVisible(False)
        self.qr_slot = QWidget()
        self.qr_slot.setObjectName("qrSlot")
        self.qr_view = QrView(parent=self.qr_slot)
        self.qr_view.setVisible(False)
        self.qr_caption = FitLabel(
            translate("End", CAPTION_EXPIRED) if expired else "",
            "service",
            bold=True,
            colour=th.TEXT,
            align=Qt.AlignmentFlag.AlignCenter,
        )
        self.qr_note = FitLabel("", "secondary", colour=th.SECONDARY, align=Qt.AlignmentFlag.AlignCenter)
        self.qr_note.setVisible(False)
        self.qr_panel = QWidget()
        qr = QVBoxLayout(self.qr_panel)
        qr.setContentsMargins(0, 0, 0, 0)
        qr.addStretch(1)
        qr.addWidget(self.qr_slot, 0, Qt.AlignmentFlag.AlignHCenter)
        qr.addWidget(self.qr_caption)
        qr.addWidget(self.qr_note)
        qr.addStretch(1)
        print_row = QHBoxLayout()
        print_row.addStretch(1)
        print_row.addWidget(self.print_button)
        print_row.addStretch(1)
        main = QVBoxLayout()
        main.addStretch(2)
        main.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignHCenter)
        main.addWidget(self.headline)
        main.addWidget(self.sub)
        main.addWidget(self.follow_up)
        main.addLayout(print_row)
        main.addWidget(self.countdown)
        main.addStretch(3)
        self.main_layout = main
        root = QHBoxLayout(self)
        root.addLayout(main, 1)
        root.addWidget(self.qr_panel)
        self.root_layout = root
        self._qr_below = False

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        m = theme.px("margin")
        self.root_layout.setContentsMargins(m, m, m, m)
        self.root_layout.setSpacing(m)
        self.main_layout.setSpacing(theme.px("gap"))
        self.mark.set_theme(theme)
        for label in (self.headline, self.sub, self.countdown, self.qr_caption, self.qr_note):
            label.set_theme(theme)
        self.follow_up.set_theme(theme)
        self.print_button.set_theme(theme)
        self.print_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.print_button.setFixedWidth(theme.px(320))
        side = theme.px("qr")
        self.qr_slot.setFixedSize(side, side)
        self.qr_view.setGeometry(0, 0, side, side)
        # landscape: the QR to the right of the message; portrait: under it, centred with it
        portrait = theme.portrait
        if portrait != self._qr_below:
            self._qr_below = portrait
            (self.root_layout if portrait else self.main_layout).removeWidget(self.qr_panel)
            if portrait:
                self.main_layout.insertWidget(self.main_layout.count() - 1, self.qr_panel)
            else:
                self.root_layout.addWidget(self.qr_panel)
        if portrait:
            self.qr_panel.setMinimumWidth(0)
            self.qr_panel.setMaximumWidth(16777215)
            self.qr_panel.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        else:
            self.qr_panel.setFixedWidth(side + theme.px(80))
            self.qr_panel.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

    def qr_filled(self) -> bool:
        """Whether a QR code (ours, or anything put into `qr_slot`) is offered."""
        return any(not w.isHidden() for w in self.qr_slot.findChildren(QWidget))

    def set_qr(self, url: str | None, state: FlowState | None = None) -> None:
        """Offer `url` as a QR code (None: no QR, the message stays centred). Thanks: 扫码追加评价, with
        办结后可追加评价 under it while the case is not finished; expired: 扫码稍后评价."""
        self.qr_view.set_data(url)
        self.qr_view.setVisible(bool(url))
        note = ""
        if not self.expired:
            self.qr_caption.set_text(translate("End", CAPTION_THANKS) if url else "")
            inv = state.invitation if state is not None else None
            if url and inv is not None and inv.service.proStatus != 3:
                note = translate("End", NOTE_NOT_FINISHED)
        self.qr_note.set_text(note)
        self.qr_note.setVisible(bool(note))
        self.refresh(self.flow.remaining_s())

    def enter(self, state: FlowState) -> None:
        """A new thanks or expired screen: the QR of the `qr_url` action's link (none when it fails), and
        打印凭条 offered again (thanks on a terminal)."""
        url = None
        if self.screen_actions.qr_url is not None:
            try:
                url = self.screen_actions.qr_url(state)
            except Exception:  # no QR rather than no screen
                log.exception("qr_url failed")
        self.set_qr(url, state)
        bad = not self.expired and state.evaluation is not None and is_bad(state.evaluation.satisfaction)
        self.follow_up.setText((self.flow.follow_up_text or translate("End", FOLLOW_UP)) if bad else "")
        self.follow_up.setVisible(bad)
        self.print_button.setText(translate("End", PRINT))
        self.print_button.setEnabled(True)
        self.print_button.setVisible(
            not self.expired and self.flow.terminal and self.screen_actions.on_print is not None
        )

    def _print(self) -> None:
        on_print = self.screen_actions.on_print
        if on_print is None:
            return
        self.print_button.setEnabled(False)
        self.print_button.setText(translate("End", PRINTING))
        try:
            on_print()
        except Exception:  # a printer problem must not break the screen
            log.exception("on_print failed")

    def show_state(self, state: FlowState) -> None:
        self.refresh(self.flow.remaining_s())

    def refresh(self, remaining_s: int | None) -> None:
        self.countdown.set_text(countdown_text(remaining_s, back=True))
        # no QR offered (the slot is empty): no caption promising one, and the message stays centred
        filled = self.qr_filled()
        if self.qr_panel.isVisibleTo(self) != filled:
            self.qr_panel.setVisible(filled)


class ThanksScreen(EndScreen):
    expired = False


class ExpiredScreen(EndScreen):
    expired = True


class UnavailableScreen(ScreenView):
    """Storage failing: 暂停评价 · 请稍候 on the whole screen, never a thank-you."""

    def __init__(self, flow: Flow, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(flow, settings, parent)
        self.headline = FitLabel(domain(UNAVAILABLE), "question", bold=True, align=Qt.AlignmentFlag.AlignCenter)
        sub = translate("End", "设备正在恢复,如需帮助请咨询大厅工作人员")
        self.sub = FitLabel(sub, "service", colour=th.SECONDARY, align=Qt.AlignmentFlag.AlignCenter)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(self.headline)
        lay.addWidget(self.sub)
        lay.addStretch(1)
        self.lay = lay

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        m = theme.px("margin")
        self.lay.setContentsMargins(m, m, m, m)
        self.lay.setSpacing(theme.px("gap"))
        self.headline.set_theme(theme)
        self.sub.set_theme(theme)

    def show_state(self, state: FlowState) -> None:
        self.headline.set_text(domain(state.message or UNAVAILABLE))
