"""The terminal screens on a real TerminalFlow: attract, keypad, message, the wedge scanner, QR and 打印凭条."""

from __future__ import annotations

import pytest

from kiosk.core.flow.machine import FlowSettings, Screen
from kiosk.core.flow.terminal import TerminalFlow
from kiosk.core.model import PF_TERMINAL
from kiosk.demo.poster import draw_poster
from kiosk.demo.samples import sample_case
from kiosk.store.sink import StoreSink
from kiosk.ui.qt import QEvent, QKeyEvent, QSize, Qt
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.settings import UiSettings
from kiosk.ui.terminal_window import TerminalWindow
from kiosk.ui.widgets.notices import ROTATE_S
from kiosk.ui.widgets.qr import qr_matrix

URL = "https://hcp.example.gov.cn/rate?projectNo=420100202611230032&deviceId=TERM-01&pf=3&ts=1&sig=ab12"


class KeyTimes:
    """The window's key clock, moved by the test."""

    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def tflow(store, clock):
    return TerminalFlow(StoreSink(store), clock, FlowSettings(mode="terminal", device_id="TERM-01", thanks_s=3))


@pytest.fixture
def term(app, qtbot, tflow):
    w = TerminalWindow(tflow, UiSettings(width=1280, height=800, hall="政务服务中心", counter="24小时自助服务区"))
    qtbot.addWidget(w)
    w.timer.stop()
    w.codes, w.prints, w.asked = [], [], []
    w.key_clock = KeyTimes()

    def qr_url(state):
        w.asked.append(state.screen)
        return URL

    w.set_actions(on_code=w.codes.append, on_print=lambda: w.prints.append(1), qr_url=qr_url)
    w.show()
    qtbot.waitExposed(w)
    return w


def click(qtbot, widget):
    assert widget.isVisible(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_keys(qtbot, window, text: str, gap: float) -> None:
    for ch in text:
        qtbot.keyClick(window, ch)
        window.key_clock.t += gap


def enter(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Return)


# --- attract ------------------------------------------------------------------------------------------------


def test_a_terminal_has_every_screen_once_prewarmed(term):
    assert set(term.screens) == {Screen.IDLE}
    term.prewarm()
    assert set(term.screens) == set(Screen)


def test_attract_is_idle_on_a_terminal_and_opens_the_keypad(term, tflow, qtbot):
    attract = term.screens[Screen.IDLE]
    assert isinstance(attract, AttractScreen) and term.current_screen is attract
    assert "星期一" in term.top_bar.clock.full_text()
    click(qtbot, attract.rate)
    assert tflow.state.screen is Screen.KEYPAD
    assert term.current_screen is term.screens[Screen.KEYPAD]


def test_notices_rotate_with_the_clock_and_images_keep_their_aspect(term, clock, tmp_path):
    image = tmp_path / "poster.png"
    assert draw_poster(1200, 900).save(str(image))
    term.set_notices(["第一条\n正文", str(image), "第三条"])
    view = term.screens[Screen.IDLE].notice
    assert view.current.title == "第一条" and view.current.body == "正文"
    clock.advance(ROTATE_S)
    term.refresh()
    assert view.current.image == str(image)
    rect = view.image_rect()
    assert rect.width() > 0 and abs(rect.width() / rect.height() - 1200 / 900) < 0.01  # fitted, not stretched
    assert rect.width() <= view.width() and rect.height() <= view.height()
    clock.advance(ROTATE_S)
    term.refresh()
    assert view.current.body == "第三条" and not view.current.title
    clock.advance(ROTATE_S)
    term.refresh()
    assert view.index == 0


def test_unreadable_notice_images_are_left_out(term, tmp_path):
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"not a png")
    term.set_notices([str(bad), "只有文字"])
    view = term.screens[Screen.IDLE].notice
    assert [n.body for n in view.notices] == ["只有文字"]


# --- keypad ---------------------------------------------------------------------------------------------------


def test_keypad_typing_and_confirm_calls_on_code(term, tflow, qtbot, clock):
    tflow.open_keypad()
    pad = term.screens[Screen.KEYPAD]
    assert pad.title.full_text() == "请输入办件编号"
    assert not pad.ok.isEnabled()
    for ch in "4201":
        click(qtbot, pad.keys[ch])
    click(qtbot, pad.keys["-"])
    click(qtbot, pad.toggle)
    assert pad.pages.currentWidget() is pad.letters
    click(qtbot, pad.keys["A"])
    click(qtbot, pad.keys["B"])
    assert tflow.state.text == "4201-AB" and pad.display.text() == "4201-AB"
    click(qtbot, pad.backspace)
    assert tflow.state.text == "4201-A"
    clock.advance(40)
    term.refresh()
    assert pad.countdown.full_text() == "20 秒后返回"
    click(qtbot, pad.keys["C"])  # every key restarts the countdown
    term.refresh()
    assert pad.countdown.full_text() == "60 秒后返回"
    assert pad.ok.isEnabled()
    click(qtbot, pad.ok)
    assert term.codes == ["4201-AC"]
    click(qtbot, pad.clear)
    assert tflow.state.text == "" and not pad.ok.isEnabled()


