"""End to end: the GUI composition root (GuiRun) with a real Kiosk and the simulated evaluator on its own
thread. A technician holds the hall name, types the PIN, tests the buttons (keys cross the bridge and are
never ratings), is interrupted by a citizen's invitation, whose key then is a rating; and exports."""

from __future__ import annotations

import pytest

from kiosk import config
from kiosk.app.kiosk import Kiosk
from kiosk.core.flow.machine import Screen
from kiosk.core.pin import hash_pin
from kiosk.core.timefmt import FakeClock
from kiosk.demo.samples import SAMPLE_STAFF, sample_case
from kiosk.devices.evaluator.sim import SimEvaluator
from kiosk.ui.qt import Qt
from kiosk.ui.technician.pin import WRONG, PinScreen
from kiosk.ui.technician.screen import TechnicianScreen
from tests.helpers.gui import gui_run


@pytest.fixture
def gui(qapp, qtbot, tmp_path):
    cfg = config.load(
        None,
        tmp_path / "data",
        {"evaluator": {"driver": "none"}, "ui": {"technician_pin_hash": hash_pin("2468"), "voice": False}},
    )
    sim = SimEvaluator()
    kiosk = Kiosk(cfg, clock=FakeClock(), evaluator=sim)
    with gui_run(kiosk) as run:
        window = run.window
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        run._first_frame()  # what the event loop runs first: wires the technician entry, starts the devices
        qtbot.waitUntil(lambda: kiosk.status.evaluator == "online", timeout=2000)
        yield run, kiosk, sim


def click(qtbot, widget):
    assert widget.isVisible(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_a_technician_visit_interrupted_by_a_citizen(gui, qtbot):
    run, kiosk, sim = gui
    window = run.window
    kiosk.flow.sign_in(SAMPLE_STAFF[0])
    assert window.technician_ui is not None  # wired by GuiRun after the first frame
    window.technician_ui.hold.setInterval(100)
    qtbot.mousePress(window.top_bar.place, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.current_screen, PinScreen), timeout=2000)
    qtbot.mouseRelease(window.top_bar.place, Qt.MouseButton.LeftButton)
    pin = window.current_screen
    for digit in "1357":
        click(qtbot, pin.keys[digit])
    click(qtbot, pin.ok)
    assert pin.message.full_text() == WRONG
    for digit in "2468":
        click(qtbot, pin.keys[digit])
    click(qtbot, pin.ok)
    screen = window.current_screen
    assert isinstance(screen, TechnicianScreen)
    assert screen.pages["status"].rows.value_of("评价器").startswith("已连接 · 驱动 none")

    click(qtbot, screen.menu_buttons["device"])
    page = screen.pages["device"]
    click(qtbot, page.toggle)
    sim.press(5)  # from the simulator's thread, through the bridge
    sim.press(3)
    qtbot.waitUntil(lambda: len(page.presses) == 2, timeout=2000)
    assert page.cells[5].count == 1 and page.cells[3].count == 1
    assert kiosk.store.count_evaluations() == 0

    click(qtbot, screen.menu_buttons["export"])  # leaving the test page ends the test
    assert kiosk.technician.key_listener is None
    click(qtbot, screen.pages["export"].here)
    assert [p.name for p in screen.pages["export"].files] == ["ratings.csv", "diagnostics.json"]

    click(qtbot, screen.menu_buttons["device"])
    click(qtbot, page.toggle)
    kiosk.flow.invite(sample_case(0))  # a citizen: the technician screens give way at once
    assert not window.technician_open and window.current_screen is window.screens[Screen.INVITED]
    sim.press(2)
    qtbot.waitUntil(lambda: kiosk.flow.state.screen is Screen.DETAILS, timeout=2000)
    assert kiosk.store.count_evaluations() == 1 and len(page.presses) == 0
