"""The systemd notify protocol (sd_notify(3)) spoken over $NOTIFY_SOCKET directly: one datagram per message.

The unit (Type=notify, NotifyAccess=all, WatchdogSec=) runs cage as its main process and kiosk as cage's child,
so systemd's WATCHDOG_PID names cage, not us. libsystemd's sd_watchdog_enabled() ignores WATCHDOG_USEC when the
PID differs; here the PID is deliberately not checked: WATCHDOG_USEC alone turns the pings on, because the pings
must come from the process whose GUI loop they vouch for. Without NOTIFY_SOCKET every call does nothing.

kiosk.app.gui sends READY=1 once the first frame is painted, WATCHDOG=1 from a timer on the GUI thread every
WATCHDOG_USEC/2 (a frozen GUI loop stops the pings, and systemd restarts the unit), STATUS= with the status line
(it carries the outbox depth) when that changes, and STOPPING=1 on SIGTERM. Qt-free.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)


def socket_address(value: str) -> str | None:
    """The address to send to: an absolute path, or '@name' for Linux's abstract namespace (a leading NUL)."""
    if value.startswith("@") and len(value) > 1:
        return "\0" + value[1:]
    if value.startswith("/"):
        return value
    return None  # e.g. vsock: (virtual machines), not used by a hall's pad


def watchdog_usec(env: Mapping[str, str]) -> int | None:
    """WATCHDOG_USEC as a positive integer, else None (WATCHDOG_PID is not consulted: see the module doc)."""
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    return usec if usec > 0 else None


class Notifier:
    """Messages to the service manager. Every method returns whether the datagram was handed to the kernel."""

    def __init__(self, address: str | None, watchdog_usec: int | None = None):
        self.address = address
        self.watchdog_usec = watchdog_usec if address else None
        self.sent = 0
        self._sock: socket.socket | None = None
        self._ready = False
        self._stopping = False
        self._failed = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Notifier:
        env = os.environ if env is None else env
        raw = env.get("NOTIFY_SOCKET", "")
        address = socket_address(raw) if raw else None
        if raw and address is None:
            log.warning("NOTIFY_SOCKET=%r is not a path or an abstract name: systemd is not told anything", raw)
        notifier = cls(address, watchdog_usec(env))
        if address:
            log.info(
                "systemd notify socket %s, watchdog %s (WATCHDOG_PID %s)",
                raw,
                f"every {notifier.watchdog_interval_ms} ms" if notifier.watchdog_usec else "off",
                env.get("WATCHDOG_PID", "unset"),
            )
        return notifier

    @property
    def enabled(self) -> bool:
        return self.address is not None

    @property
    def watchdog_interval_ms(self) -> int | None:
        """How often to ping: half the watchdog timeout, as systemd advises; None when there is no watchdog."""
        return None if self.watchdog_usec is None else max(1, self.watchdog_usec // 2000)

    def notify(self, *fields: str) -> bool:
        """Send `fields` (each `NAME=value`) as one message. Never blocks, never raises."""
        if self.address is None or not fields:
            return False
        message = "\n".join(fields).encode("utf-8")
        try:
            if self._sock is None:
                self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
                self._sock.setblocking(False)  # a manager that does not read must not stall the GUI thread
            self._sock.sendto(message, socket.MSG_NOSIGNAL, self.address)
        except OSError as exc:
            if not self._failed:  # once: a ping every few seconds must not flood the log
                self._failed = True
                log.warning("systemd notification not sent (%s): %s", fields[0], exc)
            return False
        self._failed = False
        self.sent += 1
        return True

    def ready(self, status: str = "") -> bool:
        self._ready = True
        return self.notify("READY=1", *([status_field(status)] if status else []))

    def watchdog(self) -> bool:
        """WATCHDOG=1; none after STOPPING=1 (the stop has its own timeout)."""
        return False if self._stopping else self.notify("WATCHDOG=1")

    def status(self, text: str) -> bool:
        return self.notify(status_field(text))

    def stopping(self) -> bool:
        """STOPPING=1, once (the signal handler and the end of the event loop both call it), and only after
        READY=1: a process that never said it was up (`--exit-when-ready`, a self-test run from the unit)
        must not tell systemd that the service is going down."""
        if self._stopping or not self._ready:
            return False
        self._stopping = True
        return self.notify("STOPPING=1")

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


def status_field(text: str) -> str:
    """STATUS= is one line: newlines become spaces."""
    return "STATUS=" + " ".join(text.split("\n"))
