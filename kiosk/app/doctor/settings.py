"""Doctor checks of the configuration itself: valid, no shipped or demo secret, calendar, voice. No I/O but files."""

from __future__ import annotations

import os
import shlex
import stat
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


def _where(cfg: config.Config) -> str:
    return f" --config {cfg.source}" if cfg.source != "<defaults>" else ""


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
                f"set [qr] secret in {src} to the key agreed with the centre (long and random, e.g. `{RANDOM_KEY}`): "
                f"`kiosk config set qr.secret KEY{_where(cfg)}`; `kiosk run` refuses to start until then",
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
    out.append(_pin(cfg))
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
    if (mode := _file_mode(cfg)) is not None:
        out.append(_file_finding(cfg.source, mode))
    if cfg.central.url and cfg.central.app_secret == DEMO_SECRET:
        out.append(
            fail(
                "secret.central",
                "central.app_secret is the demo's secret",
                f"set [central] app_mark and app_secret in {src} to what the centre issued for this device",
            )
        )
    return out


def _pin(cfg: config.Config) -> Finding:
    """The PIN only as its hash, set and not in clear; triviality is refused when it is set (`kiosk pin set`)."""
    where = cfg.source if cfg.source != "<defaults>" else "FILE"
    fix = (
        f"`kiosk pin set --config {where}`: asks twice for 4-12 digits known only to the hall's technicians and "
        "stores only its salted hash"
    )
    clear = [w for w in cfg.warnings if w.startswith(config.CLEAR_PIN_WARNING)]
    if not cfg.ui.technician_pin_hash:
        return warn(
            "secret.pin", "no technician PIN (ui.technician_pin_hash is empty): the technician screens stay closed", fix
        )
    if clear:
        trivial = " and it is trivial (one digit repeated, or a run)" if "trivial" in clear[0] else ""
        return warn(
            "secret.pin",
            f"ui.technician_pin holds the technician PIN in clear text in {config_file(cfg)}{trivial}",
            fix,
        )
    return ok("secret.pin", "the technician PIN is set (stored as a salted hash)")


def _file_mode(cfg: config.Config) -> int | None:
    if cfg.source.startswith("<"):
        return None
    try:
        return stat.S_IMODE(os.stat(cfg.source).st_mode)
    except OSError:
        return None


def _file_finding(source: str, mode: int) -> Finding:
    """The file holds the secrets (QR key, API token, centre secret, PIN hash): not for every local user."""
    if mode & stat.S_IROTH or mode & stat.S_IWOTH:
        return warn(
            "secret.file",
            f"{source} is readable by every user of this machine (mode {mode:04o}) and holds the pad's secrets",
            f"`chmod 640 {source}` (owner root, group the kiosk user's: `chgrp kiosk {source}`); "
            "`kiosk config set` and `kiosk pin set` write it 0640",
        )
    return ok("secret.file", f"{source} is not readable by other users (mode {mode:04o})")


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
        'profile carry the year: "workdays": {"years": [YEAR], "holidays": [...], "workdays": [...]}'
    )
    detail = {"years": years, "missing": missing, "overrides": sorted(cal.known_years)}
    if today.year in missing:
        return fail(
            "calendar",
            f"the working-day calendar has no {today.year}: the 5-working-day late-rating deadline cannot be computed",
            fix.replace("YEAR", str(today.year)),
            **detail,
        )
    if missing:
        return warn(
            "calendar",
            f"the working-day calendar ends before {missing[0]} (today is {today.isoformat()}): late ratings of "
            f"late-December cases reach into {missing[0]} and will be refused",
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
