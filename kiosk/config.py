"""Configuration: one typed schema with defaults and a description per key.

A file is read (TOML), checked against the schema and every error is reported at once, each naming the
key, the value and what is allowed. `config/kiosk.toml` is generated from this schema (`render_default`)
and a test keeps the two in step.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Key:
    """One config key: its type, default, description and what values are allowed."""

    type: type | tuple[type, ...]
    default: Any
    doc: str
    allowed: tuple | None = None  # enumerated values
    check: Callable[[Any], str | None] | None = None  # returns what is allowed when the value is bad


def _range(lo: int, hi: int) -> Callable[[Any], str | None]:
    return lambda v: None if lo <= v <= hi else f"an integer from {lo} to {hi}"


def _pattern(regex: str, what: str) -> Callable[[Any], str | None]:
    rx = re.compile(regex)
    return lambda v: None if rx.fullmatch(v) else what


def _keymap(v: dict) -> str | None:
    for k, lvl in v.items():
        if not isinstance(k, str) or len(k) != 1 or isinstance(lvl, bool) or lvl not in (1, 2, 3, 4, 5):
            return "a table of single characters to levels 1..5, e.g. { A = 5, B = 3, C = 1 }"
    return None


def _bind(v: str) -> str | None:
    if v == "localhost":
        return None
    import ipaddress

    try:
        ipaddress.ip_address(v)
    except ValueError:
        return "an IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0"
    return None


def _url(v: str) -> str | None:
    return None if v == "" or re.fullmatch(r"https?://[^\s/]+(/\S*)?", v) else "an http:// or https:// URL, or empty"


SCHEMA: dict[str, dict[str, Key]] = {
    "device": {
        "id": Key(
            str,
            "KIOSK-DEMO-01",
            "device id known to the centre (deviceId)",
            check=_pattern(r"[A-Za-z0-9_.-]{1,32}", "1-32 letters, digits, '-', '_' or '.'"),
        ),
        "mode": Key(
            str,
            "window",
            "window = evaluator pad at a staffed window; terminal = 24-hour self-service",
            allowed=("window", "terminal"),
        ),
        "area_code": Key(
            str,
            "420100000000",
            "12-digit administrative division code (areaCode)",
            check=_pattern(r"\d{12}", "exactly 12 digits"),
        ),
        "hall": Key(str, "政务服务中心", "hall name shown in the top bar"),
        "window": Key(str, "3号窗口", "window name or number shown and sent with each rating"),
        "dept_code": Key(str, "", "department code (deptCode) of this window"),
        "dept_name": Key(str, "", "department name (proDepart) of this window"),
    },
    "store": {
        "path": Key(str, "kiosk.db", "SQLite file; a relative path is under the data dir"),
        "pii_retention_days": Key(
            int, 7, "days after delivery before userName/certKey/mobile are blanked", check=_range(0, 3650)
        ),
    },
    "evaluator": {
        "driver": Key(
            str,
            "sim",
            "sim = on-screen simulator, keys = one byte per press, frame = smart protocol, none = touch screen only",
            allowed=("sim", "keys", "frame", "none"),
        ),
        "port": Key(str, "", "serial device path, e.g. /dev/ttyUSB0 or /dev/serial/by-id/..."),
        "baudrate": Key(int, 9600, "serial speed", allowed=(1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)),
        "keymap": Key(
            dict, {}, "keys driver: byte to level, e.g. { A = 5, B = 3, C = 1 }; empty = '1'..'5'", check=_keymap
        ),
        "heartbeat_misses": Key(
            int, 3, "frame driver: missed heartbeats before the device counts as offline", check=_range(1, 60)
        ),
    },
    "api": {
        "bind": Key(str, "127.0.0.1", "address the local API listens on", check=_bind),
        "port": Key(int, 8470, "local API port", check=_range(1, 65535)),
        "token": Key(str, "", "bearer token; required when bind is not loopback"),
    },
    "central": {
        "url": Key(str, "", "base URL of the central 好差评 system; empty = no sync", check=_url),
        "app_mark": Key(str, "", "X-App-Mark issued by the centre"),
        "app_secret": Key(str, "", "signing secret issued by the centre"),
        "signer": Key(str, "hmac-sha256", "request signature", allowed=("hmac-sha256", "hmac-sm3")),
        "interval_seconds": Key(int, 60, "scheduled sync interval", check=_range(5, 86400)),
        "batch_size": Key(int, 200, "records per request", check=_range(1, 1000)),
        "timeout_seconds": Key(int, 10, "request timeout", check=_range(1, 120)),
        "ca_file": Key(str, "", "PEM bundle of a private CA; empty = system CAs"),
        "verify_tls": Key(bool, True, "verify TLS certificates (false is refused outside the demo)"),
    },
    "ui": {
        "width": Key(int, 1280, "window width in pixels", check=_range(480, 7680)),
        "height": Key(int, 800, "window height in pixels", check=_range(480, 7680)),
        "fullscreen": Key(bool, False, "full screen (production pads) or a window"),
        "language": Key(str, "zh_CN", "interface language", allowed=("zh_CN", "en")),
        "elder_mode": Key(bool, False, "适老化: every size × 1.4"),
        "notices": Key(
            list,
            [],
            'attract-screen notices: texts ("标题\\n正文") or image paths; empty = the centre\'s '
            "notices and the images in assets/images",
            check=lambda v: None if all(isinstance(x, str) for x in v) else "a list of strings",
        ),
        "voice": Key(bool, True, "speak prompts (built by `kiosk voice build`; needs a player such as aplay)"),
        "voice_player": Key(str, "aplay -q", "command that plays a WAV file given as its last argument"),
        "technician_pin": Key(
            str,
            "",
            "PIN for the technician screens; empty = disabled",
            check=_pattern(r"(\d{4,12})?", "4-12 digits or empty"),
        ),
    },
    "scanner": {
        "driver": Key(
            str,
            "none",
            "serial = line-mode scanner on a port, keyboard = USB keyboard-wedge scanner",
            allowed=("serial", "keyboard", "none"),
        ),
        "port": Key(str, "", "serial scanner device path"),
        "baudrate": Key(int, 9600, "serial scanner speed", allowed=(9600, 19200, 38400, 57600, 115200)),
    },
    "printer": {
        "driver": Key(str, "none", "escpos = ESC/POS thermal printer on a serial port", allowed=("escpos", "none")),
        "port": Key(str, "", "printer device path"),
        "baudrate": Key(int, 9600, "printer speed", allowed=(9600, 19200, 38400, 57600, 115200)),
        "qr_mode": Key(
            str, "native", "native = GS ( k QR; raster = image for printers without it", allowed=("native", "raster")
        ),
    },
    "qr": {
        "url_template": Key(
            str,
            "https://hcp.example.gov.cn/rate?projectNo={projectNo}&deviceId={deviceId}&pf={pf}&ts={ts}&sig={sig}",
            "rating link; plain: {projectNo} {deviceId} {pf} {ts} {sig}; base64x2: {payload}",
            check=_url,
        ),
        "secret": Key(str, "change-me", "HMAC-SHA256 key that signs rating links"),
        "encoding": Key(str, "plain", "how the link carries its fields", allowed=("plain", "base64x2")),
    },
    "flow": {
        "invite_timeout_s": Key(int, 30, "seconds the buttons stay live after an invitation", check=_range(5, 600)),
        "details_timeout_s": Key(int, 60, "seconds the reasons page stays open", check=_range(5, 600)),
        "thanks_s": Key(int, 3, "seconds the thank-you screen shows", check=_range(1, 60)),
        "qr_screen_s": Key(
            int,
            15,
            "seconds the expired screen (扫码稍后评价) and a terminal's thanks screen (QR, 打印凭条) stay",
            check=_range(3, 120),
        ),
        "walk_in": Key(bool, False, "a press while idle starts its own rating (device-local case number)"),
    },
}


class ConfigError(ValueError):
    def __init__(self, errors: list[str], source: str):
        self.errors = errors
        self.source = source
        super().__init__(f"{source}: {len(errors)} error(s)\n" + "\n".join(f"  - {e}" for e in errors))


class Section(dict):
    """A config section; keys readable as attributes (cfg.device.id)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


