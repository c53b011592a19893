"""The running QApplication, with the CJK font set."""

from __future__ import annotations

from kiosk.ui.font import install_app_font
from kiosk.ui.qt import QApplication


def ensure_app() -> QApplication:
    """The running QApplication, created (with the CJK font set) when there is none."""
    app = QApplication.instance()
    if app is None:
        app = QApplication([])
    if not isinstance(app, QApplication):
        raise RuntimeError("a QCoreApplication without widgets is running: the screens need a QApplication")
    install_app_font(app)
    return app
