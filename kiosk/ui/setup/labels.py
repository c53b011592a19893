"""The names the setup steps and the settings tabs give the schema's keys, and how a refused value is said."""

from __future__ import annotations

from typing import Any

from kiosk.app.setup import PIN_KEY
from kiosk.ui.qt import QT_TRANSLATE_NOOP, translate

LABELS = {
    "ui.language": QT_TRANSLATE_NOOP("Setup", "界面语言"),
    "device.mode": QT_TRANSLATE_NOOP("Setup", "设备类型"),
    "device.id": QT_TRANSLATE_NOOP("Setup", "设备编号"),
    "device.hall": QT_TRANSLATE_NOOP("Setup", "大厅名称"),
    "device.counter": QT_TRANSLATE_NOOP("Setup", "窗口"),
    "device.dept_code": QT_TRANSLATE_NOOP("Setup", "部门编码"),
    "device.dept_name": QT_TRANSLATE_NOOP("Setup", "部门名称"),
    "device.area_code": QT_TRANSLATE_NOOP("Setup", "区划代码"),
    "central.url": QT_TRANSLATE_NOOP("Setup", "中心地址"),
    "central.app_mark": QT_TRANSLATE_NOOP("Setup", "应用标识"),
    "central.app_secret": QT_TRANSLATE_NOOP("Setup", "应用密钥"),
    "qr.secret": QT_TRANSLATE_NOOP("Setup", "二维码密钥"),
    "evaluator.driver": QT_TRANSLATE_NOOP("Setup", "评价器协议"),
    "evaluator.port": QT_TRANSLATE_NOOP("Setup", "评价器端口"),
    "evaluator.baudrate": QT_TRANSLATE_NOOP("Setup", "波特率"),
    "printer.driver": QT_TRANSLATE_NOOP("Setup", "打印机"),
    "printer.port": QT_TRANSLATE_NOOP("Setup", "打印机端口"),
    "printer.baudrate": QT_TRANSLATE_NOOP("Setup", "波特率"),
    "scanner.driver": QT_TRANSLATE_NOOP("Setup", "扫码器"),
    "scanner.port": QT_TRANSLATE_NOOP("Setup", "扫码器端口"),
    "scanner.baudrate": QT_TRANSLATE_NOOP("Setup", "波特率"),
    PIN_KEY: QT_TRANSLATE_NOOP("Setup", "维护密码"),
}


def label(key: str) -> str:
    return translate("Setup", LABELS.get(key, key))


def rejected_text(key: str, value: Any, allowed: str) -> str:
    """A refused value: the field (and its key), the value entered and what is allowed."""
    shown = "******" if "secret" in key or key == PIN_KEY else repr(value)
    return translate("Setup", "{field}({key})= {value}:应为 {allowed}").format(
        field=label(key), key=key, value=shown, allowed=allowed
    )