def test_keypad_back_goes_idle_and_reopens_on_digits(term, tflow, qtbot):
    tflow.open_keypad()
    pad = term.screens[Screen.KEYPAD]
    click(qtbot, pad.toggle)
    click(qtbot, pad.back)
    assert tflow.state.screen is Screen.IDLE and term.current_screen is term.screens[Screen.IDLE]
    tflow.open_keypad()
    assert pad.pages.currentWidget() is pad.digits and pad.toggle.text() == "ABC"


def test_keypad_times_out_to_attract(term, tflow, clock):
    tflow.open_keypad()
    clock.advance(60)
    tflow.tick()
    assert term.current_screen is term.screens[Screen.IDLE]


# --- message --------------------------------------------------------------------------------------------------


def test_message_shows_counts_down_and_returns_by_itself(term, tflow, clock):
    tflow.show_message("已超过评价期限", seconds=6)
    msg = term.screens[Screen.MESSAGE]
    assert term.current_screen is msg
    assert msg.message.text() == "已超过评价期限" and msg.message.fits()
    assert msg.countdown.full_text() == "6 秒后返回"
    clock.advance(5)
    term.refresh()
    assert msg.countdown.full_text() == "1 秒后返回"
    clock.advance(1)
    tflow.tick()
    assert tflow.state.screen is Screen.IDLE and term.current_screen is term.screens[Screen.IDLE]


def test_message_back_button(term, tflow, qtbot):
    tflow.show_message("正在查询办件信息…", seconds=15)
    msg = term.screens[Screen.MESSAGE]
    assert msg.mark.busy
    click(qtbot, msg.back)
    assert tflow.state.screen is Screen.IDLE


# --- keyboard-wedge scanner ---------------------------------------------------------------------------------


def test_fast_run_on_attract_is_a_scan_slow_typing_is_ignored(term, tflow, qtbot):
    type_keys(qtbot, term, "420100202611230032", 0.3)
    enter(qtbot, term)
    assert term.codes == [] and tflow.state.screen is Screen.IDLE
    term.key_clock.t += 5
    type_keys(qtbot, term, URL, 0.004)
    enter(qtbot, term)
    assert term.codes == [URL]


def test_on_keypad_people_type_and_a_scan_does_not_leave_its_keys(term, tflow, qtbot):
    tflow.open_keypad()
    type_keys(qtbot, term, "12", 0.4)
    assert tflow.state.text == "12"
    qtbot.keyClick(term, Qt.Key.Key_Backspace)
    term.key_clock.t += 0.4
    assert tflow.state.text == "1"
    type_keys(qtbot, term, "420100202611230032", 0.005)
    enter(qtbot, term)
    assert term.codes == ["420100202611230032"]
    assert tflow.state.text == "1"  # the scan's keystrokes were not typing
    term.key_clock.t += 1
    type_keys(qtbot, term, "5", 0.5)
    enter(qtbot, term)  # a person's Enter is 确定
    assert term.codes == ["420100202611230032", "15"]


def test_event_timestamps_are_used_when_present(term, app):
    def send(key, text, ms):
        ev = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text)
        ev.setTimestamp(ms)
        app.sendEvent(term, ev)

    for i, ch in enumerate("A1B2C3"):
        send(Qt.Key.Key_A, ch, 50_000 + i * 6)
    send(Qt.Key.Key_Return, "\r", 50_040)
    assert term.codes == ["A1B2C3"]


def test_keys_one_to_five_press_on_invited_only(term, tflow, qtbot):
    qtbot.keyClick(term, Qt.Key.Key_5)
    assert tflow.state.screen is Screen.IDLE  # on attract a digit is wedge input, not a rating
    tflow.invite(sample_case(0), pf=PF_TERMINAL)
    qtbot.keyClick(term, Qt.Key.Key_4)
    assert tflow.state.screen is Screen.DETAILS and tflow.state.evaluation.satisfaction == 4


# --- invited / thanks / expired on a terminal ------------------------------------------------------------


def test_invited_has_no_staff_card_and_uses_the_full_width(term, tflow):
    tflow.invite(sample_case(0), pf=PF_TERMINAL)
    invited = term.screens[Screen.INVITED]
    assert not invited.side_card.isVisible() and not invited.band_card.isVisible()
    assert invited.body.width() >= term.width() - 2 * 24 - 2


