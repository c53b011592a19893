"""Doctor checks of the data: disk space, the SQLite store, the outbox, and the centre that takes it."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import requests

from kiosk.app.doctor.base import Finding, Host, fail, info, ok, warn
from kiosk.app.doctor.settings import config_file
from kiosk.config import store_path
from kiosk.store.db import StorageError
from kiosk.store.health import OtherSchema, open_existing, quick_check, wal_bytes
from kiosk.store.outbox import Outbox
from kiosk.store.schema import SCHEMA_VERSION
from kiosk.sync.client import API, Answer, CentralClient, TransportError
from kiosk.sync.settings import CentralSettings
from kiosk.sync.signing import MAX_SKEW_S

DISK_FAIL_MB = 100  # below this a full disk is near: the pad would pause rating (暂停评价)
DISK_WARN_MB = 1000
WAL_WARN_BYTES = 64 * 1024 * 1024  # SQLite checkpoints at ~4 MB; a WAL this big means checkpoints are starved
WAITING_WARN_S = 3600.0
CLOCK_WARN_S = 60.0  # as the sync service warns (CentralSettings.clock_warn_s)


def disk(cfg, *, warn_mb: int = DISK_WARN_MB, fail_mb: int = DISK_FAIL_MB) -> Finding:
    data_dir = Path(cfg.data_dir)
    where = data_dir
    while not where.exists() and where != where.parent:
        where = where.parent
    free_mb = shutil.disk_usage(where).free // 1_000_000
    detail = {"data_dir": str(data_dir), "free_mb": free_mb}
    fix = f"free space on the file system of {data_dir} (old logs, exports, downloaded bundles)"
    if free_mb < fail_mb:
        return fail("disk", f"only {free_mb} MB free for {data_dir}", fix, **detail)
    if free_mb < warn_mb:
        return warn("disk", f"{free_mb} MB free for {data_dir}", fix, **detail)
    missing = "" if data_dir.exists() else " (the data dir does not exist yet: the first start creates it)"
    return ok("disk", f"{free_mb} MB free for {data_dir}{missing}", **detail)


def open_store(cfg) -> tuple[object | None, Finding | None]:
    """The store, or (None, a finding) when there is none yet or it does not open."""
    path = store_path(cfg)
    if not path.is_file():
        return None, info("store", f"no store yet at {path} (the first start creates it)", path=str(path))
    try:
        return open_existing(path), None
    except OtherSchema as exc:
        if exc.found < SCHEMA_VERSION:
            return None, warn(
                "store",
                f"{path}: {exc}: not opened (this release migrates it at its first start; the doctor never does)",
                "run the doctor of the release that uses this store (/opt/kiosk/current/bin/kiosk doctor)",
                path=str(path),
            )
        return None, fail(
            "store",
            f"{path}: {exc}: a newer release wrote it, this one cannot use it",
            "switch back to the newer release (`install.sh --bundle FILE` of that version)",
            path=str(path),
        )
    except (StorageError, OSError, sqlite3.Error) as exc:
        return None, fail(
            "store",
            f"the store {path} does not open: {exc}",
            "run the doctor as root or as the pad's user; if the file is damaged, stop the pad, keep a copy of the "
            "data dir and restore the last backup (install.sh keeps one per upgrade)",
            path=str(path),
        )


def store_checks(store, *, wal_warn_bytes: int = WAL_WARN_BYTES) -> list[Finding]:
    path = store.path
    problems = quick_check(store)
    out = []
    if problems == ["ok"]:
        out.append(ok("store.integrity", f"PRAGMA quick_check of {path}: ok"))
    else:
        out.append(
            fail(
                "store.integrity",
                f"PRAGMA quick_check of {path}: {'; '.join(p.replace(chr(10), ' ') for p in problems)}",
                "stop the pad, copy the data dir aside, then `sqlite3 kiosk.db .recover | sqlite3 recovered.db` "
                "and put recovered.db in its place (or restore the last backup)",
                problems=problems,
            )
        )
    size = wal_bytes(path)
    if size > wal_warn_bytes:
        out.append(
            warn(
                "store.wal",
                f"the write-ahead log is {size // 1_000_000} MB: checkpoints are not keeping up",
                "restart the pad (`systemctl restart kiosk`): closing the store checkpoints the log",
                wal_bytes=size,
            )
        )
    else:
        out.append(ok("store.wal", f"the write-ahead log is {size // 1024} KiB", wal_bytes=size))
    return out


def outbox_checks(cfg, store, now: datetime, *, waiting_warn_s: float = WAITING_WARN_S) -> list[Finding]:
    outbox = Outbox(store)
    depth = outbox.depth()
    oldest = outbox.oldest_pending_age_s(now)
    dead = outbox.dead_letters()
    out = []
    figures = {"depth": depth, "oldest_pending_s": round(oldest), "dead_letters": len(dead)}
    if not cfg.central.url:
        if depth:
            out.append(
                warn(
                    "outbox",
                    f"{depth} record(s) stay on this pad: no [central] url",
                    f"set [central] url, app_mark and app_secret (issued by the centre) in {config_file(cfg)}",
                    **figures,
                )
            )
        else:
            out.append(info("outbox", "nothing waiting; no [central] url", **figures))
    elif oldest > waiting_warn_s:
        out.append(
            warn(
                "outbox",
                f"{depth} record(s) waiting for the centre; the oldest rating for {oldest / 3600:.1f} h",
                "see the centre check below; the technician screen shows the sync state and its last error",
                **figures,
            )
        )
    else:
        out.append(ok("outbox", f"{depth} record(s) waiting for the centre (oldest rating {oldest:.0f} s)", **figures))
    if dead:
        first = dead[0]
        out.append(
            warn(
                "outbox.dead",
                f"{len(dead)} dead letter(s) the centre refused; first: {first['kind']} {first['key']}: "
                f"{first['last_error']}",
                "fix what the centre's message names, then 全部重新上报 on the technician screen (dead letters)",
                keys=[d["key"] for d in dead[:20]],
            )
        )
    else:
        out.append(ok("outbox.dead", "no dead letters"))
    return out


def central_settings(cfg):
    c = cfg.central
    return CentralSettings(
        url=c.url,
        app_mark=c.app_mark,
        app_secret=c.app_secret,
        device_id=cfg.device.id,
        timeout_s=min(c.timeout_seconds, 10),
        signer=c.signer,
        ca_file=c.ca_file,
        verify_tls=c.verify_tls,
        protocol=c.protocol,
        app_word=c.app_word,
        platform_public_key=c.platform_public_key,
        area_code=cfg.device.area_code,
    )


def _date_offset(resp: requests.Response, sent: datetime, got: datetime) -> float | None:
    """The centre's HTTP Date header minus the local clock at the middle of the exchange (1 s resolution)."""
    try:
        server = parsedate_to_datetime(resp.headers.get("Date", ""))
    except (TypeError, ValueError):
        return None
    return (server - (sent + (got - sent) / 2)).total_seconds()


