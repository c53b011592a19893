"""The setup wizard's and the 设置 page's scenes for the screenshots: each step with SAMPLE DATA (sample ports,
a sample centre answer, sample presses: no device, no network), then the technician's settings tabs on the
stand-in of kiosk/demo/tech_samples.py. `render_setup` writes them for one layout."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kiosk import config
from kiosk.app.setup import CentreResult, Outcome, PortFound, first_boot_values
from kiosk.demo.scenes import make_pad, make_terminal, settle
from kiosk.demo.tech_samples import SAMPLE_PIN, SampleTechnician
from kiosk.ui.qt import QApplication, QWidget
from kiosk.ui.setup.context import SetupContext
from kiosk.ui.setup.device_steps import EvaluatorStep, PressTestStep, PrinterStep, ScannerStep
from kiosk.ui.setup.steps import AreaStep, CentreStep, DeviceStep, PinStep
from kiosk.ui.setup.window import SetupWindow
from kiosk.ui.technician.settings import SettingsPage
from kiosk.ui.window import PadWindow

SETUP_SCENES = (
    "language",
    "mode",
    "device-refused",
    "device",
    "area",
    "centre-refused",
    "centre",
    "evaluator",
    "press",
    "printer",
    "scanner",
    "pin-mismatch",
    "pin",
    "finish",
    "finish-refused",
)
SETTINGS_SCENES = (
    "language",
    "mode",
    "device",
    "area",
    "centre",
    "evaluator",
    "printer",
    "scanner",
    "pin",
    "refused",
)
SAMPLE_PORTS = [
    PortFound("/dev/kiosk/evaluator", "-> /dev/ttyUSB0", "frame", "EV-200;2.1.0;A1B2C3"),
    PortFound("/dev/ttyUSB1", "USB-Serial", "no answer"),
    PortFound("/dev/ttyS0", "", "error", "cannot open"),
]
SAMPLE_URL = "https://hcp.example.gov.cn"


def wizard_scenes(window: SetupWindow, terminal: bool) -> Iterator[str]:
    """Yield each scene name after moving the wizard there (SAMPLE DATA)."""
    wizard = window.wizard
    assert wizard is not None
    ctx = wizard.ctx
    ctx.ports = list(SAMPLE_PORTS)  # so the evaluator step does not probe this machine
    yield "language"
    wizard.go_next()
    yield "mode"
    wizard.go_next()
    device = wizard.step_of(DeviceStep)
    device.fields["device.id"].setText("PAD 03")
    wizard.go_next()
    yield "device-refused"
    for key, value in (
        ("device.id", "TERM-01" if terminal else "PAD-03"),
        ("device.hall", "武汉市民之家"),
        ("device.counter", "24小时自助服务区" if terminal else "3号窗口"),
        ("device.dept_code", "11420100MB1234567X"),
        ("device.dept_name", "市人力资源和社会保障局"),
    ):
        device.fields[key].setText(value)
    wizard.show_errors([])
    yield "device"
    wizard.go_next()
    area = wizard.step_of(AreaStep)
    area.area.set_digits("4201020000")
    yield "area"
    area.area.set_digits("420102000000")
    wizard.go_next()
    centre = wizard.step_of(CentreStep)
    centre.fields["central.url"].setText(SAMPLE_URL)
    centre.fields["central.app_mark"].setText("HB-WH-0001")
    centre.fields["central.app_secret"].setText("sample-secret")
    centre._tested(Outcome(CentreResult("refused", "GET profile: HTTP 401 E_AUTH: bad signature", 0)))
    yield "centre-refused"
    centre._tested(Outcome(CentreResult("ok", SAMPLE_URL, 12)))
    yield "centre"
    wizard.go_next()
    ev = wizard.step_of(EvaluatorStep)
    ctx._tell()
    ev.picker.pick(0)
    yield "evaluator"
    wizard.go_next()
    press = wizard.step_of(PressTestStep)
    press.test.active = True  # SAMPLE: no device is opened
    press.on_online(True)
    for pressed in (5, 4, 3, 2, 1, 4):
        press.on_key(pressed)
    yield "press"
    press.test.active = False
    press._render()
    wizard.go_next()
    printer = wizard.step_of(PrinterStep)
    printer.driver.choose("escpos" if terminal else "none")
    printer.picker.field.setText("/dev/kiosk/printer" if terminal else "")
    if terminal:
        printer._printed(Outcome("ok"))
    yield "printer"
    wizard.go_next()
    scanner = wizard.step_of(ScannerStep)
    scanner.driver.choose("serial" if terminal else "none")
    scanner.picker.field.setText("/dev/kiosk/scanner" if terminal else "")
    if terminal:
        scanner.on_code("https://hcp.example.gov.cn/rate?projectNo=420100202611230032&pf=5&sig=8c1f…")
    yield "scanner"
    wizard.go_next()
    pin = wizard.step_of(PinStep)
    pin.pad.type_digits("2580")
    pin.pad.attach(pin.second)
    pin.pad.type_digits("2581")
    wizard.go_next()
    yield "pin-mismatch"
    pin.second.set_digits("2580")
    wizard.show_errors([])
    yield "pin"
    wizard.go_next()
    yield "finish"
    wizard.show_errors(
        [
            "evaluator.port = '': required when evaluator.driver = 'frame'",
            "central.app_mark / central.app_secret: required when central.url is set",
        ]
    )
    yield "finish-refused"


def settings_scenes(window: PadWindow, folder: Path) -> Iterator[str]:
    """Yield each settings tab (and a refused value) on the technician stand-in (SAMPLE DATA)."""
    tech = SampleTechnician(folder)
    window.set_technician(tech)
    ui = window.technician_ui
    assert ui is not None
    ui.open_pin()
    ui.check_pin(SAMPLE_PIN)
    panel = ui.panel
    assert panel is not None
    panel.show_page("settings")
    page = panel.page
    assert isinstance(page, SettingsPage)
    ctx = page.ctx
    assert ctx is not None
    ctx.ports = list(SAMPLE_PORTS)
    for i, name in enumerate(SETTINGS_SCENES[:-1]):
        page.show_tab(i)
        ctx._tell()
        yield name
    page.show_tab(SETTINGS_SCENES.index("centre"))
    page.step_of(CentreStep).fields["central.url"].setText("ftp://hcp.example.gov.cn")
    page.save_tab()
    yield "refused"
    ui.close()
    window.set_technician(None)


def _grab(app: QApplication, widget: QWidget, path: Path) -> Path:
    settle(app)
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def render_setup(
    app: QApplication, out_dir: Path, tmp: Path, width: int, height: int, elder: bool, terminal: bool, name: str
) -> list[Path]:
    """The wizard (`setup-<name>_<scene>.png`) and the settings tabs (`<name>_tech-settings-<tab>.png`)."""
    tmp.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    cfg = config.check({"ui": {"elder_mode": elder}}, "<screenshot>", data_dir=tmp)
    values = first_boot_values(cfg)
    values["device.mode"] = "terminal" if terminal else "window"
    values["device.id"] = "KIOSK-3D1219C7"  # what /etc/machine-id gives on the sample machine
    ctx = SetupContext(cfg, values, live=False)
    window = SetupWindow(ctx, lambda values: [], width=width, height=height)
    window.show()
    try:
        for scene in wizard_scenes(window, terminal):
            written.append(_grab(app, window, out_dir / f"setup-{name}_{scene}.png"))
    finally:
        window.close_setup()
        window.close()
        window.deleteLater()
        settle(app)
    db = tmp / f"{name}-settings.sqlite"
    pad, _, _, _, store = (make_terminal if terminal else make_pad)(width, height, elder, db)
    pad.show()
    try:
        for scene in settings_scenes(pad, tmp / f"{name}-tech"):
            pad.refresh()
            written.append(_grab(app, pad, out_dir / f"{name}_tech-settings-{scene}.png"))
    finally:
        pad.close()
        pad.deleteLater()
        settle(app)
        store.close()
    return written
