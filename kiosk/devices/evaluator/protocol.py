"""The evaluator interface the app uses, and the listener a driver reports to.

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
