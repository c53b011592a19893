"""The demo's scenes: a pad and a terminal on a FakeClock and a temporary SQLite file, driven through every
screen (and, on a stand-in with SAMPLE DATA, the technician screens), for the screenshots and the layout tests.
QR codes carry a signed link built like the app builds it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from kiosk.app.status import EvaluatorStatus, StatusLine
from kiosk.core.errors import StorageUnavailable
from kiosk.core.flow.machine import DeviceMode, Flow, FlowSettings, FlowState, StaffStatus
from kiosk.core.flow.state import Screen
from kiosk.core.flow.terminal import TerminalFlow
from kiosk.core.model import PF_QR, PF_TERMINAL, Case, Evaluation
from kiosk.core.qrlink import RatingLink, build_url
from kiosk.core.questions import DEFAULT_QUESTIONS, NO, YES, QuestionSets
from kiosk.core.timefmt import FakeClock
from kiosk.demo.poster import draw_poster
from kiosk.demo.samples import SAMPLE_STAFF, sample_case
from kiosk.demo.tech_samples import SAMPLE_PIN, SampleTechnician
from kiosk.store.db import Store
from kiosk.store.sink import StoreSink
from kiosk.ui.qt import QApplication, QGuiApplication, translate
from kiosk.ui.screens.details import DetailsScreen
from kiosk.ui.settings import UiSettings
from kiosk.ui.technician.screen import TechnicianScreen
from kiosk.ui.technician.stats_page import StatsPage
from kiosk.ui.terminal_window import TerminalWindow
from kiosk.ui.widgets.notices import DEFAULT_TEXTS, ROTATE_S, asset_images
from kiosk.ui.window import PadWindow

QR_TEMPLATE = "https://hcp.example.gov.cn/rate?projectNo={projectNo}&deviceId={deviceId}&pf={pf}&ts={ts}&sig={sig}"
QR_SECRET = "screenshot-secret"
TEXT_NOTICE = DEFAULT_TEXTS[0]  # a "Notices" source text: shown translated


class QrOffer:
    """The window's `qr_url` action: a signed rating link for the case on thanks / expired, while `on`."""

    def __init__(self, device_id: str, clock: FakeClock, *, on: bool = True):
        self.device_id, self.clock, self.on = device_id, clock, on

    def __call__(self, state: FlowState) -> str | None:
        if not self.on or state.invitation is None:
            return None
        if state.screen is Screen.THANKS and state.evaluation is not None and state.evaluation.assessNumber != 1:
            return None
        project_no = state.invitation.service.projectNo
        link = RatingLink(self.device_id, PF_QR, project_no, int(self.clock.now().timestamp()))
        return build_url(link, QR_SECRET, QR_TEMPLATE)


class SwitchableSink:
    """A StoreSink that can be told to fail, to show the storage-failure screen."""

    def __init__(self, inner: StoreSink):
        self.inner = inner
        self.broken = False

    def _check(self) -> None:
        if self.broken:
            raise StorageUnavailable("simulated storage failure (screenshot)")

    def assess_numbers(self, project_no: str) -> set[int]:
        self._check()
        return self.inner.assess_numbers(project_no)

    def save_case(self, service: Case) -> Case:
        self._check()
        return self.inner.save_case(service)

    def save_evaluation(self, ev: Evaluation) -> None:
        self._check()
        self.inner.save_evaluation(ev)

    def save_details(self, ev: Evaluation) -> None:
        self._check()
        self.inner.save_details(ev)

    def finish_evaluation(self, ev: Evaluation) -> None:
        self._check()
        self.inner.finish_evaluation(ev)

    def writable(self) -> bool:
        return not self.broken and self.inner.writable()


def offer_qr(window: PadWindow, on: bool) -> None:
    """Switch the window's QR links (a QrOffer) on or off."""
    offer = window.screen_actions.qr_url
    if not isinstance(offer, QrOffer):
        raise TypeError(f"the window's qr_url is {offer!r}, not a QrOffer")
    offer.on = on


