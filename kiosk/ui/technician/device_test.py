"""The technician's 评价器测试 page.

While a test runs the evaluator's keys come here (`Technician.start_device_test`), never as ratings; each
key is counted per level. The commands light, invite, thank, idle or query the device.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.app.status import EvaluatorStatus
from kiosk.core.levels import LEVELS, level_name
from kiosk.ui import theme as th
from kiosk.ui.font import font
from kiosk.ui.i18n import domain
from kiosk.ui.qt import (
    QT_TRANSLATE_NOOP,
    QFont,
    QFontMetrics,
    QGridLayout,
    QHBoxLayout,
    QPainter,
    QPaintEvent,
    QRectF,
    QSizePolicy,
    Qt,
    QWidget,
    translate,
)
from kiosk.ui.technician import format as fmt
from kiosk.ui.technician.pages import TechPage
from kiosk.ui.technician.port import TechnicianPort
from kiosk.ui.technician.widgets import TextBox, size_buttons, tech_button
from kiosk.ui.widgets.keys import KeyButton, shrink_to

log = logging.getLogger(__name__)

COMMANDS = (
    (QT_TRANSLATE_NOOP("TechDevice", "点亮全部"), "leds", 0b11111),
    (QT_TRANSLATE_NOOP("TechDevice", "熄灭"), "leds", 0),
    (QT_TRANSLATE_NOOP("TechDevice", "邀请"), "invite", 0),
    (QT_TRANSLATE_NOOP("TechDevice", "感谢"), "thanks", 0),
    (QT_TRANSLATE_NOOP("TechDevice", "空闲"), "idle", 0),
    (QT_TRANSLATE_NOOP("TechDevice", "查询设备"), "query", 0),
)


class LevelCount(QWidget):
    """One level in its colour: the name and how often its key was pressed during the test."""

    def __init__(self, value: int):
        super().__init__()
        self.value = value
        self.count = 0
        self.name = domain(level_name(value))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._theme = th.Theme(1280, 800)

    def set_theme(self, theme: th.Theme) -> None:
        self._theme = theme
        self.setFixedHeight(theme.px(110))
        self.update()

    def set_count(self, count: int) -> None:
        self.count = count
        self.update()

    def _fonts(self) -> tuple[QFont, QFont]:
        """(name font, count font)."""
        width = max(1, self.width() - self._theme.px(12))
        name, _ = shrink_to(self.name, self._theme.px("chip_text"), width, bold=True)
        return name, font(self._theme.px("question"), bold=True)

    def fits(self) -> bool:
        name, count = self._fonts()
        fm = QFontMetrics(name)
        return fm.horizontalAdvance(self.name) <= self.width() - self._theme.px(12) and (
            fm.height() + QFontMetrics(count).height() <= self.height()
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        bg, fg = th.level_colours(self.value)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(bg)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.drawRoundedRect(r, self._theme.px(12), self._theme.px(12))
        name, count = self._fonts()
        half = self.height() * 0.42
        p.setPen(fg)
        p.setFont(name)
        p.drawText(QRectF(0, 0, self.width(), half), int(Qt.AlignmentFlag.AlignCenter), self.name)
        p.setFont(count)
        p.drawText(
            QRectF(0, half, self.width(), self.height() - half), int(Qt.AlignmentFlag.AlignCenter), str(self.count)
        )
        p.end()


class DeviceTestPage(TechPage):
    """评价器测试: start / stop, each key shown (level and count per level), commands to the device."""

    title_text = QT_TRANSLATE_NOOP("TechPages", "评价器测试")

    def __init__(self, technician: TechnicianPort, on_activity: Callable[[], object] | None = None):
        super().__init__(technician)
        self.on_activity = on_activity
        self.active = False
        self.counts: dict[int, int] = dict.fromkeys(LEVELS, 0)
        self.presses: list[int] = []
        self.info = TextBox("secondary", max_lines=2)
        self.toggle = tech_button(translate("TechDevice", "开始测试"), "primary")
        self.toggle.clicked.connect(self.toggle_test)
        self.state = TextBox("secondary", bold=True, max_lines=2)
        self.cells = {v: LevelCount(v) for v in LEVELS}
        cells = QHBoxLayout()
        for cell in self.cells.values():
            cells.addWidget(cell)
        self.cell_row = cells
        self.last = TextBox("service", bold=True, max_lines=1)
        self.commands: dict[str, KeyButton] = {}
        grid = QGridLayout()
        for i, (label, name, mask) in enumerate(COMMANDS):
            b = tech_button(translate("TechDevice", label))
            b.clicked.connect(lambda _=False, label=label, name=name, mask=mask: self.command(label, name, mask))
            grid.addWidget(b, i // 3, i % 3)
            self.commands[label] = b
        self.command_grid = grid
        self.result = TextBox("secondary", max_lines=2, colour=th.SECONDARY)
        for w in (self.info, self.toggle, self.state):
            self.lay.addWidget(w)
        self.lay.addLayout(cells)
        self.lay.addWidget(self.last)
        self.lay.addLayout(grid)
        self.lay.addWidget(self.result)
        self.lay.addStretch(1)
        self._render()

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        size_buttons(theme, self.toggle, *self.commands.values())
        for cell in self.cells.values():
            cell.set_theme(theme)
        self.cell_row.setSpacing(theme.px(10))
        self.command_grid.setSpacing(theme.px(12))

    def show_snapshot(self, snap: dict) -> None:
        e = snap.get("evaluator") or {}
        info = e.get("info") or {}
        model = f" · {info.get('model', '')} {info.get('firmware', '')} #{info.get('serial', '')}" if info else ""
        self.info.set_text(
            translate("TechDevice", "评价器:{line}").format(
                line=f"{fmt.evaluator_line(snap)}{model} · {fmt.counters(e.get('counters'))}"
            ),
            th.ERROR if e.get("status") == EvaluatorStatus.OFFLINE else th.TEXT,
        )

    # --- the test -----------------------------------------------------------------------------------------

    def toggle_test(self) -> None:
        if self.active:
            self.stop()
        else:
            self.start()

    def start(self) -> None:
        self.counts = dict.fromkeys(LEVELS, 0)
        self.presses = []
        self.technician.start_device_test(self.on_key)
        self.active = True
        self.result.set_text("")
        self._render()

    def stop(self, *, quiet: bool = False) -> None:
        """End the test; `quiet` leaves the device alone (a citizen's invitation was just sent to it)."""
        if not self.active:
            return
        self.active = False
        try:
            self.technician.stop_device_test(quiet=quiet)
        except Exception:
            log.exception("stop_device_test failed")
            self.technician.key_listener = None
        self._render()

    def on_key(self, value: int) -> None:
        """A key from the evaluator while the test runs (GUI thread)."""
        if value in self.counts:
            self.counts[value] += 1
        self.presses.append(value)
        if self.on_activity is not None:
            self.on_activity()
        self._render()

    def _render(self) -> None:
        self.toggle.setText(translate("TechDevice", "停止测试") if self.active else translate("TechDevice", "开始测试"))
        self.toggle.kind = "secondary" if self.active else "primary"
        self.toggle.update()
        if self.active:
            self.state.set_text(
                translate("TechDevice", "测试中:请依次按下评价器上的各个按键(按键不会记为评价)"), th.OK_GREEN
            )
        else:
            self.state.set_text(translate("TechDevice", "未在测试:按「开始测试」后按键只在此显示"), th.SECONDARY)
        for v, cell in self.cells.items():
            cell.set_count(self.counts.get(v, 0))
        if self.presses:
            v = self.presses[-1]
            key = domain(level_name(v)) if v in self.counts else v
            self.last.set_text(
                translate("TechDevice", "最近按键:{key}(共 {n} 次)").format(key=key, n=len(self.presses))
            )
        else:
            self.last.set_text(translate("TechDevice", "最近按键:无"))

    def command(self, label: str, name: str, mask: int = 0) -> None:
        try:
            sent = self.technician.device_command(name, mask)
        except Exception as exc:
            log.exception("device command %s failed", name)
            failed = translate("TechDevice", "{command}:发送失败({error})")
            self.result.set_text(failed.format(command=translate("TechDevice", label), error=exc), th.ERROR)
            return
        if sent:
            self.result.set_text(
                translate("TechDevice", "已发送:{command}").format(command=translate("TechDevice", label)), th.OK_GREEN
            )
        else:
            self.result.set_text(translate("TechDevice", "未配置评价器,无法发送"), th.ERROR)

    def leave(self) -> None:
        self.stop()
