"""'Nothing clipped': every screen, every layout, normal and elder mode; the terminal's screens in the
terminal layouts (and elder mode at 1920×1080).

Each visible widget lies inside its parent and the window; every text fits its widget (single-line labels
by font metrics, wrapped labels by height-for-width, painted buttons and chips by their own fit check) and
is shown whole (not elided). Buttons are big.
"""

from __future__ import annotations

import pytest

from kiosk.demo.scenes import scenes, settle, terminal_scenes
from kiosk.ui.qt import QAbstractButton, QLabel, QPoint, QRect, QWidget
from kiosk.ui.widgets.labels import FitLabel
from kiosk.ui.widgets.level_button import LevelButton

ALL_LAYOUTS = [
    (1280, 800, False),
    (1920, 1080, False),
    (800, 1280, False),
    (1280, 800, True),
    (1920, 1080, True),
    (800, 1280, True),
]
# the on-screen keyboard open: the content is moved up past the window's top on purpose, so the field stays
# clear of the panel (tests/unit/ui/test_keyboard.py checks that geometry)
KEYBOARD_SCENES = {"details-keyboard"}
TERMINAL_LAYOUTS = [
    (1920, 1080, False),
    (1280, 800, False),
    (1080, 1920, False),
    (1920, 1080, True),
]


def problems(window: QWidget) -> list[str]:
    found = []
    win_rect = window.rect()
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window) or w.width() == 0 and w.height() == 0 and not isinstance(w, QLabel):
            continue
        where = f"{type(w).__name__}({getattr(w, 'text', lambda: '')()!r})"
        top_left = w.mapTo(window, QPoint(0, 0))
        if not win_rect.contains(QRect(top_left, w.size())):
            found.append(f"{where} at {top_left.toTuple()} {w.size().toTuple()} outside the window")
        parent = w.parentWidget()
        if parent is not None and not parent.rect().contains(w.geometry()):
            found.append(f"{where} {w.geometry().getRect()} outside its parent {type(parent).__name__}")
        if isinstance(w, FitLabel):
            if w.full_text() and w.text() != w.full_text():
                found.append(f"{where} elided (full text {w.full_text()!r})")
            if not w.fits():
                found.append(f"{where} text wider than the label ({w.width()} px)")
        elif isinstance(w, QLabel) and w.text():
            if w.wordWrap():
                if w.heightForWidth(w.width()) > w.height():
                    found.append(f"{where} wrapped text taller than the label")
            elif w.fontMetrics().horizontalAdvance(w.text()) > w.contentsRect().width():
                found.append(f"{where} text wider than the label")
        if isinstance(w, QLabel) and w.text() and w.height() < w.fontMetrics().height():
            found.append(f"{where} lower than its font")
        if isinstance(w, QAbstractButton) and hasattr(w, "fits") and not w.fits():
            found.append(f"{where} text does not fit the button {w.size().toTuple()}")
        elif not isinstance(w, (QLabel, QAbstractButton)) and callable(getattr(w, "fits", None)) and not w.fits():
            found.append(f"{where} painted text does not fit {w.size().toTuple()}")  # notices, displays, messages
    return found


@pytest.mark.parametrize(("width", "height", "elder"), ALL_LAYOUTS, ids=lambda v: str(v))
def test_nothing_is_clipped_on_any_screen(app, tmp_path, width, height, elder):
    from kiosk.demo.scenes import make_pad

    window, flow, clock, sink, store = make_pad(width, height, elder, tmp_path / "fit.sqlite")
    window.show()
    report = []
    try:
        for scene, state in scenes(window, flow, clock, sink):
            if state is not None:
                window.render_state(state)
            window.refresh()
            settle(app)
            assert window.size().toTuple() == (width, height), f"{scene}: the window grew"
            if scene not in KEYBOARD_SCENES:
                report += [f"{scene}: {p}" for p in problems(window)]
            if scene == "invited":
                buttons = window.current_screen.findChildren(LevelButton)
                assert [b.value for b in buttons] == [5, 4, 3, 2, 1]
                for b in buttons:
                    if height > width:  # stacked: full width, tall enough for a thumb
                        assert b.width() >= 0.8 * width and b.height() >= 100, b.size()
                    else:  # at least ≈15 mm: ~190×260 at 1280×800
                        assert b.width() >= 0.13 * width and b.height() >= 0.25 * height, b.size()
    finally:
        window.close()
        window.deleteLater()
        settle(app)
        store.close()
    assert not report, "\n".join(report)


@pytest.mark.parametrize(("width", "height", "elder"), TERMINAL_LAYOUTS, ids=lambda v: str(v))
def test_nothing_is_clipped_on_any_terminal_screen(app, tmp_path, width, height, elder):
    from kiosk.demo.scenes import make_terminal

    window, flow, clock, sink, store = make_terminal(width, height, elder, tmp_path / "fit.sqlite")
    window.show()
    report = []
    seen = set()
    try:
        for scene, _ in terminal_scenes(window, flow, clock, sink, tmp_path):
            window.refresh()
            settle(app)
            seen.add(flow.state.screen)
            assert window.size().toTuple() == (width, height), f"{scene}: the window grew"
            if scene not in KEYBOARD_SCENES:
                report += [f"{scene}: {p}" for p in problems(window)]
            screen = window.current_screen
            if scene == "attract":  # two large actions
                for tile in (screen.rate, screen.scan):
                    assert tile.height() >= 0.2 * min(width, height) and tile.width() >= 0.4 * min(width, height)
            if scene.startswith("keypad"):  # keys ≥ ~15 mm
                keys = [k for k in screen.keys.values() if k.isVisible()]
                assert len(keys) >= 11
                for k in keys:
                    assert k.width() >= 0.06 * min(width, height) and k.height() >= 0.07 * min(width, height), k.size()
            if scene in ("thanks", "expired"):
                assert screen.qr_panel.isVisible() and screen.qr_view.width() >= 0.32 * min(width, height)
                assert screen.print_button.isVisible() == (scene == "thanks")
    finally:
        window.close()
        window.deleteLater()
        settle(app)
        store.close()
    assert {s.value for s in seen} == {
        "idle",
        "keypad",
        "message",
        "invited",
        "details",
        "questions",
        "thanks",
        "expired",
        "unavailable",
    }
    assert not report, "\n".join(report)
