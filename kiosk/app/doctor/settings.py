"""Doctor checks of the configuration itself: valid, no shipped or demo secret, calendar, voice. No I/O but files."""

from __future__ import annotations

import shlex
from datetime import date
from pathlib import Path

from kiosk import config
from kiosk.app.doctor.base import Finding, Host, fail, info, ok, warn
from kiosk.core.workdays import UnknownYear, WorkCalendar
from kiosk.demo.credentials import DEMO_SECRET, DEMO_TOKEN
from kiosk.devices.voice import DEFAULT_DIR, PROMPTS

LOOPBACK = ("127.0.0.1", "localhost", "::1")
RANDOM_KEY = "python3 -c 'import secrets; print(secrets.token_hex(32))'"


def config_paths(args_config: str | None, args_data_dir: str | None, host: Host) -> tuple[str | None, str | None]:
    """What the pad itself would use: the argument, else the unit's environment variable, else the appliance's
    files when install.sh laid them (a technician's shell has no KIOSK_CONFIG), else the built-in defaults."""
    path = args_config or host.env.get("KIOSK_CONFIG") or (str(host.etc_config) if host.etc_config.is_file() else None)
    data = args_data_dir or host.env.get("KIOSK_DATA_DIR") or (str(host.var_data) if host.var_data.is_dir() else None)
    return path, data


def load_config(path: str | None, data_dir: str | None) -> tuple[config.Config | None, Finding]:
    try:
        cfg = config.load(path, data_dir)
    except config.ConfigError as exc:
        errors = "; ".join(exc.errors)
        return None, fail(
            "config",
            f"{exc.source}: {len(exc.errors)} error(s): {errors}",
            f"edit {exc.source} as each error says, then `kiosk config validate --config {exc.source}`",
            errors=exc.errors,
        )
    where = {"source": cfg.source, "data_dir": str(cfg.data_dir)}
    if path is None:
        return cfg, warn(
            "config",
            "no config file: checking the built-in defaults",
            "install.sh writes /etc/kiosk/kiosk.toml; elsewhere pass --config FILE or set KIOSK_CONFIG",
            **where,
        )
    return cfg, ok("config", f"{cfg.source} is valid (device {cfg.device.id}, mode {cfg.device.mode})", **where)


def config_file(cfg: config.Config) -> str:
    return cfg.source if cfg.source != "<defaults>" else "the config file (/etc/kiosk/kiosk.toml on the appliance)"


def _weak_pin(pin: str) -> bool:
    return len(set(pin)) == 1 or pin in "01234567890" or pin in "09876543210"


def secrets(cfg: config.Config) -> list[Finding]:
    """Shipped defaults and the demo's credentials, never the values themselves (the JSON goes to remote support)."""
    src = config_file(cfg)
    out = []
    secret = cfg.qr.secret
    if secret == config.SCHEMA["qr"]["secret"].default or not secret:
        out.append(
            fail(
                "secret.qr",
                f"qr.secret is the shipped default {config.SCHEMA['qr']['secret'].default!r}: "
                "anyone can forge the rating links the pad prints and shows",
                f"set [qr] secret in {src} to the key agreed with the centre (long and random, e.g. `{RANDOM_KEY}`)",
            )
        )
    elif len(secret) < 16:
        out.append(
            warn(
                "secret.qr",
                f"qr.secret is only {len(secret)} characters",
                f"use at least 16 random characters for [qr] secret in {src} (e.g. `{RANDOM_KEY}`)",
            )
        )
    else:
        out.append(ok("secret.qr", "qr.secret is set (not the shipped default)"))
    pin = cfg.ui.technician_pin
    pin_fix = f"set [ui] technician_pin in {src} to 4-12 digits known only to the hall's technicians"
    if not pin:
        out.append(warn("secret.pin", "ui.technician_pin is empty: the technician screens cannot be opened", pin_fix))
    elif _weak_pin(pin):
        out.append(warn("secret.pin", "ui.technician_pin is trivial (one digit repeated, or a run)", pin_fix))
    else:
        out.append(ok("secret.pin", "ui.technician_pin is set"))
    bind, token = cfg.api.bind, cfg.api.token
    token_fix = f"set [api] token in {src} to a long random value (e.g. `{RANDOM_KEY}`) and give it to the systems that call the pad"
    if bind in LOOPBACK:
        out.append(ok("secret.api", f"the local API listens on {bind} only"))
    elif token == DEMO_TOKEN:
        out.append(fail("secret.api", f"api.bind = {bind!r} with the demo's token", token_fix))
    elif len(token) < 16:
        out.append(warn("secret.api", f"api.bind = {bind!r} with a token of only {len(token)} characters", token_fix))
    else:
        out.append(ok("secret.api", f"api.bind = {bind!r} with a token"))
    if cfg.central.url and cfg.central.app_secret == DEMO_SECRET:
        out.append(
            fail(
                "secret.central",
                "central.app_secret is the demo's secret",
                f"set [central] app_mark and app_secret in {src} to what the centre issued for this device",
            )
        )
    return out


