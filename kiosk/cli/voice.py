"""`kiosk voice build [--out DIR]`: render the voice prompts with espeak-ng (into the package's assets by default)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from kiosk.devices import voice


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk voice")
    sub = parser.add_subparsers(dest="action", required=True)
    b = sub.add_parser("build", help="render the voice prompts with espeak-ng")
    b.add_argument("--out", default=str(voice.DEFAULT_DIR), help="output directory (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        for path in voice.build(Path(args.out)):
            print(path)
    except (RuntimeError, subprocess.SubprocessError) as exc:
        print(f"kiosk voice: {exc}", file=sys.stderr)
        return 1
    return 0
