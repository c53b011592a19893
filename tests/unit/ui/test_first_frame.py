"""The first frame: a fresh pad paints its idle screen and status line; the technician entry and the other
screens come after it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

FIRST_FRAME = textwrap.dedent(
    """
    import sys
    from kiosk import config
    from kiosk.app.kiosk import Kiosk
    from kiosk.app.gui import GuiRun

    cfg = config.load(None, sys.argv[1], {"device": {"mode": sys.argv[2]}})
    kiosk = Kiosk(cfg)
    gui = GuiRun(kiosk, exit_when_ready=True)
    gui.window.set_status_line(kiosk.status_line())
    gui.window.resize(1280, 800)
    gui.window.show()
    gui.window.repaint()
    gui.app.processEvents()
    screen = gui.window.current_screen
    print(type(screen).__name__, screen.isVisible())
    print(gui.window.status_line.full_text())
    """
)


def test_window_pad_first_frame_in_a_fresh_interpreter(tmp_path):
    """In a fresh interpreter: build the pad, show it, paint the first frame."""
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(tmp_path), "window"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "KIOSK_LOG_STDERR": "0", "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["IdleScreen True", "评价器未连接 · 待上传 0 条"]


def test_the_technician_entry_and_other_screens_come_after_the_first_frame(app, tmp_path):
    from kiosk import config
    from kiosk.app.kiosk import Kiosk
    from kiosk.core.flow.machine import Screen
    from tests.helpers.gui import gui_run

    cfg = config.load(None, tmp_path / "data", {"evaluator": {"driver": "none"}, "ui": {"voice": False}})
    with gui_run(Kiosk(cfg)) as gui:
        window = gui.window
        assert window.technician_ui is None and set(window.screens) == {Screen.IDLE}
        assert list(window.screens[Screen.IDLE]._cards) == [False]  # the left column only: the band is not shown
        window.show()
        gui._first_frame()
        assert window.technician_ui is not None
        assert set(window.screens) == set(Screen) - {Screen.KEYPAD, Screen.MESSAGE}  # every screen a pad has
        card = window.screens[Screen.IDLE].card
        assert card.isVisible() and card.name.full_text() == "暂无工作人员"
