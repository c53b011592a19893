"""Words for the technician screens: a diagnostics snapshot turned into short lines (Chinese, or the installed
translation: context "TechFormat")."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from kiosk.app.status import EvaluatorStatus, PrinterStatus, SyncState
from kiosk.core.levels import LEVELS, level_name
from kiosk.core.timefmt import SHANGHAI
from kiosk.ui.i18n import domain
from kiosk.ui.qt import QT_TRANSLATE_NOOP, translate

CLOCK_WARN_S = 60.0
MAX_ERROR_CHARS = 160

MODES = {
    "window": QT_TRANSLATE_NOOP("TechFormat", "窗口评价器"),
    "terminal": QT_TRANSLATE_NOOP("TechFormat", "24小时自助终端"),
}
EVALUATOR = {
    EvaluatorStatus.ONLINE: QT_TRANSLATE_NOOP("TechFormat", "已连接"),
    EvaluatorStatus.OFFLINE: QT_TRANSLATE_NOOP("TechFormat", "未连接"),
    EvaluatorStatus.NONE: QT_TRANSLATE_NOOP("TechFormat", "未配置"),
}
PRINTER = {
    PrinterStatus.OK: QT_TRANSLATE_NOOP("TechFormat", "正常"),
    PrinterStatus.PAPER_OUT: QT_TRANSLATE_NOOP("TechFormat", "缺纸"),
    PrinterStatus.OFFLINE: QT_TRANSLATE_NOOP("TechFormat", "离线"),
    PrinterStatus.ERROR: QT_TRANSLATE_NOOP("TechFormat", "故障"),
    PrinterStatus.NO_ANSWER: QT_TRANSLATE_NOOP("TechFormat", "无应答(仍打印)"),
    PrinterStatus.UNCHECKED: QT_TRANSLATE_NOOP("TechFormat", "不查询状态(直接打印)"),
    PrinterStatus.NONE: QT_TRANSLATE_NOOP("TechFormat", "未配置"),
}
BAD_PRINTER = (PrinterStatus.PAPER_OUT, PrinterStatus.OFFLINE, PrinterStatus.ERROR)
SYNC = {
    SyncState.IDLE: QT_TRANSLATE_NOOP("TechFormat", "正常"),
    SyncState.DRAINING: QT_TRANSLATE_NOOP("TechFormat", "正在上报"),
    SyncState.BACKOFF: QT_TRANSLATE_NOOP("TechFormat", "上报失败,等待重试"),
    SyncState.OFFLINE: QT_TRANSLATE_NOOP("TechFormat", "网络中断"),
    SyncState.AUTH_ERROR: QT_TRANSLATE_NOOP("TechFormat", "认证失败(请检查接入密钥)"),
    SyncState.DISABLED: QT_TRANSLATE_NOOP("TechFormat", "未配置上报地址"),
}
SYNC_FAILING = (SyncState.BACKOFF, SyncState.OFFLINE, SyncState.AUTH_ERROR)  # a retry is waiting
RATING_STATES = (
    ("delivered", QT_TRANSLATE_NOOP("TechFormat", "已上报")),
    ("pending", QT_TRANSLATE_NOOP("TechFormat", "待上报")),
    ("dead", QT_TRANSLATE_NOOP("TechFormat", "上报失败")),
    ("draft", QT_TRANSLATE_NOOP("TechFormat", "填写中")),
)
SCREENS = {
    "idle": QT_TRANSLATE_NOOP("TechFormat", "待机"),
    "invited": QT_TRANSLATE_NOOP("TechFormat", "邀请评价"),
    "details": QT_TRANSLATE_NOOP("TechFormat", "填写详情"),
    "questions": QT_TRANSLATE_NOOP("TechFormat", "填写问卷"),
    "thanks": QT_TRANSLATE_NOOP("TechFormat", "感谢"),
    "expired": QT_TRANSLATE_NOOP("TechFormat", "已超时"),
    "unavailable": QT_TRANSLATE_NOOP("TechFormat", "暂停服务"),
    "keypad": QT_TRANSLATE_NOOP("TechFormat", "输入编号"),
    "message": QT_TRANSLATE_NOOP("TechFormat", "提示"),
}
SUSPECT = {  # the interference flags (kiosk.core.suspect), in the order shown
    "fast_press": QT_TRANSLATE_NOOP("TechFormat", "按键过快"),
    "burst": QT_TRANSLATE_NOOP("TechFormat", "连续相同"),
    "walk_in_no_staff": QT_TRANSLATE_NOOP("TechFormat", "无人登录"),
}
DEAD_KINDS = {"service": QT_TRANSLATE_NOOP("TechFormat", "办件"), "evaluation": QT_TRANSLATE_NOOP("TechFormat", "评价")}


def text(value: object, empty: str | None = None) -> str:
    """`value` as text; `empty` (else 无) when there is none."""
    if value is None or value == "":
        return translate("TechFormat", "无") if empty is None else empty
    return str(value)


def word(table: Mapping[Any, str], key: object) -> str:
    """The word for `key` in `table`, translated; an unknown key as it came."""
    found = table.get(key)
    return translate("TechFormat", found) if found is not None else text(key)


def short(message: object, limit: int = MAX_ERROR_CHARS) -> str:
    s = " ".join(text(message).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def local_time(iso_utc: str | None) -> str:
    """An ISO UTC instant as Beijing time, else the text as it came (or 从未)."""
    if not iso_utc:
        return translate("TechFormat", "从未")
    try:
        when = datetime.fromisoformat(str(iso_utc).replace("Z", "+00:00"))
    except ValueError:
        return str(iso_utc)
    if when.tzinfo is None:
        return when.strftime("%Y-%m-%d %H:%M:%S")
    return when.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def clock_offset(offset: float | str | None) -> tuple[str, bool]:
    """(text, warn): the device clock against the centre's (seconds, as the snapshot holds them); warn when
    more than 60 s apart."""
    if offset is None:
        return translate("TechFormat", "未知(尚未连接中心)"), False
    try:
        value = float(offset)
    except (TypeError, ValueError):
        return str(offset), False
    warn = abs(value) > CLOCK_WARN_S
    if warn:
        return translate("TechFormat", "{s} 秒 · 偏差过大,请校准时间").format(s=f"{value:+.1f}"), True
    return translate("TechFormat", "{s} 秒").format(s=f"{value:+.1f}"), False


COUNTER_NAMES = {
    "keys": QT_TRANSLATE_NOOP("TechFormat", "按键"),
    "commands": QT_TRANSLATE_NOOP("TechFormat", "指令"),
    "frames_sent": QT_TRANSLATE_NOOP("TechFormat", "发送帧"),
    "retransmits": QT_TRANSLATE_NOOP("TechFormat", "重发"),
    "send_failures": QT_TRANSLATE_NOOP("TechFormat", "发送失败"),
    "reconnects": QT_TRANSLATE_NOOP("TechFormat", "重连"),
    "disconnects": QT_TRANSLATE_NOOP("TechFormat", "断开"),
    "heartbeats": QT_TRANSLATE_NOOP("TechFormat", "心跳"),
    "bad_payloads": QT_TRANSLATE_NOOP("TechFormat", "坏帧"),
    "duplicates": QT_TRANSLATE_NOOP("TechFormat", "重复"),
    "commands_dropped": QT_TRANSLATE_NOOP("TechFormat", "丢弃指令"),
    "offline_events": QT_TRANSLATE_NOOP("TechFormat", "离线"),
}


def counters(values: dict | None) -> str:
    """Non-zero counters (key presses always), the common ones in Chinese."""
    if not values:
        return text(None)
    shown = [(k, v) for k, v in values.items() if v or k == "keys"]
    return " · ".join(f"{word(COUNTER_NAMES, k)} {v}" for k, v in shown) or text(None)


def device_line(snap: dict) -> str:
    d = snap.get("device") or {}
    parts = [text(d.get("id"), translate("TechFormat", "未命名")), word(MODES, d.get("mode"))]
    parts += [str(d[k]) for k in ("hall", "window") if d.get(k)]
    return " · ".join(parts)


def evaluator_line(snap: dict) -> str:
    e = snap.get("evaluator") or {}
    status = word(EVALUATOR, e.get("status"))
    driver = text(e.get("driver"), "none")
    port = f" {e['port']}" if e.get("port") else ""
    return translate("TechFormat", "{status} · 驱动 {driver}").format(status=status, driver=driver + port)


def ratings_line(snap: dict) -> str:
    r = snap.get("ratings") or {}
    parts = [translate("TechFormat", "共 {n} 条").format(n=r.get("total", 0))]
    parts += [f"{translate('TechFormat', name)} {r[key]}" for key, name in RATING_STATES if r.get(key)]
    parts += [f"{key} {n}" for key, n in r.items() if key != "total" and key not in dict(RATING_STATES)]
    return " · ".join(parts)


def suspect_line(snap: dict) -> str:
    """Today's flagged ratings: "2 条 · 按键过快 1 · 连续相同 1" (a rating may carry several flags)."""
    s = snap.get("suspect_today") or {}
    parts = [count_text(s.get("flagged", 0))]
    parts += [f"{translate('TechFormat', name)} {s[key]}" for key, name in SUSPECT.items() if s.get(key)]
    parts += [f"{key} {n}" for key, n in s.items() if key != "flagged" and key not in SUSPECT]
    return " · ".join(parts)


