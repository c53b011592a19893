"""Render every screen in every layout to PNG (offscreen): `render_all(out_dir)`.

Drives the scenes of kiosk/demo/scenes.py (a real Flow on a FakeClock and a temporary SQLite file), so the pictures
show exactly what the pad shows; then a TerminalFlow through the 24-hour terminal's screens
(`terminal-<layout>_<scene>.png`). QR codes carry a signed link built like the app builds it. In the
TECH_LAYOUTS the technician screens follow (`<layout>_tech-<scene>.png`), on a stand-in with SAMPLE DATA; in
every other pad layout (and in English) its 统计 page.
Then, with the English translation installed (and removed again afterwards), the key screens in English
(`en-<layout>_<scene>.png`, EN_RUNS). The setup wizard (`setup-<layout>_<step>.png`) and the technician's
settings tabs (`<layout>_tech-settings-<tab>.png`) in SETUP_LAYOUTS and, in English, EN_SETUP_LAYOUTS
(kiosk/demo/setup_scenes.py). Last, the high-contrast theme (`hc-<layout>_<scene>.png`, HC_RUNS).
Every layout is drawn for the panel it is meant for (PANEL_INCHES: touch targets ≥ 15 mm there); `walk()`
drives the same windows for the screen audit (kiosk/demo/audit.py).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from kiosk.core.levels import LEVELS, level_name
from kiosk.demo import audit
from kiosk.demo.scenes import (
    KEYBOARD_SCENES,
    SceneSteps,
    make_pad,
    make_terminal,
    scenes,
    settle,
    stats_scenes,
    technician_scenes,
    terminal_scenes,
)
from kiosk.demo.setup_scenes import render_setup
from kiosk.ui import theme as th
from kiosk.ui.application import ensure_app
from kiosk.ui.i18n import domain, install_translator, remove_translator
from kiosk.ui.qt import QApplication
from kiosk.ui.widgets.level_button import LevelButton
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
SETUP_LAYOUTS: tuple[tuple[int, int, bool, bool], ...] = (  # width, height, elder, terminal
    *((w, h, e, False) for w, h, e in LAYOUTS),
    (1080, 1920, False, True),
)
EN_SETUP_LAYOUTS: tuple[tuple[int, int, bool, bool], ...] = ((1280, 800, False, False), (800, 1280, False, False))
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
            "tech-stats",
        ),
    ),
    (800, 1280, False, False, ("invited", "details-bad", "questions-text", "thanks-bad", "thanks-qr", "tech-stats")),
    (
        1280,
        800,
        False,
        True,
        ("attract", "keypad", "message-invalid", "invited", "details", "details-keyboard", "questions", "thanks"),
    ),
    (1080, 1920, False, True, ("attract", "keypad", "details", "details-keyboard")),
)


HC_THEME = "high_contrast"
HC_RUNS: tuple[tuple[int, int, bool, bool], ...] = (  # width, height, elder, terminal: every scene
    (1280, 800, False, False),
    (800, 1280, True, False),
    (1920, 1080, False, True),
)
# the smallest panel each layout is used on (diagonal, inches): pads 10.1" (1920×1080 ones 11.6"), terminals
PAD_INCHES: dict[tuple[int, int], float] = {(1280, 800): 10.1, (800, 1280): 10.1, (1920, 1080): 11.6}
TERMINAL_INCHES: dict[tuple[int, int], float] = {(1920, 1080): 21.5, (1280, 800): 15.6, (1080, 1920): 21.5}


def panel_inches(width: int, height: int, terminal: bool) -> float:
    """The diagonal the layout is drawn and audited for (ui.screen_inches): the smallest panel it is used on."""
    return (TERMINAL_INCHES if terminal else PAD_INCHES).get((width, height), 10.1)


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
        for width, height, elder, terminal in SETUP_LAYOUTS:
            name = layout_name(width, height, elder, terminal)
            written += render_setup(app, out_dir, Path(tmp) / "setup", width, height, elder, terminal, name)
        if not install_translator(app, EN_LANGUAGE):
            raise OSError(f"the {EN_LANGUAGE} translation could not be loaded")
        try:
            for width, height, elder, terminal, keep in EN_RUNS:
                written += render_run(
                    app, out_dir, Path(tmp) / "en", width, height, elder, terminal, keep, prefix="en-"
                )
            for width, height, elder, terminal in EN_SETUP_LAYOUTS:
                name = "en-" + layout_name(width, height, elder, terminal)
                written += render_setup(app, out_dir, Path(tmp) / "en-setup", width, height, elder, terminal, name)
        finally:
            remove_translator(app)
        for width, height, elder, terminal in HC_RUNS:
            written += render_run(
                app, out_dir, Path(tmp) / "hc", width, height, elder, terminal, prefix="hc-", theme=HC_THEME
            )
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
    theme: str = "normal",
) -> list[Path]:
    """One window through all its scenes; writes `<prefix><layout>_<scene>.png` for the scenes in `keep`
    (all when None). The technician screens follow in the TECH_LAYOUTS (all scenes only)."""
    name = layout_name(width, height, elder, terminal)
    written: list[Path] = []
    technician = keep is None and not terminal and (width, height, elder) in TECH_LAYOUTS
    for scene, window in walk(app, tmp, width, height, elder, terminal, keep, technician=technician, theme=theme):
        path = out_dir / f"{prefix}{name}_{scene}.png"
        if not window.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        written.append(path)
    return written


def walk(
    app: QApplication,
    tmp: Path,
    width: int,
    height: int,
    elder: bool,
    terminal: bool,
    keep: tuple[str, ...] | None = None,
    *,
    technician: bool = False,
    theme: str = "normal",
    inches: float | None = None,
) -> Iterator[tuple[str, PadWindow]]:
    """Yield (scene, window) with the window shown, laid out and painted on each scene in `keep` (all when
    None); the technician scenes follow when `technician` (pads only). `inches` defaults to the layout's
    panel_inches. The window is closed afterwards."""
    tmp.mkdir(parents=True, exist_ok=True)
    name = layout_name(width, height, elder, terminal)
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-{theme}-", dir=tmp))  # each walk its own store
    db_path = folder / "kiosk.sqlite"
    size = panel_inches(width, height, terminal) if inches is None else inches
    window: PadWindow
    steps: SceneSteps
    palette = th.palette_name()  # the window chooses its own (ui.theme)
    if terminal:
        terminal_window, terminal_flow, clock, sink, store = make_terminal(
            width, height, elder, db_path, theme=theme, inches=size
        )
        window, steps = terminal_window, terminal_scenes(terminal_window, terminal_flow, clock, sink, folder)
    else:
        window, flow, clock, sink, store = make_pad(width, height, elder, db_path, theme=theme, inches=size)
        steps = scenes(window, flow, clock, sink)
        if technician:
            steps = chain(steps, technician_scenes(window, folder / "technician"))
        else:  # the statistics page in every other layout and language
            steps = chain(steps, stats_scenes(window, folder / "stats"))
    window.show()
    try:
        for scene, state in steps:
            if keep is not None and scene not in keep:
                continue
            if state is not None:
                window.render_state(state)
            window.refresh()
            settle(app)
            yield scene, window
    finally:
        window.close()
        window.deleteLater()
        settle(app)
        store.close()
        th.use_palette(palette)  # the window chose its own; what is built next gets the one before


# the screen audit's runs (kiosk/demo/audit.py; tests/unit/ui/test_audit.py, `kiosk screenshot --audit`):
# every layout of the pad (normal and elder), the terminal and the technician screens, in Chinese and English,
# and the high-contrast theme on one of each kind. (width, height, elder, terminal, technician, theme, language)
AUDIT_RUNS: tuple[tuple[int, int, bool, bool, bool, str, str], ...] = (
    (1280, 800, False, False, True, "normal", "zh_CN"),
    (1920, 1080, False, False, False, "normal", "zh_CN"),
    (800, 1280, False, False, True, "normal", "zh_CN"),
    (1280, 800, True, False, False, "normal", "zh_CN"),
    (1920, 1080, True, False, False, "normal", "zh_CN"),
    (800, 1280, True, False, False, "normal", "zh_CN"),
    (1920, 1080, False, True, False, "normal", "zh_CN"),
    (1280, 800, False, True, False, "normal", "zh_CN"),
    (1080, 1920, False, True, False, "normal", "zh_CN"),
    (1920, 1080, True, True, False, "normal", "zh_CN"),
    (1280, 800, False, False, True, "normal", EN_LANGUAGE),
    (800, 1280, True, False, False, "normal", EN_LANGUAGE),
    (1280, 800, False, True, False, "normal", EN_LANGUAGE),
    (1080, 1920, False, True, False, "normal", EN_LANGUAGE),
    (1280, 800, False, False, True, HC_THEME, "zh_CN"),
    (800, 1280, True, False, False, HC_THEME, "zh_CN"),
    (1920, 1080, False, True, False, HC_THEME, "zh_CN"),
    (1280, 800, False, False, False, HC_THEME, EN_LANGUAGE),
)


def audit_name(run: tuple[int, int, bool, bool, bool, str, str]) -> str:
    width, height, elder, terminal, technician, theme, language = run
    parts = [layout_name(width, height, elder, terminal), theme, language]
    return "-".join(parts) + ("+tech" if technician else "")


@dataclass(frozen=True)
class AuditReport:
    """One audit run: the scenes walked, the worst text contrast (scene, measurement), what failed."""

    name: str
    scenes: tuple[str, ...]
    worst: tuple[str, audit.TextContrast] | None
    problems: tuple[str, ...]

    def __str__(self) -> str:
        worst = f"worst contrast {self.worst[1]} on {self.worst[0]}" if self.worst else "no text"
        return f"{self.name}: {len(self.scenes)} screens, {worst}, {len(self.problems)} problem(s)"


def audit_run(app: QApplication, tmp: Path, run: tuple[int, int, bool, bool, bool, str, str]) -> AuditReport:
    """Walk one AUDIT_RUNS entry and audit every screen: contrast ≥ 4.5:1 (7:1 in high_contrast), touch
    targets ≥ 15 mm on the layout's panel, nothing clipped, the five levels told apart without colour."""
    width, height, elder, terminal, technician, theme, language = run
    minimum = audit.HIGH_CONTRAST if theme == HC_THEME else audit.MIN_CONTRAST
    ppm = th.px_per_mm(width, height, panel_inches(width, height, terminal))
    if language != "zh_CN" and not install_translator(app, language):
        raise OSError(f"the {language} translation could not be loaded")
    problems: list[str] = []
    scenes_seen: list[str] = []
    worst: tuple[str, audit.TextContrast] | None = None
    try:
        for scene, window in walk(app, tmp, width, height, elder, terminal, technician=technician, theme=theme):
            scenes_seen.append(scene)
            contrasts = audit.text_contrasts(window)
            if len(contrasts) < 2:
                problems.append(f"{scene}: no text measured")
            if contrasts and (worst is None or contrasts[0].ratio < worst[1].ratio):
                worst = (scene, contrasts[0])
            problems += [f"{scene}: contrast {c}" for c in contrasts if c.ratio < minimum]
            problems += [f"{scene}: target {t}" for t in audit.small_targets(window, ppm)]
            if scene not in KEYBOARD_SCENES:
                problems += [f"{scene}: clipped {p}" for p in audit.clipped(window)]
            if scene == "invited":
                buttons = [b for b in window.findChildren(LevelButton) if b.isVisible()]
                if len(buttons) != len(LEVELS):
                    problems.append(f"{scene}: {len(buttons)} level buttons")
                words = {v: domain(level_name(v)) for v in LEVELS}
                problems += [f"{scene}: levels {p}" for p in audit.level_problems(buttons, words)]
    finally:
        if language != "zh_CN":
            remove_translator(app)
    return AuditReport(audit_name(run), tuple(scenes_seen), worst, tuple(problems))


def audit_all() -> list[AuditReport]:
    """Every AUDIT_RUNS entry, audited."""
    app = ensure_app()
    with tempfile.TemporaryDirectory(prefix="kiosk-audit-") as tmp:
        return [audit_run(app, Path(tmp), run) for run in AUDIT_RUNS]
