"""Words for the technician screens: a diagnostics snapshot turned into short Chinese lines. Qt-free."""

from __future__ import annotations

from datetime import datetime

from kiosk.core.levels import LEVELS, level_name
from kiosk.core.timefmt import SHANGHAI

CLOCK_WARN_S = 60.0
MAX_ERROR_CHARS = 160

MODES = {"window": "窗口评价器", "terminal": "24小时自助终端"}
EVALUATOR = {"online": "已连接", "offline": "未连接", "none": "未配置"}
PRINTER = {"ok": "正常", "paper_out": "缺纸", "offline": "离线", "error": "故障", "none": "未配置"}
SYNC = {
    "idle": "正常",
    "draining": "正在上报",
    "backoff": "上报失败,等待重试",
    "offline": "网络中断",
    "auth_error": "认证失败(请检查接入密钥)",
    "disabled": "未配置上报地址",
}
RATING_STATES = (("delivered", "已上报"), ("pending", "待上报"), ("dead", "上报失败"), ("draft", "填写中"))
SCREENS = {
    "idle": "待机",
    "invited": "邀请评价",
    "details": "填写详情",
    "thanks": "感谢",
    "expired": "已超时",
    "unavailable": "暂停服务",
    "keypad": "输入编号",
    "message": "提示",
}
DEAD_KINDS = {"service": "办件", "evaluation": "评价"}


def text(value: object, empty: str = "无") -> str:
    return empty if value is None or value == "" else str(value)


def short(message: object, limit: int = MAX_ERROR_CHARS) -> str:
    s = " ".join(text(message).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def local_time(iso_utc: str | None) -> str:
    """An ISO UTC instant as Beijing time, else the text as it came (or 从未)."""
    if not iso_utc:
        return "从未"
    try:
        when = datetime.fromisoformat(str(iso_utc).replace("Z", "+00:00"))
    except ValueError:
        return str(iso_utc)
    if when.tzinfo is None:
        return when.strftime("%Y-%m-%d %H:%M:%S")
    return when.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def clock_offset(offset: object) -> tuple[str, bool]:
    """(text, warn): the device clock against the centre's; warn when more than 60 s apart."""
    if offset is None:
        return "未知(尚未连接中心)", False
    try:
        value = float(offset)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(offset), False
    warn = abs(value) > CLOCK_WARN_S
    words = f"{value:+.1f} 秒"
    return (words + " · 偏差过大,请校准时间" if warn else words), warn


COUNTER_NAMES = {
    "keys": "按键",
    "commands": "指令",
    "frames_sent": "发送帧",
    "retransmits": "重发",
    "send_failures": "发送失败",
    "reconnects": "重连",
    "disconnects": "断开",
    "heartbeats": "心跳",
    "bad_payloads": "坏帧",
    "duplicates": "重复",
    "commands_dropped": "丢弃指令",
    "offline_events": "离线",
}


def counters(values: dict | None) -> str:
    """Non-zero counters (key presses always), the common ones in Chinese."""
    if not values:
        return "无"
    shown = [(k, v) for k, v in values.items() if v or k == "keys"]
    return " · ".join(f"{COUNTER_NAMES.get(k, k)} {v}" for k, v in shown) or "无"


def device_line(snap: dict) -> str:
    d = snap.get("device") or {}
    parts = [text(d.get("id"), "未命名"), MODES.get(d.get("mode"), text(d.get("mode")))]
    parts += [str(d[k]) for k in ("hall", "window") if d.get(k)]
    return " · ".join(parts)


def evaluator_line(snap: dict) -> str:
    e = snap.get("evaluator") or {}
    status = EVALUATOR.get(e.get("status"), text(e.get("status")))
    driver = text(e.get("driver"), "none")
    port = f" {e['port']}" if e.get("port") else ""
    return f"{status} · 驱动 {driver}{port}"


def ratings_line(snap: dict) -> str:
    r = snap.get("ratings") or {}
    parts = [f"共 {r.get('total', 0)} 条"]
    parts += [f"{name} {r[key]}" for key, name in RATING_STATES if r.get(key)]
    parts += [f"{key} {n}" for key, n in r.items() if key != "total" and key not in dict(RATING_STATES)]
    return " · ".join(parts)


def sync_state(snap: dict) -> str:
    s = snap.get("sync") or {}
    state = s.get("state")
    words = SYNC.get(state, text(state))
    wait = s.get("next_attempt_in_s")
    if state in ("backoff", "offline", "auth_error") and wait:
        words += f"({int(float(wait) + 0.999)} 秒后重试)"
    return words


def status_rows(snap: dict) -> list[tuple[str, str, bool]]:
    """(name, value, warn) rows of the 状态 page."""
    sync = snap.get("sync") or {}
    offset, warn = clock_offset(snap.get("clock_offset_s"))
    health = snap.get("health") or {}
    staff = snap.get("staff")
    screen = SCREENS.get(str(snap.get("screen")), text(snap.get("screen")))
    rows = [
        ("设备", device_line(snap), False),
        ("版本", f"{text(snap.get('version'))} · Python {text(snap.get('python'), '?')}", False),
        ("当前画面", f"{screen} · 工作人员 {text(staff, '未登录')}", False),
        ("评价器", evaluator_line(snap), snap.get("evaluator", {}).get("status") == "offline"),
        ("评价器计数", counters((snap.get("evaluator") or {}).get("counters")), False),
        ("打印机", PRINTER.get(snap.get("printer"), text(snap.get("printer"))), snap.get("printer") in BAD_PRINTER),
        ("待上传", f"{text(snap.get('queue_depth'), '0')} 条", False),
        ("评价记录", ratings_line(snap), False),
        ("上报状态", sync_state(snap), sync.get("state") in ("offline", "auth_error", "backoff")),
        ("最近成功", local_time(sync.get("last_success_utc")), False),
        ("最近错误", short(sync.get("last_error")), bool(sync.get("last_error"))),
        ("时钟偏差", offset, warn),
    ]
    if health.get("disk_free_mb") is not None:
        rows.append(("磁盘剩余", f"{health['disk_free_mb']} MB", int(health["disk_free_mb"]) < 200))
    return rows


BAD_PRINTER = ("paper_out", "offline", "error")


def dead_letter_line(d: dict) -> str:
    kind = DEAD_KINDS.get(d.get("kind"), text(d.get("kind")))
    return f"{kind} {text(d.get('projectNo'), text(d.get('key')))} · 已尝试 {text(d.get('attempts'), '0')} 次"


def key_counts_line(counts: dict[int, int]) -> str:
    return " · ".join(f"{level_name(v)} {counts.get(v, 0)}" for v in LEVELS)
