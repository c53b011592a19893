"""The wizard's steps, which are also the technician's settings pages: language, mode, device, area code,
centre, PIN and the summary (the device steps are in device_steps.py).

A step shows some keys of the schema: `load()` fills its fields from the context's values, `collect()` gives
the values entered (checked by the wizard against the schema before it moves on), `problems()` anything else
the step refuses (two PINs that differ).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kiosk.app.setup import PIN_KEY, CentreResult, Outcome, check_centre, suggest_device_id
from kiosk.core.pin import check_pin_text, hash_pin
from kiosk.ui import theme as th
from kiosk.ui.qt import QT_TRANSLATE_NOOP, QBoxLayout, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget, translate
from kiosk.ui.setup.context import SetupContext
from kiosk.ui.setup.fields import Choice, DigitField, DigitPad, Note, TextField
from kiosk.ui.setup.labels import label
from kiosk.ui.technician.widgets import InfoRows, TextBox, size_buttons, tech_button

log = logging.getLogger(__name__)


class Step(QWidget):
    """A page of the wizard: a grid of labelled fields; subclasses add theirs with `row()`."""

    title_text = ""  # QT_TRANSLATE_NOOP("Setup", …)
    hint_text = ""
    tab_text = ""  # the settings page's short name
    keys: tuple[str, ...] = ()

    def __init__(self, ctx: SetupContext):
        super().__init__()
        self.ctx = ctx
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.form = QGridLayout()
        self.form.setColumnStretch(1, 1)
        self.lay.addLayout(self.form)
        self.rows = 0  # rows of the form so far
        self.theme = th.Theme(1280, 800)

    @property
    def title(self) -> str:
        return translate("Setup", self.title_text)

    @property
    def hint(self) -> str:
        return translate("Setup", self.hint_text) if self.hint_text else ""

    def row(self, text: str, field: QWidget | QHBoxLayout) -> None:
        name = TextBox("secondary", max_lines=2, colour=th.SECONDARY)
        name.set_text(text)
        r = self.rows
        if isinstance(field, QHBoxLayout):
            self.form.addLayout(field, r, 1)
        else:
            self.form.addWidget(field, r, 1)
        self.form.addWidget(name, r, 0)
        self.rows += 1

    def wide_row(self, field: QHBoxLayout) -> None:
        """A row across both columns (the ports a probe found)."""
        self.form.addLayout(field, self.rows, 0, 1, 2)
        self.rows += 1

    def set_theme(self, theme: th.Theme) -> None:
        self.theme = theme
        self.lay.setSpacing(theme.px("gap"))
        self.form.setHorizontalSpacing(theme.px(20))
        self.form.setVerticalSpacing(theme.px(12))
        self.form.setColumnMinimumWidth(0, theme.px(150))
        for w in self.findChildren(QWidget):
            set_theme = getattr(w, "set_theme", None)
            if set_theme is not None and w is not self:
                set_theme(theme)
        for b in self.buttons():
            size_buttons(theme, b)

    def buttons(self) -> list:
        return []

    def load(self) -> None:
        """Fill the fields from the context's values."""
        for w in self.findChildren(QWidget):
            key = getattr(w, "key", None)
            if key in self.ctx.values and hasattr(w, "load"):
                w.load(self.ctx.values[key])

    def collect(self) -> dict[str, Any]:
        """The values entered, by key."""
        out = {}
        for w in self.findChildren(QWidget):
            key = getattr(w, "key", None)
            if key in self.keys and hasattr(w, "value"):
                out[key] = w.value()
        return out

    def problems(self) -> list[str]:
        return []

    def enter(self) -> None:
        """Shown."""

    def leave(self) -> None:
        """Left: tests stop."""


class LanguageStep(Step):
    title_text = QT_TRANSLATE_NOOP("Setup", "请选择界面语言")
    hint_text = QT_TRANSLATE_NOOP("Setup", "Please choose the language of the screens")
    tab_text = QT_TRANSLATE_NOOP("Setup", "语言")
    keys = ("ui.language",)

    def __init__(self, ctx: SetupContext, on_language: Callable[[str], object] | None = None):
        super().__init__(ctx)
        self.choice = Choice("ui.language", [("zh_CN", "中文(简体)"), ("en", "English")], on_language)
        self.row(label("ui.language"), self.choice)
        self.lay.addStretch(1)


class ModeStep(Step):
    title_text = QT_TRANSLATE_NOOP("Setup", "这台设备做什么用?")
    hint_text = QT_TRANSLATE_NOOP(
        "Setup", "窗口评价器放在有人值守的窗口旁;24小时自助终端供群众自助扫码、输入办件编号评价"
    )
    tab_text = QT_TRANSLATE_NOOP("Setup", "类型")
    keys = ("device.mode",)

    def __init__(self, ctx: SetupContext):
        super().__init__(ctx)
        options = [
            ("window", translate("Setup", "窗口评价器")),
            ("terminal", translate("Setup", "24小时自助终端")),
        ]
        self.choice = Choice("device.mode", options)
        self.row(label("device.mode"), self.choice)
        self.lay.addStretch(1)


