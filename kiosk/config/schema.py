"""The config schema: one frozen dataclass per section, whose fields are the keys.

Each field's annotation is the key's type, `key(...)` gives its default (as written in the file), description,
allowed values and check. These dataclasses are the one schema, rather than a table of keys from which they
would be built, so that a key is written once, where it is read, and a type checker sees `cfg.ui.width` as an
int. `SCHEMA` is a view of them, section by section, that the loader checks a file against and the renderers
write `config/kiosk.toml` and the README reference from.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, get_origin, get_type_hints

from kiosk.core.pin import is_pin_hash

Check = Callable[[Any], str | None]  # None when the value is good, else what is allowed


def key(default: Any, doc: str, *, allowed: tuple = (), check: Check | None = None, secret: bool = False) -> Any:
    """A config key: a dataclass field whose metadata the loader and the renderers read.

    `default` is written as in the file (a list, a table); the field's own default is its frozen form. A `secret`
    key's value is never shown: not in an error, a log line, `kiosk config show` or diagnostics."""
    meta = {"default": default, "doc": doc, "allowed": allowed, "check": check, "secret": secret}
    if isinstance(default, dict):
        frozen = MappingProxyType(dict(default))
        return field(default_factory=lambda: frozen, metadata=meta)
    return field(default=tuple(default) if isinstance(default, list) else default, metadata=meta)


def _range(lo: int, hi: int) -> Check:
    return lambda v: None if lo <= v <= hi else f"an integer from {lo} to {hi}"


def _pattern(regex: str, what: str) -> Check:
    rx = re.compile(regex)
    return lambda v: None if rx.fullmatch(v) else what


def _keymap(v: Mapping) -> str | None:
    for k, lvl in v.items():
        if not isinstance(k, str) or len(k) != 1 or isinstance(lvl, bool) or lvl not in (1, 2, 3, 4, 5):
            return "a table of single characters to levels 1..5, e.g. { A = 5, B = 3, C = 1 }"
    return None


def _bind(v: str) -> str | None:
    if v == "localhost":
        return None
    try:
        ipaddress.ip_address(v)
    except ValueError:
        return "an IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0"
    return None


def _url(v: str) -> str | None:
    return None if v == "" or re.fullmatch(r"https?://[^\s/]+(/\S*)?", v) else "an http:// or https:// URL, or empty"


def _pin_hash(v: str) -> str | None:
    return None if v == "" or is_pin_hash(v) else "a hash written by `kiosk pin set` (scrypt$N$r$p$salt$hash), or empty"


def _inches(v: float) -> str | None:
    return None if v == 0 or 5 <= v <= 100 else "0 (the size the screen reports) or a diagonal from 5 to 100 inches"


def _strings(v: tuple) -> str | None:
    return None if all(isinstance(x, str) for x in v) else "a list of strings"


_BAUDRATES = (9600, 19200, 38400, 57600, 115200)


@dataclass(frozen=True)
class DeviceConfig:
    id: str = key(
        "KIOSK-DEMO-01",
        "device id known to the centre (deviceId)",
        check=_pattern(r"[A-Za-z0-9_.-]{1,32}", "1-32 letters, digits, '-', '_' or '.'"),
    )
    mode: str = key(
        "window",
        "window = evaluator pad at a staffed window; terminal = 24-hour self-service",
        allowed=("window", "terminal"),
    )
    area_code: str = key(
        "420100000000",
        "12-digit administrative division code (areaCode)",
        check=_pattern(r"\d{12}", "exactly 12 digits"),
    )
    hall: str = key("政务服务中心", "hall name shown in the top bar")
    counter: str = key(
        "3号窗口", "service counter (窗口) name or number, shown and sent with each rating (wire: window)"
    )
    dept_code: str = key("", "department code (deptCode) of this counter")
    dept_name: str = key("", "department name (proDepart) of this counter")


@dataclass(frozen=True)
class StoreConfig:
    path: str = key("kiosk.db", "SQLite file; a relative path is under the data dir")
    pii_retention_days: int = key(
        7, "days after delivery before userName/certKey/mobile are blanked", check=_range(0, 3650)
    )


