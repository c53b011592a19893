"""create_evaluator, the `sim` driver, and the no-Qt rule."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from kiosk.devices.evaluator.factory import DRIVERS, create_evaluator
from kiosk.devices.evaluator.frame import FrameEvaluator
from kiosk.devices.evaluator.keys import KeysEvaluator
from kiosk.devices.evaluator.protocol import Evaluator
from kiosk.devices.evaluator.sim import SimEvaluator
from tests.helpers.wait import wait_until


def test_factory_builds_each_driver(link):
    assert create_evaluator("none") is None
    sim = create_evaluator("sim")
    keys = create_evaluator("keys", port=link, keymap={"A": 5})
    frame = create_evaluator("frame", port=link, heartbeat_misses=5, heartbeat_interval_s=0.5)
    assert isinstance(sim, SimEvaluator) and isinstance(keys, KeysEvaluator) and isinstance(frame, FrameEvaluator)
    assert frame.heartbeat_misses == 5 and frame.heartbeat_interval_s == 0.5
    for evaluator in (sim, keys, frame):
        assert isinstance(evaluator, Evaluator)
        assert not evaluator.online


def test_factory_rejects_unknown_driver_naming_allowed_values():
    with pytest.raises(ValueError) as info:
        create_evaluator("serial")
    for name in DRIVERS:
        assert name in str(info.value)


def test_factory_needs_port_for_serial_drivers():
    with pytest.raises(ValueError):
        create_evaluator("frame")
    with pytest.raises(ValueError):
        create_evaluator("keys", keymap={"A": 9}, port="/dev/null")


def test_sim_driver(listener, closers):
    sim = create_evaluator("sim")
    sim.start(listener)
    closers.append(sim.stop)
    assert sim.online
    wait_until(lambda: listener.count("info") == 1)
    assert listener.events[0] == ("online",)
    sim.press(5)
    sim.press(2)
    wait_until(lambda: listener.keys() == [5, 2])
    assert threading.main_thread().name not in listener.threads
    sim.invite(999, "请评价")
    sim.leds(0xFF)
    sim.thanks()
    sim.idle()
    assert sim.commands == [("invite", 255, "请评价"), ("leds", 0x1F), ("thanks",), ("idle",)]
    with pytest.raises(ValueError):
        sim.press(6)
    assert sim.counters()["keys"] == 2
    sim.stop()
    assert not sim.online
    sim.press(1)  # ignored after stop
    assert listener.keys() == [5, 2]


def test_importing_the_device_layer_loads_no_qt():
    code = (
        "import sys, kiosk.devices, kiosk.devices.evaluator.frame, kiosk.devices.evaluator.keys, "
        "kiosk.devices.evaluator.sim, kiosk.devices.tools.pty_device, kiosk.devices.tools.devsim, kiosk.devices.tools.probe; "
        "print([m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True)
    assert result.stdout.strip() == "[]"
