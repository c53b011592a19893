"""The technician tools as library code: the devsim keymap and device, the port probe."""

from __future__ import annotations

import os

import pytest

from kiosk.devices.evaluator.frame import FrameEvaluator
from kiosk.devices.tools import devsim, probe
from kiosk.devices.tools.pty_device import PtyFrameDevice, PtyKeysDevice
from tests.helpers.wait import wait_until


def test_parse_keymap():
    assert devsim.parse_keymap("") is None
    assert devsim.parse_keymap("A=5,B=3,C=1") == {"A": 5, "B": 3, "C": 1}
    for bad in ("AB=5", "A=x", "A5"):
        with pytest.raises(ValueError, match="bad keymap entry"):
            devsim.parse_keymap(bad)


def test_open_device_reports_what_the_host_sends(link, listener, closers):
    lines: list[str] = []
    device = devsim.open_device("frame", link, lines.append, model="EV-9", heartbeat=False)
    closers.append(device.close)
    assert isinstance(device, PtyFrameDevice) and not device.heartbeat_enabled
    evaluator = FrameEvaluator(link)
    evaluator.start(listener)
    closers.append(evaluator.stop)
    wait_until(lambda: ("info", "EV-9", "1.0.0", "SIM0000001") in listener.events)
    wait_until(lambda: any(line.startswith("host -> QUERY") for line in lines))
    keys = devsim.open_device("keys", None, lines.append, keymap={"A": 5})
    closers.append(keys.close)
    assert isinstance(keys, PtyKeysDevice) and os.path.realpath(keys.path).startswith("/dev/pts/")


def test_probe_ports_answers_in_order(tmp_path, closers):
    device = PtyFrameDevice(os.path.join(tmp_path, "ev"), model="EV-200", firmware="2.1.4", serial="SN0012345")
    closers.append(device.close)
    missing = os.path.join(tmp_path, "ttyUSB9")
    results = probe.probe_ports([missing, device.link], timeout_s=1.0)
    assert [(r.path, r.verdict) for r in results] == [(missing, "error"), (device.link, "frame")]
    assert results[1].detail == "EV-200;2.1.4;SN0012345"


@pytest.mark.parametrize("scan", [True, False])
def test_discover_ports_dedupes_links(tmp_path, closers, scan):
    device = PtyKeysDevice(os.path.join(tmp_path, "by-id-link"))
    closers.append(device.close)
    ports = probe.discover_ports([device.link, device.path], scan=scan)
    paths = [p for p, _ in ports]
    assert paths.count(device.path) + paths.count(device.link) == 1
