"""Reference central 好差评 emulator: the documented API (docs/central-api.md) on loopback, with faults.

    emu = CentralEmulator("central.db", "mark", "secret", faults="500,lostack", fault_rate=0.3, seed=1)
    emu.start(); ...; emu.url; ...; emu.stop()

Faults (each request of the device API picks one at random with probability `fault_rate`):
500, 503 (Retry-After), 429 (Retry-After), slow (sleep `slow_s`, then process), reset (RST before storing),
lostack (store, then close without answering), malformed (store, then 200 with broken JSON).
The inspection endpoints (`GET /hcp/v1/evaluations?since=N`, `GET /hcp/v1/stats`) never fault.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import random
import re
import socket
import struct
import threading
from datetime import UTC, datetime, timedelta
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from kiosk.central.db import EmulatorDB
from kiosk.central.demo_profile import demo_profile
from kiosk.central.mobile import DEFAULT_PATH, MobilePage, public_url
from kiosk.central.protocols import RATE_PAGE, Provincial
from kiosk.sync.settings import PROTOCOLS
from kiosk.sync.signing import NonceCache, verify

log = logging.getLogger(__name__)

FAULTS = ("500", "503", "429", "slow", "reset", "lostack", "malformed")
MAX_BODY = 32 * 1024 * 1024
_DEVICE_RE = re.compile(r"^/hcp/v1/devices/([^/]+)/(profile|heartbeat)$")
_SERVICE_RE = re.compile(r"^/hcp/v1/services/([^/]+)$")


def parse_faults(spec: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    if not spec:
        return ()
    names = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
    bad = [n for n in names if n not in FAULTS]
    if bad:
        raise ValueError(f"unknown fault(s) {', '.join(bad)}; known: {', '.join(FAULTS)}")
    return tuple(names)


def profile_etag(profile: dict) -> str:
    canon = json.dumps(profile, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return '"' + hashlib.sha256(canon).hexdigest()[:32] + '"'


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins the handler threads
    allow_reuse_address = True


class CentralEmulator:
    def __init__(
        self,
        db_path: str | Path,
        app_mark: str = "demo-mark",
        app_secret: str = "demo-secret",
        port: int = 0,
        faults: str | list[str] | tuple[str, ...] | None = None,
        fault_rate: float = 0.0,
        *,
        seed: int | None = None,
        signer: str = "hmac-sha256",
        slow_s: float = 2.0,
        retry_after_s: int = 1,
        time_offset_s: float = 0.0,
        profile: dict | None = None,
        host: str = "127.0.0.1",
        qr_secret: str | None = None,
        qr_path: str = DEFAULT_PATH,
        protocol: str = "kiosk-json",
        app_word: str = "",
        private_key: str = "",
    ):
        self.faults = parse_faults(faults)  # before opening anything: a bad spec leaks nothing
        if protocol not in PROTOCOLS:
            raise ValueError(f"protocol must be one of {', '.join(PROTOCOLS)}, got {protocol!r}")
        self.protocol = protocol
        self.db = EmulatorDB(db_path)
        self.provincial: Provincial | None = None
        if protocol != "kiosk-json":
            try:
                self.provincial = Provincial(
                    protocol, self.db, app_mark, app_word, private_key, base_url=lambda: self.url, now=self.server_now
                )
            except ValueError:
                self.db.close()
                raise
        self.app_mark, self.app_secret, self.signer = app_mark, app_secret, signer
        self.port = port
        self.fault_rate = fault_rate
        self.rng = random.Random(seed)
        self.slow_s = slow_s
        self.retry_after_s = retry_after_s
        self.time_offset_s = time_offset_s
        self.nonces = NonceCache()
        self.lock = threading.Lock()
        self.requests = 0
        self.fault_counts: dict[str, int] = {}
        self.set_profile(profile if profile is not None else demo_profile())
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._conns: set[socket.socket] = set()
        self.host = host  # loopback unless told (then a phone on the hall's network reaches the rating page)
        self.mobile = MobilePage(self, qr_secret, qr_path) if qr_secret else None

    # --- life cycle -------------------------------------------------------------------------------

    def start(self) -> CentralEmulator:
        emulator = self

        class Handler(_Handler):
            emu = emulator

        self._server = _Server((self.host, self.port), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="central-emulator", daemon=True
        )
        self._thread.start()
        return self

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        return f"http://{host}:{self.port}"

    @property
    def public_url(self) -> str:
        """Where a phone reaches this emulator (its bind address, or this machine's for a wildcard bind)."""
        return public_url(self.host, self.port)

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            with self.lock:
                conns = list(self._conns)
            for conn in conns:  # wake handler threads idling on keep-alive connections
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        self.db.close()

    def __enter__(self) -> CentralEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- knobs for tests --------------------------------------------------------------------------

    def set_profile(self, profile: dict) -> None:
        with self.lock:
            self.profile = profile
            self.etag = profile_etag(profile)

    def set_faults(self, faults: str | list[str] | None, rate: float) -> None:
        with self.lock:
            self.faults, self.fault_rate = parse_faults(faults), rate

    def server_now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.time_offset_s)

    def server_time(self) -> str:
        return self.server_now().isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def pick_fault(self) -> str | None:
        with self.lock:
            self.requests += 1
            if not self.faults or self.rng.random() >= self.fault_rate:
                return None
            fault = self.rng.choice(self.faults)
            self.fault_counts[fault] = self.fault_counts.get(fault, 0) + 1
            return fault

    def stats(self) -> dict:
        with self.lock:
            extra = {"requests": self.requests, "faults": dict(self.fault_counts)}
        return {**self.db.stats(), **extra}

    def wait_sleep(self, seconds: float) -> None:
        self._stopping.wait(seconds)


