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
    "check",
    "default_data_dir",
    "is_loopback",
    "load",
    "render_default",
    "render_reference",
    "store_path",
]

RENAMED: dict[str, str] = {
    "device.window": "device.counter"
}  # "section.old_key": "section.new_key"; the old name is read with a warning


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
            errors.append(f"{old} = {value!r}: renamed to {new}, which is given too; remove {old}")
            continue
        target[name] = value
        notes.append(f"{old} is renamed to {new}: read as {new} = {value!r}; update {source} to use {new}")
    return out, tuple(notes)


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
            where = f"{section}.{name} = {value!r}"
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
        errors.append(f"api.token = '': required when api.bind = {bind!r} is not loopback")
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


def default_data_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "kiosk"


def _data_dir(data_dir: str | Path | None) -> Path:
    return Path(data_dir or os.environ.get("KIOSK_DATA_DIR") or default_data_dir()).expanduser()


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
    if isinstance(v, int):
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
