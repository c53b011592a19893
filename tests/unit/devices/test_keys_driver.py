"""The `keys` driver: one byte per press, configurable map, robust to unplugging."""

from __future__ import annotations

import pytest

from kiosk.devices.evaluator.keys import KeysEvaluator, compile_keymap
from kiosk.devices.tools.pty_device import PtyKeysDevice
from tests.helpers.wait import wait_until


@pytest.fixture
def start_keys(link, listener, closers):
    def start(**kwargs) -> KeysEvaluator:
        evaluator = KeysEvaluator(link, **kwargs)
        evaluator.start(listener)
        closers.append(evaluator.stop)
        return evaluator

    return start


def test_default_map_and_ignored_bytes(keys_device, start_keys, listener):
    evaluator = start_keys()
    wait_until(lambda: evaluator.online)
    assert listener.events == [("online",)]
    for level in (1, 2, 3, 4, 5):
        keys_device.press(level)
    wait_until(lambda: listener.keys() == [1, 2, 3, 4, 5])
    keys_device.send_raw(b"5\r\n0x\x02\r\n3")
    wait_until(lambda: listener.keys() == [1, 2, 3, 4, 5, 5, 3])
    counters = evaluator.counters()
    assert counters["keys"] == 7
    assert counters["ignored_bytes"] == 7
    assert counters["line_endings"] == 4 and counters["unknown_bytes"] == 3


def test_custom_keymap_three_button_box(link, start_keys, listener, closers):
    keymap = {"A": 5, "B": 3, "C": 1}
    device = PtyKeysDevice(link, keymap=keymap)
    closers.append(device.close)
    evaluator = start_keys(keymap=keymap)
    wait_until(lambda: evaluator.online)
    device.press(5)
    device.press(1)
    device.press(3)
    device.send_raw(b"1a")  # digits are not mapped any more; lower case differs
    wait_until(lambda: evaluator.counters()["unknown_bytes"] == 2)
    assert listener.keys() == [5, 1, 3]
    with pytest.raises(ValueError):
        device.press(2)


def test_commands_are_noops(keys_device, start_keys):
    evaluator = start_keys()
    wait_until(lambda: evaluator.online)
    evaluator.invite(30, "请评价")
    evaluator.thanks()
    evaluator.idle()
    evaluator.leds(0x1F)
    assert keys_device.received_bytes() == b""


def test_unplug_and_replug(keys_device, start_keys, listener):
    evaluator = start_keys()
    wait_until(lambda: evaluator.online)
    keys_device.unplug()
    wait_until(lambda: not evaluator.online, timeout=3)
    keys_device.plug()
    wait_until(lambda: evaluator.online, timeout=5)
    keys_device.press(4)
    wait_until(lambda: listener.keys() == [4])
    assert listener.transitions() == ["online", "offline", "online"]
    assert evaluator.counters()["reconnects"] == 1


@pytest.mark.parametrize(
    "keymap",
    [{"AB": 5}, {"A": 6}, {"A": 0}, {"\n": 1}, {"": 1}, {"好": 5}, {}, {"A": True}],
)
def test_invalid_keymaps_are_rejected(keymap):
    with pytest.raises(ValueError):
        compile_keymap(keymap)


def test_keymap_compiles_to_bytes():
    assert compile_keymap(None) == {0x31: 1, 0x32: 2, 0x33: 3, 0x34: 4, 0x35: 5}
    assert compile_keymap({"A": 5, "B": 3, "C": 1}) == {0x41: 5, 0x42: 3, 0x43: 1}


def test_needs_a_port():
    with pytest.raises(ValueError):
        KeysEvaluator("")
