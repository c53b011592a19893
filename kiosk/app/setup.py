"""The setup wizard's and the settings pages' logic, without Qt: the fields, their values and checks, the
changes to write, and the tests of the centre and the devices, each run off the GUI thread.

The fields are keys of the one schema (`kiosk.config.SCHEMA`, "section.key"); a value is checked by that
schema before the wizard moves on, and the whole set again by `kiosk.config.edit.apply_changes` when written.
Nothing here builds a Flow or opens the store: a press during the press test cannot become a rating.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk import config
from kiosk.config import SCHEMA, Config
from kiosk.config.edit import apply_changes

log = logging.getLogger(__name__)

Post = Callable[[Callable[[], object]], None]  # run a callable on the GUI thread (DeviceBridge.post)

DEMO_DEVICE_ID = SCHEMA["device"]["id"].default
SHIPPED_QR_SECRET = SCHEMA["qr"]["secret"].default
PIN_KEY = "ui.technician_pin_hash"

# every key the wizard asks for and the settings pages edit (the PIN's aside), in the wizard's order
FIELDS = (
    "ui.language",
    "device.mode",
    *("device.id", "device.hall", "device.counter", "device.dept_code", "device.dept_name", "device.area_code"),
    *("central.url", "central.app_mark", "central.app_secret", "qr.secret"),
    *("evaluator.driver", "evaluator.port", "evaluator.baudrate"),
    *("printer.driver", "printer.port", "printer.baudrate"),
    *("scanner.driver", "scanner.port", "scanner.baudrate"),
)
MACHINE_ID = Path("/etc/machine-id")
DEV_KIOSK = Path("/dev/kiosk")  # the udev names `kiosk devices probe --udev` writes


def split(key: str) -> tuple[str, str]:
    section, name = key.split(".", 1)
    return section, name


def value_of(cfg: Config, key: str) -> Any:
    section, name = split(key)
    return getattr(getattr(cfg, section), name)


def values_of(cfg: Config, keys: tuple[str, ...] = FIELDS) -> dict[str, Any]:
    """The current value of each key (lists and tables as the file writes them)."""
    out = {}
    for key in keys:
        value = value_of(cfg, key)
        out[key] = dict(value) if isinstance(value, Mapping) else list(value) if isinstance(value, tuple) else value
    return out


def field_error(key: str, value: Any) -> str | None:
    """What the schema allows for `key`, when `value` is not that; None when it is."""
    section, name = split(key)
    spec = SCHEMA[section][name]
    if spec.type is int and (isinstance(value, bool) or not isinstance(value, int)):
        return "an integer"
    if spec.type is str and not isinstance(value, str):
        return "a string"
    if spec.allowed and value not in spec.allowed:
        return "one of " + ", ".join(repr(a) for a in spec.allowed)
    if spec.check is not None:
        return spec.check(value)
    return None


def suggest_device_id(machine_id: Path = MACHINE_ID, hostname: str | None = None) -> str:
    """A device id from the machine: "KIOSK-" and the first 8 hex digits of /etc/machine-id, else the host
    name (letters, digits, '-', '_', '.'; at most 32), else a random one."""
    try:
        mid = machine_id.read_text(encoding="ascii").strip().lower()
    except (OSError, UnicodeDecodeError):
        mid = ""
    if len(mid) >= 8 and all(c in "0123456789abcdef" for c in mid):
        return f"KIOSK-{mid[:8].upper()}"
    host = "".join(c for c in (hostname if hostname is not None else socket.gethostname()) if c.isalnum() or c in "-_.")
    host = host.encode("ascii", "ignore").decode()[:32]
    if host and host not in ("localhost", "debian") and field_error("device.id", host) is None:
        return host
    return f"KIOSK-{secrets.token_hex(4).upper()}"


def on_appliance() -> bool:
    """Run by the installed kiosk.service (which sets KIOSK_APPLIANCE=1), not from a checkout or a desktop."""
    return os.environ.get("KIOSK_APPLIANCE") == "1"


def first_boot_values(cfg: Config) -> dict[str, Any]:
    """The wizard's starting values on a device never set up: the config's, with a device id from the
    machine instead of the demo's and no simulated evaluator; full screen on an appliance."""
    values = values_of(cfg)
    if on_appliance():
        values["ui.fullscreen"] = True
    if values["device.id"] == DEMO_DEVICE_ID:
        values["device.id"] = suggest_device_id()
    if values["evaluator.driver"] == "sim":
        values["evaluator.driver"] = "none"
    return values


