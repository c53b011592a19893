"""The on-screen keyboard: Qt Virtual Keyboard (Pinyin 简体中文 and English, digits and symbols behind &123)
inside a kiosk window.

`attach_keyboard(window)` gives a top-level kiosk window (the pad's and the terminal's, whose technician pages
are pages of the same window, or a setup wizard's) a keyboard for every QLineEdit, QTextEdit and QPlainTextEdit
in it: focusing one (填写意见 does, so does a tap on the field) shows the keyboard at the bottom of the window;
Enter, the keyboard's hide key, or focus leaving the field hides it. It is Qt's "application" integration: the
InputPanel is an item of a QQuickWidget that is a child of the window itself (a cage session has no layer-shell,
so a keyboard in a window of its own would never show), and `QT_IM_MODULE=qtvirtualkeyboard`, set by
`ensure_app` before the QApplication exists (keyboard_probe.prepare_environment), routes the keys to the field.
Typed text goes through the field like any other: its own limits (setMaxLength) and signals (textEdited, so the
flow's rules: at most 500 characters, control characters stripped) hold as they do for the common phrases.

Size: key rows of `KEY_ROW` px at 1280×800, scaled like every size of the theme (×1.4 in elder mode), the key
area at most half the window's height, the panel as wide as keeps the keys in proportion (the rest of the strip
is keyboard-coloured). The panel never covers the field typed into: when it would, the window's content moves up
(its layout's margins shift, the screens keep their layout) by just enough, and back when the keyboard hides.

When the keyboard cannot be had (pyside6-addons not installed, QT_IM_MODULE not set before the QApplication,
the QML does not load) `attach_keyboard` returns None, the reason is logged once, and the screens work as
before: text by the common phrases. `kiosk doctor` reports the same (check `ui.keyboard`).

No Qt message handler written in Python may be installed while the panel loads: `setSource` holds the GIL while
QML's loader thread reports its warnings through the handler, which waits for the GIL — a deadlock (so pytest
runs with pytest-qt's `--no-qt-log`). Building the panel takes about 120 ms, done by `prewarm()` after the
first frame.
"""

from __future__ import annotations

import logging
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.ui import keyboard_probe
from kiosk.ui import theme as th
from kiosk.ui.i18n import installed_language
from kiosk.ui.qt import (
    QApplication,
    QEvent,
    QGuiApplication,
    QLineEdit,
    QObject,
    QPlainTextEdit,
    QPoint,
    QPointF,
    QRect,
    Qt,
    QTextEdit,
    QTimer,
    QUrl,
    QWidget,
    alive,
    load_quick,
)

if TYPE_CHECKING:
    from kiosk.ui.qt import QQmlEngine

__all__ = ["OnScreenKeyboard", "PanelSize", "attach_keyboard", "panel_size", "unavailable"]

log = logging.getLogger(__name__)

QML = Path(__file__).resolve().parent.parent / "assets" / "qml" / "keyboard.qml"
TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit)
KEY_ROW = 80  # px per key row at 1280×800 (the theme's scale applies: bigger windows, elder mode ×1.4)
ROWS = 4  # the layouts' rows of keys (the candidate bar comes on top)
MAX_SHARE = 0.5  # the key area takes at most this share of the window's height
MIN_RATIO, MAX_RATIO = 0.25, 0.5  # key area height / width: keys neither flat strips nor towers
GAP = 16  # px (theme-scaled) kept between the field and the panel
LOCALES = {"en": "en_US"}  # the interface language → the locale the keyboard starts in; else zh_CN (Pinyin)

_reported: set[str] = set()


@dataclass(frozen=True)
class PanelSize:
    width: int  # the InputPanel's width in px (the strip itself is the window's width)
    ratio: float  # key area height / width

    @property
    def key_area(self) -> int:
        return round(self.width * self.ratio)


