"""What every step of the wizard (and every settings page) shares: the values being edited, the config they
start from, the worker threads for device and network tests, and the ports found by the last probe."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kiosk.app.setup import Background, Outcome, PortFound, probe
from kiosk.config import Config
from kiosk.ui.bridge import DeviceBridge

log = logging.getLogger(__name__)


class SetupContext:
    """`live`: the device tests that open the evaluator and scanner ports (the wizard; not on a running pad,
    whose own drivers hold those ports: its evaluator test is the technician's 评价器测试 page)."""

    def __init__(
        self,
        cfg: Config,
        values: dict[str, Any],
        *,
        extra_ports: tuple[str, ...] = (),
        live: bool = True,
        probe_timeout_s: float = 1.0,
    ):
        self.cfg = cfg
        self.values = values
        self.extra_ports = extra_ports
        self.live = live
        self.probe_timeout_s = probe_timeout_s
        self.bridge = DeviceBridge()  # built on the GUI thread: worker results come back through it
        self.background = Background(self.bridge.post)
        self.ports: list[PortFound] = []
        self.probing = False
        self._port_listeners: list[Callable[[], object]] = []
        # the whole config's check (the schema's cross-key rules too), without writing: values -> errors
        self.check_all: Callable[[dict[str, Any]], list[str]] | None = None

    def on_ports(self, listener: Callable[[], object]) -> None:
        self._port_listeners.append(listener)

    def forget_listeners(self) -> None:
        """The steps are rebuilt (another language): the old ones hear nothing more."""
        self._port_listeners.clear()

    def probe(self) -> None:
        """Probe every serial port on the device lane; listeners hear when it starts and ends."""
        if self.probing:
            return
        self.probing = True
        self._tell()
        busy = {p for p in (self.cfg.evaluator.port, self.cfg.printer.port, self.cfg.scanner.port) if p}
        extra, timeout = self.extra_ports, self.probe_timeout_s

        def run() -> list[PortFound]:
            found = probe(extra, timeout_s=timeout) if self.live else []
            if not self.live:  # a running pad: the ports its drivers hold are listed, not probed
                from kiosk.devices.tools.probe import discover_ports

                found = [PortFound(p, note, "busy" if p in busy else "") for p, note in discover_ports(list(extra))]
            return found

        self.background.run("device", run, self._probed)

    def _probed(self, outcome: Outcome) -> None:
        self.probing = False
        if outcome.error is None:
            self.ports = list(outcome.value)
        self._tell()

    def _tell(self) -> None:
        for listener in self._port_listeners:
            try:
                listener()
            except Exception:
                log.exception("port listener failed")

    def close(self, wait: bool = False) -> None:
        """Stop the worker threads; `wait`: until the queued device work (a test's port closing) is done."""
        self.background.close(wait=wait)
