"""Configuration: a TOML file read into frozen, typed sections (`Config`), checked against one schema.

The schema is the section dataclasses in `kiosk.config.schema` (why there: see its docstring). A file is read,
checked and every error is reported at once, each naming the key, the value and what is allowed (`ConfigError`).
`config/kiosk.toml` (`render_default`) and the README's configuration reference (`render_reference`) are
generated from the schema, and tests keep both in step.

A loaded `Config` cannot change (lists become tuples, tables read-only mappings); derive a modified one with
`dataclasses.replace`. The `overrides` given to `load` (the demo, tests) are applied on top of the file's values
before the check, so they are checked like the file and take part in the cross-checks.

A key can be renamed: `RENAMED` maps its old name to the new one. A file that still uses the old name loads, with
a warning in `Config.warnings` asking for the file to be updated; giving both names is an error.

Secrets (`Key.secret`) are never echoed: an error about one shows `'***'`. The technician PIN is kept only as a
salted scrypt hash (`ui.technician_pin_hash`). A file from before that still has a clear `ui.technician_pin` loads:
the PIN is hashed as it is read (so the clear PIN is in no `Config`, hence in no diagnostics or export), with a
loud warning until `kiosk pin set` replaces it with its hash (`kiosk.config.edit`, which also drops the clear key).
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kiosk.config.schema import (
    SCHEMA,
    SECTIONS,
    ApiConfig,
    CentralConfig,
    Config,
    DeviceConfig,
    EvaluatorConfig,
    FlowConfig,
    Key,
    PrinterConfig,
    QrConfig,
    ScannerConfig,
    StoreConfig,
    UiConfig,
)
from kiosk.core.pin import hash_pin, is_trivial

__all__ = [
    "RENAMED",
    "SCHEMA",
    "ApiConfig",
    "CentralConfig",
    "Config",
    "ConfigError",
    "DeviceConfig",
    "EvaluatorConfig",
    "FlowConfig",
    "Key",
    "PrinterConfig",
    "QrConfig",
    "ScannerConfig",
    "StoreConfig",
    "UiConfig",
    "CLEAR_PIN",
    "CLEAR_PIN_WARNING",
    "check",
    "default_data_dir",
    "is_secret",
    "shown",
    "is_loopback",
    "load",
    "production_refusals",
    "render_default",
    "render_reference",
    "store_path",
]

RENAMED: dict[str, str] = {
    "device.window": "device.counter"
}  # "section.old_key": "section.new_key"; the old name is read with a warning


CLEAR_PIN = "ui.technician_pin"  # the old clear-text key: hashed when read, with a warning (see the docstring)
CLEAR_PIN_WARNING = f"SECURITY: {CLEAR_PIN} holds the technician PIN in clear text"  # how that warning starts


def is_secret(name: str) -> bool:
    """True for a secret `section.key` (and the old clear PIN key)."""
    section, _, key = name.partition(".")
    spec = SCHEMA.get(section, {}).get(key)
    return name == CLEAR_PIN or (spec is not None and spec.secret)


def shown(name: str, value: Any) -> str:
    """`value` as an error, a log line or `kiosk config show` may print it: a secret's only as '***' (or '')."""
    if is_secret(name):
        return "'***'" if value else repr(value)
    return repr(value)


