"""Every screen audited (issue 13 §5), on the rendered widgets of the demo scenes (kiosk/demo/audit.py):

- text contrast ≥ 4.5:1 (WCAG 2.1) computed from the pixels painted, ≥ 7:1 in the high_contrast theme;
- every touch target ≥ 15 mm both ways on the panel the layout is drawn for (screenshots.panel_inches);
- no clipped text (the one check, `clipped`, also run by test_layout_fit.py);
- the five levels told apart without colour: face shapes differ in greyscale, each carries its word.

Every screen of the pad (normal, elder), the terminal and the technician screens, in Chinese and English;
the high-contrast theme on one of each kind (screenshots.AUDIT_RUNS, audit_run; `kiosk screenshot --audit`
prints the same). The helpers themselves are tested first, on widgets built to fail them.
"""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QSizeF  # not re-exported by kiosk/ui/qt.py: only this stand-in screen needs it

from kiosk.core.levels import level_name
from kiosk.demo import audit
from kiosk.demo.screenshots import AUDIT_RUNS, audit_name, audit_run
from kiosk.ui import theme as th
from kiosk.ui.i18n import domain, installed_language
from kiosk.ui.qt import QAbstractButton, QColor, QLabel, QPainter, QPaintEvent, QSize, Qt, QVBoxLayout, QWidget
from kiosk.ui.widgets.level_button import LevelButton

# --- the helpers, on widgets built to pass or fail them ---------------------------------------------------------


class Painted(QWidget):
    """Text drawn with QPainter in `fg` on `bg` (as the kiosk's painted controls do)."""

    def __init__(self, fg: str, bg: str):
        super().__init__()
        self.fg, self.bg = fg, bg
        self.setFixedSize(300, 60)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(self.bg))
        p.setPen(QColor(self.fg))
        f = p.font()
        f.setPixelSize(28)
        f.setBold(True)
        p.setFont(f)
        p.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), "评价 Rate")
        p.end()


def panel(app, *widgets: QWidget) -> QWidget:
    page = QWidget()
    page.setStyleSheet("background: #FFFFFF;")
    page.setAutoFillBackground(True)
    lay = QVBoxLayout(page)
    for w in widgets:
        lay.addWidget(w)
    page.resize(400, 80 * len(widgets))
    page.show()
    for _ in range(3):
        app.processEvents()
    return page


def test_wcag_contrast_of_known_pairs():
    assert audit.contrast(0x000000, 0xFFFFFF) == pytest.approx(21.0)
    assert audit.contrast(0xFFFFFF, 0xFFFFFF) == pytest.approx(1.0)
    assert audit.contrast(0x767676, 0xFFFFFF) == pytest.approx(4.54, abs=0.01)  # the classic AA grey
    assert audit.contrast(0xFFFFFF, 0x0B57D0) == audit.contrast(0x0B57D0, 0xFFFFFF)


def test_contrast_is_measured_from_the_painted_pixels(app):
    good = QLabel("清晰的文字")
    good.setStyleSheet("color: #1A1A1A; background: transparent; font-size: 24px;")
    faint = QLabel("浅灰色的文字")
    faint.setStyleSheet("color: #9AA5B1; background: transparent; font-size: 24px;")
    painted = Painted("#FFFFFF", "#F9A825")  # white on amber: fails
    page = panel(app, good, faint, painted)
    try:
        found = {c.widget: c for c in audit.text_contrasts(page)}
        assert found["QLabel('清晰的文字')"].fg == "#1A1A1A" and found["QLabel('清晰的文字')"].bg == "#FFFFFF"
        assert found["QLabel('清晰的文字')"].ratio == pytest.approx(audit.contrast(0x1A1A1A, 0xFFFFFF))
        assert found["QLabel('浅灰色的文字')"].ratio == pytest.approx(audit.contrast(0x9AA5B1, 0xFFFFFF))
        assert found["QLabel('浅灰色的文字')"].ratio < audit.MIN_CONTRAST
        assert found["Painted"].bg == "#F9A825" and found["Painted"].fg == "#FFFFFF"
        assert found["Painted"].ratio < 2.0
        assert audit.text_contrasts(page)[0].ratio == found["Painted"].ratio  # worst first
        # blanking is undone: the texts are back and painting works again
        assert good.text() == "清晰的文字" and faint.text() == "浅灰色的文字"
        assert page.grab().toImage() != Painted("#FFFFFF", "#FFFFFF").grab().toImage()
        assert QPainter.drawText is not audit._no_text
    finally:
        page.close()


def test_small_targets_are_found_in_mm(app):
    class Tap(QAbstractButton):
        def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
            pass

    big, small = Tap(), Tap()
    big.setFixedSize(100, 100)
    small.setFixedSize(100, 60)
    hold = QLabel("按住")
    hold.setFixedSize(200, 40)
    hold.setProperty(th.TARGET_PROPERTY, True)  # pressed through an event filter
    page = panel(app, big, small, hold)
    try:
        ppm = th.px_per_mm(1280, 800, 10.1)
        assert 89 / ppm >= 15 > 88 / ppm  # 15 mm on a 10.1" 1280×800 panel is 89 px
        found = {t.widget for t in audit.small_targets(page, ppm)}
        assert found == {"Tap", "QLabel('按住')"}
        assert sorted(t.height_mm for t in audit.targets(page, ppm) if t.widget == "Tap") == pytest.approx(
            [60 / ppm, 100 / ppm]
        )
    finally:
        page.close()


def test_clipped_text_is_found(app):
    narrow = QLabel("这一行文字比标签宽得多得多")
    narrow.setFixedWidth(60)
    page = panel(app, narrow)
    try:
        assert any("text wider than the label" in p for p in audit.clipped(page))
    finally:
        page.close()


