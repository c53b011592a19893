"""The `frame` driver against a simulated device on a real pty pair."""

from __future__ import annotations

import os
import threading
import time

import pytest

from kiosk.devices.evaluator import codec as fc
from kiosk.devices.evaluator.codec import Frame, encode_frame
from kiosk.devices.evaluator.frame import FrameEvaluator
from kiosk.devices.tools.pty_device import PtyFrameDevice
from tests.helpers.wait import wait_until


@pytest.fixture
def start_driver(link, listener, closers):
    def start(**kwargs) -> FrameEvaluator:
        kwargs.setdefault("heartbeat_interval_s", 0.5)  # device beats every 0.1 s; margin for loaded CI
        evaluator = FrameEvaluator(link, **kwargs)
        evaluator.start(listener)
        closers.append(evaluator.stop)
        return evaluator

    return start


def host_frames(device: PtyFrameDevice, cmd: int) -> list[Frame]:
    return [f for f in device.received_frames() if f.cmd == cmd]


def test_start_queries_goes_online_and_reports_info(frame_device, start_driver, listener):
    evaluator = start_driver()
    wait_until(lambda: listener.count("info") >= 1)
    assert listener.events[0] == ("online",)
    assert ("info", "EV-200", "2.1.4", "SN0012345") in listener.events
    assert evaluator.online
    assert host_frames(frame_device, fc.QUERY)
    assert evaluator.info == ("EV-200", "2.1.4", "SN0012345")
    assert threading.main_thread().name not in listener.threads  # callbacks come from the reader thread
    wait_until(lambda: evaluator.counters()["heartbeats"] >= 2)


def test_key_from_device_is_reported_and_acked(frame_device, start_driver, listener):
    evaluator = start_driver()
    wait_until(lambda: evaluator.online)
    frame_device.press(5)
    frame_device.press(1)
    wait_until(lambda: listener.keys() == [5, 1])
    wait_until(lambda: frame_device.counters.get("acks_received") >= 3)
    assert evaluator.counters()["keys"] == 2
    assert not frame_device.degraded


def test_host_acks_every_device_frame(frame_device, start_driver):
    evaluator = start_driver()
    frame_device.set_heartbeat(False)
    wait_until(lambda: evaluator.online)
    frame_device.send_raw(encode_frame(fc.HEARTBEAT, 77))
    wait_until(lambda: Frame(fc.ACK, 77, b"\x4d") in frame_device.received_frames())
    assert fc.ack_frame(77) == Frame(fc.ACK, 77, b"\x4d").encode()


def test_every_host_command_reaches_the_device(frame_device, start_driver):
    evaluator = start_driver()
    wait_until(lambda: evaluator.online)
    long_prompt = "请对本次服务进行评价，谢谢！" * 10
    evaluator.invite(30, "请评价")
    evaluator.leds(0b10101)
    evaluator.thanks()
    evaluator.idle()
    evaluator.invite(999, long_prompt)
    evaluator.invite(-3, "")
    evaluator.leds(0xFFFF)
    wanted = (fc.INVITE, fc.THANKS, fc.IDLE, fc.LEDS)
    wait_until(lambda: len([f for f in frame_device.received_frames() if f.cmd in wanted]) == 7)
    frames = [f for f in frame_device.received_frames() if f.cmd in wanted]
    assert [f.cmd for f in frames] == [fc.INVITE, fc.LEDS, fc.THANKS, fc.IDLE, fc.INVITE, fc.INVITE, fc.LEDS]
    assert frames[0].payload == b"\x1e" + "请评价".encode()
    assert frames[1].payload == b"\x15"
    assert frames[4].payload[0] == 255
    prompt = frames[4].payload[1:]
    assert len(prompt) <= 120 and long_prompt.startswith(prompt.decode("utf-8"))
    assert frames[5].payload == b"\x00"
    assert frames[6].payload == b"\x1f"
    seqs = [f.seq for f in frame_device.received_frames(include_acks=False)]
    assert seqs == list(range(len(seqs)))  # numbered 0, 1, 2, ... (QUERY first)
    wait_until(lambda: evaluator.counters()["acks_received"] >= 8)
    assert frame_device.state == "invited" and frame_device.leds_mask == 0x1F
    assert evaluator.counters()["retransmits"] == 0


