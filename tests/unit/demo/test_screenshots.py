"""render_all writes a non-empty PNG for every screen in every layout, pad and terminal, the technician
screens in their layouts, the English set (and leaves the screens in Chinese) and the high-contrast set."""

from __future__ import annotations

from kiosk.demo.screenshots import (
    EN_RUNS,
    EN_SETUP_LAYOUTS,
    HC_RUNS,
    LAYOUTS,
    SETUP_LAYOUTS,
    TECH_LAYOUTS,
    TERMINAL_LAYOUTS,
    render_all,
)
from kiosk.demo.setup_scenes import SETTINGS_SCENES, SETUP_SCENES
from kiosk.ui import theme as th
from kiosk.ui.i18n import installed_language
from kiosk.ui.qt import QImage, translate
from kiosk.ui.screens.invited import QUESTION

SCENES = {
    "idle",
    "idle-paused",
    "idle-away",
    "idle-signed-out",
    "invited",
    "details-good",
    "details-keyboard",
    "questions",
    "questions-text",
    "details-bad",
    "thanks-bad",
    "thanks",
    "expired",
    "thanks-qr",
    "expired-qr",
    "unavailable",
}
TECH_SCENES = {
    "tech-pin",
    "tech-pin-locked",
    "tech-status",
    "tech-sync",
    "tech-device",
    "tech-export",
    "tech-export-error",
}
STATS_SCENES = {"tech-stats", "tech-stats-month"}  # in every pad layout (with TECH_SCENES in the TECH_LAYOUTS)
TERMINAL_SCENES = {
    "attract",
    "attract-image",
    "keypad",
    "keypad-letters",
    "message",
    "message-looking",
    "message-invalid",
    "invited",
    "details",
    "details-keyboard",
    "questions",
    "thanks",
    "expired",
    "unavailable",
}


def test_render_all_writes_every_screen_in_every_layout(app, tmp_path):
    files = render_all(tmp_path / "shots")
    names = {p.name for p in files}
    expected = len(LAYOUTS) * (len(SCENES) + len(STATS_SCENES)) + len(TECH_LAYOUTS) * len(TECH_SCENES)
    expected += len(TERMINAL_LAYOUTS) * len(TERMINAL_SCENES) + sum(len(run[-1]) for run in EN_RUNS)
    expected += (len(SETUP_LAYOUTS) + len(EN_SETUP_LAYOUTS)) * (len(SETUP_SCENES) + len(SETTINGS_SCENES))
    for width, height, elder, terminal in HC_RUNS:
        expected += len(TERMINAL_SCENES) if terminal else len(SCENES)
        if not terminal:  # pads: the 统计 page, and the technician screens in the TECH_LAYOUTS
            expected += len(STATS_SCENES) + (len(TECH_SCENES) if (width, height, elder) in TECH_LAYOUTS else 0)
    assert len(files) == expected == len(names)
    for scene in SCENES:
        for prefix in ("1280x800", "1920x1080", "800x1280", "1280x800-elder"):
            assert f"{prefix}_{scene}.png" in names
    for scene in TECH_SCENES:
        for prefix in ("1280x800", "800x1280"):
            assert f"{prefix}_{scene}.png" in names
    for scene in STATS_SCENES:
        for prefix in ("1280x800", "1920x1080", "800x1280", "1280x800-elder"):
            assert f"{prefix}_{scene}.png" in names
    assert {"en-1280x800_tech-stats.png", "en-800x1280_tech-stats.png"} <= names
    for scene in TERMINAL_SCENES:
        for prefix in ("terminal-1920x1080", "terminal-1280x800", "terminal-1080x1920"):
            assert f"{prefix}_{scene}.png" in names
    for layout in ("1280x800", "1920x1080", "800x1280", "1280x800-elder", "terminal-1080x1920", "en-1280x800"):
        for scene in SETUP_SCENES:
            assert f"setup-{layout}_{scene}.png" in names
        for scene in SETTINGS_SCENES:
            assert f"{layout}_tech-settings-{scene}.png" in names
    for path in files:
        assert path.stat().st_size > 5000, path
    img = QImage(str(tmp_path / "shots" / "800x1280_invited.png"))
    assert (img.width(), img.height()) == (800, 1280)
    img = QImage(str(tmp_path / "shots" / "1280x800-elder_details-bad.png"))
    assert (img.width(), img.height()) == (1280, 800)
    img = QImage(str(tmp_path / "shots" / "terminal-1080x1920_attract.png"))
    assert (img.width(), img.height()) == (1080, 1920)
    for name in ("en-1280x800_invited", "en-1280x800_details-bad", "en-1280x800_thanks-qr", "en-800x1280_invited"):
        assert f"{name}.png" in names
    for name in ("en-terminal-1280x800_attract", "en-terminal-1280x800_keypad", "en-terminal-1080x1920_details"):
        assert f"{name}.png" in names
    img = QImage(str(tmp_path / "shots" / "en-800x1280_details-bad.png"))
    assert (img.width(), img.height()) == (800, 1280)
    for name in ("hc-1280x800_invited", "hc-1280x800_tech-status", "hc-800x1280-elder_details-bad"):
        assert f"{name}.png" in names
    assert "hc-terminal-1920x1080_keypad.png" in names
    corner = QImage(str(tmp_path / "shots" / "hc-1280x800_thanks.png")).pixelColor(4, 200).name().upper()
    assert corner == th.PALETTES["high_contrast"]["PAGE_BG"]
    corner = QImage(str(tmp_path / "shots" / "1280x800_thanks.png")).pixelColor(4, 200).name().upper()
    assert corner == th.PALETTES["normal"]["PAGE_BG"] and th.palette_name() == "normal"
    assert installed_language(app) == "zh_CN" and translate("Invited", QUESTION) == "请您对本次服务进行评价"
