"""The on-screen keyboard (Qt Virtual Keyboard in the pad's own window), offscreen, through the real InputPanel:
its keys and candidates are tapped where they are drawn, the text lands in the field, the flow and SQLite."""

from __future__ import annotations

import logging

import pytest

from kiosk.core.flow.machine import Flow, FlowSettings
from kiosk.core.flow.state import Screen
from kiosk.core.flow.terminal import TerminalFlow
from kiosk.core.model import MAX_TEXT
from kiosk.core.questions import QuestionSets
from kiosk.core.timefmt import FakeClock
from kiosk.demo.samples import SAMPLE_STAFF, sample_case
from kiosk.demo.tech_samples import SAMPLE_PIN, SampleTechnician
from kiosk.store.db import Store
from kiosk.store.sink import StoreSink
from kiosk.ui import keyboard as kb_module
from kiosk.ui import keyboard_probe
from kiosk.ui.keyboard import OnScreenKeyboard, attach_keyboard, panel_size
from kiosk.ui.qt import QLineEdit, QRect, Qt, QVBoxLayout, QWidget
from kiosk.ui.screens.details import DetailsScreen
from kiosk.ui.screens.questions import TextBlock
from kiosk.ui.settings import UiSettings
from kiosk.ui.terminal_window import TerminalWindow
from kiosk.ui.window import PadWindow


def ready(qtbot, window: PadWindow) -> OnScreenKeyboard:
    """The window as the app has it after its first frame (prewarmed), active, with its keyboard."""
    window.prewarm()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.keyboard is not None, kb_module.unavailable()
    return window.keyboard


def open_details(qtbot, window: PadWindow, flow: Flow, level: int = 5) -> DetailsScreen:
    flow.invite(sample_case(0))
    flow.press(level, "screen")
    details = window.current_screen
    assert isinstance(details, DetailsScreen)
    return details


def tap_write(qtbot, kb: OnScreenKeyboard, details: DetailsScreen) -> None:
    qtbot.mouseClick(details.write, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kb.shown and details.editor.hasFocus() and "f" in kb.keys())  # its layout has loaded


def type_pinyin(qtbot, kb: OnScreenKeyboard, letters: str, choose: str) -> None:
    for letter in letters:
        kb.tap(kb.keys()[letter])
    qtbot.waitUntil(lambda: choose in kb.candidates())
    kb.tap(kb.candidates()[choose])


def in_window(window: QWidget, field: QWidget) -> QRect:
    return QRect(field.mapTo(window, field.rect().topLeft()), field.size())


def assert_clear(window: QWidget, kb: OnScreenKeyboard, field: QWidget) -> None:
    """The field is on screen, whole, above the keyboard."""
    rect, panel = in_window(window, field), kb.panel_rect()
    assert not panel.isEmpty()
    assert rect.top() >= 0 and rect.bottom() < panel.top(), (rect, panel)
    assert not rect.intersects(panel)


def test_fuwu_by_pinyin_lands_in_the_field_and_in_the_stored_writing_evaluation(qtbot, window, flow, store):
    kb = ready(qtbot, window)
    details = open_details(qtbot, window, flow)
    assert not kb.shown  # only 填写意见 brings it
    tap_write(qtbot, kb, details)
    type_pinyin(qtbot, kb, "fuwu", "服务")
    qtbot.waitUntil(lambda: details.editor.text() == "服务")
    assert flow.state.text == "服务"
    ev_id = flow.state.evaluation.id
    qtbot.mouseClick(details.submit, Qt.MouseButton.LeftButton)
    assert flow.state.screen is Screen.THANKS
    assert store.get_evaluation(ev_id)["writingEvaluation"] == "服务"
    qtbot.waitUntil(lambda: not kb.shown)  # the field went with its screen
    assert kb.offset == 0


def test_digits_and_the_language_key(qtbot, window, flow):
    kb = ready(qtbot, window)
    details = open_details(qtbot, window, flow)
    tap_write(qtbot, kb, details)
    assert {"&123", "zh"} <= set(kb.keys())  # the language key shows the locale (中 / EN)
    kb.tap(kb.keys()["&123"])
    qtbot.waitUntil(lambda: "5" in kb.keys())
    kb.tap(kb.keys()["5"])
    kb.tap(kb.keys()["0"])
    qtbot.waitUntil(lambda: flow.state.text == "50")


