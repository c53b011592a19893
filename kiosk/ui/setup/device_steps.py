"""The wizard's device steps (also settings pages): the evaluator's protocol and port (with the port probe),
the live press test that never rates, the printer with its test page, the scanner with a test scan."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from kiosk.app.setup import Outcome, PortFound, PressTest, ScanTest, print_test_page
from kiosk.core.levels import LEVELS, level_name
from kiosk.ui import theme as th
from kiosk.ui.i18n import domain
from kiosk.ui.qt import QT_TRANSLATE_NOOP, QHBoxLayout, QLineEdit, translate
from kiosk.ui.setup.context import SetupContext
from kiosk.ui.setup.fields import Choice, Note, TextField, style_line_edit
from kiosk.ui.setup.labels import label
from kiosk.ui.setup.steps import Step
from kiosk.ui.technician.device_test import LevelCount
from kiosk.ui.technician.widgets import tech_button
from kiosk.ui.widgets.keys import KeyButton

log = logging.getLogger(__name__)

BAUDRATES = (9600, 19200, 38400, 57600, 115200)
MAX_PORTS = 4
VERDICTS = {
    "frame": QT_TRANSLATE_NOOP("Setup", "智能评价器"),
    "keys?": QT_TRANSLATE_NOOP("Setup", "按键盒?"),
    "bytes": QT_TRANSLATE_NOOP("Setup", "有数据"),
    "no answer": QT_TRANSLATE_NOOP("Setup", "无应答"),
    "error": QT_TRANSLATE_NOOP("Setup", "无法打开"),
    "busy": QT_TRANSLATE_NOOP("Setup", "使用中"),
}


def port_button_text(path: str, verdict: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return f"{name} · {translate('Setup', VERDICTS[verdict])}" if verdict in VERDICTS else name


class PortPicker:
    """A port's path (typed, or tapped from what the last probe found) and the 探测端口 button."""

    def __init__(self, step: Step, key: str, on_pick: Callable[[PortFound], object] | None = None):
        self.ctx = step.ctx
        self.on_pick = on_pick
        self.field = TextField(key, placeholder="/dev/ttyUSB0")
        self.probe = tech_button(translate("Setup", "探测端口"))
        self.probe.clicked.connect(self.ctx.probe)
        self.line = QHBoxLayout()
        self.line.addWidget(self.field, 3)
        self.line.addWidget(self.probe, 1)
        self.found = QHBoxLayout()
        self.buttons: list[KeyButton] = []
        self.shown: list[PortFound] = []
        for i in range(MAX_PORTS):
            b = tech_button("")
            b.clicked.connect(lambda _=False, i=i: self.pick(i))
            b.setVisible(False)
            self.found.addWidget(b)
            self.buttons.append(b)
        self.note = Note(1)
        self.ctx.on_ports(self.show_ports)

    def set_theme(self, theme: th.Theme) -> None:
        self.line.setSpacing(theme.px(12))
        self.found.setSpacing(theme.px(10))

    def show_ports(self) -> None:
        if self.ctx.probing:
            self.probe.setEnabled(False)
            self.note.hint(translate("Setup", "正在探测串口…"))
            return
        self.probe.setEnabled(True)
        ports = self.shown = self.ctx.ports[:MAX_PORTS]
        for i, b in enumerate(self.buttons):
            b.setVisible(i < len(ports))
            if i < len(ports):
                b.setText(port_button_text(ports[i].path, ports[i].verdict))
        if not ports:
            self.note.error(translate("Setup", "未发现串口设备:请检查连线,或直接输入端口"))
        else:
            self.note.hint(translate("Setup", "发现 {n} 个串口,点按选用").format(n=len(self.ctx.ports)))

    def pick(self, index: int) -> None:
        if index >= len(self.shown):
            return
        port = self.shown[index]
        self.field.setText(port.path)
        if self.on_pick is not None:
            self.on_pick(port)


class EvaluatorStep(Step):
    title_text = QT_TRANSLATE_NOOP("Setup", "评价器")
    hint_text = QT_TRANSLATE_NOOP("Setup", "先探测端口:接着智能评价器的端口会显示「智能评价器」")
    tab_text = QT_TRANSLATE_NOOP("Setup", "评价器")
    keys = ("evaluator.driver", "evaluator.port", "evaluator.baudrate")

    def __init__(self, ctx: SetupContext):
        super().__init__(ctx)
        drivers = [
            ("frame", translate("Setup", "智能评价器")),
            ("keys", translate("Setup", "按键盒")),
            ("none", translate("Setup", "不接(仅触摸屏)")),
        ]
        self.driver = Choice("evaluator.driver", drivers)
        self.picker = PortPicker(self, "evaluator.port", self._picked)
        self.baud = Choice("evaluator.baudrate", [(b, str(b)) for b in BAUDRATES])
        self.row(label("evaluator.driver"), self.driver)
        self.row(label("evaluator.port"), self.picker.line)
        self.wide_row(self.picker.found)
        self.row(label("evaluator.baudrate"), self.baud)
        self.lay.addWidget(self.picker.note)
        self.lay.addStretch(1)

    def buttons(self) -> list:
        return [self.picker.probe, *self.picker.buttons]

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        self.picker.set_theme(theme)

    def _picked(self, port: PortFound) -> None:
        if port.verdict == "frame":
            self.driver.choose("frame")
        elif port.verdict == "keys?":
            self.driver.choose("keys")

    def enter(self) -> None:
        if not self.ctx.ports and not self.ctx.probing:
            self.ctx.probe()


