"""`kiosk doctor [--config FILE] [--data-dir DIR] [--json]`: is this pad ready for the hall? Exit 0 all well,
1 warnings, 2 failures; every warning and failure names its fix."""

from __future__ import annotations

import argparse
import json
import sys

from kiosk.app.doctor import diagnose

LABELS = {"ok": "OK", "info": "INFO", "warn": "WARN", "fail": "FAIL"}


def render(report) -> str:
    lines = [f"kiosk doctor: config {report.config}, data {report.data_dir}", ""]
    width = max(len(f.check) for f in report.findings)
    for f in report.findings:
        lines.append(f"{LABELS[f.level]:<5} {f.check:<{width}}  {f.message}")
        if f.fix:
            lines.append(f"{'':<5} {'':<{width}}  fix: {f.fix}")
    c = report.counts()
    lines += [
        "",
        f"{c['ok']} ok, {c['info']} info, {c['warn']} warning(s), {c['fail']} failure(s): exit {report.exit_code}",
    ]
    return "\n".join(lines)


def main(argv: list[str], *, host=None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk doctor", description="check this pad, name the fix for each problem")
    parser.add_argument("--config", help="TOML file (default: $KIOSK_CONFIG, else /etc/kiosk/kiosk.toml when present)")
    parser.add_argument(
        "--data-dir", help="data directory (default: $KIOSK_DATA_DIR, else /var/lib/kiosk when present)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout, for remote support")
    args = parser.parse_args(argv)
    report = diagnose(args.config, args.data_dir, host)
    if args.json:
        json.dump(report.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(render(report))
    return report.exit_code