def test_the_questionnaire_text_question_types_through_the_keyboard(qtbot, window, flow):
    kb = ready(qtbot, window)
    open_details(qtbot, window, flow)
    flow.set_questions(QuestionSets(enabled=True))
    assert flow.submit() and flow.state.screen is Screen.QUESTIONS
    (block,) = [r for r in window.current_screen.rows if isinstance(r, TextBlock)]
    qtbot.mouseClick(block.write, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kb.shown and block.editor.hasFocus() and "f" in kb.keys())
    assert_clear(window, kb, block.editor)
    type_pinyin(qtbot, kb, "fuwu", "服务")
    qtbot.waitUntil(lambda: dict(flow.state.answers).get(block.question.code) == "服务")


def test_typed_text_obeys_the_500_character_rule(qtbot, window, flow, store):
    kb = ready(qtbot, window)
    details = open_details(qtbot, window, flow)
    flow.set_text("好" * (MAX_TEXT - 1))
    tap_write(qtbot, kb, details)
    details.editor.end(False)
    type_pinyin(qtbot, kb, "fuwu", "服务")
    qtbot.waitUntil(lambda: len(details.editor.text()) == MAX_TEXT)
    assert flow.state.text == "好" * (MAX_TEXT - 1) + "服"
    ev_id = flow.state.evaluation.id
    assert flow.submit()
    assert len(store.get_evaluation(ev_id)["writingEvaluation"]) == MAX_TEXT


@pytest.mark.parametrize(
    ("width", "height", "elder"),
    [(1280, 800, False), (1280, 800, True), (800, 1280, False), (800, 1280, True), (1920, 1080, True)],
)
def test_the_panel_never_covers_the_field(qtbot, app, flow, width, height, elder):
    window = PadWindow(flow, UiSettings(width=width, height=height, elder_mode=elder))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    kb = ready(qtbot, window)
    details = open_details(qtbot, window, flow)
    tap_write(qtbot, kb, details)
    qtbot.waitUntil(lambda: kb.panel_rect().bottom() == height - 1)
    assert kb.panel_rect().width() == width
    assert_clear(window, kb, details.editor)
    type_pinyin(qtbot, kb, "fuwu", "服务")
    assert_clear(window, kb, details.editor)
    details.editor.clearFocus()
    qtbot.waitUntil(lambda: not kb.shown)
    assert kb.offset == 0 and window.top_bar.y() == 0  # the content is back where its layout puts it


def test_elder_mode_has_the_bigger_keyboard(qtbot, window, flow):
    kb = ready(qtbot, window)
    details = open_details(qtbot, window, flow)
    tap_write(qtbot, kb, details)
    normal_panel, normal_key = kb.panel_rect(), kb.keys()["a"].height()
    window.set_elder_mode(True)
    qtbot.waitUntil(lambda: kb.panel_rect().height() > normal_panel.height())
    assert kb.keys()["a"].height() > normal_key * 1.2
    assert_clear(window, kb, details.editor)
    for w, h in ((1280, 800), (800, 1280), (1080, 1920), (1920, 1080)):
        assert panel_size(w, h, True).key_area > panel_size(w, h, False).key_area
        assert panel_size(w, h, True).key_area <= h // 2


