"""Child process of test_notify's frozen-GUI case: `kiosk run`, whose GUI thread SIGUSR1 blocks for a while.

usage: python notify_child.py FREEZE_S kiosk-run-args...

Python runs a signal handler on the main thread, which is the GUI thread, when the interpreter next gets control
there (the 200 ms wake-up timer of kiosk.app.gui): the handler's sleep holds the event loop in a timer slot for
FREEZE_S seconds while the process and its other threads live on. Only this test script installs the handler.
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.__main__ import main  # noqa: E402


def freeze(_signum, _frame) -> None:
    print("frozen", flush=True)
    time.sleep(float(sys.argv[1]))
    print("thawed", flush=True)


if __name__ == "__main__":
    signal.signal(signal.SIGUSR1, freeze)
    sys.exit(main(["run", *sys.argv[2:]]))