def test_levels_without_colour_are_checked(app):
    buttons = [LevelButton(v) for v in (5, 4, 3, 2, 1)]
    page = QWidget()
    lay = QVBoxLayout(page)
    for b in buttons:
        b.set_theme(th.Theme(1280, 800), horizontal=True)
        lay.addWidget(b)
    page.resize(600, 800)
    page.show()
    app.processEvents()
    words = {v: domain(level_name(v)) for v in (5, 4, 3, 2, 1)}
    try:
        assert audit.level_problems(buttons, words) == []
        twin = LevelButton(5, parent=page)  # the same face twice: told apart by colour alone, if at all
        twin.set_theme(th.Theme(1280, 800), horizontal=True)
        twin.setGeometry(buttons[0].geometry())
        found = audit.level_problems([buttons[0], twin], words)
        assert found == ["levels 5 and 5: faces differ in 0% of their ink in greyscale"], found
        buttons[1].setText(words[5])
        found = audit.level_problems(buttons, words)
        assert found == ["level 4: word '非常满意', expected '满意'"], found
    finally:
        page.close()


def test_px_per_mm_from_the_config_or_the_screen(app, tmp_path):
    from kiosk.demo.scenes import make_pad

    assert th.px_per_mm(1280, 800, 10.1) == pytest.approx(math.hypot(1280, 800) / (10.1 * 25.4))
    window, *_, store = make_pad(1280, 800, False, tmp_path / "a.sqlite", inches=10.1)
    try:
        assert window.px_per_mm() == pytest.approx(th.px_per_mm(1280, 800, 10.1))
        assert window._theme is not None and window._theme.min_target == 89
        assert window.top_bar.height() >= 89
    finally:
        window.close()
        store.close()
    window, *_, store = make_pad(1280, 800, False, tmp_path / "b.sqlite")  # 0: what Qt reports
    try:
        screen = window.screen()
        size, mm = screen.size(), screen.physicalSize()
        assert window.px_per_mm() == pytest.approx(
            math.hypot(size.width(), size.height()) / math.hypot(mm.width(), mm.height())
        )
    finally:
        window.close()
        store.close()

    class Screen:  # what a display without (or with a bogus) EDID reports
        def __init__(self, mm: tuple[float, float]):
            self.mm = mm

        def size(self) -> QSize:
            return QSize(1280, 800)

        def physicalSize(self) -> QSizeF:  # noqa: N802
            return QSizeF(*self.mm)

    assert th.screen_px_per_mm(None) == 0.0
    assert th.screen_px_per_mm(Screen((16, 9))) == 0.0 and th.screen_px_per_mm(Screen((0, 0))) == 0.0
    assert th.screen_px_per_mm(Screen((217, 136))) == pytest.approx(math.hypot(1280, 800) / math.hypot(217, 136))
    assert th.Theme(1280, 800).min_target == 0  # unknown: the sizes as designed


def test_palettes_and_the_config_key_agree():
    from kiosk import config

    assert config.SCHEMA["ui"]["theme"].allowed == th.THEMES == ("normal", "high_contrast")
    assert set(th.PALETTES["normal"]) == set(th.PALETTES["high_contrast"])
    with pytest.raises(ValueError, match="unknown theme 'dark'"):
        th.use_palette("dark")
    cfg = config.check({"ui": {"theme": "high_contrast", "screen_inches": 10}})
    assert cfg.ui.theme == "high_contrast" and cfg.ui.screen_inches == 10.0
    with pytest.raises(config.ConfigError, match="ui.screen_inches = 3"):
        config.check({"ui": {"screen_inches": 3}})
    with pytest.raises(config.ConfigError, match="ui.theme = 'dark': allowed values"):
        config.check({"ui": {"theme": "dark"}})


# --- every screen ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("run", AUDIT_RUNS, ids=audit_name)
def test_every_screen_passes_the_audit(app, tmp_path, run):
    width, height, elder, terminal, technician, theme, language = run
    report = audit_run(app, tmp_path, run)
    print(report)
    assert "invited" in report.scenes and (not technician or "tech-export-error" in report.scenes)
    assert len(report.scenes) >= (13 if terminal else 15) + (7 if technician else 0)
    assert report.worst is not None and report.worst[1].pixels > 100
    assert not report.problems, "\n".join(report.problems)
    assert th.palette_name() == "normal" and installed_language(app) == "zh_CN"  # all put back


def test_screenshot_audit_prints_each_run_and_fails_on_a_problem(monkeypatch, tmp_path, capsys):
    """`kiosk screenshot --audit`: the PNGs, then one line per audit run and its problems; exit 1 on any.
    (The renders and the audit themselves are the tests above and test_screenshots.py.)"""
    from kiosk.cli.run import main_screenshot
    from kiosk.demo import screenshots

    ok = screenshots.AuditReport("1280x800-normal-zh_CN", ("idle", "invited"), None, ())
    bad = screenshots.AuditReport("800x1280-normal-en", ("idle",), None, ("idle: target Chip: 20.0 × 10.9 mm",))
    monkeypatch.setattr(screenshots, "render_all", lambda out: [out / "a.png"])
    monkeypatch.setattr(screenshots, "audit_all", lambda: [ok, bad])
    assert main_screenshot(["--out", str(tmp_path), "--audit"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [str(tmp_path / "a.png"), str(ok), str(bad), "  idle: target Chip: 20.0 × 10.9 mm"]
    monkeypatch.setattr(screenshots, "audit_all", lambda: [ok])
    assert main_screenshot(["--out", str(tmp_path), "--audit"]) == 0
    assert main_screenshot(["--out", str(tmp_path)]) == 0
