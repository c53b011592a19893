"""The one place kiosk imports Qt from: everything the screens need, re-exported from PySide6."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QObject,
    QSize,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QGuiApplication,
    QPalette,
)
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # for linters and readers; at run time these come from __getattr__ below, on first use
    from PySide6.QtCore import QByteArray, QEvent, QPoint, QPointF, QRect, QRectF, QTranslator
    from PySide6.QtGui import (
        QBrush,
        QImage,
        QKeyEvent,
        QMouseEvent,
        QPainter,
        QPainterPath,
        QPaintEvent,
        QPen,
        QPixmap,
        QResizeEvent,
    )
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPushButton

# PySide6 builds a class (and its enums: QEvent.Type alone has about 180 members) the first time it is
# looked up. The classes the first frame needs are imported above; these come on first use (`qt.QImage`),
# so a module the first frame loads refers to them as `qt.NAME` inside its functions.
LAZY = {
    "QByteArray": "QtCore",
    "QEvent": "QtCore",
    "QPoint": "QtCore",
    "QPointF": "QtCore",
    "QRect": "QtCore",
    "QRectF": "QtCore",
    "QTranslator": "QtCore",
    "QBrush": "QtGui",
    "QImage": "QtGui",
    "QKeyEvent": "QtGui",
    "QMouseEvent": "QtGui",
    "QPainter": "QtGui",
    "QPainterPath": "QtGui",
    "QPaintEvent": "QtGui",
    "QPen": "QtGui",
    "QPixmap": "QtGui",
    "QResizeEvent": "QtGui",
    "QAbstractButton": "QtWidgets",
    "QComboBox": "QtWidgets",
    "QLineEdit": "QtWidgets",
    "QPushButton": "QtWidgets",
}


def __getattr__(name: str):
    module = LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"PySide6.{module}"), name)
    globals()[name] = value  # found directly from now on
    return value


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