SceneSteps = Iterator[tuple[str, FlowState | None]]  # (scene name, the state to render, None: the flow's own)


def scenes(window: PadWindow, flow: Flow, clock: FakeClock, sink: SwitchableSink) -> SceneSteps:
    """Yield (name, state-or-None) after moving the flow to each screen; None renders flow.state."""
    staff = SAMPLE_STAFF[0]
    flow.sign_in(staff)
    yield "idle", None
    flow.set_staff_status(StaffStatus.PAUSED)
    yield "idle-paused", None
    flow.set_staff_status(StaffStatus.AWAY)
    yield "idle-away", None
    flow.sign_out()
    yield "idle-signed-out", None
    flow.sign_in(staff)
    flow.invite(sample_case(0))
    clock.advance(3)
    yield "invited", None
    flow.press(5, "screen")
    flow.toggle_reason(flow.catalog.for_level(5)[0].code)
    flow.toggle_reason(flow.catalog.for_level(5)[7].code)
    yield "details-good", None
    yield from keyboard_scene(window, "details-keyboard")
    flow.set_questions(QuestionSets(enabled=True))  # the built-in set (seed 004), for these two scenes
    flow.submit()
    flow.answer("guide", YES)
    flow.answer("materials", NO)
    yield "questions", None
    flow.answer("suggestion", DEFAULT_QUESTIONS[-1].phrases[1])
    yield "questions-text", None
    flow.submit_answers()
    flow.set_questions(QuestionSets())
    yield "thanks", None
    clock.advance(flow.settings.thanks_s)
    flow.tick()
    flow.invite(sample_case(1))
    flow.press(2, "screen")
    flow.submit()  # nothing chosen: the rule message
    message = flow.state.message
    reasons = flow.catalog.for_level(2)
    flow.toggle_reason(reasons[0].code)
    flow.toggle_reason(reasons[6].code)
    yield "details-bad", replace(flow.state, message=message)
    offer_qr(window, True)
    flow.submit()
    yield "thanks-bad", None  # the follow-up notice (差评回访) and the 追加评价 QR, for qr_screen_s
    offer_qr(window, False)
    clock.advance(flow.settings.qr_screen_s)
    flow.tick()
    flow.invite(sample_case(2))
    clock.advance(flow.settings.invite_timeout_s)
    flow.tick()
    yield "expired", None
    clock.advance(flow.settings.thanks_s)
    flow.tick()
    offer_qr(window, True)
    flow.invite(sample_case(1, project_no="420100202611230063"))  # 办理中: 办结后可追加评价
    flow.press(4, "screen")
    flow.submit()
    yield "thanks-qr", None
    clock.advance(flow.settings.thanks_s)
    flow.tick()
    flow.invite(sample_case(2, project_no="420100202611230078"))
    clock.advance(flow.settings.invite_timeout_s)
    flow.tick()
    yield "expired-qr", None
    offer_qr(window, False)
    clock.advance(flow.settings.thanks_s)
    flow.tick()
    flow.invite(sample_case(0, project_no="420100202611230099"))
    sink.broken = True
    flow.press(4, "screen")
    yield "unavailable", None
    sink.broken = False


def make_pad(
    width: int, height: int, elder: bool, db_path: Path, *, theme: str = "normal", inches: float = 0.0
) -> tuple[PadWindow, Flow, FakeClock, SwitchableSink, Store]:
    """A pad window on a real flow (FakeClock, switchable StoreSink on `db_path`); its timer is stopped.
    `theme` and `inches` are ui.theme and ui.screen_inches."""
    clock = FakeClock()
    store = Store(db_path, clock=clock)
    sink = SwitchableSink(StoreSink(store))
    flow = Flow(sink, clock, FlowSettings(device_id="PAD-03", counter="3号窗口"))
    settings = UiSettings(
        width=width,
        height=height,
        elder_mode=elder,
        hall="政务服务中心",
        counter="3号窗口",
        dept_name="人社局",
        theme=theme,
        screen_inches=inches,
    )
    window = PadWindow(flow, settings)
    window.timer.stop()  # the scenes move the clock themselves
    window.set_actions(qr_url=QrOffer("PAD-03", clock, on=False))
    window.set_status_line(StatusLine(evaluator=EvaluatorStatus.ONLINE, outbox_depth=0))
    return window, flow, clock, sink, store


