"""What every doctor check shares: the finding it reports and the machine it asks (swappable parts for tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

LEVELS = ("ok", "info", "warn", "fail")  # info: not checkable here, or nothing to check; never a problem


@dataclass
class Finding:
    check: str  # e.g. "secret.qr", "serial.evaluator"
    level: str  # one of LEVELS
    message: str  # what was found
    fix: str = ""  # what to do about it (warn and fail always name one)
    detail: dict = field(default_factory=dict)  # figures for remote support (JSON)

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"unknown level {self.level!r}")
        if self.level in ("warn", "fail") and not self.fix:
            raise ValueError(f"{self.check}: a {self.level} finding must name its fix")

    def to_dict(self) -> dict:
        return {"check": self.check, "level": self.level, "message": self.message, "fix": self.fix, **self.detail}


def ok(check: str, message: str, **detail) -> Finding:
    return Finding(check, "ok", message, detail=detail)


def info(check: str, message: str, **detail) -> Finding:
    return Finding(check, "info", message, detail=detail)


def warn(check: str, message: str, fix: str, **detail) -> Finding:
    return Finding(check, "warn", message, fix, detail)


def fail(check: str, message: str, fix: str, **detail) -> Finding:
    return Finding(check, "fail", message, fix, detail)


@dataclass
class Ran:
    rc: int | None  # None: killed at the time limit
    out: str
    err: str


@dataclass
class Host:
    """The machine as the checks see it. Defaults are the real thing; tests point parts at their own."""

    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    proc: Path = Path("/proc")
    systemd_dir: Path = Path("/run/systemd/system")  # exists when systemd runs the machine (sd_booted)
    udev_rules: tuple[Path, ...] = (Path("/etc/udev/rules.d"), Path("/run/udev/rules.d"), Path("/lib/udev/rules.d"))
    etc_config: Path = Path("/etc/kiosk/kiosk.toml")  # the appliance's config and data (install.sh lays them)
    var_data: Path = Path("/var/lib/kiosk")
    voice_dir: Path | None = None  # None: the package's assets/voice
    user: str = "kiosk"  # who runs the pad (serial access is judged for this user)
    unit: str = "kiosk"
    python: str = sys.executable
    qt_dir: Path | None = None  # the Qt folder the keyboard probe looks in; None: the PySide6 package's
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    timeout_s: float = 20.0  # per external command
    pid: int = field(default_factory=os.getpid)

    def which(self, name: str) -> str | None:
        return shutil.which(name, path=self.env.get("PATH", os.defpath))

    def run(self, argv: list[str], timeout: float | None = None, env: Mapping[str, str] | None = None) -> Ran | None:
        """Run a command (output as text); None when the program is not installed."""
        exe = self.which(argv[0])
        if exe is None:
            return None
        try:
            res = subprocess.run(
                [exe, *argv[1:]],
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout or self.timeout_s,
                env=dict(env if env is not None else self.env),
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as exc:
            return Ran(None, _text(exc.stdout), _text(exc.stderr))
        except OSError as exc:
            return Ran(127, "", str(exc))
        return Ran(res.returncode, res.stdout, res.stderr)

    @property
    def under_systemd(self) -> bool:
        return self.systemd_dir.is_dir()


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data if isinstance(data, str) else data.decode("utf-8", "replace")


def last_lines(text: str, n: int = 3) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " / ".join(lines[-n:])