def test_thanks_offers_print_and_qr_on_a_terminal(term, tflow, qtbot):
    tflow.invite(sample_case(0), pf=PF_TERMINAL)
    tflow.press(5, "screen")
    tflow.submit()
    thanks = term.screens[Screen.THANKS]
    assert term.current_screen is thanks and term.asked == [Screen.THANKS]
    assert thanks.qr_panel.isVisible() and thanks.qr_view.data() == URL
    assert thanks.qr_view.matrix() == qr_matrix(URL)
    assert thanks.qr_caption.full_text() == "扫码追加评价"
    assert not thanks.qr_note.isVisible()  # proStatus 3: finished, 追加评价 possible now
    assert thanks.qr_view.width() >= 260
    click(qtbot, thanks.print_button)
    assert term.prints == [1]
    assert thanks.print_button.text() == "凭条正在打印" and not thanks.print_button.isEnabled()
    term.refresh()
    assert term.asked == [Screen.THANKS]  # asked once per arrival, not per render


def test_thanks_note_while_the_case_is_not_finished(term, tflow):
    tflow.invite(sample_case(1), pf=PF_TERMINAL)  # proStatus 2
    tflow.press(4, "screen")
    tflow.submit()
    thanks = term.screens[Screen.THANKS]
    assert thanks.qr_note.isVisible() and thanks.qr_note.full_text() == "办结后可追加评价"


def test_expired_offers_the_qr_and_no_print(term, tflow, clock):
    tflow.invite(sample_case(2), pf=PF_TERMINAL)
    clock.advance(30)
    tflow.tick()
    expired = term.screens[Screen.EXPIRED]
    assert term.current_screen is expired
    assert expired.qr_panel.isVisible() and expired.qr_caption.full_text() == "扫码稍后评价"
    assert not expired.print_button.isVisible()


def test_print_button_only_on_a_terminal(window, flow, qtbot):
    prints = []
    window.set_actions(on_print=lambda: prints.append(1))
    flow.invite(sample_case(0))
    flow.press(5, "screen")
    flow.submit()
    thanks = window.screens[Screen.THANKS]
    assert window.current_screen is thanks
    assert not thanks.print_button.isVisible()
    assert prints == []


def test_pad_qr_slot_follows_qr_url(window, flow, clock):
    offered: list[str | None] = [None]
    window.set_actions(qr_url=lambda state: offered[0])
    flow.invite(sample_case(0), timeout_s=5)
    clock.advance(5)
    flow.tick()
    expired = window.screens[Screen.EXPIRED]
    assert window.current_screen is expired and not expired.qr_panel.isVisible()  # None: the slot stays hidden
    clock.advance(3)
    flow.tick()
    offered[0] = URL
    flow.invite(sample_case(2), timeout_s=5)
    clock.advance(5)
    flow.tick()
    assert expired.qr_panel.isVisible() and expired.qr_view.data() == URL
    assert expired.qr_view.size() == QSize(264, 264)
    clock.advance(3)
    flow.tick()
    flow.invite(sample_case(0, project_no="420100202611230040"))
    flow.press(5, "screen")
    flow.submit()
    thanks = window.screens[Screen.THANKS]
    assert thanks.qr_panel.isVisible() and thanks.qr_caption.full_text() == "扫码追加评价"
    clock.advance(3)
    flow.tick()
    offered[0] = None
    flow.invite(sample_case(0, project_no="420100202611230041"))
    flow.press(5, "screen")
    flow.submit()
    assert not thanks.qr_panel.isVisible() and thanks.qr_view.data() is None


def test_a_failing_qr_url_means_no_qr_not_no_screen(window, flow, clock):
    def broken(state):
        raise RuntimeError("no secret")

    window.set_actions(qr_url=broken)
    flow.invite(sample_case(0), timeout_s=5)
    clock.advance(5)
    flow.tick()
    expired = window.screens[Screen.EXPIRED]
    assert window.current_screen is expired and not expired.qr_panel.isVisible()


def test_long_messages_break_after_punctuation(app):
    from kiosk.ui.font import font
    from kiosk.ui.qt import QFontMetrics
    from kiosk.ui.widgets.keys import wrap_chars

    fm = QFontMetrics(font(60, bold=True))
    text = "二维码无效,请使用本中心打印的评价凭条"
    assert wrap_chars(text, fm, fm.horizontalAdvance("请使用本中心打印的评价凭条") + 2) == [
        "二维码无效,",
        "请使用本中心打印的评价凭条",
    ]
    assert wrap_chars(text, fm, 10_000) == [text]
    lines = wrap_chars("办件编号420100202611230032", fm, fm.horizontalAdvance("办件编号4201") + 1)
    assert "".join(lines) == "办件编号420100202611230032"
    assert all(fm.horizontalAdvance(x) <= fm.horizontalAdvance("办件编号4201") + 1 for x in lines)
