"""render_all writes a non-empty PNG for every screen in every layout, pad and terminal, the technician
screens in their layouts, and the English set (and leaves the screens in Chinese)."""

from __future__ import annotations

from kiosk.demo.screenshots import EN_RUNS, LAYOUTS, TECH_LAYOUTS, TERMINAL_LAYOUTS, render_all
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
    expected = len(LAYOUTS) * len(SCENES) + len(TECH_LAYOUTS) * len(TECH_SCENES)
    expected += len(TERMINAL_LAYOUTS) * len(TERMINAL_SCENES) + sum(len(run[-1]) for run in EN_RUNS)
    assert len(files) == expected == len(names)
    for scene in SCENES:
        for prefix in ("1280x800", "1920x1080", "800x1280", "1280x800-elder"):
            assert f"{prefix}_{scene}.png" in names
    for scene in TECH_SCENES:
        for prefix in ("1280x800", "800x1280"):
            assert f"{prefix}_{scene}.png" in names
    for scene in TERMINAL_SCENES:
        for prefix in ("terminal-1920x1080", "terminal-1280x800", "terminal-1080x1920"):
            assert f"{prefix}_{scene}.png" in names
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
    assert installed_language(app) == "zh_CN" and translate("Invited", QUESTION) == "请您对本次服务进行评价"