class Config(dict):
    def __getattr__(self, name: str) -> Section:
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    data_dir: Path
    source: str


def _type_name(t: type | tuple[type, ...]) -> str:
    names = {
        str: "a string",
        int: "an integer",
        bool: "true or false",
        dict: "a table",
        float: "a number",
        list: "a list",
    }
    return names.get(t, str(t)) if isinstance(t, type) else " or ".join(names.get(x, str(x)) for x in t)


def check(raw: dict, source: str = "<config>") -> Config:
    """Validate a parsed TOML document against the schema; return a Config with every default filled in."""
    errors: list[str] = []
    cfg = Config()
    for name in raw:
        if name not in SCHEMA:
            errors.append(f"[{name}]: unknown section (allowed: {', '.join(SCHEMA)})")
    for section, keys in SCHEMA.items():
        given = raw.get(section, {})
        if not isinstance(given, dict):
            errors.append(f"[{section}]: must be a table, got {given!r}")
            given = {}
        out = Section()
        for key in given:
            if key not in keys:
                errors.append(f"{section}.{key}: unknown key (allowed: {', '.join(keys)})")
        for key, spec in keys.items():
            value = given.get(key, spec.default)
            out[key] = value
            where = f"{section}.{key} = {value!r}"
            if isinstance(value, bool) and spec.type is not bool or not isinstance(value, spec.type):
                errors.append(f"{where}: must be {_type_name(spec.type)}")
                continue
            if spec.allowed is not None and value not in spec.allowed:
                errors.append(f"{where}: allowed values are {', '.join(repr(a) for a in spec.allowed)}")
                continue
            if spec.check is not None and (what := spec.check(value)):
                errors.append(f"{where}: must be {what}")
        cfg[section] = out
    errors += _cross_checks(cfg)
    if errors:
        raise ConfigError(errors, source)
    return cfg