class PressTestStep(Step):
    """Each press shows its level; nothing is stored (the wizard has no store, no flow)."""

    title_text = QT_TRANSLATE_NOOP("Setup", "按键测试")
    hint_text = QT_TRANSLATE_NOOP("Setup", "请依次按下评价器上的五个按键;测试中的按键不会记为评价")
    keys = ()

    def __init__(self, ctx: SetupContext):
        super().__init__(ctx)
        self.test = PressTest(ctx.background, self.on_key, self.on_online)
        self.toggle = tech_button(translate("Setup", "开始测试"), "primary")
        self.toggle.clicked.connect(self.toggle_test)
        self.state = Note(2)
        self.cells = {v: LevelCount(v) for v in LEVELS}
        cells = QHBoxLayout()
        for cell in self.cells.values():
            cells.addWidget(cell)
        self.cell_row = cells
        self.last = Note(1)
        self.presses: list[int] = []
        self.lay.addWidget(self.toggle)
        self.lay.addWidget(self.state)
        self.lay.addLayout(cells)
        self.lay.addWidget(self.last)
        self.lay.addStretch(1)
        self._render()

    def buttons(self) -> list:
        return [self.toggle]

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        self.cell_row.setSpacing(theme.px(10))

    @property
    def driver(self) -> str:
        return str(self.ctx.values.get("evaluator.driver", "none"))

    def toggle_test(self) -> None:
        if self.test.active:
            self.test.stop()
        else:
            self.presses = []
            for cell in self.cells.values():
                cell.set_count(0)
            v = self.ctx.values
            self.test.start(
                self.driver, str(v.get("evaluator.port", "")), int(v.get("evaluator.baudrate", 9600)), self._opened
            )
            self.state.hint(translate("Setup", "正在打开评价器…"))
        self._render()

    def _opened(self, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.test.active = False
            self.state.error(translate("Setup", "无法打开评价器:{error}").format(error=outcome.error))
            self._render()

    def on_online(self, online: bool) -> None:
        if not self.test.active:
            return
        if online:
            self.state.ok(translate("Setup", "评价器已连接:请按键"))
        else:
            self.state.error(translate("Setup", "评价器没有应答:请检查端口、协议和连线"))

    def on_key(self, value: int) -> None:
        self.presses.append(value)
        if value in self.cells:
            self.cells[value].set_count(self.cells[value].count + 1)
        self._render()

    def _render(self) -> None:
        active = self.test.active
        self.toggle.setText(translate("Setup", "停止测试") if active else translate("Setup", "开始测试"))
        self.toggle.kind = "secondary" if active else "primary"
        self.toggle.update()
        self.toggle.setEnabled(self.driver != "none" or active)
        if self.driver == "none":
            self.state.hint(translate("Setup", "未接评价器:群众在触摸屏上评价,可跳过此步"))
        if self.presses:
            v = self.presses[-1]
            key = domain(level_name(v)) if v in self.cells else str(v)
            self.last.ok(
                translate("Setup", "刚才按下:{key}(共 {n} 次,未记为评价)").format(key=key, n=len(self.presses))
            )
        else:
            self.last.hint(translate("Setup", "刚才按下:无"))

    def enter(self) -> None:
        self._render()

    def leave(self) -> None:
        if self.test.active:
            self.test.stop()
            self._render()


class PrinterStep(Step):
    title_text = QT_TRANSLATE_NOOP("Setup", "凭条打印机")
    hint_text = QT_TRANSLATE_NOOP("Setup", "自助终端打印评价凭条用;窗口评价器一般不接")
    tab_text = QT_TRANSLATE_NOOP("Setup", "打印机")
    keys = ("printer.driver", "printer.port", "printer.baudrate")

    def __init__(self, ctx: SetupContext):
        super().__init__(ctx)
        self.driver = Choice(
            "printer.driver",
            [("escpos", translate("Setup", "热敏打印机(ESC/POS)")), ("none", translate("Setup", "不接"))],
        )
        self.picker = PortPicker(self, "printer.port")
        self.baud = Choice("printer.baudrate", [(b, str(b)) for b in BAUDRATES])
        self.test = tech_button(translate("Setup", "打印测试页"), "primary")
        self.test.clicked.connect(self.print_page)
        self.result = Note(2)
        self.row(label("printer.driver"), self.driver)
        self.row(label("printer.port"), self.picker.line)
        self.wide_row(self.picker.found)
        self.row(label("printer.baudrate"), self.baud)
        self.lay.addWidget(self.picker.note)
        self.lay.addWidget(self.test)
        self.lay.addWidget(self.result)
        self.lay.addStretch(1)
        self.printing = False

    def buttons(self) -> list:
        return [self.picker.probe, *self.picker.buttons, self.test]

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        self.picker.set_theme(theme)

    def print_page(self) -> None:
        v = {**self.ctx.values, **self.collect()}
        if v["printer.driver"] == "none" or not v["printer.port"] or self.printing:
            self.result.error(translate("Setup", "请先选择打印机和端口"))
            return
        lines = [
            f"设备编号:{v.get('device.id', '')}",
            f"{v.get('device.hall', '')} {v.get('device.counter', '')}",
            f"时间:{datetime.now():%Y-%m-%d %H:%M:%S}",
            "打印正常,可以撕下此页",
        ]
        self.printing = True
        self.result.hint(translate("Setup", "正在打印…"))
        port, baud = str(v["printer.port"]), int(v["printer.baudrate"])
        self.ctx.background.run("device", lambda: print_test_page(port, baud, lines), self._printed)

    def _printed(self, outcome: Outcome) -> None:
        self.printing = False
        status = outcome.value if outcome.error is None else "error"
        texts = {
            "ok": translate("Setup", "测试页已打印:请查看打印机"),
            "paper_out": translate("Setup", "打印机缺纸"),
            "offline": translate("Setup", "打印机没有应答:请检查端口、波特率和电源"),
        }
        text = texts.get(status, translate("Setup", "打印失败:{error}").format(error=outcome.error or status))
        (self.result.ok if status == "ok" else self.result.error)(text)


class ScannerStep(Step):
    title_text = QT_TRANSLATE_NOOP("Setup", "扫码器")
    hint_text = QT_TRANSLATE_NOOP("Setup", "自助终端扫描评价凭条用;选好后可扫任意二维码测试")
    tab_text = QT_TRANSLATE_NOOP("Setup", "扫码器")
    keys = ("scanner.driver", "scanner.port", "scanner.baudrate")

    def __init__(self, ctx: SetupContext):
        super().__init__(ctx)
        drivers = [
            ("serial", translate("Setup", "串口扫码器")),
            ("keyboard", translate("Setup", "USB 扫码枪")),
            ("none", translate("Setup", "不接")),
        ]
        self.driver = Choice("scanner.driver", drivers)
        self.picker = PortPicker(self, "scanner.port")
        self.capture = QLineEdit()  # a keyboard-wedge scanner types here, ending with Enter
        self.capture.setPlaceholderText(translate("Setup", "USB 扫码枪:扫码结果显示在这里"))
        self.capture.returnPressed.connect(lambda: self.on_code(self.capture.text()))
        self.scan = ScanTest(ctx.background, self.on_code)
        self.test = tech_button(translate("Setup", "测试扫码"), "primary")
        self.test.clicked.connect(self.start_scan)
        self.result = Note(2)
        self.row(label("scanner.driver"), self.driver)
        self.row(label("scanner.port"), self.picker.line)
        self.wide_row(self.picker.found)
        self.lay.addWidget(self.test)
        self.lay.addWidget(self.capture)
        self.lay.addWidget(self.result)
        self.lay.addStretch(1)
        self.code = ""

    def buttons(self) -> list:
        return [self.picker.probe, *self.picker.buttons, self.test]

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        self.picker.set_theme(theme)
        style_line_edit(self.capture, theme)

    def collect(self) -> dict[str, Any]:
        out = super().collect()
        out.setdefault("scanner.baudrate", self.ctx.values.get("scanner.baudrate", 9600))
        return out

    def start_scan(self) -> None:
        v = {**self.ctx.values, **self.collect()}
        driver = v["scanner.driver"]
        if driver == "keyboard":
            self.capture.clear()
            self.capture.setFocus()
            self.result.hint(translate("Setup", "请用扫码枪扫描任意二维码"))
        elif driver == "serial" and v["scanner.port"] and self.ctx.live:
            self.scan.start(str(v["scanner.port"]), int(v["scanner.baudrate"]))
            self.result.hint(translate("Setup", "请扫描任意二维码…"))
        elif driver == "serial" and not self.ctx.live:
            self.result.error(translate("Setup", "扫码器正在使用:退出维护后扫码即可检验"))
        else:
            self.result.error(translate("Setup", "请先选择扫码器和端口"))

    def on_code(self, text: str) -> None:
        self.code = text
        self.scan.stop()
        shown = text if len(text) <= 60 else text[:57] + "…"
        self.result.ok(translate("Setup", "扫码成功:{code}").format(code=shown))

    def leave(self) -> None:
        self.scan.stop()
