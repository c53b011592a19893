"""Child process of test_setup_wizard's handoff case: `kiosk run` on a missing config file, the wizard finished
by a technician stand-in (its values entered as the steps would keep them, then 完成), then on the pad that
starts in the same process a rating pressed on the screen; the event loop then ends.

usage: python setup_child.py DEVICE_ID kiosk-run-args...
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.__main__ import main  # noqa: E402
from kiosk.core.pin import hash_pin  # noqa: E402
from kiosk.demo.samples import SAMPLE_STAFF, sample_case  # noqa: E402
from kiosk.ui.qt import QApplication, QTimer  # noqa: E402
from kiosk.ui.setup.window import SetupWindow  # noqa: E402
from kiosk.ui.window import PadWindow  # noqa: E402

state = {"wizard": 0, "pad": 0}


def poll() -> None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, SetupWindow) and w.isVisible() and not state["wizard"] and w.wizard is not None:
            state["wizard"] = 1
            values = dict(w.ctx.values)
            values.update({"device.id": sys.argv[1], "device.hall": "武汉市民之家", "evaluator.driver": "none"})
            values["ui.technician_pin_hash"] = hash_pin("2580")
            errors = w.wizard.on_finish(values)
            print(f"wizard finished: {errors}", flush=True)
        elif isinstance(w, PadWindow) and w.isVisible() and not state["pad"] and w.technician_ui is not None:
            state["pad"] = 1
            w.flow.sign_in(SAMPLE_STAFF[0])
            w.flow.invite(sample_case(0))
            print(f"pad rated: {w.press(4, 'screen')}", flush=True)
            QTimer.singleShot(300, QApplication.quit)


if __name__ == "__main__":
    app = QApplication([])
    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(100)
    sys.exit(main(["run", *sys.argv[2:]]))