def _answer_error(answer: Answer) -> str:
    data = answer.data
    err = data.get("error") if isinstance(data, dict) else None
    if isinstance(err, dict):
        return f"{err.get('code', '')}: {err.get('message', '')}".strip(": ")
    return (answer.http.text or "")[:120]


def centre(cfg, host: Host) -> list[Finding]:
    """A signed GET of this device's profile: the centre is reachable, knows the device and accepts the
    signature; the answer's serverTime (else its Date header) gives the clock offset."""
    if not cfg.central.url:
        return [info("centre", "no [central] url: no centre to reach")]
    try:
        settings = central_settings(cfg)
    except ValueError as exc:
        return [
            fail("centre", f"the [central] settings are refused: {exc}", f"correct [central] in {config_file(cfg)}")
        ]
    if settings.protocol != "kiosk-json" and not settings.app_secret:
        return [info("centre", f"central.protocol = {settings.protocol}: no kiosk-json device API to probe")]
    host_name = urlsplit(settings.base_url).netloc
    client = CentralClient(settings)
    sent = client.clock.now()  # the wall clock, as the client reads it for serverTime
    try:
        answer = client.request("GET", f"{API}/devices/{quote(settings.device_id, safe='')}/profile")
    except TransportError as exc:
        return [
            fail(
                "centre",
                f"the centre at {settings.base_url} does not answer: {exc}",
                f"check the network route to {host_name} (firewall, proxy), central.url, and for https the CA "
                "(central.ca_file)",
            )
        ]
    finally:
        client.close()
    got = client.clock.now()
    status = answer.http.status_code
    detail = {"url": settings.base_url, "http": status}
    if status == 200:
        out = [ok("centre", f"the centre at {settings.base_url} accepts this pad's signature", **detail)]
    elif status in (401, 403):
        out = [
            fail(
                "centre",
                f"the centre refused the signature: HTTP {status} {_answer_error(answer)}",
                "check central.app_mark, central.app_secret and central.signer with the centre's operators; "
                "a clock off by more than 300 s is refused as well",
                **detail,
            )
        ]
    elif status == 404:
        out = [
            fail(
                "centre",
                f"the centre does not know device {settings.device_id!r}: {_answer_error(answer)}",
                "have the centre register this deviceId, or correct device.id",
                **detail,
            )
        ]
    else:
        out = [
            warn(
                "centre",
                f"the centre answered HTTP {status} {_answer_error(answer)}",
                "retry later; if it persists, tell the centre's operators",
                **detail,
            )
        ]
    return out + [clock_offset(client.clock_offset_s, _date_offset(answer.http, sent, got))]


def clock_offset(server_time_offset: float | None, date_offset: float | None) -> Finding:
    offset, source = (server_time_offset, "serverTime") if server_time_offset is not None else (date_offset, "Date")
    if offset is None:
        return info("clock.centre", "the centre's answer carried no time: offset unknown")
    detail = {"offset_s": round(offset, 3), "from": source}
    said = f"this clock is {abs(offset):.1f} s {'behind' if offset > 0 else 'ahead of'} the centre ({source})"
    fix = "synchronise the clock (see clock.ntp): every rating carries this clock's time"
    if abs(offset) > MAX_SKEW_S:
        return fail("clock.centre", said + f": beyond the {MAX_SKEW_S} s the signature allows", fix, **detail)
    if abs(offset) > CLOCK_WARN_S + (1.0 if source == "Date" else 0.0):  # the Date header has 1 s resolution
        return warn("clock.centre", said, fix, **detail)
    return ok("clock.centre", said, **detail)