class DeviceStep(Step):
    title_text = QT_TRANSLATE_NOOP("Setup", "设备与窗口")
    hint_text = QT_TRANSLATE_NOOP("Setup", "设备编号须与中心登记的一致;大厅、窗口名称显示在屏幕顶部")
    tab_text = QT_TRANSLATE_NOOP("Setup", "设备")
    keys = ("device.id", "device.hall", "device.counter", "device.dept_code", "device.dept_name")

    def __init__(self, ctx: SetupContext):
        super().__init__(ctx)
        self.fields = {k: TextField(k) for k in self.keys}
        self.suggested = suggest_device_id()
        self.suggest = tech_button(translate("Setup", "使用本机编号 {id}").format(id=self.suggested))
        self.suggest.clicked.connect(lambda: self.fields["device.id"].setText(self.suggested))
        id_row = QHBoxLayout()
        id_row.addWidget(self.fields["device.id"], 3)
        id_row.addWidget(self.suggest, 2)
        self.id_row = id_row
        self.fields["device.counter"].setPlaceholderText(translate("Setup", "例如 3号窗口"))
        self.fields["device.dept_code"].setPlaceholderText(translate("Setup", "例如 11420100MB1234567X"))
        self.row(label("device.id"), id_row)
        for k in self.keys[1:]:
            self.row(label(k), self.fields[k])
        self.lay.addStretch(1)

    def buttons(self) -> list:
        return [self.suggest]

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        self.id_row.setSpacing(theme.px(12))


class DigitStep(Step):
    """Fields of digits on the on-screen keypad: landscape keys on the right, portrait below."""

    def __init__(self, ctx: SetupContext):
        super().__init__(ctx)
        self.pad = DigitPad()
        self.lay.removeItem(self.form)
        self.left = QVBoxLayout()
        self.left.setContentsMargins(0, 0, 0, 0)
        self.left.addLayout(self.form)
        self.left.addStretch(1)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.addLayout(self.left, 5)
        self.body.addWidget(self.pad, 4)
        self.lay.addLayout(self.body, 1)

    def digit_field(self, field: DigitField) -> DigitField:
        field.on_tap = self.pad.attach
        return field

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        self.pad.set_theme(theme)
        portrait = theme.portrait
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        self.body.setStretch(0, 0 if portrait else 5)
        self.body.setStretch(1, 1 if portrait else 4)
        self.body.setSpacing(theme.px("margin"))
        self.pad.setMaximumHeight(theme.px(440))


class AreaStep(DigitStep):
    title_text = QT_TRANSLATE_NOOP("Setup", "行政区划代码")
    hint_text = QT_TRANSLATE_NOOP("Setup", "12 位数字,例如 420100000000(武汉市)")
    tab_text = QT_TRANSLATE_NOOP("Setup", "区划")
    keys = ("device.area_code",)

    def __init__(self, ctx: SetupContext):
        super().__init__(ctx)
        self.area = self.digit_field(DigitField("device.area_code", max_len=12, placeholder="420100000000"))
        self.row(label("device.area_code"), self.area)
        self.pad.attach(self.area)

    def load(self) -> None:
        self.area.set_digits(str(self.ctx.values.get("device.area_code", "")))

    def collect(self) -> dict[str, Any]:
        return {"device.area_code": self.area.digits}


class CentreStep(Step):
    title_text = QT_TRANSLATE_NOOP("Setup", "好差评中心")
    hint_text = QT_TRANSLATE_NOOP("Setup", "由中心运维人员提供;地址留空则评价只保存在本机。可先测试连接")
    tab_text = QT_TRANSLATE_NOOP("Setup", "中心")
    keys = ("central.url", "central.app_mark", "central.app_secret", "qr.secret")

    def __init__(self, ctx: SetupContext):
        super().__init__(ctx)
        self.fields = {
            "central.url": TextField("central.url", placeholder="https://hcp.example.gov.cn"),
            "central.app_mark": TextField("central.app_mark"),
            "central.app_secret": TextField("central.app_secret", secret=True),
            "qr.secret": TextField("qr.secret", secret=True),
        }
        for k in self.keys:
            self.row(label(k), self.fields[k])
        self.test = tech_button(translate("Setup", "测试连接"), "primary")
        self.test.clicked.connect(self.run_test)
        self.result = Note(3)
        self.result.hint(translate("Setup", "测试会用上面的地址、标识、密钥和设备编号向中心请求本设备的资料"))
        self.lay.addWidget(self.test)
        self.lay.addWidget(self.result)
        self.lay.addStretch(1)
        self.testing = False
        self.last: CentreResult | None = None

    def buttons(self) -> list:
        return [self.test]

    def load(self) -> None:
        super().load()
        if self.ctx.values.get("qr.secret") in ("", "change-me"):
            self.fields["qr.secret"].stored = ""
            self.fields["qr.secret"].setPlaceholderText(translate("Setup", "中心约定的密钥;留空则随机生成"))

    def run_test(self) -> None:
        if self.testing:
            return
        values = {**self.ctx.values, **self.collect()}
        self.testing = True
        self.test.setEnabled(False)
        self.result.hint(translate("Setup", "正在连接中心…"))
        cfg = self.ctx.cfg
        self.ctx.background.run("centre", lambda: check_centre(values, cfg), self._tested)

    def _tested(self, outcome: Outcome) -> None:
        self.testing = False
        self.test.setEnabled(True)
        r = outcome.value if outcome.error is None else CentreResult("error", str(outcome.error))
        self.last = r
        if r.status == "ok":
            self.result.ok(translate("Setup", "连接成功:中心已识别本设备,人员名单 {n} 人").format(n=r.staff))
            return
        texts = {
            "invalid": translate("Setup", "设置不完整:{detail}"),
            "unreachable": translate("Setup", "连不上中心:{detail}"),
            "refused": translate("Setup", "中心拒绝了签名(请核对应用标识、密钥和本机时间):{detail}"),
            "unknown_device": translate("Setup", "中心不认识此设备编号(请中心先登记):{detail}"),
        }
        text = texts.get(r.status, translate("Setup", "中心答复异常:{detail}"))
        self.result.error(text.format(detail=r.detail[:160]))


