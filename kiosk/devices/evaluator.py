"""Evaluator interface used by the app, and the factory that builds a driver from configuration.

Threading contract (all drivers):
- start(listener) returns at once; the driver's own reader thread calls the listener. The app must marshal
  those calls to its GUI thread (e.g. with a queued Qt signal).
- invite/thanks/idle/leds only enqueue the command for the driver's writer thread; they never block.
- on_online / on_offline are edge-triggered: on_offline only follows an on_online. Before the first
  on_online the evaluator is offline (``online`` is False).
- stop() joins the driver's threads within about one second and closes the port; no listener call is made
  after stop() returns.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

DRIVERS = ("sim", "keys", "frame", "none")


@runtime_checkable
class EvaluatorListener(Protocol):
    """Called from the driver's reader thread."""

    def on_key(self, level: int) -> None: ...

    def on_online(self) -> None: ...

    def on_offline(self) -> None: ...

    def on_info(self, model: str, firmware: str, serial: str) -> None: ...


@runtime_checkable
class Evaluator(Protocol):
    def start(self, listener: EvaluatorListener) -> None: ...

    def stop(self) -> None: ...

    def invite(self, timeout_s: int, prompt: str) -> None: ...

    def thanks(self) -> None: ...

    def idle(self) -> None: ...

    def leds(self, mask: int) -> None: ...

    @property
    def online(self) -> bool: ...

    def counters(self) -> dict[str, int]: ...


def create_evaluator(
    driver: str,
    *,
    port: str = "",
    baudrate: int = 9600,
    keymap: dict[str, int] | None = None,
    heartbeat_misses: int = 3,
    heartbeat_interval_s: float = 2.0,
) -> Evaluator | None:
    """Build the evaluator driver named `driver` ("sim", "keys", "frame" or "none" -> None).

    Raises ValueError for an unknown driver name, a missing port (keys/frame) or an invalid keymap.
    """
    if driver == "none":
        return None
    if driver == "sim":
        from .sim_driver import SimEvaluator

        return SimEvaluator()
    if driver == "keys":
        from .keys_driver import KeysEvaluator

        return KeysEvaluator(port, baudrate=baudrate, keymap=keymap)
    if driver == "frame":
        from .frame_driver import FrameEvaluator

        return FrameEvaluator(
            port,
            baudrate=baudrate,
            heartbeat_misses=heartbeat_misses,
            heartbeat_interval_s=heartbeat_interval_s,
        )
    raise ValueError(f"unknown evaluator driver {driver!r}; allowed: {', '.join(DRIVERS)}")