def calendar(profile: dict | None, today: date) -> Finding:
    """The bundled calendar plus the centre's overrides must know this year and, from December, the next."""
    cal = WorkCalendar.from_profile(profile)
    years = [today.year, today.year + 1] if today.month == 12 else [today.year]
    missing = []
    for year in years:
        try:
            cal.is_workday(date(year, 1, 1))
        except UnknownYear:
            missing.append(year)
    fix = (
        "install a kiosk release with a newer chinesecalendar (`install.sh --bundle FILE`), or have the centre's "
        'profile carry the year: "workdays": {"years": [YEAR], "holidays": [...], "workdays": [...]} '
        "(docs/central-api.md: the State Council's notice, day by day)"
    )
    detail = {"years": years, "missing": missing, "overrides": sorted(cal.known_years)}
    if today.year in missing:
        return fail(
            "calendar",
            f"the working-day calendar has no {today.year}: late ratings are judged by a lenient window (5 weekdays "
            "plus the longest holiday block) and sent marked calendarUnknown",
            fix.replace("YEAR", str(today.year)),
            **detail,
        )
    if missing:
        return warn(
            "calendar",
            f"the working-day calendar ends before {missing[0]} (today is {today.isoformat()}): late ratings of "
            f"late-December cases reach into {missing[0]} and will be judged by a lenient window, marked "
            "calendarUnknown",
            fix.replace("YEAR", str(missing[0])),
            **detail,
        )
    return ok("calendar", f"the working-day calendar covers {' and '.join(map(str, years))}", **detail)


def voice(cfg: config.Config, host: Host) -> list[Finding]:
    if not cfg.ui.voice:
        return [info("voice", "voice prompts are off (ui.voice = false)")]
    folder = Path(host.voice_dir or DEFAULT_DIR)
    missing = [k for k in PROMPTS if not (folder / f"{k}.wav").is_file()]
    out = []
    if missing:
        out.append(
            warn(
                "voice.prompts",
                f"voice prompts missing in {folder}: {', '.join(missing)}",
                "`kiosk voice build` (needs espeak-ng: apt-get install espeak-ng)",
                missing=missing,
            )
        )
    else:
        out.append(ok("voice.prompts", f"{len(PROMPTS)} voice prompts in {folder}"))
    try:
        player = shlex.split(cfg.ui.voice_player)
    except ValueError:
        player = []
    if not player or host.which(player[0]) is None:
        out.append(
            warn(
                "voice.player",
                f"voice player {cfg.ui.voice_player!r} not found",
                "apt-get install alsa-utils (aplay), or set [ui] voice_player to an installed player",
            )
        )
    else:
        out.append(ok("voice.player", f"voice player {player[0]} at {host.which(player[0])}"))
    return out
