"""The sd_notify messages, received on a real AF_UNIX datagram socket (a path in tmp_path, or an abstract name)."""

from __future__ import annotations

import os
import socket

import pytest

from kiosk.app.notify import Notifier, socket_address, status_field, watchdog_usec


@pytest.fixture
def manager(tmp_path):
    """The service manager's end: a bound datagram socket; yields (NOTIFY_SOCKET value, socket)."""
    path = tmp_path / "notify"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(2)
    yield str(path), sock
    sock.close()


def received(sock: socket.socket) -> list[str]:
    out = []
    sock.setblocking(False)
    try:
        while True:
            out.append(sock.recv(4096).decode("utf-8"))
    except BlockingIOError:
        return out
    finally:
        sock.settimeout(2)


def test_messages_reach_the_socket(manager):
    addr, sock = manager
    n = Notifier.from_env({"NOTIFY_SOCKET": addr})
    assert n.enabled and n.watchdog_interval_ms is None
    assert n.ready("待上传 3 条")
    assert n.watchdog()
    assert n.status("评价器未连接 · 待上传 4 条")
    assert n.stopping()
    assert not n.stopping()  # once
    assert not n.watchdog()  # and no ping after it
    assert received(sock) == [
        "READY=1\nSTATUS=待上传 3 条",
        "WATCHDOG=1",
        "STATUS=评价器未连接 · 待上传 4 条",
        "STOPPING=1",
    ]
    assert n.sent == 4
    n.close()


def test_abstract_socket_name():
    name = f"kiosk-test-{os.getpid()}-{id(object())}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name)
    sock.settimeout(2)
    try:
        n = Notifier.from_env({"NOTIFY_SOCKET": "@" + name})
        assert n.ready()
        assert sock.recv(100) == b"READY=1"
        n.close()
    finally:
        sock.close()


def test_watchdog_on_even_when_watchdog_pid_names_another_process(manager):
    addr, _ = manager
    other = os.getppid()
    assert other != os.getpid()
    n = Notifier.from_env({"NOTIFY_SOCKET": addr, "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(other)})
    assert n.watchdog_usec == 30_000_000
    assert n.watchdog_interval_ms == 15_000  # half the timeout


@pytest.mark.parametrize("value", ["", "0", "-5", "soon"])
def test_no_watchdog_without_a_positive_timeout(value):
    assert watchdog_usec({"WATCHDOG_USEC": value}) is None


def test_no_stopping_without_ready(manager):
    addr, sock = manager
    n = Notifier.from_env({"NOTIFY_SOCKET": addr})
    assert not n.stopping()  # e.g. `kiosk run --exit-when-ready`: it never said it was up
    assert n.ready() and n.stopping()
    assert received(sock) == ["READY=1", "STOPPING=1"]
    n.close()


def test_without_notify_socket_nothing_happens():
    n = Notifier.from_env({"WATCHDOG_USEC": "400000"})
    assert not n.enabled
    assert n.watchdog_interval_ms is None  # no socket: no timer either
    assert not n.ready() and not n.watchdog() and not n.stopping()
    assert n.sent == 0


def test_a_manager_that_went_away_is_not_an_error(tmp_path):
    n = Notifier.from_env({"NOTIFY_SOCKET": str(tmp_path / "gone")})
    assert n.enabled
    assert not n.watchdog()  # ENOENT: logged once, not raised
    assert not n.watchdog()
    n.close()


def test_addresses_and_status_lines():
    assert socket_address("/run/systemd/notify") == "/run/systemd/notify"
    assert socket_address("@abc") == "\0abc"
    assert socket_address("relative/path") is None
    assert socket_address("vsock:2:1234") is None
    assert Notifier.from_env({"NOTIFY_SOCKET": "relative"}).enabled is False
    assert status_field("a\nb") == "STATUS=a b"
