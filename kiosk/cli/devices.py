"""`kiosk devsim` (a simulated serial evaluator on a pty pair) and `kiosk devices probe`.

kiosk devsim --protocol frame --link /tmp/evaluator
-> configure the pad with port /tmp/evaluator (or the printed /dev/pts/N), driver "frame"

kiosk devices probe [--timeout S] [--baudrate N] [--no-list] [PATH ...]
"""

from __future__ import annotations

import argparse
import os
import sys

from kiosk.devices.tools import devsim, probe, udev

PROBE_USAGE = (
    "usage: kiosk devices probe [--timeout S] [--baudrate N] [--no-list] [PATH ...]\n"
    "       kiosk devices probe --udev [--evaluator PATH] [--printer PATH] [--scanner PATH] [--udev-out FILE|-]"
)


def devsim_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk devsim", description="Simulate a serial evaluator on a pty pair.")
    p.add_argument("--protocol", choices=("frame", "keys"), default="frame")
    p.add_argument("--link", default="", help="also make PATH a symlink to the device (stable path to configure)")
    p.add_argument("--heartbeat", type=float, default=2.0, metavar="S", help="heartbeat interval (frame)")
    p.add_argument("--no-heartbeat", action="store_true", help="start with the heartbeat off (frame)")
    p.add_argument("--model", default="EV-SIM")
    p.add_argument("--firmware", default="1.0.0")
    p.add_argument("--serial", default="SIM0000001")
    p.add_argument("--keymap", default="", help="keys protocol: e.g. A=5,B=3,C=1 (default 1..5)")
    return p


def main_devsim(argv: list[str]) -> int:
    args = devsim_parser().parse_args(argv)
    try:
        keymap = devsim.parse_keymap(args.keymap)
    except ValueError as exc:
        print(f"kiosk devsim: {exc}", file=sys.stderr)
        return 2
    link = os.path.abspath(args.link) if args.link else None
    if link and os.path.exists(link) and not os.path.islink(link):
        print(f"kiosk devsim: {link} exists and is not a symlink; refusing to replace it", file=sys.stderr)
        return 2
    out = devsim.Printer()
    device = devsim.open_device(
        args.protocol,
        link,
        out,
        model=args.model,
        firmware=args.firmware,
        serial=args.serial,
        heartbeat_s=args.heartbeat,
        heartbeat=not args.no_heartbeat,
        keymap=keymap,
    )
    try:
        out(f"{args.protocol} evaluator on {device.path}")
        if link:
            out(f"symlink {link} -> {device.path}")
        out(f"configure the pad: driver={args.protocol} port={link or device.path}")
        out(devsim.HELP_KEYS)
        devsim.run_keyboard(device, out)
    finally:
        device.close()
        out("device closed")
    return 0


def probe_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk devices probe", description="List serial ports and what answers.")
    p.add_argument("paths", nargs="*", help="extra port paths to probe")
    p.add_argument("--timeout", type=float, default=1.0, help="seconds to listen on each port (default 1)")
    p.add_argument("--baudrate", type=int, default=9600)
    p.add_argument("--no-list", action="store_true", help="probe only the given paths")
    p.add_argument("--udev", action="store_true", help="write udev rules naming the plugged-in devices")
    p.add_argument("--udev-out", default="/etc/udev/rules.d/70-kiosk-devices.rules", help="rules file, - = stdout")
    for role in ("evaluator", "printer", "scanner"):
        p.add_argument(f"--{role}", metavar="PATH", help=f"--udev: the {role}'s port")
    return p


def main_devices(argv: list[str]) -> int:
    args = list(argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(PROBE_USAGE)
        return 0 if args else 2
    if args[0] != "probe":
        print(f"kiosk devices: unknown subcommand {args[0]!r} (expected: probe)", file=sys.stderr)
        return 2
    opts = probe_parser().parse_args(args[1:])
    if opts.udev:
        return udev.main(opts, lambda path: probe.probe_port(path, baudrate=opts.baudrate, timeout_s=opts.timeout))
    ports = probe.discover_ports(opts.paths, scan=not opts.no_list)
    if not ports:
        print("no serial ports found (give a path to probe it anyway)")
        return 0
    results = probe.probe_ports([path for path, _ in ports], baudrate=opts.baudrate, timeout_s=opts.timeout)
    for (_, note), result in zip(ports, results, strict=True):
        print(result.line() + (f"    [{note}]" if note else ""))
    return 1 if any(r.verdict == "error" for r in results) else 0
