"""`kiosk selftest [--config FILE] [--data-dir DIR] [--shot PNG]`: exit 0 when this release can run here.

Opens a copy of the database (never the live file), migrates it, renders the first frame offscreen.
Exit 0 all well, 1 a failure (named on stderr), 2 the config is not valid.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from kiosk import config


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk selftest", description="check this release on a copy of the data")
    parser.add_argument("--config", help="TOML file (default: $KIOSK_CONFIG, else built-in defaults)")
    parser.add_argument("--data-dir", help="data directory (default: $KIOSK_DATA_DIR, else ~/.local/share/kiosk)")
    parser.add_argument("--shot", help="also save the first frame to this PNG file")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory (its path is printed)")
    args = parser.parse_args(argv)
    from kiosk.app.selftest import SelftestError, check_database, offscreen_environment, render_first_frame

    offscreen_environment()  # before Qt loads
    named = config.not_set_up(args.config)
    if named is not None:  # a first install: the setup wizard writes it at the first boot
        print(f"no config at {named} yet (the setup wizard writes it): checked with the defaults")
        args.config = None
        os.environ.pop("KIOSK_CONFIG", None)  # config.load falls back to it
    try:
        cfg = config.load(args.config, args.data_dir)
    except config.ConfigError as exc:
        print(f"kiosk selftest: FAILED: the config is not valid\n{exc}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="kiosk-selftest-"))
    try:
        print(f"config {cfg.source}: valid (device {cfg.device.id}, mode {cfg.device.mode})")
        copy, lines = check_database(cfg, work)
        lines += render_first_frame(args.config, work, copy, Path(args.shot) if args.shot else None)
    except SelftestError as exc:
        print(f"kiosk selftest: FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"scratch directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    for line in lines:
        print(line)
    print("kiosk selftest: ok")
    return 0
