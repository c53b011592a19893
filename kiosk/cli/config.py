"""`kiosk config show | get KEY | set KEY VALUE | unset KEY | validate | default` and `kiosk pin set | clear`.

Headless provisioning with the schema the pad itself loads: KEY is `section.key`; a rejected value exits 2
naming the key, the value and what is allowed, prints no traceback and leaves the file byte for byte as it was
(`kiosk.config.edit`). A write that fails (disk full, read-only) exits 1, the file again untouched. Secrets are
masked by `show` and `get` (`get --reveal` prints one). Changes are logged to the kiosk log, never a secret's value.

The file: --config FILE, else $KIOSK_CONFIG, else the appliance's /etc/kiosk/kiosk.toml when it exists; `set` and
`pin set` create it when missing. The kiosk log: --data-dir, else $KIOSK_DATA_DIR, else /var/lib/kiosk when it
exists, else the default data dir.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from pathlib import Path

from kiosk import config, logs
from kiosk.config import edit
from kiosk.core.pin import RULE, check_pin_text, hash_pin

APPLIANCE_CONFIG = Path("/etc/kiosk/kiosk.toml")
APPLIANCE_DATA = Path("/var/lib/kiosk")


def _config_path(given: str | None) -> str | None:
    if given or os.environ.get("KIOSK_CONFIG"):
        return given or os.environ["KIOSK_CONFIG"]
    return str(APPLIANCE_CONFIG) if APPLIANCE_CONFIG.is_file() else None


def _file_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="TOML file (default: $KIOSK_CONFIG, else /etc/kiosk/kiosk.toml when present)")
    parser.add_argument("--data-dir", help="where the kiosk log is (default: $KIOSK_DATA_DIR, else /var/lib/kiosk)")


def _setup_log(data_dir: str | None) -> None:
    """Changes go to the pad's own log file: appended to when it exists (never rolled over from here, so root
    leaves no root-owned kiosk.log the pad's user cannot open), created only in a data dir of this user's; else
    to stderr."""
    given = data_dir or os.environ.get("KIOSK_DATA_DIR")
    folder = Path(given) if given else APPLIANCE_DATA if APPLIANCE_DATA.is_dir() else config.default_data_dir()
    log_file = folder / "logs" / "kiosk.log"
    try:
        if log_file.is_file() and os.access(log_file, os.W_OK):
            logs.setup(folder, stderr=False, rotate=False)
            return
        if folder.is_dir() and folder.stat().st_uid == os.geteuid():
            logs.setup(folder, stderr=False)
            return
    except OSError as exc:
        print(f"kiosk config: not logging to {log_file}: {exc}", file=sys.stderr)
    logs.setup(None, stderr=True)


def _rejected(exc: config.ConfigError, path: str | None = None) -> int:
    if path and exc.source != path:  # a value refused before the file was read: name the file all the same
        exc = type(exc)(exc.errors, path, exc.warnings)
    print(str(exc), file=sys.stderr)
    return 1 if isinstance(exc, edit.ConfigWriteError) else 2


def _need_file(path: str | None, what: str) -> str:
    if path is None:
        raise config.ConfigError(
            [f"no config file to {what}: give --config FILE (or set KIOSK_CONFIG)"], "kiosk config"
        )
    return path


def _show(cfg: config.Config) -> str:
    lines = [f"# {cfg.source} (data dir {cfg.data_dir}); secrets masked", ""]
    for section, keys in config.SCHEMA.items():
        lines.append(f"[{section}]")
        values = getattr(cfg, section)
        for name, spec in keys.items():
            value = getattr(values, name)
            default = (
                "" if value == spec.default or (isinstance(value, tuple) and list(value) == spec.default) else "  # set"
            )
            lines.append(f"{name} = {edit.format_value(f'{section}.{name}', value)}{default}")
        lines.append("")
    return "\n".join(lines)


def _set_text(args: argparse.Namespace) -> str:
    if args.stdin == (args.value is not None):
        raise config.ConfigError([f"{args.key}: give VALUE or --stdin (one of them)"], "kiosk config set")
    return args.value if args.value is not None else sys.stdin.readline().rstrip("\r\n")


def _get(cfg: config.Config, key: str, reveal: bool) -> str:
    edit.key_spec(key)
    section, _, name = key.partition(".")
    return edit.format_value(key, getattr(getattr(cfg, section), name), reveal=reveal)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk config", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="action", required=True)
    val = sub.add_parser("validate", help="check a config file; report every error at once (exit 2 on errors)")
    val.add_argument("--production", action="store_true", help="also exit 2 when `kiosk run` would refuse it")
    val.add_argument(
        "--missing-ok",
        action="store_true",
        help="exit 0 when the file does not exist yet (`kiosk run` then opens the setup wizard, which writes it)",
    )
    show = sub.add_parser("show", help="every key's value as the pad reads it (secrets masked)")
    get = sub.add_parser("get", help="one key's value, in TOML syntax")
    get.add_argument("key", metavar="KEY", help="section.key, e.g. device.id")
    get.add_argument("--reveal", action="store_true", help="print a secret's value too")
    set_ = sub.add_parser("set", help="check and write one key (exit 2 when rejected: the file is untouched)")
    set_.add_argument("key", metavar="KEY", help="section.key, e.g. qr.secret")
    set_.add_argument("value", metavar="VALUE", nargs="?", help='as text: 5, true, 政务服务中心, ["a", "b"], { A = 5 }')
    set_.add_argument(
        "--stdin",
        action="store_true",
        help="read VALUE from the first line of standard input (a secret kept out of ps)",
    )
    unset = sub.add_parser("unset", help="remove a key from the file: back to its default")
    unset.add_argument("key", metavar="KEY")
    for p in (val, show, get, set_, unset):
        _file_args(p)
    sub.add_parser("default", help="print the documented default config")
    args = parser.parse_args(argv)
    if args.action == "default":
        sys.stdout.write(config.render_default())
        return 0
    path = _config_path(args.config)
    try:
        if args.action in ("set", "unset"):
            target = Path(_need_file(path, args.action))
            value = edit.parse_value(args.key, _set_text(args)) if args.action == "set" else None
            edit.key_spec(args.key)
            _setup_log(args.data_dir)
            cfg = edit.apply_changes(target, {args.key: value}, data_dir=args.data_dir)
            print(f"{target}: {args.key} = {_get(cfg, args.key, False)}" + (" (default)" if value is None else ""))
        elif args.action == "validate" and args.missing_ok and path and not Path(path).exists():
            print(f"{path}: no config yet: `kiosk run` opens the setup wizard, which writes it")
            return 0
        else:
            cfg = config.load(path, args.data_dir)
            if args.action == "show":
                sys.stdout.write(_show(cfg))
            elif args.action == "get":
                print(_get(cfg, args.key, args.reveal))
            elif args.production and (refusals := config.production_refusals(cfg)):
                print(
                    f"{cfg.source}: `kiosk run` refuses it:", *(f"  - {r}" for r in refusals), sep="\n", file=sys.stderr
                )
                return 2
            else:
                print(
                    f"{cfg.source}: ok (device {cfg.device.id}, mode {cfg.device.mode}, evaluator {cfg.evaluator.driver})"
                )
    except config.ConfigError as exc:
        return _rejected(exc, path)
    for warning in cfg.warnings:
        print(f"{cfg.source}: warning: {warning}", file=sys.stderr)
    return 0


def _read_pin(prompt: str) -> str:
    """From the terminal without echo; from piped standard input (provisioning scripts) one line each."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    if not line:
        raise config.ConfigError(["standard input ended before the PIN was given twice"], "kiosk pin set")
    return line.rstrip("\r\n")


