"""'Nothing clipped': every screen, every layout, normal and elder mode; the terminal's screens in the
terminal layouts (and elder mode at 1920×1080).

Each visible widget lies inside its parent and the window; every text fits its widget and is shown whole
(not elided): kiosk/demo/audit.py `clipped`, the one check, also run by the screen audit (test_audit.py).
Each layout is drawn for its panel (screenshots.panel_inches: touch targets ≥ 15 mm there). Buttons are big.
"""

from __future__ import annotations

import pytest

from kiosk.demo.audit import clipped
from kiosk.demo.scenes import KEYBOARD_SCENES, scenes, settle, terminal_scenes
from kiosk.demo.screenshots import panel_inches
from kiosk.ui.widgets.level_button import LevelButton

ALL_LAYOUTS = [
    (1280, 800, False),
    (1920, 1080, False),
    (800, 1280, False),
    (1280, 800, True),
    (1920, 1080, True),
    (800, 1280, True),
]
TERMINAL_LAYOUTS = [
    (1920, 1080, False),
    (1280, 800, False),
    (1080, 1920, False),
    (1920, 1080, True),
]


@pytest.mark.parametrize(("width", "height", "elder"), ALL_LAYOUTS, ids=lambda v: str(v))
def test_nothing_is_clipped_on_any_screen(app, tmp_path, width, height, elder):
    from kiosk.demo.scenes import make_pad

    inches = panel_inches(width, height, False)
    window, flow, clock, sink, store = make_pad(width, height, elder, tmp_path / "fit.sqlite", inches=inches)
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
                report += [f"{scene}: {p}" for p in clipped(window)]
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

    inches = panel_inches(width, height, True)
    window, flow, clock, sink, store = make_terminal(width, height, elder, tmp_path / "fit.sqlite", inches=inches)
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
                report += [f"{scene}: {p}" for p in clipped(window)]
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