def test_the_keyboard_types_into_a_terminal_and_a_technician_field(qtbot, app, clock, tmp_path):
    store = Store(tmp_path / "t.sqlite", clock=clock)
    try:
        flow = TerminalFlow(StoreSink(store), clock, FlowSettings(device_id="TERM-01"))
        window = TerminalWindow(flow, UiSettings(width=1080, height=1920))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        kb = ready(qtbot, window)
        window.set_technician(SampleTechnician(tmp_path / "tech"))
        assert window.technician_ui is not None
        window.technician_ui.open_pin()
        window.technician_ui.check_pin(SAMPLE_PIN)
        panel = window.technician_ui.panel
        assert panel is not None
        panel.show_page("export")
        field = panel.export_page.path
        assert isinstance(field, QLineEdit)
        field.clear()
        qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: kb.shown)
        assert_clear(window, kb, field)
        for letter in "usb":
            kb.tap(kb.keys()[letter])
        # Pinyin mode keeps Latin letters as a composition until a candidate or Enter commits them
        enter = next(item for item in kb.keys().values() if item.property("key") == Qt.Key.Key_Return.value)
        kb.tap(enter)
        qtbot.waitUntil(lambda: field.text() == "usb")
        window.technician_ui.close()
    finally:
        store.close()


def test_without_the_keyboard_library_the_pad_runs_on_phrases(qtbot, app, flow, monkeypatch, caplog):
    monkeypatch.setattr(keyboard_probe, "missing", lambda qt=None: "libQt6VirtualKeyboard.so.6 is not installed")
    kb_module._reported.clear()
    with caplog.at_level(logging.WARNING, logger="kiosk.ui.keyboard"):
        window = PadWindow(flow, UiSettings(width=1280, height=800))
    qtbot.addWidget(window)
    window.show()
    window.prewarm()
    assert window.keyboard is None
    assert "no on-screen keyboard: libQt6VirtualKeyboard.so.6 is not installed" in caplog.text
    details = open_details(qtbot, window, flow)
    qtbot.mouseClick(details.phrases[0], Qt.MouseButton.LeftButton)
    assert flow.state.text == details.phrases[0].text()
    assert flow.submit()


def test_attach_needs_the_input_method_set_before_the_application(qtbot, app, monkeypatch, caplog):
    monkeypatch.setenv("QT_IM_MODULE", "ibus")
    kb_module._reported.clear()
    with caplog.at_level(logging.WARNING, logger="kiosk.ui.keyboard"):
        assert attach_keyboard(QWidget()) is None
    assert "QT_IM_MODULE is 'ibus'" in caplog.text


def test_the_probe_names_what_is_missing(tmp_path):
    qt = keyboard_probe.qt_dir()
    assert qt is not None and keyboard_probe.missing(qt) is None  # this venv has pyside6-addons
    assert "pyside6-addons is missing: pip install pyside6-addons==" in keyboard_probe.missing(tmp_path)
    env: dict[str, str] = {}
    assert keyboard_probe.prepare_environment(env, tmp_path) is not None and env == {}
    assert keyboard_probe.prepare_environment(env, qt) is None
    assert env == {
        "QT_IM_MODULE": "qtvirtualkeyboard",
        "QT_VIRTUALKEYBOARD_DESKTOP_DISABLE": "1",
        "QT_QUICK_BACKEND": "software",
    }
    found = keyboard_probe.probe(qt)
    assert found["missing"] is None and found["loads"] is None
    assert keyboard_probe.main(["--qt-dir", str(tmp_path)]) == 3


def test_a_second_window_keeps_its_own_keyboard(qtbot, app, clock, tmp_path):
    """Two kiosk windows (a pad and a wizard, say): only the one whose field has the focus shows its keyboard."""
    store = Store(tmp_path / "two.sqlite", clock=clock)
    try:
        flow = Flow(StoreSink(store), FakeClock(), FlowSettings(device_id="PAD-04"))
        flow.sign_in(SAMPLE_STAFF[0])
        first = PadWindow(flow, UiSettings(width=1280, height=800))
        qtbot.addWidget(first)
        first.show()
        other = QWidget()
        qtbot.addWidget(other)
        lay = QVBoxLayout(other)
        field = QLineEdit()
        lay.addWidget(field)
        other.resize(800, 600)
        other_kb = attach_keyboard(other)
        assert other_kb is not None
        other.show()
        other.activateWindow()
        qtbot.waitUntil(other.isActiveWindow)
        field.setFocus()
        qtbot.waitUntil(lambda: other_kb.shown)
        assert first.keyboard is not None and not first.keyboard.shown
        assert_clear(other, other_kb, field)
    finally:
        store.close()