class PinStep(DigitStep):
    title_text = QT_TRANSLATE_NOOP("Setup", "设置维护密码")
    hint_text = QT_TRANSLATE_NOOP("Setup", "进入技术维护界面时输入;4–12 位数字,请输入两次")
    tab_text = QT_TRANSLATE_NOOP("Setup", "密码")
    keys = (PIN_KEY,)

    def __init__(self, ctx: SetupContext):
        super().__init__(ctx)
        self.first = self.digit_field(DigitField("pin.first", secret=True, placeholder=translate("Setup", "新密码")))
        self.second = self.digit_field(
            DigitField("pin.second", secret=True, placeholder=translate("Setup", "再次输入"))
        )
        self.row(translate("Setup", "新密码"), self.first)
        self.row(translate("Setup", "再次输入"), self.second)
        self.pad.on_change = self._typed
        self.pad.attach(self.first)

    def _typed(self) -> None:
        if self.pad.target is self.first and len(self.first.digits) == self.first.max_len:
            self.pad.attach(self.second)

    def load(self) -> None:
        self.first.set_digits("")
        self.second.set_digits("")
        self.pad.attach(self.first)

    @property
    def keep(self) -> bool:
        """Nothing typed on a device that has a PIN: keep it."""
        return not self.first.digits and not self.second.digits and bool(self.ctx.values.get(PIN_KEY))

    def problems(self) -> list[str]:
        if self.keep:
            return []
        pin = self.first.digits
        why = check_pin_text(pin)
        if why:
            return [translate("Setup", "维护密码不可用:{why}").format(why=why)]
        if pin != self.second.digits:
            return [translate("Setup", "两次输入的密码不一致,请重新输入")]
        return []

    def collect(self) -> dict[str, Any]:
        if self.keep or self.problems():
            return {}
        return {PIN_KEY: hash_pin(self.first.digits)}


class FinishStep(Step):
    title_text = QT_TRANSLATE_NOOP("Setup", "确认并完成")
    hint_text = QT_TRANSLATE_NOOP("Setup", "按「完成」保存设置,设备随即开始评价服务")
    keys = ()

    def __init__(self, ctx: SetupContext):
        super().__init__(ctx)
        self.summary = InfoRows(max_lines=1)
        self.lay.addWidget(self.summary)
        self.lay.addStretch(1)

    def load(self) -> None:
        v = self.ctx.values
        mode = (
            translate("Setup", "24小时自助终端")
            if v.get("device.mode") == "terminal"
            else translate("Setup", "窗口评价器")
        )
        none = translate("Setup", "未接")
        port = lambda d, p: none if d == "none" else f"{d} · {p}"  # noqa: E731
        rows = [
            (label("device.mode"), mode),
            (label("device.id"), str(v.get("device.id", ""))),
            (translate("Setup", "大厅 · 窗口"), f"{v.get('device.hall', '')} · {v.get('device.counter', '')}"),
            (translate("Setup", "部门"), f"{v.get('device.dept_code', '')} {v.get('device.dept_name', '')}".strip()),
            (label("device.area_code"), str(v.get("device.area_code", ""))),
            (label("central.url"), str(v.get("central.url") or translate("Setup", "不上报(只存本机)"))),
            (translate("Setup", "评价器"), port(v.get("evaluator.driver"), v.get("evaluator.port"))),
            (label("printer.driver"), port(v.get("printer.driver"), v.get("printer.port"))),
            (label("scanner.driver"), port(v.get("scanner.driver"), v.get("scanner.port"))),
        ]
        self.summary.set_rows([(n, t, False) for n, t in rows])
