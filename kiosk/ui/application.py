"""The running QApplication, with the CJK font set and text input routed through the on-screen keyboard."""

from __future__ import annotations

import os

from kiosk.ui.font import install_app_font
from kiosk.ui.keyboard_probe import prepare_environment
from kiosk.ui.qt import QApplication


def ensure_app() -> QApplication:
    """The running QApplication, created (with the CJK font set) when there is none. Before creating it,
    QT_IM_MODULE=qtvirtualkeyboard is set when the on-screen keyboard is installed (kiosk/ui/keyboard.py)."""
    app = QApplication.instance()
    if app is None:
        prepare_environment(os.environ)
        app = QApplication([])
    if not isinstance(app, QApplication):
        raise RuntimeError("a QCoreApplication without widgets is running: the screens need a QApplication")
    install_app_font(app)
    return app
