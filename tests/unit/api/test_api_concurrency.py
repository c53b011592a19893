"""Concurrency: racing invitations, long-poll promptness, connection limits and a clean stop."""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests

from kiosk.api import ApiServer
from kiosk.api import server as server_mod
from tests.unit.api.conftest import Client, error_of
from tests.unit.api.fake_port import FakePadPort


def _in_thread(fn, *args):
    """Run fn(*args) on a thread; returns (thread, box) where box gets 'result' / 'error' and 'at'."""
    box: dict = {}

    def run():
        try:
            box["result"] = fn(*args)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            box["error"] = exc
        box["at"] = time.monotonic()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, box


def test_two_concurrent_invitations_exactly_one_wins(server, pad: FakePadPort):
    clients = [Client(server.url), Client(server.url)]
    try:
        for round_no in range(10):
            barrier = threading.Barrier(2)

            def go(client: Client, n: int, round_no=round_no, barrier=barrier):
                barrier.wait(5)
                return client.invite(f"P-{round_no}-{n}")

            runs = [_in_thread(go, c, n) for n, c in enumerate(clients)]
            for thread, _ in runs:
                thread.join(10)
            responses = [box["result"] for _, box in runs]
            assert sorted(r.status_code for r in responses) == [201, 409], [r.text for r in responses]
            loser = next(r for r in responses if r.status_code == 409)
            assert error_of(loser)["code"] == "busy"
            winner = next(r for r in responses if r.status_code == 201).json()["invitationId"]
            assert clients[0].delete(f"/api/v1/invitations/{winner}").status_code == 200
    finally:
        for c in clients:
            c.close()


def test_long_poll_returns_as_soon_as_the_citizen_presses(api, pad: FakePadPort):
    inv = api.invite().json()["invitationId"]
    thread, box = _in_thread(api.get, f"/api/v1/invitations/{inv}?wait=30")
    time.sleep(0.3)
    assert "result" not in box  # still held
    pressed = time.monotonic()
    assert pad.press(4)
    thread.join(5)
    assert box["result"].status_code == 200
    assert box["result"].json()["state"] == "rated" and box["result"].json()["satisfaction"] == 4
    assert box["at"] - pressed < 0.5


def test_rated_invitation_is_answered_at_once_without_details(api, pad: FakePadPort):
    inv = api.invite().json()["invitationId"]
    pad.press(5)
    started = time.monotonic()
    body = api.get(f"/api/v1/invitations/{inv}?wait=30").json()
    assert body["state"] == "rated" and body["detailsDone"] is False
    assert time.monotonic() - started < 0.5


def test_long_poll_with_details_returns_when_the_details_are_done(api, pad: FakePadPort):
    inv = api.invite().json()["invitationId"]
    pad.press(5)
    thread, box = _in_thread(api.get, f"/api/v1/invitations/{inv}?wait=30&details=true")
    time.sleep(0.3)
    assert "result" not in box
    submitted = time.monotonic()
    assert pad.submit()
    thread.join(5)
    body = box["result"].json()
    assert body["detailsDone"] is True and body["evalDetail"] == ""
    assert box["at"] - submitted < 0.5


def test_long_poll_on_a_settled_invitation_returns_at_once(api, pad: FakePadPort):
    inv = api.invite().json()["invitationId"]
    api.delete(f"/api/v1/invitations/{inv}")
    started = time.monotonic()
    assert api.get(f"/api/v1/invitations/{inv}?wait=60").json()["state"] == "cancelled"
    assert time.monotonic() - started < 0.5


def test_long_poll_returns_on_timeout_and_cancel(api, pad: FakePadPort):
    inv = api.invite(timeoutSeconds=5).json()["invitationId"]
    thread, box = _in_thread(api.get, f"/api/v1/invitations/{inv}?wait=30")
    time.sleep(0.2)
    pad.advance(6)
    thread.join(5)
    assert box["result"].json()["state"] == "timeout"

    pad.advance(10)  # expired screen -> idle
    inv = api.invite("P-2").json()["invitationId"]
    other = Client(api.url)
    try:
        thread, box = _in_thread(other.get, f"/api/v1/invitations/{inv}?wait=30")
        time.sleep(0.2)
        api.delete(f"/api/v1/invitations/{inv}")
        thread.join(5)
        assert box["result"].json()["state"] == "cancelled"
    finally:
        other.close()


def test_long_poll_gives_up_at_the_wait_limit(api):
    inv = api.invite().json()["invitationId"]
    started = time.monotonic()
    resp = api.get(f"/api/v1/invitations/{inv}?wait=1")
    assert resp.json()["state"] == "pending"
    assert 0.9 <= time.monotonic() - started < 2.5


def test_stop_ends_a_held_long_poll_promptly(pad: FakePadPort):
    srv = ApiServer(pad, port_number=0)
    srv.start()
    client = Client(srv.url, token=None)
    try:
        inv = client.invite().json()["invitationId"]
        thread, box = _in_thread(client.get, f"/api/v1/invitations/{inv}?wait=60")
        time.sleep(0.3)
        started = time.monotonic()
        srv.stop()
        assert time.monotonic() - started < 3
        thread.join(5)
        assert not thread.is_alive()
        assert "result" in box or isinstance(box.get("error"), requests.ConnectionError)
    finally:
        srv.stop()
        client.close()


def test_many_parallel_clients(server, pad: FakePadPort):
    def hammer():
        client = Client(server.url)
        try:
            return [client.get("/api/v1/health").status_code for _ in range(20)]
        finally:
            client.close()

    runs = [_in_thread(hammer) for _ in range(8)]
    for thread, _ in runs:
        thread.join(30)
    assert all(box["result"] == [200] * 20 for _, box in runs)


def test_connections_beyond_the_limit_get_503_and_the_server_recovers(server, monkeypatch):
    monkeypatch.setattr(server_mod, "MAX_CONNECTIONS", 4)
    parts = urlsplit(server.url)
    idle = [socket.create_connection((parts.hostname, parts.port), timeout=5) for _ in range(4)]
    try:
        deadline = time.monotonic() + 5
        while len(server._httpd._live) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        with socket.create_connection((parts.hostname, parts.port), timeout=5) as extra:
            extra.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = extra.recv(4096)
        assert answer.startswith(b"HTTP/1.1 503") and b'"unavailable"' in answer
    finally:
        for sock in idle:
            sock.close()
    deadline = time.monotonic() + 5
    while server._httpd._live and time.monotonic() < deadline:
        time.sleep(0.01)
    client = Client(server.url)
    try:
        assert client.get("/api/v1/health").status_code == 200
    finally:
        client.close()


@pytest.mark.parametrize("n", [3])
def test_start_stop_repeatedly(pad: FakePadPort, n):
    for _ in range(n):
        with ApiServer(pad, port_number=0) as srv:
            client = Client(srv.url, token=None)
            try:
                assert client.get("/api/v1/health").status_code == 200
            finally:
                client.close()
