"""Stop-and-wait sender and duplicate filter, without I/O."""

from __future__ import annotations

import threading

from kiosk.devices.evaluator import codec as fc
from kiosk.devices.evaluator.codec import Frame
from kiosk.devices.evaluator.reliable import Counters, DuplicateFilter, ReliableSender
from tests.helpers.wait import wait_until


def make_sender(**kwargs):
    sent: list[bytes] = []
    counters = Counters()
    sender = ReliableSender(lambda data: sent.append(data) or True, counters, ack_timeout_s=0.03, **kwargs)
    return sender, sent, counters


def test_no_ack_retransmits_same_seq_three_times_then_degraded():
    sender, sent, counters = make_sender()
    assert sender.send(fc.LEDS, b"\x01") is False
    assert len(sent) == 4 and len(set(sent)) == 1
    assert sent[0] == fc.encode_frame(fc.LEDS, 0, b"\x01")
    assert counters.get("retransmits") == 3
    assert counters.get("degraded") == 1 and sender.degraded
    # the next frame takes the next number and an ACK clears the flag
    done = threading.Event()
    result = []
    thread = threading.Thread(target=lambda: (result.append(sender.send(fc.IDLE)), done.set()))
    thread.start()
    wait_until(lambda: len(sent) == 5)
    sender.on_ack(Frame(fc.ACK, 1, b"\x01"))
    thread.join(2)
    assert result == [True] and not sender.degraded
    assert counters.get("degraded_active") == 0


def test_ack_after_one_retransmission():
    sender, sent, counters = make_sender()

    def ack_later():
        wait_until(lambda: len(sent) == 2)
        sender.on_ack(Frame(fc.ACK, 0, b"\x00"))

    thread = threading.Thread(target=ack_later)
    thread.start()
    assert sender.send(fc.THANKS) is True
    thread.join(2)
    assert counters.get("retransmits") == 1 and counters.get("degraded") == 0


def test_wrong_or_malformed_ack_is_ignored():
    sender, sent, counters = make_sender(retries=0)
    sender.on_ack(Frame(fc.ACK, 0, b"\x00"))  # nothing waiting
    assert counters.get("stray_acks") == 1
    sender.on_ack(Frame(fc.ACK, 3, b"\x04"))
    assert counters.get("bad_acks") == 1
    assert sender.send(fc.IDLE) is False


def test_sequence_wraps_at_255():
    sender, sent, _ = make_sender(retries=0)
    sender.wait_for_acks = False
    for _ in range(257):
        sender.send(fc.IDLE)
    assert [d[3] for d in sent[254:]] == [254, 255, 0]


def test_write_failure_abandons_frame_without_retries():
    counters = Counters()
    sender = ReliableSender(lambda data: False, counters, ack_timeout_s=0.01)
    assert sender.send(fc.IDLE) is False
    assert counters.get("send_failures") == 1 and counters.get("retransmits") == 0
    assert not sender.degraded


def test_duplicate_filter():
    dups = DuplicateFilter()
    key = Frame(fc.KEY, 7, b"\x05")
    assert dups.accept(key)
    assert not dups.accept(key)  # retransmission
    assert dups.accept(Frame(fc.HEARTBEAT, 7))  # same SEQ, other CMD
    assert dups.accept(Frame(fc.KEY, 8, b"\x05"))
    assert dups.accept(Frame(fc.HELLO, 0, b"m;f;s"))  # reboot: memory reset
    assert dups.accept(Frame(fc.HELLO, 0, b"m;f;s"))  # HELLO is idempotent
    assert dups.accept(Frame(fc.KEY, 8, b"\x05"))  # after HELLO, numbering restarted
