"""The setup wizard without devices: `kiosk setup` on a configured pad starts from its file and keeps its PIN, a
write that fails leaves the file as it was and says so, the language chosen applies at once."""

from __future__ import annotations

import errno
import tomllib

import pytest

from kiosk.app.setup_run import WizardRun
from kiosk.config.edit import apply_changes
from kiosk.core.pin import hash_pin, verify_pin
from kiosk.ui.i18n import installed_language, remove_translator
from kiosk.ui.qt import Qt
from kiosk.ui.setup.steps import DeviceStep, FinishStep, LanguageStep, PinStep

PIN = "2468"


@pytest.fixture
def configured(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('# hall 7\n[device]\nid = "PAD-07"\nhall = "老大厅"\n', encoding="utf-8")
    apply_changes(path, {"ui.technician_pin_hash": hash_pin(PIN), "qr.secret": "hall-qr", "evaluator.driver": "none"})
    return path


@pytest.fixture
def run(app, configured, tmp_path):
    r = WizardRun(configured, tmp_path / "data")
    r.window.show()
    yield r
    r.close()
    remove_translator(app)


def click(qtbot, widget):
    assert widget.isVisible(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def to_step(qtbot, run, kind):
    wizard = run.window.wizard
    while not isinstance(wizard.step, kind):
        assert wizard.go_next(), wizard.errors.text()
    return wizard.step


def test_setup_on_a_configured_pad_starts_from_its_file_and_keeps_its_pin(run, qtbot, configured):
    old = configured.read_bytes()
    device = to_step(qtbot, run, DeviceStep)
    assert device.fields["device.id"].text() == "PAD-07" and device.fields["device.hall"].text() == "老大厅"
    device.fields["device.hall"].setText("新大厅")
    pin = to_step(qtbot, run, PinStep)
    assert pin.keep  # nothing typed: the PIN stays
    to_step(qtbot, run, FinishStep)
    assert run.window.wizard.go_next()  # 完成
    raw = tomllib.loads(configured.read_text(encoding="utf-8"))
    assert raw["device"]["hall"] == "新大厅" and raw["qr"]["secret"] == "hall-qr"
    assert verify_pin(PIN, raw["ui"]["technician_pin_hash"])
    assert configured.read_text(encoding="utf-8").startswith("# hall 7")
    assert (configured.parent / "kiosk.toml.bak").read_bytes() == old
    assert run.cfg is not None and run.cfg.device.hall == "新大厅"


def test_a_failed_write_leaves_the_file_and_says_so(run, qtbot, configured, monkeypatch):
    old = configured.read_bytes()
    device = to_step(qtbot, run, DeviceStep)
    device.fields["device.hall"].setText("新大厅")
    to_step(qtbot, run, FinishStep)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("kiosk.config.edit.os.replace", full)
    assert not run.window.wizard.go_next()
    errors = run.window.wizard.errors
    assert errors.isVisible() and "cannot write" in errors.text() and "unchanged" in errors.text()
    assert configured.read_bytes() == old and run.cfg is None
    assert not [p for p in configured.parent.iterdir() if p.name.endswith(".tmp")]  # no temp file left


def test_the_language_chosen_applies_at_once_and_keeps_the_step_and_values(run, qtbot, app):
    wizard = run.window.wizard
    assert isinstance(wizard.step, LanguageStep) and wizard.next.text() == "下一步"
    wizard.ctx.values["device.hall"] = "武汉市民之家"
    click(qtbot, wizard.step.choice.buttons["en"])
    assert installed_language(app) == "en"
    rebuilt = run.window.wizard
    assert rebuilt is not wizard and isinstance(rebuilt.step, LanguageStep)
    assert rebuilt.next.text() == "Next" and rebuilt.title.full_text() == "Choose the language"
    device = to_step(qtbot, run, DeviceStep)
    assert device.fields["device.hall"].text() == "武汉市民之家"
    assert rebuilt.ctx.values["ui.language"] == "en"


def test_a_step_the_whole_config_refuses_says_so_at_that_step(run, qtbot):
    """Each value alone is fine, together not: a frame evaluator with no port is refused at its own step."""
    from kiosk.ui.setup.device_steps import EvaluatorStep

    ev = to_step(qtbot, run, EvaluatorStep)
    ev.driver.choose("frame")
    ev.picker.field.clear()
    wizard = run.window.wizard
    assert not wizard.go_next()
    assert wizard.step is ev and "evaluator.port = ''" in wizard.errors.text()
    ev.picker.field.setText("/dev/kiosk/evaluator")
    assert wizard.go_next()
