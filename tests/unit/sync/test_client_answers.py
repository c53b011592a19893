"""Answers that are not what the API promises are failed attempts: nothing is marked delivered."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kiosk.store.outbox import Outbox
from kiosk.sync.client import CentralClient, ProtocolError, _retry_after
from kiosk.sync.drain import Drainer
from tests.unit.sync.helpers import rate, settings_for


class Canned:
    """A loopback server answering every request with the next canned (status, body, headers)."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.requests = []
        canned = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                canned.requests.append(json.loads(body))
                status, payload, headers = canned.answers.pop(0) if canned.answers else (500, b"", {})
                if callable(payload):
                    payload = payload(canned.requests[-1])
                raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.server.daemon_threads = False
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,))
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def canned():
    servers = []

    def make(answers):
        servers.append(Canned(answers))
        return servers[-1]

    yield make
    for s in servers:
        s.close()


def _accept_all(req):
    return {
        "results": [{"id": i["projectNo"], "status": "accepted"} for i in req["items"]],
        "serverTime": "2026-11-23T02:00:00.000Z",
    }


@pytest.mark.parametrize(
    "bad",
    [
        b'{"results": [',
        b"[]",
        {"results": "nope"},
        {"results": [{"id": 5, "status": "accepted"}]},
        {"results": [{"id": "P1", "status": "great"}]},
        {"noresults": []},
    ],
)
def test_malformed_answer_delivers_nothing(canned, store, bad):
    rate(store, "P1")
    srv = canned([(200, bad, {})])
    client = CentralClient(settings_for(srv.url))
    try:
        report = Drainer(Outbox(store), client, 10).drain()
    finally:
        client.close()
    assert isinstance(report.error, ProtocolError)
    assert store.get_case("P1") is not None
    row = store.conn.execute("SELECT sync_state, attempts, last_error FROM services").fetchone()
    assert row["sync_state"] == "pending" and row["attempts"] == 1 and row["last_error"]


def test_missing_result_for_a_sent_id_stays_pending(canned, store):
    for pn in ("P1", "P2", "P3"):
        rate(store, pn)

    def answer_two(req):
        return {
            "results": [{"id": i["projectNo"], "status": "accepted"} for i in req["items"][:2]]
            + [{"id": "ZZ", "status": "accepted"}]
        }

    srv = canned([(200, answer_two, {})])
    client = CentralClient(settings_for(srv.url))
    try:
        report = Drainer(Outbox(store), client, 10).drain()
    finally:
        client.close()
    assert isinstance(report.error, ProtocolError) and "lacks 1 of 3" in str(report.error)
    states = dict(store.conn.execute("SELECT projectNo, sync_state FROM services").fetchall())
    assert sorted(states.values()) == ["delivered", "delivered", "pending"]
    assert "_rev" not in srv.requests[0]["items"][0]  # private bookkeeping never leaves the pad


def test_service_update_resends_service(canned, store):
    from tests.unit.sync.helpers import service

    store.upsert_case(service("P1"))
    srv = canned([(200, _accept_all, {}), (200, _accept_all, {})])
    client = CentralClient(settings_for(srv.url))
    try:
        Drainer(Outbox(store), client, 10).drain()
        store.upsert_case(service("P1", proStatus=3))
        Drainer(Outbox(store), client, 10).drain()
    finally:
        client.close()
    assert [r["items"][0]["proStatus"] for r in srv.requests] == [2, 3]
    assert store.conn.execute("SELECT sync_state FROM services").fetchone()[0] == "delivered"


def test_retry_after_forms():
    class R:
        def __init__(self, v):
            self.headers = {"Retry-After": v} if v is not None else {}

    assert _retry_after(R("3")) == 3.0
    assert _retry_after(R(None)) is None
    assert _retry_after(R("Wed, 21 Oct 2015 07:28:00 GMT")) == 0.0
    assert _retry_after(R("soon")) is None