@dataclass(frozen=True)
class EvaluatorConfig:
    driver: str = key(
        "sim",
        "sim = on-screen simulator, keys = one byte per press, frame = smart protocol, none = touch screen only",
        allowed=("sim", "keys", "frame", "none"),
    )
    port: str = key("", "serial device path, e.g. /dev/ttyUSB0 or /dev/serial/by-id/...")
    baudrate: int = key(9600, "serial speed", allowed=(1200, 2400, 4800, *_BAUDRATES))
    keymap: Mapping[str, int] = key(
        {}, "keys driver: byte to level, e.g. { A = 5, B = 3, C = 1 }; empty = '1'..'5'", check=_keymap
    )
    heartbeat_misses: int = key(
        3, "frame driver: missed heartbeats before the device counts as offline", check=_range(1, 60)
    )


@dataclass(frozen=True)
class ApiConfig:
    bind: str = key("127.0.0.1", "address the local API listens on", check=_bind)
    port: int = key(8470, "local API port", check=_range(1, 65535))
    token: str = key("", "bearer token; required when bind is not loopback", secret=True)


@dataclass(frozen=True)
class CentralConfig:
    url: str = key("", "base URL of the central 好差评 system; empty = no sync", check=_url)
    app_mark: str = key("", "X-App-Mark issued by the centre")
    app_secret: str = key("", "signing secret issued by the centre", secret=True)
    signer: str = key("hmac-sha256", "request signature", allowed=("hmac-sha256", "hmac-sm3"))
    interval_seconds: int = key(60, "scheduled sync interval", check=_range(5, 86400))
    batch_size: int = key(200, "records per request", check=_range(1, 1000))
    timeout_seconds: int = key(10, "request timeout", check=_range(1, 120))
    ca_file: str = key("", "PEM bundle of a private CA; empty = system CAs")
    verify_tls: bool = key(True, "verify TLS certificates (false is refused outside the demo)")
    protocol: str = key(
        "kiosk-json",
        "wire protocol: kiosk-json = docs/central-api.md; envelope-sm2 = Shandong-style txnBodyCom envelope; "
        "url-form-sm2 = Beijing-style form push (answers with the rating page URL)",
        allowed=("kiosk-json", "envelope-sm2", "url-form-sm2"),
    )
    app_word: str = key("", "envelope-sm2 / url-form-sm2: the appWord secret issued with app_mark", secret=True)
    platform_public_key: str = key(
        "",
        "envelope-sm2 / url-form-sm2: the province's SM2 public key, 128 hex digits (x ‖ y)",
        check=_pattern(r"((04)?[0-9a-fA-F]{128})?", "128 hex digits (x ‖ y, optionally after 04) or empty"),
    )


@dataclass(frozen=True)
class UiConfig:
    width: int = key(1280, "window width in pixels", check=_range(480, 7680))
    height: int = key(800, "window height in pixels", check=_range(480, 7680))
    fullscreen: bool = key(False, "full screen (production pads) or a window")
    language: str = key("zh_CN", "interface language", allowed=("zh_CN", "en"))
    elder_mode: bool = key(False, "适老化: every size × 1.4")
    notices: tuple[str, ...] = key(
        [],
        'attract-screen notices: texts ("标题\\n正文") or image paths; empty = the centre\'s '
        "notices and the images in assets/images",
        check=_strings,
    )
    voice: bool = key(True, "speak prompts (built by `kiosk voice build`; needs a player such as aplay)")
    voice_player: str = key("aplay -q", "command that plays a WAV file given as its last argument")
    technician_pin_hash: str = key(
        "",
        "salted scrypt hash of the technician PIN, written by `kiosk pin set`; empty = technician screens closed",
        check=_pin_hash,
        secret=True,
    )
    theme: str = key(
        "normal", "colours: text contrast ≥ 4.5:1, or ≥ 7:1 in high_contrast", allowed=("normal", "high_contrast")
    )
    screen_inches: float = key(
        0.0,
        "the panel's diagonal in inches, for touch targets ≥ 15 mm; 0 = the physical size the screen reports",
        check=_inches,
    )


@dataclass(frozen=True)
class ScannerConfig:
    driver: str = key(
        "none",
        "serial = line-mode scanner on a port, keyboard = USB keyboard-wedge scanner",
        allowed=("serial", "keyboard", "none"),
    )
    port: str = key("", "serial scanner device path")
    baudrate: int = key(9600, "serial scanner speed", allowed=_BAUDRATES)


