"""Command line: `kiosk SUBCOMMAND ...` (also `python -m kiosk`).

Every command group is a module of kiosk/cli/, imported only when its command runs, so `kiosk central`
or `kiosk devsim` never load Qt.
"""

from __future__ import annotations

import importlib
import sys

# subcommand -> (module, function, one-line help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "run": ("kiosk.cli.run", "main_run", "run the pad or terminal"),
    "demo": ("kiosk.cli.run", "main_demo", "run the demo: sample data, simulated evaluator, local central emulator"),
    "setup": (
        "kiosk.cli.run",
        "main_setup",
        "the setup wizard on the touch screen (then the pad); also on a first boot",
    ),
    "screenshot": ("kiosk.cli.run", "main_screenshot", "render every screen in every layout to PNG"),
    "config": (
        "kiosk.cli.config",
        "main",
        "config show|get KEY|set KEY VALUE|unset KEY|validate|default [--config FILE]",
    ),
    "doctor": ("kiosk.cli.doctor", "main", "check this pad for the hall; each finding names its fix (--json)"),
    "central": ("kiosk.cli.central", "main", "reference central 好差评 emulator (HTTP on loopback)"),
    "devsim": ("kiosk.cli.devices", "main_devsim", "simulate a serial evaluator on a pty pair"),
    "devices": ("kiosk.cli.devices", "main_devices", "devices probe: list serial ports and what answers on each"),
    "voice": ("kiosk.cli.voice", "main", "voice build: render the voice prompts with espeak-ng"),
    "selftest": ("kiosk.cli.selftest", "main", "check this release on a copy of the database, first frame offscreen"),
    "db": ("kiosk.cli.db", "main", "db backup|restore: the database steps of an upgrade and a rollback"),
    "pin": ("kiosk.cli.config", "main_pin", "pin set|clear [--config FILE]: the technician PIN, stored only hashed"),
    "stats": ("kiosk.cli.stats", "main_stats", "好评率, score, 差评 and flags of a period (--from --to [--csv])"),
    "export": ("kiosk.cli.stats", "main_export", "export --since --until --format csv|json --out FILE"),
}


def usage() -> str:
    lines = ["usage: kiosk COMMAND [options]", "", "commands:"]
    lines += [f"  {name:<11} {help_}" for name, (_, _, help_) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        args = ["run"]
    name, rest = args[0], args[1:]
    if name in ("-h", "--help", "help"):
        print(usage())
        return 0
    if name not in COMMANDS:
        print(f"kiosk: unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module_name, func_name, _ = COMMANDS[name]
    func = getattr(importlib.import_module(module_name), func_name)
    return int(func(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())