def panel_size(width: int, height: int, elder: bool = False) -> PanelSize:
    """The panel for a `width`×`height` window: key rows of KEY_ROW (theme-scaled), at most MAX_SHARE of the
    height, as wide as keeps the key area's height/width within MIN_RATIO…MAX_RATIO (never wider than the window)."""
    theme = th.Theme(width, height, elder)
    body = min(ROWS * theme.px(KEY_ROW), int(height * MAX_SHARE))
    panel_w = min(width, int(body / MIN_RATIO))
    return PanelSize(panel_w, min(MAX_RATIO, max(MIN_RATIO, body / panel_w)))


def unavailable() -> str | None:
    """Why the keyboard cannot be used in this process, None when it can (the QML is not loaded here)."""
    reason = keyboard_probe.missing()
    if reason is not None:
        return reason
    if os.environ.get("QT_IM_MODULE") != keyboard_probe.IM_MODULE:
        return f"QT_IM_MODULE is {os.environ.get('QT_IM_MODULE')!r}, not {keyboard_probe.IM_MODULE!r} (set before the QApplication)"
    if not QML.is_file():
        return f"{QML} is missing"
    return None


def report_unavailable(reason: str) -> None:
    if reason not in _reported:
        _reported.add(reason)
        log.warning("no on-screen keyboard: %s; text is entered by the common phrases only", reason)


def attach_keyboard(window: QWidget, *, elder: bool = False) -> OnScreenKeyboard | None:
    """The on-screen keyboard for every text field of `window` (a top-level window with a layout); None, with
    the reason logged once, when it cannot be had. Cheap: the panel itself is built on first use or `preload()`."""
    reason = unavailable()
    if reason is not None:
        report_unavailable(reason)
        return None
    return OnScreenKeyboard(window, elder=elder)


_ENGINE: list[QQmlEngine] = []  # the application's one QML engine for keyboards, made on first use


def shared_engine() -> QQmlEngine:
    """The one QML engine every window's keyboard is built in, alive as long as the application.

    Qt Virtual Keyboard keeps one application-wide input context that points at the InputContext of the QML
    engine that loaded a keyboard. A QQuickWidget of its own per window means an engine per window: once a
    window (and its engine) is gone, that pointer dangles, and the next change of the keyboard's rectangle
    crashes in QVirtualKeyboardInputContext::priv() (seen in the suite, with a window per test; in a hall, the
    setup wizard's window before the pad's). One engine, never destroyed before the application, avoids it."""
    if not _ENGINE:
        app = QApplication.instance()
        _ENGINE.append(load_quick().QQmlEngine(app))
    return _ENGINE[0]


def is_text_input(widget: QWidget | None) -> bool:
    if not isinstance(widget, TEXT_INPUTS) or not widget.isEnabled():
        return False
    return not widget.isReadOnly()