def is_loopback(host: str) -> bool:
    """True for "localhost" and any loopback IP address (127.0.0.0/8, ::1); the one loopback rule."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ConfigError(ValueError):
    def __init__(self, errors: list[str], source: str, warnings: tuple[str, ...] = ()):
        self.errors = errors
        self.source = source
        self.warnings = warnings
        lines = [f"  - {e}" for e in errors] + [f"  warning: {w}" for w in warnings]
        super().__init__(f"{source}: {len(errors)} error(s)\n" + "\n".join(lines))


def _type_name(t: type) -> str:
    names = {
        str: "a string",
        int: "an integer",
        bool: "true or false",
        dict: "a table",
        float: "a number",
        list: "a list",
    }
    return names.get(t, str(t))


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return MappingProxyType(dict(value))
    return value


def _migrate(raw: Mapping, source: str, errors: list[str]) -> tuple[dict, tuple[str, ...]]:
    """A copy of `raw` with every renamed key under its new name, and a warning for each."""
    out = {name: dict(given) if isinstance(given, dict) else given for name, given in raw.items()}
    notes = []
    for old, new in RENAMED.items():
        old_section, old_key = old.split(".", 1)
        given = out.get(old_section)
        if not isinstance(given, dict) or old_key not in given:
            continue
        value = given.pop(old_key)
        if not given and old_section not in SCHEMA:
            del out[old_section]
        section, name = new.split(".", 1)
        target = out.setdefault(section, {})
        if not isinstance(target, dict):
            continue  # reported as a section that must be a table
        if name in target:
            errors.append(f"{old} = {shown(new, value)}: renamed to {new}, which is given too; remove {old}")
            continue
        target[name] = value
        notes.append(f"{old} is renamed to {new}: read as {new} = {shown(new, value)}; update {source} to use {new}")
    return out, tuple(notes)


def _clear_pin(given_raw: dict, source: str, errors: list[str]) -> tuple[str, ...]:
    """Replace a clear `ui.technician_pin` by its hash (see the module docstring); the warning or error for it."""
    ui = given_raw.get("ui")
    if not isinstance(ui, dict) or "technician_pin" not in ui:
        return ()
    pin = ui.pop("technician_pin")
    fix = f"run `kiosk pin set --config {source if not source.startswith('<') else 'FILE'}`"
    if "technician_pin_hash" in ui:
        errors.append(f"{CLEAR_PIN} = {shown(CLEAR_PIN, pin)}: give only ui.technician_pin_hash; remove {CLEAR_PIN}")
        return ()
    if pin == "":
        return (f"{CLEAR_PIN} is replaced by ui.technician_pin_hash: remove the empty {CLEAR_PIN} from {source}",)
    if not isinstance(pin, str) or not (4 <= len(pin) <= 12 and pin.isascii() and pin.isdigit()):
        errors.append(f"{CLEAR_PIN} = {shown(CLEAR_PIN, pin)}: must be 4-12 digits; {fix} to set a PIN (stored hashed)")
        return ()
    ui["technician_pin_hash"] = hash_pin(pin)
    trivial = " It is trivial, too (one digit repeated, or a run): choose another." if is_trivial(pin) else ""
    return (
        f"{CLEAR_PIN_WARNING} in {source}; it is accepted for now (read as "
        f"its hash), {fix} to store only its salted hash and remove the clear PIN.{trivial}",
    )


def check(
    raw: Mapping,
    source: str = "<config>",
    *,
    data_dir: str | Path | None = None,
    overrides: Mapping[str, Mapping] | None = None,
) -> Config:
    """Validate a parsed TOML document (then `overrides` on top) against the schema; every default filled in."""
    errors: list[str] = []
    given_raw, warnings = _migrate(raw, source, errors)
    for name, values in (overrides or {}).items():
        target = given_raw.setdefault(name, {})
        if isinstance(target, dict):
            target.update(values)
    warnings += _clear_pin(given_raw, source, errors)
    for name in given_raw:
        if name not in SCHEMA:
            errors.append(f"[{name}]: unknown section (allowed: {', '.join(SCHEMA)})")
    sections: dict[str, Any] = {}
    for section, keys in SCHEMA.items():
        given = given_raw.get(section, {})
        if not isinstance(given, dict):
            errors.append(f"[{section}]: must be a table, got {given!r}")
            given = {}
        for name in given:
            if name not in keys:
                errors.append(f"{section}.{name}: unknown key (allowed: {', '.join(keys)})")
        values = {}
        for name, spec in keys.items():
            value = values[name] = given.get(name, spec.default)
            if spec.type is float and isinstance(value, int) and not isinstance(value, bool):
                value = values[name] = float(value)  # a number key written as an integer (10 for 10.0)
            where = f"{section}.{name} = {shown(f'{section}.{name}', value)}"
            if isinstance(value, bool) and spec.type is not bool or not isinstance(value, spec.type):
                errors.append(f"{where}: must be {_type_name(spec.type)}")
                continue
            values[name] = _frozen(value)
            if spec.allowed and value not in spec.allowed:
                errors.append(f"{where}: allowed values are {', '.join(repr(a) for a in spec.allowed)}")
                continue
            if spec.check is not None and (what := spec.check(value)):
                errors.append(f"{where}: must be {what}")
        sections[section] = SECTIONS[section](**values)
    cfg = Config(**sections, data_dir=_data_dir(data_dir), source=source, warnings=warnings)
    errors += _cross_checks(cfg)
    if errors:
        raise ConfigError(errors, source, warnings)
    return cfg


def _cross_checks(cfg: Config) -> list[str]:
    errors = []
    if cfg.evaluator.driver in ("keys", "frame") and not cfg.evaluator.port:
        errors.append(f"evaluator.port = '': required when evaluator.driver = {cfg.evaluator.driver!r}")
    bind = cfg.api.bind
    if not (isinstance(bind, str) and is_loopback(bind)) and not cfg.api.token:
        errors.append(
            f"api.token = '': required when api.bind = {bind!r} is not loopback "
            "(`kiosk config set api.token VALUE`, a long random value)"
        )
    for name, dev in (("scanner", cfg.scanner), ("printer", cfg.printer)):
        if dev.driver in ("serial", "escpos") and not dev.port:
            errors.append(f"{name}.port = '': required when {name}.driver = {dev.driver!r}")
    tpl, enc = cfg.qr.url_template, cfg.qr.encoding
    if isinstance(tpl, str) and enc == "base64x2" and "{payload}" not in tpl:
        errors.append(f"qr.url_template = {tpl!r}: must contain {{payload}} when qr.encoding = 'base64x2'")
    if isinstance(tpl, str) and enc == "plain" and not all(f"{{{k}}}" in tpl for k in ("projectNo", "sig")):
        errors.append(f"qr.url_template = {tpl!r}: must contain {{projectNo}} and {{sig}} when qr.encoding = 'plain'")
    c = cfg.central
    if c.url and c.protocol == "kiosk-json" and not (c.app_mark and c.app_secret):
        errors.append("central.app_mark / central.app_secret: required when central.url is set")
    if c.url and c.protocol != "kiosk-json":
        if not (c.app_mark and c.app_word and c.platform_public_key):
            errors.append(
                f"central.app_mark / central.app_word / central.platform_public_key: required when "
                f"central.protocol = {c.protocol!r}"
            )
        elif problem := _sm2_key_problem(c.platform_public_key):
            errors.append(f"central.platform_public_key = {c.platform_public_key!r}: {problem}")
    if cfg.qr.source == "central" and c.protocol != "url-form-sm2":
        errors.append(f"qr.source = 'central': needs central.protocol = 'url-form-sm2' (is {c.protocol!r})")
    return errors


def _sm2_key_problem(text: str) -> str | None:
    from kiosk.sync.protocols.sm2 import Sm2Error, parse_public_key

    try:
        parse_public_key(text)
    except Sm2Error as exc:
        return str(exc)
    return None


def production_refusals(cfg: Config) -> list[str]:
    """Why `kiosk run` (not the demo) must not start with this config: a shipped default secret. Each names the key
    and the command that sets it. (No API token off loopback is already an error of `check`.)"""
    where = f" --config {cfg.source}" if not cfg.source.startswith("<") else ""
    out = []
    shipped = SCHEMA["qr"]["secret"].default
    if cfg.qr.secret in (shipped, ""):
        what = f"the shipped default {shipped!r}" if cfg.qr.secret else "empty"
        out.append(
            f"qr.secret is {what}: anyone who knows it can forge the rating links this pad prints and shows. Set "
            f"the key agreed with the centre: `kiosk config set qr.secret KEY{where}`"
        )
    if not is_loopback(cfg.api.bind) and not cfg.api.token:
        out.append(f"api.token is empty with api.bind = {cfg.api.bind!r}: `kiosk config set api.token VALUE{where}`")
    return out


def default_data_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "kiosk"


def _data_dir(data_dir: str | Path | None) -> Path:
    return Path(data_dir or os.environ.get("KIOSK_DATA_DIR") or default_data_dir()).expanduser()


def not_set_up(path: str | Path | None = None) -> str | None:
    """The config file named (`path`, else $KIOSK_CONFIG) when it does not exist yet — an appliance before the
    setup wizard of its first boot has written it; None when none is named or it exists."""
    named = path or os.environ.get("KIOSK_CONFIG")
    return str(named) if named and not Path(named).exists() else None


def load_or_defaults(path: str | Path | None = None, data_dir: str | Path | None = None) -> Config:
    """`load`, but the built-in defaults while the named file does not exist yet (`not_set_up`): for the
    maintenance commands an upgrade runs (`kiosk db`, `kiosk selftest`), which need the data dir, not a setup."""
    missing = not_set_up(path)
    if missing is None:
        return load(path, data_dir)
    return check({}, f"<defaults: no {missing} yet>", data_dir=data_dir)


def load(
    path: str | Path | None = None,
    data_dir: str | Path | None = None,
    overrides: Mapping[str, Mapping] | None = None,
) -> Config:
    """Read the config file (argument, else $KIOSK_CONFIG, else defaults only) and resolve the data dir
    (argument, else $KIOSK_DATA_DIR, else `default_data_dir()`)."""
    path = path or os.environ.get("KIOSK_CONFIG") or None
    raw: dict = {}
    source = "<defaults>"
    if path:
        source = str(path)
        try:
            with open(path, "rb") as fh:
                raw = tomllib.load(fh)
        except FileNotFoundError:
            raise ConfigError([f"file not found: {path}"], source) from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError([f"not valid TOML: {exc}"], source) from None
    return check(raw, source, data_dir=data_dir, overrides=overrides)


def store_path(cfg: Config) -> Path:
    p = Path(cfg.store.path).expanduser()
    return p if p.is_absolute() else cfg.data_dir / p


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return str(v)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }" if v else "{}"
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_default() -> str:
    """The documented default config file (config/kiosk.toml)."""
    lines = [
        "# kiosk configuration. Every key is optional; shown here with its default.",
        "# Checked by `kiosk config validate [--config FILE]`.",
        "",
    ]
    for section, keys in SCHEMA.items():
        lines.append(f"[{section}]")
        for name, spec in keys.items():
            allowed = f" (one of: {', '.join(map(str, spec.allowed))})" if spec.allowed else ""
            lines.append(f"# {spec.doc}{allowed}")
            lines.append(f"{name} = {_toml_value(spec.default)}")
        lines.append("")
    return "\n".join(lines)


def render_reference() -> str:
    """Markdown table of every key, for the README."""
    rows = ["| key | default | meaning |", "|---|---|---|"]
    for section, keys in SCHEMA.items():
        for name, spec in keys.items():
            allowed = f" — {', '.join(map(str, spec.allowed))}" if spec.allowed else ""
            rows.append(f"| `{section}.{name}` | `{_toml_value(spec.default)}` | {spec.doc}{allowed} |")
    return "\n".join(rows)