def test_commands_do_not_block_the_caller(link, start_driver):
    evaluator = start_driver()  # no device at all
    t0 = time.monotonic()
    for _ in range(200):
        evaluator.invite(30, "x")
        evaluator.leds(1)
    assert time.monotonic() - t0 < 0.2
    assert not evaluator.online


def test_retransmitted_key_counts_once_and_is_acked_again(frame_device, start_driver, listener):
    evaluator = start_driver()
    wait_until(lambda: evaluator.online)
    key = encode_frame(fc.KEY, 200, b"\x04")
    frame_device.send_raw(key)
    frame_device.send_raw(key)
    frame_device.send_raw(key)
    wait_until(lambda: len([f for f in host_frames(frame_device, fc.ACK) if f.seq == 200]) == 3)
    time.sleep(0.05)
    assert listener.keys() == [4]
    assert evaluator.counters()["duplicates"] == 2


def test_host_retransmits_three_times_then_degraded(frame_device, start_driver):
    evaluator = start_driver()
    wait_until(lambda: evaluator.counters()["acks_received"] >= 1)  # QUERY acknowledged
    frame_device.set_ack(False)
    evaluator.leds(3)
    wait_until(lambda: evaluator.degraded, timeout=3)
    leds = host_frames(frame_device, fc.LEDS)
    assert len(leds) == 4 and len(set(leds)) == 1  # same frame, same SEQ
    counters = evaluator.counters()
    assert counters["retransmits"] == 3 and counters["degraded"] == 1 and counters["degraded_active"] == 1
    assert evaluator.online  # heartbeats still flow: degraded, not offline
    frame_device.set_ack(True)
    evaluator.idle()
    wait_until(lambda: not evaluator.degraded, timeout=3)
    idle = host_frames(frame_device, fc.IDLE)
    assert idle[0].seq == (leds[0].seq + 1) & 0xFF
    assert evaluator.counters()["degraded_active"] == 0


def test_heartbeat_loss_goes_offline_then_online(frame_device, start_driver, listener):
    evaluator = start_driver(heartbeat_misses=3, heartbeat_interval_s=0.1)
    wait_until(lambda: evaluator.online)
    frame_device.set_heartbeat(False)
    wait_until(lambda: not evaluator.online, timeout=3)
    assert listener.transitions() == ["online", "offline"]
    frame_device.set_heartbeat(True)
    wait_until(lambda: evaluator.online, timeout=3)
    assert listener.transitions() == ["online", "offline", "online"]
    assert evaluator.counters()["offline_events"] == 1


def test_noise_on_the_line_is_survived(frame_device, start_driver, listener):
    evaluator = start_driver(heartbeat_interval_s=2.0)
    frame_device.set_heartbeat(False)
    wait_until(lambda: evaluator.online)
    bad_crc = bytearray(encode_frame(fc.KEY, 90, b"\x02"))
    bad_crc[-2] ^= 1
    noise = b"\xff\x00\x02\xf0" + bytes(bad_crc) + b"\x02\x01\x10\x33\x01\x00\x00\x04"
    frame_device.send_raw(noise + encode_frame(fc.KEY, 91, b"\x03") + b"\x99")
    wait_until(lambda: listener.keys() == [3])
    counters = evaluator.counters()
    assert counters["crc_errors"] == 1 and counters["bad_len"] == 1 and counters["missing_etx"] == 1
    # a stray STX announcing a long frame, then (in the same write) the real frame: released after 100 ms
    expired_before = counters["expired_partials"]
    t0 = time.monotonic()
    frame_device.send_raw(b"\x02\xc8\x41" + encode_frame(fc.KEY, 92, b"\x05"))
    wait_until(lambda: listener.keys() == [3, 5])
    assert time.monotonic() - t0 >= 0.09
    assert evaluator.counters()["expired_partials"] == expired_before + 1
    # a KEY with an invalid level is ACKed and ignored
    frame_device.send_raw(encode_frame(fc.KEY, 93, b"\x09") + encode_frame(0x7E, 94))
    wait_until(lambda: evaluator.counters()["unknown_cmds"] == 1)
    assert evaluator.counters()["bad_payloads"] == 1 and listener.keys() == [3, 5]


