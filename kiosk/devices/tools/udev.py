"""udev rules that give the pad's serial devices stable names: /dev/kiosk/evaluator, printer, scanner.

    kiosk devices probe --udev [--evaluator PATH] [--printer PATH] [--scanner PATH] [--udev-out FILE|-]

A rule matches the USB adapter by vendor and product id plus its serial number when it has one that no other
plugged adapter of the same kind shares; CH340 and PL2303 adapters have none, so those are matched by the USB
port they are plugged into (udev's ID_PATH) and must stay in that port. Every matched port also gets
ID_MM_DEVICE_IGNORE=1 (ModemManager must not probe a button box) and group dialout. `render_rules` is a pure
function of the port facts; `gather` reads them from pyserial and `udevadm info`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

ROLES = ("evaluator", "printer", "scanner")
RULES_PATH = "/etc/udev/rules.d/70-kiosk-devices.rules"
_SAFE = re.compile(r"[A-Za-z0-9._:+/-]+")


class UdevError(ValueError):
    pass


@dataclass(frozen=True)
class PortFacts:
    device: str  # /dev/ttyUSB0
    vid: int | None = None  # USB vendor id; None for a built-in UART
    pid: int | None = None
    serial: str | None = None  # the adapter's USB serial number; None when it has none
    id_path: str | None = None  # udev ID_PATH: the physical port, e.g. pci-0000:00:14.0-usb-0:2:1.0
    description: str = ""

    @property
    def kernel(self) -> str:
        return os.path.basename(self.device)

    @property
    def usb(self) -> str:
        return f"{self.vid:04x}:{self.pid:04x}" if self.vid is not None and self.pid is not None else ""


def _quoted(value: str, what: str) -> str:
    if not _SAFE.fullmatch(value):
        raise UdevError(f"{what} {value!r} has characters a udev rule cannot match safely")
    return f'"{value}"'


def match_keys(port: PortFacts, plugged: list[PortFacts]) -> tuple[list[str], str]:
    """The match part of the rule for `port` among everything `plugged`, and how it identifies it."""
    if not port.usb:
        return [f"KERNEL=={_quoted(port.kernel, 'kernel name')}"], "built-in port"
    keys = [
        f"ATTRS{{idVendor}}=={_quoted(f'{port.vid:04x}', 'vendor id')}",
        f"ATTRS{{idProduct}}=={_quoted(f'{port.pid:04x}', 'product id')}",
    ]
    same_kind = [p for p in plugged if p.usb == port.usb and p.device != port.device]
    if port.serial and not any(p.serial == port.serial for p in same_kind):
        return [*keys, f"ATTRS{{serial}}=={_quoted(port.serial, 'serial number')}"], "serial number"
    if port.id_path:
        return [*keys, f"ENV{{ID_PATH}}=={_quoted(port.id_path, 'port path')}"], "USB port (keep it plugged there)"
    if not same_kind:
        return keys, "vendor/product only (no serial number, port path unknown)"
    raise UdevError(
        f"{port.device}: {port.usb} has no serial number of its own and its USB port path is unknown, "
        f"so it cannot be told from {', '.join(p.device for p in same_kind)} (is udevadm installed?)"
    )


def render_rules(roles: dict[str, PortFacts], plugged: list[PortFacts], *, now: datetime | None = None) -> str:
    """The rules file: one stable name per role, ModemManager kept off every port it names."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise UdevError(f"unknown role(s) {', '.join(sorted(unknown))}: expected {', '.join(ROLES)}")
    devices = [p.device for p in roles.values()]
    if len(set(devices)) != len(devices):
        raise UdevError("one port cannot have two roles")
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# Written by `kiosk devices probe --udev` on {stamp} for the devices plugged in then.",
        '# Stable names for the pad\'s serial devices; set evaluator.port = "/dev/kiosk/evaluator" (and the',
        "# printer's and scanner's) in /etc/kiosk/kiosk.toml. Run the probe again after changing adapters.",
    ]
    for role in ROLES:
        port = roles.get(role)
        if port is None:
            continue
        keys, how = match_keys(port, plugged)
        described = f", {port.description}" if port.description else ""
        lines += [
            "",
            f"# {role}: {port.device} ({port.usb or 'on-board'}{described}) by {how}",
            ", ".join(
                [
                    'SUBSYSTEM=="tty"',
                    'ACTION!="remove"',
                    *keys,
                    f'SYMLINK+="kiosk/{role}"',
                    'GROUP="dialout"',
                    'MODE="0660"',
                    'ENV{ID_MM_DEVICE_IGNORE}="1"',
                ]
            ),
        ]
    return "\n".join(lines) + "\n"


def _udev_properties(device: str) -> dict[str, str]:
    if shutil.which("udevadm") is None:
        return {}
    try:
        out = subprocess.run(
            ["udevadm", "info", "--query=property", f"--name={device}"],
            capture_output=True, text=True, timeout=5, check=False,
        ).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return {}
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def gather(comports: Callable[[], list] | None = None, properties=_udev_properties) -> list[PortFacts]:
    """The facts of every serial port pyserial lists (ID_PATH from udev where it knows it)."""
    if comports is None:
        from serial.tools import list_ports

        comports = list_ports.comports
    facts = []
    for info in comports():
        props = properties(info.device)
        serial = info.serial_number or None
        facts.append(
            PortFacts(
                device=info.device,
                vid=info.vid,
                pid=info.pid,
                serial=serial.strip() if serial else None,
                id_path=props.get("ID_PATH") or None,
                description="" if info.description in (None, "", "n/a") else info.description,
            )
        )
    return facts


def _find(path: str, plugged: list[PortFacts]) -> PortFacts:
    real = os.path.realpath(path)
    for p in plugged:
        if os.path.realpath(p.device) == real:
            return p
    raise UdevError(f"{path} is not a serial port that is plugged in now ({', '.join(p.device for p in plugged)})")


def main(opts, probe: Callable[[str], object]) -> int:
    """`kiosk devices probe --udev`: the evaluator is the port that speaks the frame protocol unless named."""
    plugged = gather()
    if not plugged:
        print("kiosk devices probe --udev: no serial ports plugged in", file=sys.stderr)
        return 1
    try:
        roles = {r: _find(getattr(opts, r), plugged) for r in ROLES if getattr(opts, r)}
        if "evaluator" not in roles:
            taken = {p.device for p in roles.values()}
            frames = [
                p for p in plugged if p.device not in taken and getattr(probe(p.device), "verdict", "") == "frame"
            ]
            if len(frames) == 1:
                roles["evaluator"] = frames[0]
        if not roles:
            raise UdevError("no port answered as a frame evaluator: name the ports (--evaluator PATH --printer PATH)")
        text = render_rules(roles, plugged)
    except UdevError as exc:
        print(f"kiosk devices probe --udev: {exc}", file=sys.stderr)
        return 2
    if opts.udev_out == "-":
        sys.stdout.write(text)
        return 0
    with open(opts.udev_out, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(f"wrote {opts.udev_out} ({', '.join(f'{r}={p.device}' for r, p in roles.items())})")
    if opts.udev_out == RULES_PATH and shutil.which("udevadm"):
        subprocess.run(["udevadm", "control", "--reload"], check=False)
        subprocess.run(["udevadm", "trigger", "--subsystem-match=tty", "--action=add"], check=False)
        print("udev reloaded: the names appear under /dev/kiosk/")
    return 0