def changes(values: Mapping[str, Any], before: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The keys to write: those of `values` that differ from `before` (all of them without `before`). A
    shipped QR secret is replaced by a random one, so no link is signed with the published default."""
    out = {k: v for k, v in values.items() if before is None or before.get(k) != v}
    if values.get("qr.secret", "x") in ("", SHIPPED_QR_SECRET):
        out["qr.secret"] = secrets.token_urlsafe(24)
    return out


# --- off the GUI thread ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    value: Any = None
    error: BaseException | None = None


class Background:
    """Runs device and network work on worker threads, one lane each, and hands each result to the GUI
    thread through `post`. Device work (probe, press test, test page, scan) is one lane, so a port is
    closed before the next test opens it; the centre is another, so a slow network never holds the devices."""

    def __init__(self, post: Post):
        self.post = post
        self._lanes: dict[str, ThreadPoolExecutor] = {}
        self._lock = threading.Lock()
        self.closed = False

    def run(self, lane: str, fn: Callable[[], Any], done: Callable[[Outcome], object] | None = None) -> Future:
        with self._lock:
            pool = self._lanes.get(lane)
            if pool is None:
                pool = self._lanes[lane] = ThreadPoolExecutor(1, thread_name_prefix=f"setup-{lane}")
        future = pool.submit(fn)

        def finished(f: Future) -> None:
            exc = f.exception()
            if exc is not None:
                log.warning("setup %s: %s: %s", lane, type(exc).__name__, exc)
            outcome = Outcome(error=exc) if exc is not None else Outcome(f.result())
            if done is not None and not self.closed:
                self.post(lambda: done(outcome))

        future.add_done_callback(finished)
        return future

    def close(self, wait: bool = True) -> None:
        self.closed = True
        with self._lock:
            lanes = list(self._lanes.values())
            self._lanes.clear()
        for pool in lanes:
            pool.shutdown(wait=wait)


# --- the centre ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CentreResult:
    status: str  # ok | invalid | unreachable | refused | unknown_device | error
    detail: str = ""
    staff: int = 0  # people in the profile's roster (ok)


def check_centre(values: Mapping[str, Any], cfg: Config) -> CentreResult:
    """A signed GET of this device's profile with the entered URL, app mark, secret and device id (the
    rest of [central] as configured); the profile is checked, not stored."""
    from kiosk.sync.client import AuthError, CentralClient, CentralError, TransportError  # requests: only now
    from kiosk.sync.profile import ProfileError, validate_profile
    from kiosk.sync.settings import CentralSettings

    c = cfg.central
    try:
        settings = CentralSettings(
            url=str(values["central.url"]),
            app_mark=str(values["central.app_mark"]),
            app_secret=str(values["central.app_secret"]),
            device_id=str(values["device.id"]),
            timeout_s=min(c.timeout_seconds, 10),
            signer=c.signer,
            ca_file=c.ca_file,
            verify_tls=c.verify_tls,
        )
    except ValueError as exc:
        return CentreResult("invalid", str(exc))
    client = CentralClient(settings)
    try:
        profile, _ = client.get_profile(None)
        _, staff = validate_profile(profile)
    except TransportError as exc:
        return CentreResult("unreachable", str(exc))
    except AuthError as exc:
        return CentreResult("refused", str(exc))
    except CentralError as exc:
        return CentreResult("unknown_device" if exc.status == 404 else "error", str(exc))
    except ProfileError as exc:
        return CentreResult("error", f"profile: {exc}")
    finally:
        client.close()
    log.info("setup: the centre at %s accepts device %s (%d staff)", settings.base_url, settings.device_id, len(staff))
    return CentreResult("ok", settings.base_url, len(staff))


# --- the devices ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortFound:
    path: str
    note: str
    verdict: str  # "frame" | "keys?" | "bytes" | "no answer" | "error" | "" (not probed)
    detail: str = ""


def probe(extra: tuple[str, ...] = (), *, timeout_s: float = 1.0, baudrate: int = 9600) -> list[PortFound]:
    """Every serial port (and the udev names in /dev/kiosk, and `extra`) with what answers on it."""
    from kiosk.devices.tools.probe import discover_ports, probe_ports  # pyserial: only for the probe

    named = tuple(str(p) for p in sorted(DEV_KIOSK.glob("*"))) if DEV_KIOSK.is_dir() else ()
    ports = discover_ports([*named, *extra])
    results = probe_ports([p for p, _ in ports], baudrate=baudrate, timeout_s=timeout_s)
    return [PortFound(p, note, r.verdict, r.detail) for (p, note), r in zip(ports, results, strict=True)]


class PressTest:
    """The evaluator on the chosen port, its keys shown and never rated: `on_key(level)`,
    `on_online(bool)` on the GUI thread. Start and stop run on the Background's device lane."""

    PROMPT = "设备测试:请依次按下各评价键"

    def __init__(self, background: Background, on_key: Callable[[int], object], on_online: Callable[[bool], object]):
        self.background = background
        self.on_key, self.on_online = on_key, on_online
        self.evaluator: Any = None
        self.active = False

    # EvaluatorListener, called on the driver's reader thread
    def _key(self, level: int) -> None:
        self.background.post(lambda: self.on_key(int(level)) if self.active else None)

    def start(self, driver: str, port: str, baudrate: int, done: Callable[[Outcome], object] | None = None) -> None:
        self.stop()
        self.active = True
        test = self

        class Listener:
            def on_key(self, level: int) -> None:
                test._key(level)

            def on_online(self) -> None:
                ev = test.evaluator
                if ev is not None:
                    ev.invite(120, PressTest.PROMPT)
                test.background.post(lambda: test.on_online(True))

            def on_offline(self) -> None:
                test.background.post(lambda: test.on_online(False))

            def on_info(self, model: str, firmware: str, serial: str) -> None:
                log.info("setup press test: evaluator %s %s %s", model, firmware, serial)

        def open_it() -> None:
            from kiosk.devices.evaluator.factory import create_evaluator  # the drivers: only for the test

            ev = create_evaluator(driver, port=port, baudrate=baudrate)
            if ev is None:
                raise ValueError("no evaluator driver chosen")
            self.evaluator = ev
            ev.start(Listener())

        self.background.run("device", open_it, done)

    def stop(self) -> None:
        """Close the evaluator on the device lane, after whatever is queued there (a start just asked for)."""
        self.active = False

        def close_it() -> None:
            ev, self.evaluator = self.evaluator, None
            if ev is None:
                return
            try:
                ev.leds(0)
                ev.idle()
            finally:
                ev.stop()

        self.background.run("device", close_it)


