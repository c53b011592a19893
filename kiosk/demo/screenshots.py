"""Render every screen in every layout to PNG (offscreen): `render_all(out_dir)`.

Drives the scenes of kiosk/demo/scenes.py (a real Flow on a FakeClock and a temporary SQLite file), so the pictures
show exactly what the pad shows; then a TerminalFlow through the 24-hour terminal's screens
(`terminal-<layout>_<scene>.png`). QR codes carry a signed link built like the app builds it. In the
TECH_LAYOUTS the technician screens follow (`<layout>_tech-<scene>.png`), on a stand-in with SAMPLE DATA.
Last, with the English translation installed (and removed again afterwards), the key screens in English
(`en-<layout>_<scene>.png`, EN_RUNS).
"""

from __future__ import annotations

import tempfile
from itertools import chain
from pathlib import Path

from kiosk.demo.scenes import SceneSteps, make_pad, make_terminal, scenes, settle, technician_scenes, terminal_scenes
from kiosk.ui.application import ensure_app
from kiosk.ui.i18n import install_translator, remove_translator
from kiosk.ui.qt import QApplication
from kiosk.ui.window import PadWindow

LAYOUTS: tuple[tuple[int, int, bool], ...] = (
    (1280, 800, False),
    (1920, 1080, False),
    (800, 1280, False),
    (1280, 800, True),
)
TERMINAL_LAYOUTS: tuple[tuple[int, int, bool], ...] = (
    (1920, 1080, False),
    (1280, 800, False),
    (1080, 1920, False),
)
TECH_LAYOUTS: tuple[tuple[int, int, bool], ...] = ((1280, 800, False), (800, 1280, False))
EN_LANGUAGE = "en"
EN_RUNS: tuple[tuple[int, int, bool, bool, tuple[str, ...]], ...] = (  # width, height, elder, terminal, scenes
    (
        1280,
        800,
        False,
        False,
        (
            "idle",
            "invited",
            "details-good",
            "details-keyboard",
            "questions",
            "details-bad",
            "thanks-bad",
            "thanks-qr",
            "expired",
            "unavailable",
        ),
    ),
    (800, 1280, False, False, ("invited", "details-bad", "questions-text", "thanks-bad", "thanks-qr")),
    (
        1280,
        800,
        False,
        True,
        ("attract", "keypad", "message-invalid", "invited", "details", "details-keyboard", "questions", "thanks"),
    ),
    (1080, 1920, False, True, ("attract", "keypad", "details", "details-keyboard")),
)


def layout_name(width: int, height: int, elder: bool, terminal: bool = False) -> str:
    return f"{'terminal-' if terminal else ''}{width}x{height}{'-elder' if elder else ''}"


def render_all(out_dir: Path) -> list[Path]:
    """Render every screen in every layout (and elder mode at 1280×800) to `out_dir`, then the terminal's
    screens in the terminal layouts, then the English set (EN_RUNS); returns the files."""
    app = ensure_app()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-shots-") as tmp:
        runs = [(w, h, e, False) for w, h, e in LAYOUTS] + [(w, h, e, True) for w, h, e in TERMINAL_LAYOUTS]
        for width, height, elder, terminal in runs:
            written += render_run(app, out_dir, Path(tmp), width, height, elder, terminal)
        if not install_translator(app, EN_LANGUAGE):
            raise OSError(f"the {EN_LANGUAGE} translation could not be loaded")
        try:
            for width, height, elder, terminal, keep in EN_RUNS:
                written += render_run(
                    app, out_dir, Path(tmp) / "en", width, height, elder, terminal, keep, prefix="en-"
                )
        finally:
            remove_translator(app)
    return written


def render_run(
    app: QApplication,
    out_dir: Path,
    tmp: Path,
    width: int,
    height: int,
    elder: bool,
    terminal: bool,
    keep: tuple[str, ...] | None = None,
    *,
    prefix: str = "",
) -> list[Path]:
    """One window through all its scenes; writes `<prefix><layout>_<scene>.png` for the scenes in `keep`
    (all when None). The technician screens follow in the TECH_LAYOUTS (all scenes only)."""
    tmp.mkdir(parents=True, exist_ok=True)
    name = layout_name(width, height, elder, terminal)
    db_path = tmp / f"{name}.sqlite"
    window: PadWindow
    steps: SceneSteps
    if terminal:
        terminal_window, terminal_flow, clock, sink, store = make_terminal(width, height, elder, db_path)
        window, steps = terminal_window, terminal_scenes(terminal_window, terminal_flow, clock, sink, tmp)
    else:
        window, flow, clock, sink, store = make_pad(width, height, elder, db_path)
        steps = scenes(window, flow, clock, sink)
        if keep is None and (width, height, elder) in TECH_LAYOUTS:
            steps = chain(steps, technician_scenes(window, tmp / name))
    window.show()
    written: list[Path] = []
    try:
        for scene, state in steps:
            if keep is not None and scene not in keep:
                continue
            if state is not None:
                window.render_state(state)
            window.refresh()
            settle(app)
            path = out_dir / f"{prefix}{name}_{scene}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            written.append(path)
    finally:
        window.close()
        window.deleteLater()
        settle(app)
        store.close()
    return written
