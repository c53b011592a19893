"""A doctor `Host` whose machine-wide parts (systemd, udev, /etc/kiosk, the clock) point into tmp_path, and
stand-in commands (systemctl, timedatectl, fc-list) as real executables on its PATH."""

from __future__ import annotations

import os
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.app.doctor.base import Host

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, a Tuesday


class Machine:
    def __init__(self, tmp_path: Path):
        self.root = tmp_path / "machine"
        self.bin = self.root / "bin"
        self.bin.mkdir(parents=True)
        env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_CONFIG", "KIOSK_DATA_DIR")}
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', os.defpath)}"
        self.host = Host(
            env=env,
            systemd_dir=self.root / "run/systemd/system",
            udev_rules=(self.root / "etc/udev/rules.d",),
            etc_config=self.root / "etc/kiosk/kiosk.toml",
            var_data=self.root / "var/lib/kiosk",
            python=sys.executable,
            now=lambda: NOW,
            timeout_s=30,
        )

    def command(self, name: str, script: str) -> Path:
        """A stand-in for `name` on the host's PATH: a shell script."""
        path = self.bin / name
        path.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
        return path

    def systemd(self) -> None:
        self.host.systemd_dir.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def machine(tmp_path) -> Machine:
    return Machine(tmp_path)