def test_hello_resets_duplicate_memory(frame_device, start_driver, listener):
    evaluator = start_driver(heartbeat_interval_s=2.0)
    frame_device.set_heartbeat(False)
    wait_until(lambda: evaluator.online)
    wait_until(lambda: frame_device.counters.get("acks_received") >= 2)  # its own HELLO(s) are through
    key = encode_frame(fc.KEY, 1, b"\x02")
    frame_device.send_raw(key)
    wait_until(lambda: listener.keys() == [2])
    frame_device.send_raw(encode_frame(fc.HELLO, 0, b"EV-200;2.1.5;SN0012345"))  # device rebooted
    frame_device.send_raw(key)  # same CMD+SEQ as before the reboot, but a new press
    wait_until(lambda: listener.keys() == [2, 2])
    assert ("info", "EV-200", "2.1.5", "SN0012345") in listener.events


def test_unplug_and_replug_behind_the_same_link(frame_device, start_driver, listener, link):
    evaluator = start_driver()
    wait_until(lambda: evaluator.online)
    first_path = os.path.realpath(link)
    frame_device.unplug()
    wait_until(lambda: not evaluator.online, timeout=3)
    assert listener.transitions()[-1] == "offline"
    new_path = frame_device.plug()
    assert os.path.realpath(link) == new_path
    wait_until(lambda: evaluator.online, timeout=5)
    assert new_path != first_path or True  # the kernel may reuse the pty number
    frame_device.press(4)
    wait_until(lambda: listener.keys() == [4])
    counters = evaluator.counters()
    assert counters["reconnects"] == 1 and counters["offline_events"] == 1
    assert listener.transitions() == ["online", "offline", "online"]
    # the host queried the new device again
    wait_until(lambda: len(host_frames(frame_device, fc.QUERY)) >= 2)


def test_replug_in_one_go(frame_device, start_driver, listener):
    evaluator = start_driver()
    wait_until(lambda: evaluator.online)
    frame_device.replug()
    wait_until(lambda: evaluator.counters()["reconnects"] == 1, timeout=5)
    frame_device.press(2)
    wait_until(lambda: listener.keys() == [2])


def test_device_absent_at_start_then_plugged(link, start_driver, listener, closers):
    evaluator = start_driver()
    wait_until(lambda: evaluator.counters()["open_failures"] >= 2)
    assert not evaluator.online and listener.events == []
    device = PtyFrameDevice(link, heartbeat_interval_s=0.1)
    closers.append(device.close)
    wait_until(lambda: evaluator.online, timeout=5)
    wait_until(lambda: listener.count("info") >= 1)


def test_stop_interrupts_backoff_promptly(link, start_driver):
    evaluator = start_driver()
    wait_until(lambda: evaluator.counters()["open_failures"] >= 4, timeout=5)  # backoff now 1.6 s
    t0 = time.monotonic()
    evaluator.stop()
    assert time.monotonic() - t0 < 0.5


def test_stop_while_waiting_for_ack_is_prompt(frame_device, start_driver, listener):
    evaluator = start_driver()
    wait_until(lambda: evaluator.online)
    frame_device.set_ack(False)
    evaluator.invite(10, "x")
    wait_until(lambda: host_frames(frame_device, fc.INVITE))
    t0 = time.monotonic()
    evaluator.stop()
    assert time.monotonic() - t0 < 0.5
    count = len(listener.events)
    frame_device.press(5)
    time.sleep(0.1)
    assert len(listener.events) == count  # nothing after stop()
    evaluator.stop()  # idempotent


def test_listener_exception_does_not_kill_the_reader(frame_device, start_driver, listener):
    calls = []

    def boom(level):
        calls.append(level)
        raise RuntimeError("listener bug")

    listener.on_key = boom
    evaluator = start_driver()
    wait_until(lambda: evaluator.online)
    frame_device.press(1)
    frame_device.press(2)
    wait_until(lambda: calls == [1, 2])
    assert evaluator.counters()["callback_errors"] == 2
    assert evaluator.online
