"""The one place kiosk imports Qt from: the PySide6 classes the screens use, re-exported, and the two
translation helpers the screens' texts go through (`translate`, `QT_TRANSLATE_NOOP`)."""

from __future__ import annotations

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
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

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
    "QTimer",
    "QTranslator",
    "QVBoxLayout",
    "QWidget",
    "Qt",
    "Signal",
    "translate",
]


def translate(context: str, text: str) -> str:
    """`text` (the Chinese source) in the installed language: `QCoreApplication.translate`. Call it with two
    string literals so pyside6-lupdate extracts them; without a translator it returns `text` unchanged."""
    return QCoreApplication.translate(context, text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark `text` for pyside6-lupdate (which recognises this name) in `context`, to be shown later through
    `translate(context, text)`; returns `text`, as Qt's own does (whose stubs type the result `object`)."""
    return text
