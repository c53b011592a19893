"""A production pad (ui.fullscreen) shows no pointer; a windowed one keeps it.

In a fresh interpreter: the event loop runs and quits there, which the shared test QApplication must not do.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
RUN = textwrap.dedent(
    """
    import sys
    from kiosk import config
    from kiosk.app.gui import GuiRun
    from kiosk.app.kiosk import Kiosk
    from kiosk.ui.qt import QApplication

    cfg = config.load(None, sys.argv[1], {"ui": {"fullscreen": sys.argv[2] == "full"}})
    code = GuiRun(Kiosk(cfg), exit_when_ready=True).exec()
    cursor = QApplication.overrideCursor()
    print(code, cursor.shape().name if cursor is not None else "none")
    """
)


@pytest.mark.parametrize(("mode", "cursor"), [("full", "BlankCursor"), ("window", "none")])
def test_cursor_hidden_only_in_full_screen(tmp_path, mode, cursor):
    out = subprocess.run(
        [sys.executable, "-c", RUN, str(tmp_path), mode],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "KIOSK_LOG_STDERR": "0", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-2:] == ["0", cursor]
