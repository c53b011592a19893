"""SAMPLE DATA for the technician screenshots: a stand-in with the methods of `kiosk.app.technician.Technician`
returning made-up figures (no store, no device). Never used by the running pad."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kiosk import config
from kiosk.config import Config
from kiosk.config.edit import apply_changes
from kiosk.core.stats import IgnoredGroup, Period, RatingGroup, Report, build_report

SAMPLE_PIN = "2468"
SAMPLE_SETTINGS: dict[str, Any] = {
    "device.id": "PAD-03",
    "device.hall": "政务服务中心",
    "device.counter": "3号窗口",
    "device.dept_code": "11420100MB1234567X",
    "device.dept_name": "市人力资源和社会保障局",
    "device.area_code": "420100000000",
    "evaluator.driver": "frame",
    "evaluator.port": "/dev/kiosk/evaluator",
    "central.url": "https://hcp.example.gov.cn",
    "central.app_mark": "HB-WH-0001",
    "central.app_secret": "sample-secret",
    "qr.secret": "sample-qr-secret",
}

SAMPLE_SNAPSHOT: dict = {
    "version": "0.1.0",
    "python": "3.11.7",
    "device": {"id": "PAD-03", "mode": "window", "hall": "政务服务中心", "window": "3号窗口", "area_code": "420100"},
    "data_dir": "/var/lib/kiosk",
    "screen": "idle",
    "staff": "王小明",
    "staff_status": "on_duty",
    "flow_counters": {"invited": 42, "rated": 39, "expired": 3},
    "evaluator": {
        "driver": "frame",
        "port": "/dev/ttyUSB0",
        "status": "online",
        "counters": {"keys": 41, "frames_sent": 310, "retransmits": 2, "heartbeats": 5120},
    },
    "printer": "none",
    "ratings": {"total": 1287, "delivered": 1280, "pending": 5, "dead": 1, "draft": 1},
    "suspect_today": {"flagged": 2, "fast_press": 2, "burst": 1},
    "queue_depth": 8,
    "dead_letters": [
        {
            "kind": "evaluation",
            "key": "ev-000981",
            "projectNo": "420100202611230047",
            "last_error": "E4001: 差评必须勾选详情或填写文字评价",
            "attempts": 5,
        },
    ],
    "sync": {
        "state": "backoff",
        "last_success_utc": "2026-11-23T01:58:12.000Z",
        "last_error": "drain: CentralError: 连接中心超时(10 秒)",
        "clock_offset_s": 75.4,
        "clock_warning": True,
        "next_attempt_in_s": 42.0,
    },
    "clock_offset_s": 75.4,
    "health": {"version": "0.1.0", "uptime_s": 86400, "evaluator": "online", "disk_free_mb": 10240},
}


class SampleTechnician:
    """Sample stand-in for `Technician` (screenshots only): the PIN is 2468, the figures are invented."""

    enabled = True

    def __init__(self, data_dir: Path):
        self.export_dir = Path(data_dir) / "exports"
        self.locked_s = 0
        self.key_listener: Callable[[int], None] | None = None
        self.snap = json.loads(json.dumps(SAMPLE_SNAPSHOT))
        self.snap["data_dir"] = str(self.export_dir.parent)  # where export() really writes
        self.commands: list[tuple[str, int]] = []

    def locked_for_s(self) -> int:
        return self.locked_s

    def check_pin(self, pin: str) -> bool:
        return not self.locked_s and pin == SAMPLE_PIN

    def snapshot(self) -> dict:
        return self.snap

    def export(self, target: str | Path | None = None) -> list[Path]:
        folder = Path(target or self.export_dir) / "kiosk-PAD-03-20261123-100000"
        folder.mkdir(parents=True, exist_ok=True)
        csv_path, json_path = folder / "ratings.csv", folder / "diagnostics.json"
        csv_path.write_text("id,projectNo,level\n" + "sample,420100202611230032,非常满意\n" * 300, encoding="utf-8")
        json_path.write_text(json.dumps(self.snap, ensure_ascii=False, indent=2), encoding="utf-8")
        return [csv_path, json_path]

    def stats(self, period: Period) -> Report:
        """Invented figures for every day of the period: mostly 非常满意, a 差评 now and then, one day off."""
        groups = []
        for i, day in enumerate(period.days()):
            if i % 7 == 5:
                continue  # a day without ratings: a gap in the trend
            for level, n in (
                (5, 30 + 7 * (i % 3)),
                (4, 6 + i % 4),
                (3, 2 + i % 2),
                (2, i % 3),
                (1, 1 if i % 4 == 1 else 0),
            ):
                if n:
                    bad = level <= 2
                    reasons = {"207": n} if bad else {}
                    groups.append(RatingGroup(level, n, day=day, incomplete=1 if bad and i % 5 == 0 else 0,
                                              flags=(1 if level == 5 and i % 6 == 0 else 0, 0, 0), reasons=reasons))  # fmt: skip
        report = build_report(period, groups, [IgnoredGroup(period.end.isoformat(), "0101", "3号窗口", 3)])
        return report

    def sync_now(self) -> bool:
        return True

    def retry_dead(self, keys: list[str] | None = None) -> int:
        n = len(self.snap["dead_letters"])
        self.snap["dead_letters"] = []
        return n

    def start_device_test(self, on_key: Callable[[int], None]) -> None:
        self.key_listener = on_key

    def press(self, value: int) -> None:
        """A key on the stand-in's evaluator: to the device test while one runs, as on the pad."""
        if self.key_listener is not None:
            self.key_listener(value)

    def stop_device_test(self, *, quiet: bool = False) -> None:
        self.key_listener = None

    def device_command(self, name: str, mask: int = 0) -> bool:
        self.commands.append((name, mask))
        return True

    # --- the 设置 page: a sample config file in the stand-in's data dir -------------------------------------

    restart_requested = False

    @property
    def config_path(self) -> Path:
        return self.export_dir.parent / "sample-kiosk.toml"

    def settings_config(self) -> Config:
        if not self.config_path.exists():
            apply_changes(self.config_path, SAMPLE_SETTINGS)
        return config.load(self.config_path, self.export_dir.parent)

    def save_settings(self, changes: Mapping[str, Any]) -> Config:
        cfg = apply_changes(self.config_path, changes, data_dir=self.export_dir.parent)
        self.restart_requested = True
        return cfg