@dataclass(frozen=True)
class PrinterConfig:
    driver: str = key("none", "escpos = ESC/POS thermal printer on a serial port", allowed=("escpos", "none"))
    port: str = key("", "printer device path")
    baudrate: int = key(9600, "printer speed", allowed=_BAUDRATES)
    qr_mode: str = key(
        "native", "native = GS ( k QR; raster = image for printers without it", allowed=("native", "raster")
    )
    status_query: bool = key(
        True, "ask the printer's status (DLE EOT 4) before each receipt; false = print without asking"
    )
    print_when_unknown: bool = key(
        False, "print anyway when the printer answers no status request (asked twice); false = report it offline"
    )


@dataclass(frozen=True)
class QrConfig:
    url_template: str = key(
        "https://hcp.example.gov.cn/rate?projectNo={projectNo}&deviceId={deviceId}&pf={pf}&ts={ts}&sig={sig}",
        "rating link; plain: {projectNo} {deviceId} {pf} {ts} {sig}; base64x2: {payload}",
        check=_url,
    )
    secret: str = key(
        "change-me", "HMAC-SHA256 key that signs rating links (`kiosk run` refuses the shipped one)", secret=True
    )
    encoding: str = key("plain", "how the link carries its fields", allowed=("plain", "base64x2"))
    source: str = key(
        "local",
        "local = the kiosk's own signed link; central = the rating page the centre gave for the case "
        "(url-form-sm2), the own link until it has answered",
        allowed=("local", "central"),
    )


@dataclass(frozen=True)
class FlowConfig:
    invite_timeout_s: int = key(30, "seconds the buttons stay live after an invitation", check=_range(5, 600))
    details_timeout_s: int = key(
        60,
        "seconds the reasons page stays open without a touch (each tap or typed character restarts it)",
        check=_range(5, 600),
    )
    thanks_s: int = key(3, "seconds the thank-you screen shows", check=_range(1, 60))
    qr_screen_s: int = key(
        15,
        "seconds the expired screen (扫码稍后评价), a 差评's thanks (follow-up, QR) and a terminal's thanks stay",
        check=_range(3, 120),
    )
    walk_in: bool = key(False, "a press while idle starts its own rating (device-local case number)")
    questions: bool = key(
        False,
        "offer the refined questionnaire (seed 004) after the details page, unless the centre's profile says",
    )
    questions_timeout_s: int = key(45, "seconds the questionnaire stays open", check=_range(10, 600))
    min_response_ms: int = key(
        800,
        "a press sooner than this after the invitation is flagged fast_press (stored and sent, never acted on); 0 = off",
        check=_range(0, 10000),
    )
    burst_count: int = key(
        5,
        "this many identical ratings within burst_window_s flag the one completing them (and later ones) burst; 0 = off",
        check=lambda v: None if v == 0 or 2 <= v <= 1000 else "0 (off) or an integer from 2 to 1000",
    )
    burst_window_s: int = key(120, "seconds within which identical ratings count as a burst", check=_range(1, 86400))


@dataclass(frozen=True)
class Config:
    """The whole configuration: one attribute per section (in file order), the data dir and where it came from."""

    device: DeviceConfig
    store: StoreConfig
    evaluator: EvaluatorConfig
    api: ApiConfig
    central: CentralConfig
    ui: UiConfig
    scanner: ScannerConfig
    printer: PrinterConfig
    qr: QrConfig
    flow: FlowConfig
    data_dir: Path
    source: str
    warnings: tuple[str, ...] = ()  # renamed keys the file still uses, each with what to write instead


@dataclass(frozen=True)
class Key:
    """One key as the loader and the renderers see it, read off its section's field."""

    type: type  # its type in the file: str, int, bool, list or dict
    default: Any  # as written in the file
    doc: str
    allowed: tuple
    check: Check | None
    secret: bool = False  # never shown: errors, logs, `kiosk config show` and diagnostics mask it


def _file_type(annotation: Any) -> type:
    origin = get_origin(annotation) or annotation
    return {tuple: list, Mapping: dict}.get(origin, origin)


def _sections() -> dict[str, type]:
    hints = get_type_hints(Config)
    return {f.name: hints[f.name] for f in fields(Config) if is_dataclass(hints[f.name])}


def _keys(cls: type) -> dict[str, Key]:
    hints = get_type_hints(cls)
    return {f.name: Key(_file_type(hints[f.name]), **f.metadata) for f in fields(cls)}


SECTIONS = _sections()  # section name -> its dataclass, in file order
SCHEMA: dict[str, dict[str, Key]] = {name: _keys(cls) for name, cls in SECTIONS.items()}