class OnScreenKeyboard(QObject):
    """The InputPanel of one window, shown while a text field of that window has the focus."""

    def __init__(self, window: QWidget, *, elder: bool = False):
        super().__init__(window)
        self.window = window
        self.elder = elder
        self.view: QWidget | None = None  # the QQuickWidget (built by preload)
        self.root: QObject | None = None  # the QML root item
        self.panel: QObject | None = None  # its InputPanel
        self.failed: str | None = None  # why the panel could not be built
        self.offset = 0  # px the window's content is moved up by
        self._field: QWidget | None = None  # the field whose events are watched
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            raise RuntimeError("the on-screen keyboard needs a running QApplication")
        self.app = app
        app.focusChanged.connect(self._focus_changed)
        QGuiApplication.inputMethod().visibleChanged.connect(self._input_method_visible)
        window.installEventFilter(self)

    # --- public -----------------------------------------------------------------------------------

    @property
    def shown(self) -> bool:
        return self.view is not None and self.view.isVisible()

    def preload(self) -> bool:
        """Build the panel now (after the first frame) rather than on the first tap; False when it cannot be."""
        if self.view is not None:
            return True
        if self.failed is not None:
            return False
        quick = load_quick()
        view = quick.QQuickWidget(shared_engine(), self.window)
        # a tap on a key must leave the focus in the field: the strip takes click focus for the field it types
        # into (its focus proxy, set by _watch), so the tap's focus goes to no ancestor (a window that takes key
        # focus, as the pad's does for its keys 1–5, would take it from the field)
        view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        if self._field is not None:
            view.setFocusProxy(self._field)
        view.setResizeMode(quick.QQuickWidget.ResizeMode.SizeRootObjectToView)
        view.hide()
        view.setSource(QUrl.fromLocalFile(str(QML)))
        root = view.rootObject()
        panel = root.findChild(quick.QQuickItem, "inputPanel") if root is not None else None
        if view.status() != quick.QQuickWidget.Status.Ready or root is None or panel is None:
            errors = "; ".join(e.toString() for e in view.errors()) or "no InputPanel in the QML"
            self.failed = f"the keyboard's QML did not load: {errors}"
            report_unavailable(self.failed)
            view.deleteLater()
            return False
        root.setProperty("startLocale", LOCALES.get(installed_language(self.app), "zh_CN"))
        panel.heightChanged.connect(self._place)
        self.view, self.root, self.panel = view, root, panel
        self._place()
        return True

    def set_elder_mode(self, on: bool) -> None:
        self.elder = on
        self._place()

    def field(self) -> QWidget | None:
        """The text field of this window that has the focus, if any."""
        focus = QApplication.focusWidget()
        if is_text_input(focus) and focus is not None and focus.window() is self.window and focus.isVisible():
            return focus
        return None

    def panel_rect(self) -> QRect:
        """The keyboard strip in the window's coordinates (empty while hidden)."""
        return self.view.geometry() if self.view is not None and self.view.isVisible() else QRect()

    def show(self) -> bool:
        """Show the keyboard for the focused field (True when it is shown)."""
        field = self.field()
        if field is None or not self.preload() or self.view is None:
            return False
        if not QGuiApplication.inputMethod().isVisible():
            QGuiApplication.inputMethod().show()  # the InputPanel becomes active; _input_method_visible follows
        self._place()
        self.view.show()
        self.view.raise_()
        self._pan()
        QTimer.singleShot(0, self._pan)  # a field shown just now is placed by its layout on the next turn
        return True

    def hide(self) -> None:
        if self.view is not None:
            self.view.hide()
        self._move_content(0)

    # --- the keys, by what they show (the demo's scenes and the tests tap them) -----------------------------

    def keys(self) -> dict[str, QObject]:
        """The visible keys by label ("a", "&123", "5", …; the language key shows its locale)."""
        found: dict[str, QObject] = {}
        for item in self._items():
            label = item.property("displayText") or item.property("text")
            if isinstance(label, str) and item.property("key") is not None:
                found.setdefault(label, item)
        return found

    def candidates(self) -> dict[str, QObject]:
        """The Pinyin candidates on show, by text (the labels in the panel's candidate bar)."""
        found: dict[str, QObject] = {}
        bars = [item for item in self._items() if item.objectName() == "wordCandidateView"]
        for item in self._items(bars[0]) if bars else []:
            text = item.property("text")
            if isinstance(text, str) and text and item.metaObject().className().startswith("QQuickText"):
                found.setdefault(text, item)
        return found

    def tap(self, item: QObject) -> None:
        """A tap (press and release) at the middle of a key or candidate, through Qt's event system."""
        if self.view is None:
            raise RuntimeError("the keyboard is not built")
        quick = load_quick()
        if not isinstance(item, quick.QQuickItem):
            raise TypeError(f"{item!r} is not an item of the keyboard")
        centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
        quick.QTest.mouseClick(self.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)

    def _items(self, under: QObject | None = None) -> list:
        """The visible items under `under` (default: the panel), in the order they are drawn."""
        quick = load_quick()
        start = under if under is not None else self.panel
        out: list = []

        def walk(item: QObject) -> None:
            for child in item.childItems() if isinstance(item, quick.QQuickItem) else ():
                # PySide can hand back an item of a QML type it has no wrapper for (a delegate being made)
                if not isinstance(child, quick.QQuickItem):
                    continue
                if child.isVisible() and child.width() > 0 and child.height() > 0:
                    out.append(child)
                    walk(child)

        if start is not None:
            walk(start)
        return out

    # --- Qt events ----------------------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if "window" not in self.__dict__:
            # a window being torn down can still send events after this object's Python side was collected;
            # PySide then calls a fresh wrapper that never ran __init__: nothing of ours is left to update
            return False
        kind = event.type()
        if obj is self.window and kind == QEvent.Type.Resize:
            self._move_content(0)  # the layout takes the new size (it runs after this filter), then _pan again
            QTimer.singleShot(0, self._place)
        elif obj is self._field:
            if kind == QEvent.Type.MouseButtonRelease and self.field() is obj:
                self.show()  # a tap on the field brings back a keyboard closed by its hide key
            elif kind in (QEvent.Type.Move, QEvent.Type.Resize) and self.shown:
                self._pan()
            elif kind == QEvent.Type.Hide and self.shown:
                self.hide()
        return False

    # --- internals ------------------------------------------------------------------------------------

    def _watch(self, field: QWidget | None) -> None:
        if self._field is field:
            return
        if self._field is not None:
            self._field.removeEventFilter(self)
        self._field = field
        if field is not None:
            field.installEventFilter(self)
            if self.view is not None:
                self.view.setFocusProxy(field)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if not alive(self.window):
            return
        if is_text_input(new) and new is not None and new.window() is self.window:
            self._watch(new)
            if self.view is None:  # not prewarmed: built on the next turn, not inside Qt's focus change
                QTimer.singleShot(0, self.show)
            else:
                self.show()
            return
        self._watch(None)
        if self.shown:
            self.hide()
            if not is_text_input(new):  # another window's field keeps the input method for its own keyboard
                QGuiApplication.inputMethod().hide()

    def _input_method_visible(self) -> None:
        if not alive(self.window):
            return
        if QGuiApplication.inputMethod().isVisible():
            if self.field() is not None and not self.shown:
                self.show()
        elif self.shown:
            self.hide()  # Enter or the keyboard's hide key

    def _place(self) -> None:
        """Size the panel for the window and put the strip at its bottom."""
        if self.view is None or self.root is None or self.panel is None or not alive(self.window):
            return
        width, height = self.window.width(), self.window.height()
        size = panel_size(width, height, self.elder)
        self.root.setProperty("screenHeight", height)
        self.root.setProperty("bodyRatio", size.ratio)
        self.root.setProperty("panelWidth", size.width)
        strip = min(height, math.ceil(float(self.panel.property("height") or 0) + self._above_panel()))
        self.view.setGeometry(0, height - strip, width, strip)
        if self.shown:
            self._pan()

    def _above_panel(self) -> float:
        """How far the candidate bar reaches above the InputPanel's own top (Qt 6.11 draws it there)."""
        quick = load_quick()
        bars = [item for item in self._items() if item.objectName() == "wordCandidateView"]
        if not bars or not isinstance(self.panel, quick.QQuickItem):
            return 0.0
        return max(0.0, -bars[0].mapToItem(self.panel, QPointF(0, 0)).y())

    def _pan(self) -> None:
        """Move the content up by just enough that the focused field stays clear of the panel."""
        if not alive(self.window):
            return
        field = self.field()
        if field is None or self.view is None or not self.view.isVisible():
            self._move_content(0)
            return
        gap = th.Theme(self.window.width(), self.window.height(), self.elder).px(GAP)
        top = field.mapTo(self.window, QPoint(0, 0)).y() + self.offset  # where the field is unmoved
        bottom = top + field.height()
        needed = bottom + gap - self.view.geometry().top()
        self._move_content(max(0, min(needed, top - gap)))

    def _move_content(self, offset: int) -> None:
        """Move the window's content `offset` px up from where its layout put it (0: back under the layout).
        While moved, the top-level layout is switched off, so the screens inside keep their size and layout."""
        layout = self.window.layout()
        if layout is None or offset == self.offset:
            return
        if offset == 0:
            self.offset = 0
            layout.setEnabled(True)
            layout.invalidate()
            layout.activate()
            return
        layout.setEnabled(False)
        shift = offset - self.offset
        self.offset = offset
        for i in range(layout.count()):
            item = layout.itemAt(i)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.move(widget.x(), widget.y() - shift)
