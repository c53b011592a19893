"""'Nothing clipped' on the setup wizard's steps and the technician's settings tabs: every layout (pad, elder,
terminal), in Chinese and in English; the wizard keeps the window's size; its keys are big enough to touch."""

from __future__ import annotations

import pytest

from kiosk import config
from kiosk.app.setup import first_boot_values
from kiosk.demo.audit import clipped
from kiosk.demo.scenes import make_pad, make_terminal, settle
from kiosk.demo.setup_scenes import SAMPLE_PORTS, SETTINGS_SCENES, SETUP_SCENES, settings_scenes, wizard_scenes
from kiosk.ui.i18n import install_translator, remove_translator
from kiosk.ui.setup.context import SetupContext
from kiosk.ui.setup.window import SetupWindow
from kiosk.ui.widgets.keys import KeyButton

LAYOUTS = [
    (1280, 800, False, False),
    (1920, 1080, False, False),
    (800, 1280, False, False),
    (1280, 800, True, False),
    (1080, 1920, False, True),
    (1920, 1080, False, True),
]


@pytest.fixture(params=["zh_CN", "en"])
def language(request, app):
    if request.param == "en":
        assert install_translator(app, "en")
    yield request.param
    remove_translator(app)


@pytest.mark.parametrize(("width", "height", "elder", "terminal"), LAYOUTS, ids=lambda v: str(v))
def test_nothing_is_clipped_in_the_wizard(app, tmp_path, language, width, height, elder, terminal):
    cfg = config.check({"ui": {"elder_mode": elder}}, data_dir=tmp_path)
    values = first_boot_values(cfg)
    values["device.mode"] = "terminal" if terminal else "window"
    ctx = SetupContext(cfg, values, live=False)
    ctx.ports = list(SAMPLE_PORTS)
    window = SetupWindow(ctx, lambda v: [], width=width, height=height)
    window.show()
    report, seen = [], []
    try:
        for scene in wizard_scenes(window, terminal):
            settle(app)
            seen.append(scene)
            assert window.size().toTuple() == (width, height), f"{scene}: the window grew"
            report += [f"{scene}: {p}" for p in clipped(window)]
            for key in window.findChildren(KeyButton):
                if key.isVisibleTo(window):
                    assert key.height() >= 0.055 * min(width, height), (scene, key.text(), key.size())
    finally:
        window.close_setup()
        window.close()
        window.deleteLater()
        settle(app)
    assert seen == list(SETUP_SCENES)
    assert not report, "\n".join(report)


@pytest.mark.parametrize(("width", "height", "elder", "terminal"), LAYOUTS, ids=lambda v: str(v))
def test_nothing_is_clipped_on_the_settings_tabs(app, tmp_path, language, width, height, elder, terminal):
    window, _, _, _, store = (make_terminal if terminal else make_pad)(width, height, elder, tmp_path / "s.sqlite")
    window.show()
    report, seen = [], []
    try:
        for scene in settings_scenes(window, tmp_path / "tech"):
            settle(app)
            seen.append(scene)
            report += [f"{scene}: {p}" for p in clipped(window)]
    finally:
        window.close()
        window.deleteLater()
        settle(app)
        store.close()
    assert seen == list(SETTINGS_SCENES)
    assert not report, "\n".join(report)