def make_terminal(
    width: int, height: int, elder: bool, db_path: Path, *, theme: str = "normal", inches: float = 0.0
) -> tuple[TerminalWindow, TerminalFlow, FakeClock, SwitchableSink, Store]:
    """A terminal window on a real TerminalFlow; the codes and prints its actions get are dropped."""
    clock = FakeClock()
    store = Store(db_path, clock=clock)
    sink = SwitchableSink(StoreSink(store))
    flow = TerminalFlow(
        sink, clock, FlowSettings(mode=DeviceMode.TERMINAL, device_id="TERM-01", counter="24小时自助服务区")
    )
    settings = UiSettings(
        width=width,
        height=height,
        elder_mode=elder,
        hall="政务服务中心",
        counter="24小时自助服务区",
        dept_name="",
        theme=theme,
        screen_inches=inches,
    )
    window = TerminalWindow(flow, settings)
    window.timer.stop()
    window.set_actions(on_code=lambda code: None, on_print=lambda: None, qr_url=QrOffer("TERM-01", clock))
    # a caption for the peripherals a terminal has (the status line itself names only those in trouble)
    window.status_line.set_text(translate("Screenshots", "扫码器已连接 · 打印机就绪 · 待上传 0 条"))
    return window, flow, clock, sink, store


def notice_image(folder: Path) -> Path:
    """An image notice: the first of assets/images, else the sample poster written to `folder`."""
    found = asset_images()
    if found:
        return found[0]
    path = Path(folder) / "notice-levels.png"
    if not path.exists():
        draw_poster().save(str(path))
    return path


def terminal_scenes(
    window: TerminalWindow, flow: TerminalFlow, clock: FakeClock, sink: SwitchableSink, folder: Path
) -> SceneSteps:
    """Yield (name, None) after moving the terminal to each of its screens."""
    window.set_notices([translate("Notices", TEXT_NOTICE), notice_image(folder)])
    yield "attract", None
    clock.advance(ROTATE_S)
    yield "attract-image", None
    flow.open_keypad()
    flow.keypad_text("4201002026112300")
    yield "keypad", None
    window.keypad._toggle_page()
    yield "keypad-letters", None
    flow.show_message("已超过评价期限")
    yield "message", None
    flow.show_message("正在查询办件信息…", seconds=15)
    yield "message-looking", None
    flow.show_message("二维码无效,请使用本中心打印的评价凭条")
    yield "message-invalid", None
    flow.go_idle()
    flow.invite(sample_case(0), pf=PF_TERMINAL)
    clock.advance(3)
    yield "invited", None
    flow.press(1, "screen")
    reasons = flow.catalog.for_level(1)
    flow.toggle_reason(reasons[1].code)
    yield "details", None
    yield from keyboard_scene(window, "details-keyboard")
    flow.set_questions(QuestionSets(enabled=True))
    flow.submit()
    flow.answer("procedure", YES)
    yield "questions", None
    flow.submit_answers()
    flow.set_questions(QuestionSets())
    yield "thanks", None
    clock.advance(flow.settings.thanks_s)
    flow.tick()
    flow.invite(sample_case(2), pf=PF_TERMINAL)
    clock.advance(flow.settings.invite_timeout_s)
    flow.tick()
    yield "expired", None
    clock.advance(flow.settings.thanks_s)
    flow.tick()
    flow.invite(sample_case(1), pf=PF_TERMINAL)
    sink.broken = True
    flow.press(4, "screen")
    yield "unavailable", None
    sink.broken = False