def _cross_checks(cfg: Config) -> list[str]:
    errors = []
    if cfg.evaluator.driver in ("keys", "frame") and not cfg.evaluator.port:
        errors.append(f"evaluator.port = '': required when evaluator.driver = {cfg.evaluator.driver!r}")
    if cfg.api.bind not in ("127.0.0.1", "localhost", "::1") and not cfg.api.token:
        errors.append(f"api.token = '': required when api.bind = {cfg.api.bind!r} is not loopback")
    for dev in ("scanner", "printer"):
        if cfg[dev].driver in ("serial", "escpos") and not cfg[dev].port:
            errors.append(f"{dev}.port = '': required when {dev}.driver = {cfg[dev].driver!r}")
    tpl, enc = cfg.qr.url_template, cfg.qr.encoding
    if isinstance(tpl, str) and enc == "base64x2" and "{payload}" not in tpl:
        errors.append(f"qr.url_template = {tpl!r}: must contain {{payload}} when qr.encoding = 'base64x2'")
    if isinstance(tpl, str) and enc == "plain" and not all(f"{{{k}}}" in tpl for k in ("projectNo", "sig")):
        errors.append(f"qr.url_template = {tpl!r}: must contain {{projectNo}} and {{sig}} when qr.encoding = 'plain'")
    if cfg.central.url and not (cfg.central.app_mark and cfg.central.app_secret):
        errors.append("central.app_mark / central.app_secret: required when central.url is set")
    return errors


def default_data_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "kiosk"


def load(path: str | Path | None = None, data_dir: str | Path | None = None, overrides: dict | None = None) -> Config:
    """Read the config file (argument, else $KIOSK_CONFIG, else defaults only) and resolve the data dir."""
    path = path or os.environ.get("KIOSK_CONFIG") or None
    raw: dict = {}
    source = "<defaults>"
    if path:
        source = str(path)
        import tomllib  # only when there is a file to parse

        try:
            with open(path, "rb") as fh:
                raw = tomllib.load(fh)
        except FileNotFoundError:
            raise ConfigError([f"file not found: {path}"], source) from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError([f"not valid TOML: {exc}"], source) from None
    for section, values in (overrides or {}).items():
        raw.setdefault(section, {}).update(values)
    cfg = check(raw, source)
    cfg.data_dir = Path(data_dir or os.environ.get("KIOSK_DATA_DIR") or default_data_dir()).expanduser()
    cfg.source = source
    return cfg


def store_path(cfg: Config) -> Path:
    p = Path(cfg.store.path).expanduser()
    return p if p.is_absolute() else cfg.data_dir / p


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
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
        for key, spec in keys.items():
            allowed = f" (one of: {', '.join(map(str, spec.allowed))})" if spec.allowed else ""
            lines.append(f"# {spec.doc}{allowed}")
            lines.append(f"{key} = {_toml_value(spec.default)}")
        lines.append("")
    return "\n".join(lines)


def render_reference() -> str:
    """Markdown table of every key, for the README."""
    rows = ["| key | default | meaning |", "|---|---|---|"]
    for section, keys in SCHEMA.items():
        for key, spec in keys.items():
            allowed = f" — {', '.join(map(str, spec.allowed))}" if spec.allowed else ""
            rows.append(f"| `{section}.{key}` | `{_toml_value(spec.default)}` | {spec.doc}{allowed} |")
    return "\n".join(rows)
