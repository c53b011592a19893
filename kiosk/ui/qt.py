"""The one place kiosk imports Qt from: the PySide6 classes the screens use, re-exported, and the two
translation helpers the screens' texts go through (`translate`, `QT_TRANSLATE_NOOP`)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QTranslator,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
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
    QScreen,
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
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

if TYPE_CHECKING:  # Qt Quick is imported on first use: load_quick()
    from PySide6.QtQml import QQmlEngine
    from PySide6.QtQuick import QQuickItem
    from PySide6.QtQuickWidgets import QQuickWidget
    from PySide6.QtTest import QTest

__all__ = [
    "QT_TRANSLATE_NOOP",
    "QAbstractButton",
    "QApplication",
    "QBoxLayout",
    "QBuffer",
    "QByteArray",
    "QColor",
    "QComboBox",
    "QCoreApplication",
    "QEvent",
    "QFont",
    "QFontDatabase",
    "QFontMetrics",
    "QFrame",
    "QGuiApplication",
    "QGridLayout",
    "QHBoxLayout",
    "QIODevice",
    "QImage",
    "QKeyEvent",
    "QMouseEvent",
    "QLabel",
    "QLayout",
    "QLineEdit",
    "QObject",
    "QPainter",
    "QPainterPath",
    "QPaintEvent",
    "QPalette",
    "QPen",
    "QPixmap",
    "QPlainTextEdit",
    "QPoint",
    "QPointF",
    "QPushButton",
    "QRect",
    "QRectF",
    "QResizeEvent",
    "QScreen",
    "QSize",
    "QSizePolicy",
    "QStackedWidget",
    "QTextEdit",
    "QTimer",
    "QTranslator",
    "QUrl",
    "QVBoxLayout",
    "QWidget",
    "Qt",
    "Quick",
    "Signal",
    "alive",
    "load_quick",
    "translate",
]


def alive(obj: QObject) -> bool:
    """The Qt object behind `obj` still exists (signals from application-wide objects can outlive a window)."""
    return bool(isValid(obj))


def translate(context: str, text: str) -> str:
    """`text` (the Chinese source) in the installed language: `QCoreApplication.translate`. Call it with two
    string literals so pyside6-lupdate extracts them; without a translator it returns `text` unchanged."""
    return QCoreApplication.translate(context, text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark `text` for pyside6-lupdate (which recognises this name) in `context`, to be shown later through
    `translate(context, text)`; returns `text`, as Qt's own does (whose stubs type the result `object`)."""
    return text


class Quick(NamedTuple):
    """The Qt Quick classes the on-screen keyboard needs (kiosk/ui/keyboard.py)."""

    QQuickWidget: type[QQuickWidget]
    QQuickItem: type[QQuickItem]
    QTest: type[QTest]  # taps on the keys for the demo's scenes and the tests
    QQmlEngine: type[QQmlEngine]  # the one engine every keyboard shares


@functools.cache
def load_quick() -> Quick:
    """Qt Quick, imported on first use (about 50 ms that the first frame need not wait for)."""
    from PySide6.QtQml import QQmlEngine
    from PySide6.QtQuick import QQuickItem
    from PySide6.QtQuickWidgets import QQuickWidget
    from PySide6.QtTest import QTest

    return Quick(QQuickWidget, QQuickItem, QTest, QQmlEngine)
