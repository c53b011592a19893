"""The factory that builds an evaluator driver from configuration."""

from __future__ import annotations

from kiosk.devices.evaluator.frame import FrameEvaluator
from kiosk.devices.evaluator.keys import KeysEvaluator
from kiosk.devices.evaluator.protocol import Evaluator
from kiosk.devices.evaluator.sim import SimEvaluator

DRIVERS = ("sim", "keys", "frame", "none")


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
        return SimEvaluator()
    if driver == "keys":
        return KeysEvaluator(port, baudrate=baudrate, keymap=keymap)
    if driver == "frame":
        return FrameEvaluator(
            port,
            baudrate=baudrate,
            heartbeat_misses=heartbeat_misses,
            heartbeat_interval_s=heartbeat_interval_s,
        )
    raise ValueError(f"unknown evaluator driver {driver!r}; allowed: {', '.join(DRIVERS)}")