def technician_scenes(window: PadWindow, folder: Path) -> SceneSteps:
    """Yield (name, None) through the technician screens, on a stand-in with SAMPLE DATA."""
    tech = SampleTechnician(Path(folder))
    window.set_technician(tech)
    ui = window.technician_ui
    assert ui is not None
    pin = ui.open_pin()
    for digit in "24":
        pin.type_digit(digit)
    yield "tech-pin", None
    tech.locked_s = 287
    pin.set_locked(tech.locked_s)
    yield "tech-pin-locked", None
    tech.locked_s = 0
    pin.set_locked(0)
    ui.check_pin(SAMPLE_PIN)
    panel = ui.panel
    assert panel is not None
    yield "tech-status", None
    panel.show_page("sync")
    yield "tech-sync", None
    panel.show_page("device")
    device = panel.device_page
    device.start()
    for value in (5, 5, 4, 3, 2, 1, 4):
        tech.press(value)
    device.command("点亮全部", "leds", 0b11111)
    yield "tech-device", None
    panel.show_page("export")
    export = panel.export_page
    export.export(None)
    yield "tech-export", None
    export.path.setText("/media/usb-not-mounted")
    export.export_other()
    yield "tech-export-error", None
    yield from _stats(panel)
    ui.close()
    window.set_technician(None)


def stats_scenes(window: PadWindow, folder: Path) -> SceneSteps:
    """Only the technician's 统计 page (every layout and the English set), on the stand-in with SAMPLE DATA."""
    tech = SampleTechnician(Path(folder))
    window.set_technician(tech)
    ui = window.technician_ui
    assert ui is not None
    ui.open_pin()
    ui.check_pin(SAMPLE_PIN)
    assert ui.panel is not None
    yield from _stats(ui.panel)
    ui.close()
    window.set_technician(None)


def _stats(panel: TechnicianScreen) -> SceneSteps:
    stats = panel.pages["stats"]
    assert isinstance(stats, StatsPage)
    stats.today = lambda: date(2026, 11, 23)  # the sample's day, whatever the day of the run
    for key, name in (("7d", "tech-stats"), ("month", "tech-stats-month")):
        stats.current = key
        panel.show_page("stats")
        wait_loaded(stats)
        yield name, None


def wait_loaded(page: StatsPage, timeout_s: float = 10.0) -> None:
    """The statistics come from a worker thread: run the event loop until they are shown."""
    deadline = time.monotonic() + timeout_s
    page.report = None
    page.choose(page.current)
    while page.report is None and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)


# typing on the on-screen keyboard: the content slides up to keep the field clear, so its top is outside the
# window on purpose; the clipping checks leave these out (tests/unit/ui/test_keyboard.py checks the geometry)
KEYBOARD_SCENES = frozenset({"details-keyboard"})


def keyboard_scene(window: PadWindow, name: str, letters: str = "fuwu") -> SceneSteps:
    """填写意见 tapped on the details screen and `letters` typed on the on-screen keyboard, its Pinyin candidates
    on show; afterwards the text is empty and the keyboard closed again. Nothing when the keyboard is not
    installed (the scene is then missing from the screenshots)."""
    details = window.current_screen
    kb = window.keyboard
    if kb is None or not kb.preload() or not isinstance(details, DetailsScreen):
        return
    app = QApplication.instance()
    window.activateWindow()
    details.write.click()
    for _ in range(100):  # the window becomes active, the panel shows, its layout loads
        QApplication.processEvents()
        if kb.shown and letters[0] in kb.keys():
            break
    for letter in letters:
        kb.tap(kb.keys()[letter])
    yield name, None
    QGuiApplication.inputMethod().reset()  # the composition is dropped, not typed
    details.editor.clearFocus()
    window.flow.set_text("")
    if isinstance(app, QApplication):
        settle(app)


def settle(app: QApplication) -> None:
    """Let layouts and pending resize events run (offscreen, nothing waits for a display)."""
    for _ in range(3):
        app.processEvents()