def print_test_page(port: str, baudrate: int, lines: list[str]) -> str:
    """Ask the printer's status, then print `lines` on a test page; the status ("ok" when printed)."""
    from kiosk.devices.printer.driver import SerialPrinter, test_page_bytes  # pyserial: only for the test

    printer = SerialPrinter(port, baudrate, status_timeout_s=1.0)
    try:
        return printer.print_now(test_page_bytes(lines))
    finally:
        printer.close()


class ScanTest:
    """A serial scanner on the chosen port until one code arrives: `on_code(text)` on the GUI thread."""

    def __init__(self, background: Background, on_code: Callable[[str], object]):
        self.background = background
        self.on_code = on_code
        self.scanner: Any = None

    def start(self, port: str, baudrate: int) -> None:
        self.stop()

        def open_it() -> None:
            from kiosk.devices.scanner import SerialScanner  # pyserial: only for the test

            self.scanner = SerialScanner(
                port, baudrate, on_code=lambda text: self.background.post(lambda: self.on_code(text))
            )
            self.scanner.start()

        self.background.run("device", open_it)

    def stop(self) -> None:
        def close_it() -> None:
            scanner, self.scanner = self.scanner, None
            if scanner is not None:
                scanner.stop()

        self.background.run("device", close_it)


# --- writing -------------------------------------------------------------------------------------------------


def config_path(given: str | Path | None) -> Path | None:
    """The file the wizard writes and `kiosk run` reads: the argument, else $KIOSK_CONFIG."""
    path = given or os.environ.get("KIOSK_CONFIG") or None
    return Path(path) if path else None


def needs_setup(given: str | Path | None) -> bool:
    """`kiosk run` opens the wizard: a config file is named (argument or $KIOSK_CONFIG) and does not exist."""
    path = config_path(given)
    return path is not None and not path.exists()


def base_config(path: Path | None, data_dir: str | Path | None) -> Config:
    """The config the wizard starts from: the file's when it exists (`kiosk setup`), else the defaults."""
    if path is not None and path.exists():
        return config.load(path, data_dir)
    return config.check({}, "<defaults>", data_dir=data_dir)


def write(
    path: Path, values: Mapping[str, Any], before: Mapping[str, Any] | None, data_dir: str | Path | None
) -> Config:
    """Write the changed values into `path` with the one schema's check (kiosk.config.edit.apply_changes: atomic,
    .bak kept, 0640, each change logged, never a secret); ConfigError leaves the file untouched."""
    todo = changes(values, before)
    cfg = apply_changes(path, todo, data_dir=data_dir)
    log.info("setup: %d setting(s) written to %s", len(todo), path)
    return cfg
