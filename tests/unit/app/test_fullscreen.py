"""A production pad (ui.fullscreen) shows no pointer; a windowed one keeps it."""

from __future__ import annotations

import pytest

from kiosk import config
from kiosk.app.gui import GuiRun
from kiosk.app.kiosk import Kiosk
from kiosk.ui.qt import QApplication, Qt


@pytest.mark.parametrize("fullscreen", [True, False])
def test_cursor_hidden_only_in_full_screen(tmp_path, qapp, fullscreen):
    while QApplication.overrideCursor() is not None:
        QApplication.restoreOverrideCursor()
    cfg = config.load(None, tmp_path, {"ui": {"fullscreen": fullscreen}})
    run = GuiRun(Kiosk(cfg), exit_when_ready=True)
    try:
        assert run.exec() == 0
        cursor = QApplication.overrideCursor()
        if fullscreen:
            assert cursor is not None and cursor.shape() == Qt.CursorShape.BlankCursor
        else:
            assert cursor is None
    finally:
        run._wake.stop()
        run.window.timer.stop()
        while QApplication.overrideCursor() is not None:
            QApplication.restoreOverrideCursor()
