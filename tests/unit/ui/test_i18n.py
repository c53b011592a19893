"""English through Qt's translation system: the .ts is complete and current, the .qm is compiled from it, the
core's texts are listed for lupdate, the screens show English with the translator and Chinese without it,
and nothing is clipped in English (the words are longer)."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from itertools import chain
from pathlib import Path

import pytest

from kiosk.app.status import EvaluatorStatus, PrinterStatus, StatusLine
from kiosk.core import late
from kiosk.core.levels import LEVELS, level_name
from kiosk.core.reasons import NATIONAL_REASONS
from kiosk.demo.audit import clipped
from kiosk.demo.samples import SAMPLE_STAFF, sample_case
from kiosk.demo.scenes import make_pad, make_terminal, scenes, settle, technician_scenes, terminal_scenes
from kiosk.demo.screenshots import panel_inches
from kiosk.ui import domain_strings
from kiosk.ui.i18n import (
    DOMAIN_STRINGS,
    TRANSLATIONS,
    domain,
    domain_strings_source,
    install_translator,
    installed_language,
    remove_translator,
    ui_sources,
)
from kiosk.ui.qt import QTranslator, translate
from kiosk.ui.screens.invited import QUESTION
from kiosk.ui.settings import UiSettings
from kiosk.ui.widgets.level_button import LevelButton
from kiosk.ui.window import PadWindow
from tests.unit.ui.test_layout_fit import ALL_LAYOUTS, KEYBOARD_SCENES, TERMINAL_LAYOUTS

TS = TRANSLATIONS / "kiosk_en.ts"
QM = TRANSLATIONS / "kiosk_en.qm"
PLACEHOLDER = re.compile(r"\{\w*\}")
ENGLISH_LEVELS = ["Very satisfied", "Satisfied", "Fairly satisfied", "Dissatisfied", "Very dissatisfied"]


def ts_messages(path: Path = TS) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [
        (ctx.findtext("name") or "", m.findtext("source") or "", m.find("translation"))  # type: ignore[misc]
        for ctx in root.iter("context")
        for m in ctx.iter("message")
    ]


@pytest.fixture
def english(app):
    assert install_translator(app, "en")
    yield app
    remove_translator(app)


# --- the files --------------------------------------------------------------------------------------------


def test_every_message_in_the_ts_is_translated():
    messages = ts_messages()
    assert len(messages) > 250
    bad = []
    for context, source, translation in messages:
        where = f"{context}: {source!r}"
        if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
            bad.append(f"{where} is {translation.get('type') if translation is not None else 'missing'}")
        elif not (translation.text or "").strip():
            bad.append(f"{where} has an empty translation")
        elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation.text or "")):
            bad.append(f"{where}: placeholders differ in {translation.text!r}")
        elif source.count("\n") != (translation.text or "").count("\n"):
            bad.append(f"{where}: lines differ in {translation.text!r}")  # notices: title, then the body
        elif re.search(r"[\u4e00-\u9fff]", translation.text or ""):
            bad.append(f"{where}: Chinese left in {translation.text!r}")
    assert not bad, "\n".join(bad)


def test_the_ts_has_every_text_of_the_ui(tmp_path):
    """lupdate over kiosk/ui finds exactly the texts in the committed .ts: none missing, none left over."""
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "fresh.ts"
    sources = [str(p) for p in ui_sources()]
    subprocess.run([str(lupdate), "-silent", "-locations", "none", *sources, "-ts", str(fresh)], check=True)
    found = {(c, s) for c, s, _ in ts_messages(fresh)}
    committed = {(c, s) for c, s, _ in ts_messages()}
    assert found - committed == set(), "new texts: run `python -m kiosk.ui.i18n` and translate them"
    assert committed - found == set(), "texts no longer in the code: run `python -m kiosk.ui.i18n`"


def test_the_qm_is_compiled_from_the_ts():
    translator = QTranslator()
    assert translator.load(str(QM))
    stale = [(c, s) for c, s, t in ts_messages() if translator.translate(c, s) != (t.text if t is not None else None)]
    assert not stale, f"kiosk_en.qm is out of date (run `python -m kiosk.ui.i18n`): {stale[:5]}"


def test_domain_strings_are_generated_from_the_current_core():
    assert DOMAIN_STRINGS.read_text(encoding="utf-8") == domain_strings_source(), (
        "kiosk/ui/domain_strings.py is out of date: run `python -m kiosk.ui.i18n` and translate the new texts"
    )


def test_domain_strings_hold_every_core_text_shown_on_a_screen():
    from kiosk.app import rate_later as terminal

    listed = set(domain_strings.ALL)
    assert list(domain_strings.LEVEL_NAMES) == [level_name(v) for v in LEVELS]
    assert set(domain_strings.REASON_NAMES) == {name for rows in NATIONAL_REASONS.values() for _, name in rows}
    assert len(domain_strings.REASON_NAMES) == 40
    constants = {v for k, v in vars(terminal).items() if k.startswith("MSG_")}
    constants |= {late.EXPIRED, late.ALREADY, late.NOT_FINISHED}
    assert len(constants) == 8 and constants <= listed
    assert {"暂停评价 · 请稍候", "差评需要至少选择一个原因或填写文字评价", "该办件已评价,不能重复评价"} <= listed


def test_every_core_text_has_an_english_translation(english):
    missing = [t for t in domain_strings.ALL if domain(t) == t or not domain(t)]
    assert not missing
    assert [domain(level_name(v)) for v in LEVELS] == ENGLISH_LEVELS
    assert domain("not a known text") == "not a known text"


# --- installing --------------------------------------------------------------------------------------------


def test_chinese_needs_no_translator_and_an_unknown_language_falls_back(app):
    assert install_translator(app, "zh_CN") is False
    assert install_translator(app, "xx") is False
    assert installed_language(app) == "zh_CN"
    assert translate("Invited", QUESTION) == "请您对本次服务进行评价"


def test_install_and_remove(app):
    assert install_translator(app, "en") and installed_language(app) == "en"
    assert install_translator(app, "en")  # again: replaces, never stacks
    assert translate("Invited", QUESTION) == "Please rate this service"
    remove_translator(app)
    assert translate("Invited", QUESTION) == "请您对本次服务进行评价"
    assert installed_language(app) == "zh_CN"


# --- the screens ---------------------------------------------------------------------------------------------


def make_window(qtbot, flow) -> PadWindow:
    w = PadWindow(flow, UiSettings(width=1280, height=800, hall="政务服务中心", counter="3号窗口"))
    qtbot.addWidget(w)
    w.show()
    return w


def test_english_invited_and_details_screens(english, qtbot, flow):
    window = make_window(qtbot, flow)
    flow.invite(sample_case(0))
    screen = window.current_screen
    assert screen.question.full_text() == "Please rate this service"
    assert [b.text() for b in screen.findChildren(LevelButton)] == ENGLISH_LEVELS
    assert screen.case.full_text().startswith("Case no. ")
    assert screen.card.status.full_text() == "On duty"
    flow.press(2, "screen")
    details = window.current_screen
    assert details.title.full_text() == "Please choose what went wrong"
    assert details.rated.full_text() == "Your rating: Dissatisfied"
    chips = [c.text() for c in details.chips if not c.isHidden()]
    assert chips[0] == "No sample documents provided" and len(chips) == 8
    assert not any(re.search(r"[\u4e00-\u9fff]", c) for c in chips)
    assert details.submit.text() == "Submit"
    flow.submit()  # nothing chosen: the core's rule message, shown in English
    assert details.message.text() == "For a negative rating, please choose a reason or write a comment"
    assert flow.state.message == "差评需要至少选择一个原因或填写文字评价"  # the core keeps its Chinese
    details.chips[0].click()
    flow.submit()
    assert window.current_screen.headline.full_text() == "Thank you for your rating"
    assert window.current_screen.countdown.full_text().startswith("Back in ")


def test_chinese_again_once_the_translator_is_removed(app, qtbot, flow):
    install_translator(app, "en")
    remove_translator(app)
    window = make_window(qtbot, flow)
    flow.invite(sample_case(0))
    assert window.current_screen.question.full_text() == "请您对本次服务进行评价"
    assert [b.text() for b in window.current_screen.findChildren(LevelButton)] == [level_name(v) for v in LEVELS]


def test_english_terminal_messages_and_status_line(english, tmp_path):
    window, flow, clock, sink, store = make_terminal(1280, 800, False, tmp_path / "t.sqlite")
    try:
        flow.show_message(late.EXPIRED)
        assert window.current_screen.message.text() == "The rating period has ended"
        window.set_status_line(
            StatusLine(evaluator=EvaluatorStatus.ONLINE, printer=PrinterStatus.PAPER_OUT, outbox_depth=12)
        )
        assert window.status_line.full_text() == "Evaluator connected · Printer out of paper · 12 to upload"
    finally:
        window.close()
        store.close()


# --- nothing clipped in English ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "height", "elder"), ALL_LAYOUTS, ids=lambda v: str(v))
def test_nothing_is_clipped_in_english(english, tmp_path, width, height, elder):
    """Every pad screen, then the technician screens, in English in every layout: the longer words still fit."""
    window, flow, clock, sink, store = make_pad(
        width, height, elder, tmp_path / "fit.sqlite", inches=panel_inches(width, height, False)
    )
    window.show()
    report, seen = [], []
    try:
        for scene, state in chain(scenes(window, flow, clock, sink), technician_scenes(window, tmp_path)):
            if state is not None:
                window.render_state(state)
            window.refresh()
            settle(english)
            seen.append(scene)
            assert window.size().toTuple() == (width, height), f"{scene}: the window grew"
            if scene not in KEYBOARD_SCENES:
                report += [f"{scene}: {p}" for p in clipped(window)]
            if scene == "invited":
                assert [b.text() for b in window.current_screen.findChildren(LevelButton)] == ENGLISH_LEVELS
    finally:
        window.close()
        window.deleteLater()
        settle(english)
        store.close()
    assert len(seen) == 25  # with the technician's tech-stats and tech-stats-month, and details-keyboard
    assert not report, "\n".join(report)


@pytest.mark.parametrize(("width", "height", "elder"), TERMINAL_LAYOUTS, ids=lambda v: str(v))
def test_nothing_is_clipped_on_the_terminal_in_english(english, tmp_path, width, height, elder):
    window, flow, clock, sink, store = make_terminal(
        width, height, elder, tmp_path / "fit.sqlite", inches=panel_inches(width, height, True)
    )
    window.show()
    report = []
    try:
        for scene, _ in terminal_scenes(window, flow, clock, sink, tmp_path):
            window.refresh()
            settle(english)
            if scene not in KEYBOARD_SCENES:
                report += [f"{scene}: {p}" for p in clipped(window)]
    finally:
        window.close()
        window.deleteLater()
        settle(english)
        store.close()
    assert not report, "\n".join(report)


# --- start-up -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "question"), [("en", "Please rate this service"), ("zh_CN", "请您对本次服务进行评价")]
)
def test_gui_run_installs_the_configured_language_before_the_window(app, qtbot, tmp_path, language, question):
    from kiosk import config
    from kiosk.app.kiosk import Kiosk
    from kiosk.core.timefmt import FakeClock
    from tests.helpers.gui import gui_run

    cfg = config.load(None, tmp_path / "data", {"evaluator": {"driver": "none"}, "ui": {"language": language}})
    try:
        with gui_run(Kiosk(cfg, clock=FakeClock())) as run:
            window = run.window
            qtbot.addWidget(window)
            assert installed_language(app) == language
            assert window.windowTitle() == ("Government Service Rating" if language == "en" else "政务服务好差评")
            run.kiosk.flow.sign_in(SAMPLE_STAFF[0])
            run.kiosk.flow.invite(sample_case(0))
            assert window.current_screen.question.full_text() == question
    finally:
        remove_translator(app)