class _Handler(BaseHTTPRequestHandler):
    emu: CentralEmulator
    protocol_version = "HTTP/1.1"
    server_version = "kiosk-central-emulator/1"

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes: without TCP_NODELAY, Nagle + delayed ACK add ~40 ms each
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.emu.lock:
            self.emu._conns.add(self.connection)

    def finish(self) -> None:
        with self.emu.lock:
            self.emu._conns.discard(self.connection)
        with contextlib.suppress(OSError, ValueError):
            super().finish()

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The Date header on the emulator's clock (--time-offset shifts it too)."""
        return formatdate(self.emu.server_now().timestamp() if timestamp is None else timestamp, usegmt=True)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - BaseHTTPRequestHandler's name
        log.debug("%s %s", self.address_string(), format % args)

    # --- answering --------------------------------------------------------------------------------

    def _send(self, status: int, payload: dict | None, headers: dict | None = None, raw: bytes | None = None) -> None:
        body = raw if raw is not None else b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if (body or status != 304) and "Content-Type" not in (headers or {}):
                self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)
        except OSError:  # the client gave up (timeout) - nothing to do
            self.close_connection = True

    def _error(self, status: int, code: str, message: str, headers: dict | None = None) -> None:
        self._send(status, {"error": {"code": code, "message": message}, "serverTime": self.emu.server_time()}, headers)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        emu = self.emu
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self.close_connection = True
            return self._error(400, "E_BODY", "bad Content-Length")
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        path = parts.path
        if emu.mobile is not None and emu.mobile.handles(method, path):  # the phone's page: not signed, no faults
            return emu.mobile.serve(self, method, parts.query, body)
        inspection = method == "GET" and path in ("/hcp/v1/evaluations", "/hcp/v1/stats")
        fault = None if inspection else emu.pick_fault()
        if fault in ("500", "503", "429"):
            headers = {"Retry-After": str(emu.retry_after_s)} if fault != "500" else {}
            return self._error(int(fault), f"E_{fault}", f"injected fault {fault}", headers)
        if fault == "reset":
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
            return None
        prov = emu.provincial
        if prov is not None and (prov.handles(method, path) or (method == "GET" and path == RATE_PAGE)):
            return self._provincial(prov, method, path, parts.query, body, fault)
        headers = {k: v for k, v in self.headers.items()}
        problem = verify(
            headers,
            method,
            self.path,
            body,
            app_mark=emu.app_mark,
            secret=emu.app_secret,
            signer=emu.signer,
            now_s=emu.server_now().timestamp(),
            nonces=_LockedNonces(emu),
        )
        if problem:
            return self._error(401, "E_AUTH", problem)
        if fault == "slow":
            emu.wait_sleep(emu.slow_s)
        try:
            status, payload, extra = self._route(method, path, parts.query, body)
        except Exception as exc:  # a bug in the emulator: answer 500 rather than hang
            log.exception("emulator failure")
            return self._error(500, "E_INTERNAL", f"{type(exc).__name__}: {exc}")
        if fault == "lostack":
            self.close_connection = True
            return None
        if fault == "malformed":
            return self._send(200, None, raw=b'{"results": [{"id": ')
        self._send(status, payload, extra)
        return None

    def _provincial(self, prov: Provincial, method: str, path: str, query: str, body: bytes, fault: str | None) -> None:
        """A request of a provincial protocol (kiosk/central/protocols.py), with the same faults."""
        if method == "GET":
            status, text = prov.rate_page(query)
            return self._send(status, None, {"Content-Type": "text/plain; charset=utf-8"}, raw=text.encode("utf-8"))
        if fault == "slow":
            self.emu.wait_sleep(self.emu.slow_s)
        try:
            status, headers, raw = prov.handle(path, body, {k: v for k, v in self.headers.items()})
        except Exception as exc:  # a bug in the emulator: answer 500 rather than hang
            log.exception("emulator failure")
            return self._error(500, "E_INTERNAL", f"{type(exc).__name__}: {exc}")
        if fault == "lostack":
            self.close_connection = True
            return None
        if fault == "malformed":  # garbage: no C-Response-Desc, a body that is not JSON
            return self._send(200, None, raw=b"<html>502 Bad Gateway")
        return self._send(status, None, headers, raw=raw)

    def _route(self, method: str, path: str, query: str, body: bytes) -> tuple[int, dict | None, dict]:
        emu = self.emu
        now = emu.server_time()
        if method == "POST" and path in ("/hcp/v1/services", "/hcp/v1/evaluations"):
            try:
                doc = json.loads(body)
                items, device = doc["items"], str(doc.get("deviceId", ""))
                if not isinstance(items, list):
                    raise TypeError("items must be a list")
            except (ValueError, KeyError, TypeError) as exc:
                return 400, {"error": {"code": "E_BODY", "message": f"bad request body: {exc}"}, "serverTime": now}, {}
            store = emu.db.store_services if path.endswith("services") else emu.db.store_evaluations
            return 200, {"results": store(items, device), "serverTime": now}, {}
        if method == "GET" and path == "/hcp/v1/evaluations":
            try:
                since = int(parse_qs(query).get("since", ["0"])[0])
            except ValueError:
                return 400, {"error": {"code": "E_QUERY", "message": "since must be an integer"}}, {}
            items, nxt = emu.db.evaluations_since(since)
            return 200, {"items": items, "next": nxt, "serverTime": now}, {}
        if method == "GET" and path == "/hcp/v1/stats":
            return 200, {**emu.stats(), "serverTime": now}, {}
        m = _SERVICE_RE.match(path)
        if m and method == "GET":
            service = emu.db.get_case(unquote(m.group(1)))
            if service is None:
                return 404, {"error": {"code": "E_NOT_FOUND", "message": "办件不存在"}, "serverTime": now}, {}
            return 200, {"service": service, "serverTime": now}, {}
        m = _DEVICE_RE.match(path)
        if m and m.group(2) == "profile" and method == "GET":
            with emu.lock:
                profile, etag = emu.profile, emu.etag
            if self.headers.get("If-None-Match") == etag:
                return 304, None, {"ETag": etag}
            return 200, {**profile, "serverTime": now}, {"ETag": etag}
        if m and m.group(2) == "heartbeat" and method == "POST":
            try:
                payload = json.loads(body or b"{}")
            except ValueError:
                payload = None
            if not isinstance(payload, dict):
                return 400, {"error": {"code": "E_BODY", "message": "heartbeat must be a JSON object"}}, {}
            emu.db.record_heartbeat(unquote(m.group(1)), payload)
            return 200, {"ok": True, "serverTime": now}, {}
        return 404, {"error": {"code": "E_NOT_FOUND", "message": f"no route {method} {path}"}, "serverTime": now}, {}


class _LockedNonces:
    def __init__(self, emu: CentralEmulator):
        self.emu = emu

    def add(self, nonce: str, now_s: float) -> bool:
        with self.emu.lock:
            return self.emu.nonces.add(nonce, now_s)
