"""The local API's HTTP server: `ApiServer(port).start()` serves it on daemon threads, off the GUI thread.

Transport rules (the routes themselves are in `kiosk.api.routes`):
- standard library `ThreadingHTTPServer`, HTTP/1.1 keep-alive, a socket timeout per connection and at most
  MAX_CONNECTIONS at once (further connections get a bare 503 and are closed);
- `Authorization: Bearer <token>` on everything but GET /api/v1/health, compared in constant time; checked
  before routing so that an unauthenticated client learns nothing about routes. No token configured: the
  server refuses to start on a non-loopback address, and on loopback auth is not required;
- bodies only with Content-Length (411 otherwise), at most 64 KiB (413, decided before reading), of type
  application/json (415), UTF-8 JSON (400 invalid_json); a body sent to a route without one is not read and
  the connection is closed after the answer;
- every answer, including the transport's own errors, is JSON; an unexpected exception is a logged 500.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import socket
import socketserver
import threading
from email.utils import collapse_rfc2231_value
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from kiosk import __version__
from kiosk.api import openapi, routes
from kiosk.api.errors import ApiError, from_port
from kiosk.api.port import PadPort
from kiosk.api.shapes import PortBug
from kiosk.api.validate import parse_json
from kiosk.config import is_loopback

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
MAX_CONNECTIONS = 32
SOCKET_TIMEOUT_S = 10.0
STOP_JOIN_S = 3.0
_BUSY = b'{"error":{"code":"unavailable","message":"too many connections"}}'
_TRANSPORT_CODES = {400: "bad_request", 414: "uri_too_long", 431: "headers_too_large", 501: "not_implemented"}


class ApiServer:
    """The local API over a `PadPort`. `start()` returns once the socket listens; `stop()` is idempotent."""

    def __init__(self, port: PadPort, *, bind: str = "127.0.0.1", port_number: int = 8470, token: str = ""):
        if not token and not is_loopback(bind):
            raise ValueError(
                f"refusing to serve the local API on {bind!r} without a token: set [api] token (or bind to 127.0.0.1)"
            )
        self.port = port
        self.bind = bind
        self.port_number = port_number
        self.token = token.encode("utf-8")
        self.document = openapi.document()
        self.stopping = threading.Event()
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._httpd is not None:
            raise RuntimeError("ApiServer already started")
        self.stopping.clear()
        self._httpd = _HttpServer((self.bind, self.port_number), self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="kiosk-api", daemon=True
        )
        self._thread.start()
        log.info("local API listening on %s (auth %s)", self.url, "required" if self.token else "off (loopback)")

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("ApiServer not started")
        port = self._httpd.server_address[1]
        host = self.bind
        if host in ("", "0.0.0.0"):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def stop(self) -> None:
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self.stopping.set()
        httpd.shutdown()
        httpd.server_close()
        httpd.close_connections(STOP_JOIN_S)
        if thread is not None:
            thread.join(STOP_JOIN_S)
        self._httpd = self._thread = None
        log.info("local API stopped")

    def __enter__(self) -> ApiServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], api: ApiServer):
        self.api = api
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self._live: dict[threading.Thread, socket.socket] = {}
        self._lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)  # HTTPServer's would do a reverse DNS lookup (getfqdn)
        self.server_name, self.server_port = self.api.bind, self.server_address[1]

    def process_request(self, request, client_address) -> None:
        with self._lock:
            busy = len(self._live) >= MAX_CONNECTIONS or self.api.stopping.is_set()
            if not busy:
                thread = threading.Thread(
                    target=self._serve, args=(request, client_address), name="kiosk-api-conn", daemon=True
                )
                self._live[thread] = request
        if busy:
            log.warning("local API: refusing a connection from %s (busy)", client_address[0])
            self._refuse(request)
            return
        thread.start()

    def _serve(self, request, client_address) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._live.pop(threading.current_thread(), None)

    def _refuse(self, request: socket.socket) -> None:
        head = (
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(_BUSY)}\r\nConnection: close\r\n\r\n"
        )
        try:
            request.settimeout(1.0)
            request.sendall(head.encode("ascii") + _BUSY)
        except OSError:
            pass
        self.shutdown_request(request)

    def close_connections(self, timeout: float) -> None:
        with self._lock:
            live = dict(self._live)
        for sock in live.values():
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for thread in live:
            thread.join(timeout)

    def handle_error(self, request, client_address) -> None:
        log.exception("local API: connection from %s failed", client_address[0] if client_address else "?")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = f"kiosk-api/{__version__}"
    sys_version = ""
    timeout = SOCKET_TIMEOUT_S
    server: _HttpServer

    # --- dispatch -----------------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._dispatch()

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes: without NODELAY, Nagle + delayed ACK add ~40 ms per answer
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def __getattr__(self, name: str):
        if name.startswith("do_"):  # any other method (PATCH, TRACE, ...): 405 on a known path, else 404
            return self._dispatch
        raise AttributeError(name)

    def version_string(self) -> str:
        return self.server_version

    def handle_expect_100(self) -> bool:
        self._expects_100 = True  # answered only when the body is actually wanted (see _read_body)
        return True

    def _dispatch(self) -> None:
        self._unread = self._declares_body()
        try:
            reply = self._handle(self.server.api)
        except ApiError as exc:
            reply = routes.Reply(exc.status, exc.body())
            if exc.status == 401:
                reply.headers["WWW-Authenticate"] = 'Bearer realm="kiosk"'
        except Exception:  # noqa: BLE001 - the last line of defence: answer, log, keep serving
            log.exception("local API: %s %s failed", self.command, self.path[:200])
            reply = routes.Reply(500, ApiError(500, "internal", "unexpected error (logged)").body())
        finally:
            self._expects_100 = False
        self._send(reply)

    def _handle(self, api: ApiServer) -> routes.Reply:
        parts = urlsplit(self.path)
        route, params, allowed = routes.resolve(self.command, parts.path)
        if (route is None or route.auth) and not self._authorized(api):
            log.info("local API: unauthorized %s %s from %s", self.command, parts.path[:100], self.client_address[0])
            raise ApiError(401, "unauthorized", "missing or wrong Authorization: Bearer <token>")
        if route is None:
            if allowed:
                reply = routes.Reply(405, ApiError(405, "method_not_allowed", f"{self.command} not allowed").body())
                reply.headers["Allow"] = ", ".join(allowed)
                return reply
            raise ApiError(404, "not_found", f"no route {parts.path[:100]!r}")
        call = routes.Call(api.port, params, stopping=api.stopping, document=api.document)
        if route.request:
            call.body = self._read_body()
        call.query = parse_qs(parts.query, keep_blank_values=True)
        try:
            reply = route.handler(call)
        except PortBug as exc:
            log.error("local API: %s %s: the pad answered badly: %s", self.command, route.template, exc)
            raise ApiError(500, "internal", "unexpected error (logged)") from None
        except Exception as exc:
            err = from_port(exc)
            if err is None:
                raise
            if err.status not in route.errors:
                log.error(
                    "local API: %s %s: undocumented %s from the pad: %r", self.command, route.template, err.status, exc
                )
                raise ApiError(500, "internal", "unexpected error (logged)") from None
            raise err from None
        return reply

    def _authorized(self, api: ApiServer) -> bool:
        if not api.token:
            return True
        scheme, _, credentials = (self.headers.get("Authorization") or "").strip().partition(" ")
        if scheme.lower() != "bearer":
            return False
        try:
            given = credentials.strip().encode("latin-1")  # http.client decodes header bytes as latin-1
        except UnicodeEncodeError:
            return False
        return hmac.compare_digest(given, api.token)

    # --- bodies -------------------------------------------------------------------------------------

    def _declares_body(self) -> bool:
        if self.headers.get("Transfer-Encoding"):
            return True
        length = (self.headers.get("Content-Length") or "0").strip()
        return length != "0" and length != ""

    def _read_body(self) -> object:
        if self.headers.get("Transfer-Encoding"):
            raise ApiError(411, "length_required", "send the body with Content-Length (chunked is not accepted)")
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            raise ApiError(411, "length_required", "Content-Length is required")
        if len(set(lengths)) != 1 or not re.fullmatch(r"[0-9]{1,12}", lengths[0].strip()):
            raise ApiError(400, "bad_request", "Content-Length is not a single non-negative integer")
        length = int(lengths[0])
        if length > MAX_BODY:
            raise ApiError(413, "too_large", f"the body is {length} bytes; at most {MAX_BODY} are accepted")
        ctype = self.headers.get_content_type()
        charset = collapse_rfc2231_value(self.headers.get_param("charset") or "utf-8").lower()
        if ctype != "application/json" or charset not in ("utf-8", "utf8"):
            raise ApiError(415, "unsupported_media_type", "Content-Type must be application/json (UTF-8)")
        if getattr(self, "_expects_100", False):
            self.send_response_only(100)
            self.end_headers()
        try:
            raw = self.rfile.read(length)
        except OSError:
            raw = b""
        if len(raw) != length:
            raise ApiError(400, "bad_request", "the body is shorter than Content-Length")
        self._unread = False
        return parse_json(raw)

    # --- answers ------------------------------------------------------------------------------------

    def _send(self, reply: routes.Reply) -> None:
        if reply.raw is not None:
            data = reply.raw
        else:
            try:
                data = json.dumps(reply.body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate somewhere: escape everything
                data = json.dumps(reply.body, separators=(",", ":")).encode("ascii")
        headers = dict(reply.headers)
        ctype = headers.pop("Content-Type", "application/json; charset=utf-8")
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in headers.items():
                self.send_header(name, value)
            if self._unread:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        except OSError as exc:
            log.debug("local API: client went away: %s", exc)
            self.close_connection = True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The transport's own errors (bad request line, huge headers, unknown method) as JSON."""
        body = {"error": {"code": _TRANSPORT_CODES.get(code, "bad_request"), "message": message or "bad request"}}
        self._unread = True
        self.close_connection = True
        if not getattr(self, "request_version", None) or self.request_version == "HTTP/0.9":
            self.request_version = "HTTP/1.1"
        self._send(routes.Reply(code, body))

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        log.debug("local API %s: " + format, self.client_address[0], *args)
