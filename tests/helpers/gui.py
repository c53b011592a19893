"""A GuiRun (the screens' composition root) around a Kiosk, for tests that do not start the event loop."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

from kiosk.app.gui import GuiRun
from kiosk.app.kiosk import Kiosk


@contextlib.contextmanager
def gui_run(kiosk: Kiosk) -> Iterator[GuiRun]:
    """GuiRun(kiosk); afterwards its timers, window, devices and store are stopped and the process's
    SIGTERM / SIGINT handlers (GuiRun installs its own after the first frame) are as they were."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    run = GuiRun(kiosk)
    try:
        yield run
    finally:
        if run.nightly is not None:
            run.nightly.stop()
        run._wake.stop()
        run.window.timer.stop()
        run.window.close()
        kiosk.stop()
        for s, h in handlers.items():
            signal.signal(s, h)