def main_pin(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="kiosk pin",
        description="the technician PIN: `set` asks for it twice (no echo; or two lines on standard input) and "
        "stores only its salted scrypt hash (ui.technician_pin_hash); `clear` closes the technician screens",
    )
    sub = parser.add_subparsers(dest="action", required=True)
    for name in ("set", "clear"):
        _file_args(sub.add_parser(name))
    args = parser.parse_args(argv)
    try:
        target = Path(_need_file(_config_path(args.config), f"pin {args.action}"))
        if args.action == "clear":
            value = ""
        else:
            pin = _read_pin(f"new technician PIN ({RULE}): ")
            if problem := check_pin_text(pin):
                raise config.ConfigError([f"ui.technician_pin_hash: {problem}; allowed: {RULE}"], "kiosk pin set")
            if _read_pin("the same PIN again: ") != pin:
                raise config.ConfigError(
                    ["ui.technician_pin_hash: the two PINs differ; nothing changed"], "kiosk pin set"
                )
            value = hash_pin(pin)
            del pin
        _setup_log(args.data_dir)
        cfg = edit.apply_changes(target, {"ui.technician_pin_hash": value}, data_dir=args.data_dir)
    except config.ConfigError as exc:
        return _rejected(exc)
    except (KeyboardInterrupt, EOFError):
        print("\nkiosk pin: cancelled; nothing changed", file=sys.stderr)
        return 2
    for warning in cfg.warnings:
        print(f"{cfg.source}: warning: {warning}", file=sys.stderr)
    if value:
        print(f"{target}: technician PIN set (only its salted hash is stored, in ui.technician_pin_hash)")
    else:
        print(f"{target}: technician PIN cleared: the technician screens stay closed until `kiosk pin set`")
    logging.getLogger(__name__).info("technician PIN %s in %s", "set" if value else "cleared", target)
    return 0
