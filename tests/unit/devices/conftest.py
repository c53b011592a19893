"""Fixtures for device tests: pty-backed simulated evaluators and drivers, always closed."""

from __future__ import annotations

import os

import pytest

from kiosk.devices.tools.pty_device import PtyFrameDevice, PtyKeysDevice

from .support import RecordingListener


@pytest.fixture
def link(tmp_path) -> str:
    """A stable symlink path, like /dev/serial/by-id/usb-..., that the pty devices point at."""
    return os.path.join(tmp_path, "evaluator")


@pytest.fixture
def listener() -> RecordingListener:
    return RecordingListener()


@pytest.fixture
def closers():
    """Register close/stop callables; they run in reverse order at teardown, even on failure."""
    items: list = []
    yield items
    for close in reversed(items):
        close()


@pytest.fixture
def frame_device(link, closers) -> PtyFrameDevice:
    device = PtyFrameDevice(link, heartbeat_interval_s=0.1, model="EV-200", firmware="2.1.4", serial="SN0012345")
    closers.append(device.close)
    return device


@pytest.fixture
def keys_device(link, closers) -> PtyKeysDevice:
    device = PtyKeysDevice(link)
    closers.append(device.close)
    return device
