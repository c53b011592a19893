"""The baseline of the startup and idle benches: a bare PySide6 window with one label, the pad's size.

Run: python bench/bare_window.py [--stay]
Prints "ready" once the first frame is painted; quits then, or with --stay runs until SIGTERM.
"""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv)
label = QLabel("请您对本次服务进行评价")
label.resize(1280, 800)
label.show()


def ready() -> None:
    label.repaint()
    app.processEvents()
    print("ready", flush=True)
    if "--stay" not in sys.argv:
        app.quit()


QTimer.singleShot(0, ready)
app.exec()
