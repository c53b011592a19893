"""Screen details: staff states, countdown, status line, font, a press outside an invitation, alignment, keys."""

from __future__ import annotations

from kiosk.app.status import EvaluatorStatus, StatusLine
from kiosk.core.flow.machine import Screen, StaffStatus
from kiosk.demo.samples import sample_case
from kiosk.ui.font import PREFERRED_FAMILIES, choose_family
from kiosk.ui.qt import Qt
from kiosk.ui.widgets.labels import FitLabel
from kiosk.ui.window import ENTER_KEYS, LEVEL_KEYS


def test_application_font_is_an_explicit_cjk_family(app):
    family = choose_family()
    assert family in PREFERRED_FAMILIES
    assert app.font().family() == family


def test_paused_and_away_grey_the_card_without_buttons(window, flow):
    idle = window.screens[Screen.IDLE]
    assert idle.card.status.full_text() == "在岗"
    flow.set_staff_status(StaffStatus.PAUSED)
    assert window.current_screen is idle
    assert idle.card.status.full_text() == "暂停服务"
    assert idle.card.status.font().pixelSize() == 40
    assert idle.card.photo.greyed
    flow.set_staff_status(StaffStatus.AWAY)
    assert idle.card.status.full_text() == "暂时离开"
    flow.sign_out()
    assert idle.card.status.full_text() == "暂停服务"
    assert idle.card.name.full_text() == "暂无工作人员"


def test_countdown_follows_the_flow(window, flow, clock):
    flow.invite(sample_case(0))
    invited = window.screens[Screen.INVITED]
    assert invited.countdown.full_text() == "30 秒"
    clock.advance(12)
    window.refresh()
    assert invited.countdown.full_text() == "18 秒"


def test_status_line_and_clock(window):
    window.set_status_line(StatusLine(evaluator=EvaluatorStatus.OFFLINE, outbox_depth=3))
    assert window.status_line.full_text() == "评价器未连接 · 待上传 3 条"
    assert window.top_bar.clock.full_text() == "2026-11-23 10:00"  # FakeClock 02:00 UTC, shown in Shanghai time


def test_press_while_idle_is_ignored_and_elder_mode_rescales(window, flow):
    assert window.press(3, "keyboard") is False
    assert flow.state.screen is Screen.IDLE
    before = window.screens[Screen.IDLE].greeting.font().pixelSize()
    window.set_elder_mode(True)
    assert window.screens[Screen.IDLE].greeting.font().pixelSize() == round(before * 1.4)


def test_qr_panel_shows_only_once_the_slot_is_filled(window, flow, clock):
    from kiosk.ui.qt import QLabel, QVBoxLayout

    flow.invite(sample_case(0), timeout_s=5)
    clock.advance(5)
    flow.tick()
    expired = window.screens[Screen.EXPIRED]
    assert window.current_screen is expired
    assert not expired.qr_panel.isVisible()  # nothing offered: no "扫码" caption
    QVBoxLayout(window.qr_slots["expired"]).addWidget(QLabel("QR"))
    window.refresh()
    assert expired.qr_panel.isVisible()
    assert expired.qr_caption.isVisible() and expired.qr_caption.full_text() == "扫码稍后评价"
    assert expired.qr_slot.width() >= 240


def test_fit_label_hands_its_alignment_to_qt(app):
    label = FitLabel("右对齐", align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert label.alignment() == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    label.set_align(Qt.AlignmentFlag.AlignCenter)
    assert label.alignment() == Qt.AlignmentFlag.AlignCenter


def test_key_tables(app):
    assert LEVEL_KEYS == {getattr(Qt.Key, f"Key_{n}").value: n for n in range(1, 6)}
    assert set(ENTER_KEYS) == {Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value}


def _rate(window, flow, clock, level):
    flow.invite(sample_case(0, project_no=f"P-FOLLOW-{level}-{clock.monotonic()}"))
    clock.advance(2)
    flow.press(level, "screen")
    if level <= 2:
        flow.toggle_reason(flow.catalog.for_level(level)[0].code)
    flow.submit()
    window.refresh()
    return window.screens[Screen.THANKS]


def test_a_bad_rating_thanks_tells_the_follow_up_and_stays_for_the_qr(window, flow, clock):
    thanks = _rate(window, flow, clock, 2)
    assert window.current_screen is thanks
    assert thanks.follow_up.isVisible() and thanks.follow_up.text() == "相关部门将在1个工作日内与您联系"
    assert thanks.follow_up.fits()
    assert flow.remaining_s() == flow.settings.qr_screen_s == 15  # not thanks_s: time to read and scan
    clock.advance(flow.settings.qr_screen_s)
    flow.tick()
    flow.follow_up_text = "我们将在1个工作日内回访"  # the centre's text (profile badFollowUpText)
    thanks = _rate(window, flow, clock, 1)
    assert thanks.follow_up.isVisible() and thanks.follow_up.text() == "我们将在1个工作日内回访"


def test_a_good_rating_thanks_has_no_follow_up(window, flow, clock):
    thanks = _rate(window, flow, clock, 4)
    assert window.current_screen is thanks and not thanks.follow_up.isVisible()
    assert flow.remaining_s() == flow.settings.thanks_s


def test_the_follow_up_in_english(window, flow, clock, app):
    from kiosk.ui.i18n import install_translator, remove_translator

    assert install_translator(app, "en")
    try:
        thanks = _rate(window, flow, clock, 1)
        assert thanks.follow_up.text() == "The department will contact you within 1 working day."
    finally:
        remove_translator(app)
