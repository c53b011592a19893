"""The one place kiosk imports Qt from: everything the screens need, re-exported from PySide6."""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QCoreApplication,
    QEvent,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    QTimer,
    QTranslator,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QBoxLayout,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

__all__ = [
    "QAbstractButton",
    "QBoxLayout",
    "QApplication",
    "QBrush",
    "QByteArray",
    "QCoreApplication",
    "QColor",
    "QComboBox",
    "QEvent",
    "QFont",
    "QFontDatabase",
    "QFontMetrics",
    "QFrame",
    "QGridLayout",
    "QGuiApplication",
    "QHBoxLayout",
    "QImage",
    "QKeyEvent",
    "QLabel",
    "QLayout",
    "QLineEdit",
    "QMouseEvent",
    "QObject",
    "QPaintEvent",
    "QPainter",
    "QPainterPath",
    "QPalette",
    "QPen",
    "QPixmap",
    "QPoint",
    "QPointF",
    "QPushButton",
    "QRect",
    "QRectF",
    "QResizeEvent",
    "QSize",
    "QSizePolicy",
    "QStackedWidget",
    "QTimer",
    "QTranslator",
    "QVBoxLayout",
    "QWidget",
    "QT_TRANSLATE_NOOP",
    "Qt",
    "Signal",
    "Slot",
    "translate",
]


class _LazyQt:
    """PySide6's `Qt` namespace, fetched on the first attribute access and kept attribute by attribute.

    PySide6 builds all 93 enum classes of `Qt` the first time anything touches it (about 15 ms, a tenth of
    a bare Qt window's start-up). The first frame does without them (kiosk/ui/align.py; test_first_frame.py
    keeps it so), so importing a screen module must not touch the namespace either.
    """

    def __getattr__(self, name: str):
        from PySide6 import QtCore

        value = getattr(QtCore.Qt, name)
        setattr(self, name, value)  # the next lookup finds it without coming here
        return value

    def __repr__(self) -> str:
        return "<lazy PySide6.QtCore.Qt>"


Qt = _LazyQt()


def translate(context: str, text: str) -> str:
    """`text` (the Chinese source) in the installed language: `QCoreApplication.translate`. Call it with two
    string literals so pyside6-lupdate extracts them; without a translator it returns `text` unchanged."""
    return QCoreApplication.translate(context, text)


def ensure_app() -> QApplication:
    """The running QApplication, created (with the CJK font set) when there is none."""
    app = QApplication.instance()
    if app is None:
        app = QApplication([])
    from kiosk.ui.font import install_app_font

    install_app_font(app)
    return app  # type: ignore[return-value]