def sync_state(snap: dict) -> str:
    s = snap.get("sync") or {}
    state = s.get("state")
    words = word(SYNC, state)
    wait = s.get("next_attempt_in_s")
    if state in SYNC_FAILING and wait:
        words += translate("TechFormat", "({n} 秒后重试)").format(n=int(float(wait) + 0.999))
    return words


def status_rows(snap: dict) -> list[tuple[str, str, bool]]:
    """(name, value, warn) rows of the 状态 page."""
    sync = snap.get("sync") or {}
    offset, warn = clock_offset(snap.get("clock_offset_s"))
    health = snap.get("health") or {}
    staff = snap.get("staff")
    screen = word(SCREENS, str(snap.get("screen")) if snap.get("screen") is not None else None)
    staff_text = text(staff, translate("TechFormat", "未登录"))
    rows = [
        (translate("TechFormat", "设备"), device_line(snap), False),
        (
            translate("TechFormat", "版本"),
            f"{text(snap.get('version'))} · Python {text(snap.get('python'), '?')}",
            False,
        ),
        (
            translate("TechFormat", "当前画面"),
            translate("TechFormat", "{screen} · 工作人员 {staff}").format(screen=screen, staff=staff_text),
            False,
        ),
        (
            translate("TechFormat", "评价器"),
            evaluator_line(snap),
            snap.get("evaluator", {}).get("status") == EvaluatorStatus.OFFLINE,
        ),
        (translate("TechFormat", "评价器计数"), counters((snap.get("evaluator") or {}).get("counters")), False),
        (translate("TechFormat", "打印机"), word(PRINTER, snap.get("printer")), snap.get("printer") in BAD_PRINTER),
        (translate("TechFormat", "待上传"), count_text(snap.get("queue_depth")), False),
        (translate("TechFormat", "评价记录"), ratings_line(snap), False),
        (translate("TechFormat", "今日存疑"), suspect_line(snap), False),
        (
            translate("TechFormat", "上报状态"),
            sync_state(snap),
            sync.get("state") in SYNC_FAILING,
        ),
        (translate("TechFormat", "最近成功"), local_time(sync.get("last_success_utc")), False),
        (translate("TechFormat", "最近错误"), short(sync.get("last_error")), bool(sync.get("last_error"))),
        (translate("TechFormat", "时钟偏差"), offset, warn),
    ]
    if health.get("disk_free_mb") is not None:
        rows.append(
            (translate("TechFormat", "磁盘剩余"), f"{health['disk_free_mb']} MB", int(health["disk_free_mb"]) < 200)
        )
    return rows


def count_text(n: object) -> str:
    """ "5 条" (records)."""
    return translate("TechFormat", "{n} 条").format(n=text(n, "0"))


def dead_letter_line(d: dict) -> str:
    kind = word(DEAD_KINDS, d.get("kind"))
    line = translate("TechFormat", "{kind} {case} · 已尝试 {n} 次")
    return line.format(kind=kind, case=text(d.get("projectNo"), text(d.get("key"))), n=text(d.get("attempts"), "0"))


def key_counts_line(counts: dict[int, int]) -> str:
    return " · ".join(f"{domain(level_name(v))} {counts.get(v, 0)}" for v in LEVELS)
