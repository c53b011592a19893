"""`kiosk config validate [--config FILE]` and `kiosk config default`."""

from __future__ import annotations

import argparse
import sys

from kiosk import config


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk config")
    sub = parser.add_subparsers(dest="action", required=True)
    val = sub.add_parser("validate", help="check a config file; report every error at once (exit 2 on errors)")
    val.add_argument("--config", help="TOML file (default: $KIOSK_CONFIG, else built-in defaults)")
    sub.add_parser("default", help="print the documented default config")
    args = parser.parse_args(argv)
    if args.action == "default":
        sys.stdout.write(config.render_default())
        return 0
    try:
        cfg = config.load(args.config)
    except config.ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    for warning in cfg.warnings:
        print(f"{cfg.source}: warning: {warning}", file=sys.stderr)
    print(f"{cfg.source}: ok (device {cfg.device.id}, mode {cfg.device.mode}, evaluator {cfg.evaluator.driver})")
    return 0
