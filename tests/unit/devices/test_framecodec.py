"""CRC, encoder, payload helpers: the protocol's test vectors."""

from __future__ import annotations

import pytest

from kiosk.devices.evaluator import codec as fc


def test_crc_check_value():
    assert fc.crc16(b"123456789") == 0x29B1


def test_key_frame_vector():
    assert fc.encode_frame(fc.KEY, 7, b"\x05") == bytes.fromhex("02 01 10 07 05 78 25 03")


def test_ack_frame_vector():
    assert fc.ack_frame(7) == bytes.fromhex("02 01 1F 07 07 74 56 03")


@pytest.mark.parametrize(
    ("cmd", "seq", "payload", "hex_"),
    [
        (fc.HEARTBEAT, 1, b"", "02 00 12 01 B9 AC 03"),
        (fc.HEARTBEAT, 255, b"", "02 00 12 FF B7 7D 03"),
        (fc.ACK, 0, b"\x00", "02 01 1F 00 00 9D 26 03"),
        (fc.ACK, 255, b"\xff", "02 01 1F FF FF 80 29 03"),
        (fc.QUERY, 0, b"", "02 00 24 00 06 BE 03"),
        (fc.THANKS, 2, b"", "02 00 21 02 D9 09 03"),
        (fc.IDLE, 3, b"", "02 00 22 03 9C 7B 03"),
        (fc.LEDS, 4, b"\x1f", "02 01 23 04 1F 02 F8 03"),
        (fc.KEY, 2, b"\x03", "02 01 10 02 03 E7 16 03"),
        (fc.INVITE, 1, fc.invite_payload(30, "请评价"), "02 0A 20 01 1E E8 AF B7 E8 AF 84 E4 BB B7 DF 7C 03"),
        (
            fc.HELLO,
            0,
            b"EV-200;2.1.4;SN0012345",
            "02 16 11 00 45 56 2D 32 30 30 3B 32 2E 31 2E 34 3B 53 4E 30 30 31 32 33 34 35 8C 72 03",
        ),
    ],
)
def test_documented_vectors(cmd, seq, payload, hex_):
    """Every vector printed in docs/protocols/serial-evaluator.md."""
    data = fc.encode_frame(cmd, seq, payload)
    assert data == bytes.fromhex(hex_)
    assert fc.FrameParser().feed(data, 0.0) == [fc.Frame(cmd, seq, payload)]


def test_encode_rejects_out_of_range():
    with pytest.raises(ValueError):
        fc.encode_frame(fc.KEY, 256, b"")
    with pytest.raises(ValueError):
        fc.encode_frame(fc.INVITE, 0, bytes(201))
    assert len(fc.encode_frame(fc.INVITE, 0, bytes(200))) == 207


def test_truncate_utf8_never_splits_a_character():
    text = "请对本次服务进行评价" * 10  # 3 bytes per character
    raw = fc.truncate_utf8(text)
    assert len(raw) == 120 and raw.decode("utf-8") == text[:40]
    raw = fc.truncate_utf8("a" + text)  # 1 + 3n: 120 would split a character
    assert len(raw) == 118
    assert raw.decode("utf-8") == "a" + text[:39]
    assert fc.truncate_utf8("short") == b"short"
    assert fc.truncate_utf8("😀" * 40) == "😀".encode() * 30


def test_invite_payload_clamps_timeout():
    assert fc.invite_payload(999, "x") == b"\xffx"
    assert fc.invite_payload(-5, "") == b"\x00"
    assert fc.invite_payload(30, "ok") == b"\x1eok"


def test_parse_hello_tolerates_missing_fields():
    assert fc.parse_hello(b"EV-200;2.1.4;SN1") == ("EV-200", "2.1.4", "SN1")
    assert fc.parse_hello(b"EV-200") == ("EV-200", "", "")
    assert fc.parse_hello(b"\xff;a;b;c") == ("\ufffd", "a", "b;c")


def test_describe_frames():
    assert fc.describe_frame(fc.Frame(fc.KEY, 7, b"\x05")) == "KEY seq=7 level=5"
    assert "prompt='请评价'" in fc.Frame(fc.INVITE, 1, fc.invite_payload(30, "请评价")).describe()
    assert fc.Frame(0x7E, 1, b"\x01").describe() == "0x7E seq=1 payload=01"
