"""`kiosk stats` and `kiosk export`: the hall's figures and its ratings, from the pad's database.

    kiosk stats  --from YYYY-MM-DD --to YYYY-MM-DD [--staff 工号] [--window 窗口] [--by day|month|staff|window]
                 [--csv | --json] [--config FILE] [--data-dir DIR]
    kiosk export --since YYYY-MM-DD --until YYYY-MM-DD --format csv|json --out FILE [--include-pii]
                 [--config FILE] [--data-dir DIR]

Both read the live database safely while the kiosk runs (WAL: a reader never blocks a rating). Days are
Asia/Shanghai calendar days, both ends included. A bad date exits 2 naming the option; a failed export
(a USB stick pulled out) exits 1 with the reason and leaves no half file under FILE.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys

from kiosk import config

BY = ("day", "month", "staff", "window")
CSV_COLUMNS = (
    "part key total level1 level2 level3 level4 level5 goodRate score bad incomplete badReasons ignored "
    "fast_press burst walk_in_no_staff"
).split()


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", help="TOML file (default: $KIOSK_CONFIG, else built-in defaults)")
    p.add_argument("--data-dir", help="data directory (default: $KIOSK_DATA_DIR, else ~/.local/share/kiosk)")


def _open_store(args):
    """The store of the configured data dir, or None (the error printed)."""
    from kiosk.store.db import StorageError, Store

    try:
        cfg = config.load(args.config, args.data_dir)
    except config.ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return None
    path = config.store_path(cfg)
    if not path.is_file():
        print(f"no database at {path}: nothing has been rated on this pad yet", file=sys.stderr)
        return None
    try:
        return Store(path)
    except StorageError as exc:
        print(f"cannot open the database: {exc}", file=sys.stderr)
        return None


def _period_and_store(args, prog: str, days: tuple[str, str], names: tuple[str, str]):
    """The period the two options give and the store, or None (the error printed): what both commands start with."""
    from kiosk.core.stats import Period, PeriodError

    try:
        period = Period.parse(*days, names)
    except PeriodError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return None
    store = _open_store(args)
    return None if store is None else (period, store)


def _row(part: str, key: str, t: dict) -> list:
    levels = [t["byLevel"][str(lv)] for lv in (1, 2, 3, 4, 5)]
    reasons = "; ".join(f"{code}×{n}" for code, n in t["badReasons"].items())
    flags = [t["suspect"][f] for f in ("fast_press", "burst", "walk_in_no_staff")]
    return [part, key, t["total"], *levels, t["goodRate"], t["score"], t["bad"], t["incomplete"], reasons,
            t["ignored"], *flags]  # fmt: skip


def _parts(data: dict, by: str | None) -> list[tuple[str, str, dict]]:
    rows = [("period", f"{data['from']}..{data['to']}", data)]
    if by:
        name = {"day": "byDay", "month": "byMonth", "staff": "byStaff", "window": "byWindow"}[by]
        rows += [(by, key, t) for key, t in data[name].items()]
    return rows


def _print_text(data: dict, by: str | None) -> None:
    print(f"{'':<24}{'总数':>6}{'1':>5}{'2':>5}{'3':>5}{'4':>5}{'5':>6}{'好评率':>8}{'得分':>7}{'差评':>5}"
          f"{'不完整':>5}{'忽略':>5}  标记(fast/burst/walk-in)  差评原因")  # fmt: skip
    for part, key, t in _parts(data, by):
        r = _row(part, key, t)
        label = key if part != "period" else f"{data['from']} — {data['to']}"
        if part == "staff":
            label = f"工号 {key or '(无)'}"
        elif part == "window":
            label = f"窗口 {key or '(无)'}"
        print(f"{label:<24}{r[2]:>8}{r[3]:>6}{r[4]:>6}{r[5]:>6}{r[6]:>6}{r[7]:>6}{r[8]:>9.1%}{r[9]:>8.2f}"
              f"{r[10]:>7}{r[11]:>7}{r[13]:>7}  {r[14]}/{r[15]}/{r[16]}  {r[12]}")  # fmt: skip


def main_stats(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="kiosk stats", description="好评率 and its 20-point score (seed 000: 20 × 好评率), 差评, flags"
    )
    parser.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="end", required=True, help="last day (included), YYYY-MM-DD")
    parser.add_argument("--staff", help="only this staff member (工号, handleUserPageCode)")
    parser.add_argument("--window", help="only this service window (counter)")
    parser.add_argument("--by", choices=BY, help="also list the figures per day, month, staff member or window")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--csv", action="store_true", help="CSV (UTF-8 with BOM) on standard output")
    out.add_argument("--json", action="store_true", help="JSON on standard output")
    _common(parser)
    args = parser.parse_args(argv)
    from kiosk.store import stats

    opened = _period_and_store(args, "kiosk stats", (args.start, args.end), ("--from", "--to"))
    if opened is None:
        return 2
    period, store = opened
    with store:
        report = stats.report(
            store.conn, period, staff=args.staff, counter=args.window, breakdown=args.by in ("staff", "window")
        )
    data = report.as_dict()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif args.csv:
        sys.stdout.write("\ufeff")
        writer = csv.writer(sys.stdout)
        writer.writerow(CSV_COLUMNS)
        for part, key, t in _parts(data, args.by):
            writer.writerow(_row(part, key, t))
    else:
        _print_text(data, args.by)
    return 0


def main_export(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="kiosk export", description="the ratings of a period to a file (e.g. on a USB stick), atomically"
    )
    parser.add_argument("--since", required=True, help="first day, YYYY-MM-DD")
    parser.add_argument("--until", required=True, help="last day (included), YYYY-MM-DD")
    parser.add_argument("--format", choices=("csv", "json"), required=True, help="csv (UTF-8 with BOM) or json")
    parser.add_argument("--out", required=True, help="the file to write (replaced atomically)")
    parser.add_argument(
        "--include-pii", action="store_true", help="applicant names, ID and mobile numbers in clear (default: masked)"
    )
    _common(parser)
    args = parser.parse_args(argv)
    from kiosk.app.export import ExportError, export

    opened = _period_and_store(args, "kiosk export", (args.since, args.until), ("--since", "--until"))
    if opened is None:
        return 2
    period, store = opened
    try:
        with store:
            n = export(store, args.out, args.format, period, include_pii=args.include_pii)
    except ExportError as exc:
        print(f"kiosk export: FAILED: {exc.strerror}", file=sys.stderr)
        return 1
    masked = "personal data in clear" if args.include_pii else "personal data masked"
    print(f"exported {n} rating(s) from {period.start} to {period.end} to {args.out} ({args.format}, {masked})")
    return 0
