"""The first frame does without PySide6's `Qt` namespace (its 93 enum classes cost ~15 ms of start-up):
alignment as plain bits, the silhouette painted by Qt from style sheets, key tables built on the first key."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from kiosk.ui import align as al
from kiosk.ui.qt import QColor, QImage, Qt
from kiosk.ui.widgets.labels import FitLabel
from kiosk.ui.widgets.staff_card import PhotoView
from kiosk.ui.window import key_codes

FIRST_FRAME = textwrap.dedent(
    """
    import sys
    import PySide6.QtCore as QtCore
    from kiosk import config
    from kiosk.app.kiosk import Kiosk
    from kiosk.app.gui import GuiRun

    cfg = config.load(None, sys.argv[1], {"device": {"mode": sys.argv[2]}})
    kiosk = Kiosk(cfg)
    gui = GuiRun(kiosk, exit_when_ready=True)
    gui.window.set_status_line(kiosk.status_line())
    gui.window.resize(1280, 800)
    gui.window.show()
    gui.window.repaint()
    gui.app.processEvents()
    print("built" if "Qt" in QtCore.__dict__ else "lazy")
    import kiosk.ui.qt as qt
    print(*[name for name in qt.LAZY if name in vars(qt)] or ["none-fetched"])
    """
)


def test_lazy_qt_classes_are_pyside6s():
    import importlib

    from kiosk.ui import qt

    for name, module in qt.LAZY.items():
        assert getattr(qt, name) is getattr(importlib.import_module(f"PySide6.{module}"), name)
        assert name in qt.__all__
    with pytest.raises(AttributeError, match="QNoSuchClass"):
        qt.QNoSuchClass  # noqa: B018


def test_alignment_bits_are_qts():
    flag = Qt.AlignmentFlag
    assert (al.LEFT, al.RIGHT, al.HCENTER, al.VCENTER) == (
        flag.AlignLeft.value,
        flag.AlignRight.value,
        flag.AlignHCenter.value,
        flag.AlignVCenter.value,
    )
    assert al.CENTER == flag.AlignCenter.value


def test_fit_label_hands_its_alignment_to_qt(app):
    label = FitLabel("右对齐", align=al.RIGHT_MIDDLE)
    assert label.alignment() == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    label.set_align(al.CENTER)
    assert label.alignment() == Qt.AlignmentFlag.AlignCenter


def test_key_tables(app):
    levels, enter = key_codes()
    assert levels == {getattr(Qt.Key, f"Key_{n}").value: n for n in range(1, 6)}
    assert set(enter) == {Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value}


def test_silhouette_is_drawn_and_greys(app):
    view = PhotoView()
    view.resize(160, 200)
    view.show()

    def colours() -> tuple[QColor, QColor]:
        img = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        return QColor(img.pixel(80, 8)), QColor(img.pixel(80, 60))  # the box above the head; the head

    box, head = colours()
    assert (box.name(), head.name()) == ("#dde3ea", "#9aa6b5")
    view.set_greyed(True)
    box, head = colours()
    assert (box.name(), head.name()) == ("#d0d3d8", "#a8adb4")
    assert view.head.isVisible() and view.body.isVisible()


def test_window_pad_first_frame_leaves_the_qt_namespace_unbuilt(tmp_path):
    """In a fresh interpreter: build the pad, show it, paint the first frame."""
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(tmp_path), "window"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "KIOSK_LOG_STDERR": "0", "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["lazy", "none-fetched"]  # nor any of kiosk.ui.qt's LAZY classes


def test_a_photo_replaces_the_silhouette_and_greys(app, tmp_path):
    photo = QImage(80, 100, QImage.Format.Format_RGB32)
    photo.fill(QColor("#C03020"))
    path = tmp_path / "staff.png"
    assert photo.save(str(path))
    view = PhotoView()
    view.resize(160, 200)
    view.set_photo(str(path))
    view.show()
    assert view.has_photo() and not view.head.isVisible() and not view.body.isVisible()

    def centre() -> QColor:
        return QColor(view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32).pixel(80, 100))

    assert centre().name() == "#c03020"
    view.set_greyed(True)
    grey = centre()
    assert grey.red() == grey.green() == grey.blue()
    view.set_photo("")  # signed out: the silhouette again
    assert view.head.isVisible() and view.body.isVisible()


def test_the_technician_entry_and_other_screens_come_after_the_first_frame(app, tmp_path):
    from kiosk import config
    from kiosk.app.kiosk import Kiosk
    from kiosk.core.flow.machine import Screen
    from tests.helpers.gui import gui_run

    cfg = config.load(None, tmp_path / "data", {"evaluator": {"driver": "none"}, "ui": {"voice": False}})
    with gui_run(Kiosk(cfg)) as gui:
        window = gui.window
        assert window.technician_ui is None and set(window.screens) == {Screen.IDLE}
        assert list(window.screens[Screen.IDLE]._cards) == [False]  # the left column only: the band is not shown
        window.show()
        gui._first_frame()
        assert window.technician_ui is not None
        assert set(window.screens) == set(Screen)
        card = window.screens[Screen.IDLE].card
        assert card.isVisible() and card.name.full_text() == "暂无工作人员"
