"""Fixtures: the API served over real HTTP on 127.0.0.1 (ephemeral port) in front of the fake pad."""

from __future__ import annotations

import http.client
import socket
from urllib.parse import urlsplit

import pytest
import requests

from kiosk.api import ApiServer
from tests.helpers.api import case_json
from tests.unit.api.fake_port import FakePadPort

TOKEN = "s3cret-token-for-tests"


def service(project_no: str = "P2026112300001", **kw: object) -> dict:
    """A case with a mobile number too; a field given as ... is left out."""
    base = case_json(project_no, **{"mobile": "13812345678", **kw})
    return {k: v for k, v in base.items() if v is not ...}


class Client:
    """requests against one server, with the token unless told otherwise; bounded timeouts."""

    def __init__(self, url: str, token: str | None = TOKEN):
        self.url = url
        self.session = requests.Session()
        if token is not None:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def request(self, method: str, path: str, **kw) -> requests.Response:
        kw.setdefault("timeout", 10)
        return self.session.request(method, self.url + path, **kw)

    def get(self, path: str, **kw) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw) -> requests.Response:
        return self.request("POST", path, **kw)

    def put(self, path: str, **kw) -> requests.Response:
        return self.request("PUT", path, **kw)

    def delete(self, path: str, **kw) -> requests.Response:
        return self.request("DELETE", path, **kw)

    def invite(self, project_no: str = "P2026112300001", **kw) -> requests.Response:
        body = {"service": service(project_no, **kw.pop("service", {}))}
        body.update(kw)
        return self.post("/api/v1/invitations", json=body)

    def close(self) -> None:
        self.session.close()


def raw(url: str, data: bytes, timeout: float = 5.0) -> tuple[int, dict, bytes]:
    """Send raw bytes, read one response (status, headers, body)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        sock.sendall(data)
        resp = http.client.HTTPResponse(sock, method=data.split(b" ", 1)[0].decode("latin-1"))
        try:
            resp.begin()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            resp.close()


def error_of(resp: requests.Response) -> dict:
    assert resp.headers["Content-Type"].startswith("application/json"), resp.text
    return resp.json()["error"]


@pytest.fixture
def pad() -> FakePadPort:
    pad = FakePadPort()
    pad.sign_in("s-001")
    return pad


@pytest.fixture
def server(pad: FakePadPort):
    srv = ApiServer(pad, port_number=0, token=TOKEN)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def api(server: ApiServer):
    client = Client(server.url)
    yield client
    client.close()


@pytest.fixture
def anon(server: ApiServer):
    client = Client(server.url, token=None)
    yield client
    client.close()
