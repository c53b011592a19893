"""`kiosk db backup|restore`: the database steps of an upgrade and a rollback (installer/install.sh).

    kiosk db backup  [--config FILE] [--data-dir DIR] [--label TEXT] [--keep N]
    kiosk db restore --backup FILE [--config FILE] [--data-dir DIR]

`backup` copies the live database with SQLite's online backup into DATA_DIR/backups (safe while the kiosk
runs) and keeps the newest N there. `restore` is the rollback across a breaking schema: with the kiosk
stopped, the backup's schema takes every row of the live file (kiosk.store.backup.restore_with_carry_over).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk import config


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", help="TOML file (default: $KIOSK_CONFIG, else built-in defaults)")
    p.add_argument("--data-dir", help="data directory (default: $KIOSK_DATA_DIR, else ~/.local/share/kiosk)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk db")
    sub = parser.add_subparsers(dest="action", required=True)
    b = sub.add_parser("backup", help="online backup of the live database into DATA_DIR/backups")
    _common(b)
    b.add_argument("--label", default="", help="added to the file name, e.g. before-0.2.0")
    b.add_argument("--keep", type=int, default=10, help="backups to keep (default 10)")
    r = sub.add_parser("restore", help="rollback across a breaking schema: the backup's schema, the live rows")
    _common(r)
    r.add_argument("--backup", required=True, help="the backup taken before the upgrade")
    args = parser.parse_args(argv)
    from kiosk.store.backup import BackupError, backup_name, online_backup, prune_backups, restore_with_carry_over

    try:
        cfg = config.load_or_defaults(args.config, args.data_dir)  # an upgrade before the first boot's setup
    except config.ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    live = config.store_path(cfg)
    backups = cfg.data_dir / "backups"
    try:
        if args.action == "backup":
            if not live.is_file():
                print(f"no database at {live} yet: nothing to back up")
                return 0
            dest = online_backup(live, backups / backup_name(args.label))
            for old in prune_backups(backups, args.keep):
                print(f"removed old backup {old}", file=sys.stderr)
            print(dest)
            return 0
        report = restore_with_carry_over(live, Path(args.backup), backups)
    except (BackupError, OSError) as exc:
        print(f"kiosk db {args.action}: FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"restored {live} from {args.backup} with every live row carried over: {report.summary()}")
    return 0
