"""The incremental parser: splits, merges, noise, resynchronisation, partial expiry, never raising."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.devices.evaluator import codec as fc
from kiosk.devices.evaluator.codec import Frame, FrameParser, encode_frame

KEY5 = encode_frame(fc.KEY, 7, b"\x05")
HB = encode_frame(fc.HEARTBEAT, 8)
HELLO = encode_frame(fc.HELLO, 0, b"EV-200;2.1.4;SN0012345")


def test_split_byte_by_byte():
    parser = FrameParser()
    out = []
    for i, byte in enumerate(HELLO):
        out += parser.feed(bytes((byte,)), i * 0.001)
    assert out == [Frame(fc.HELLO, 0, b"EV-200;2.1.4;SN0012345")]
    assert parser.pending == 0 and parser.ignored_bytes == 0


def test_merged_frames_with_garbage_between():
    parser = FrameParser()
    data = b"\xff\x00" + KEY5 + b"noise" + HB + HELLO + b"\x03\x03"
    frames = parser.feed(data, 0.0)
    assert [f.cmd for f in frames] == [fc.KEY, fc.HEARTBEAT, fc.HELLO]
    assert parser.ignored_bytes == 2 + 5 + 2
    assert parser.frames_ok == 3


def test_bad_crc_resyncs_on_next_stx():
    bad = bytearray(KEY5)
    bad[5] ^= 0xFF
    parser = FrameParser()
    assert parser.feed(bytes(bad) + HB, 0.0) == [Frame(fc.HEARTBEAT, 8)]
    assert parser.crc_errors == 1 and parser.resyncs == 1
    assert parser.ignored_bytes == len(bad)


def test_bad_len_resyncs_at_once():
    parser = FrameParser()
    assert parser.feed(b"\x02\xc9" + KEY5, 0.0) == [Frame(fc.KEY, 7, b"\x05")]
    assert parser.bad_len == 1 and parser.ignored_bytes == 2 and parser.pending == 0


def test_missing_etx_resyncs():
    broken = KEY5[:-1] + b"\x04"
    parser = FrameParser()
    assert parser.feed(broken + KEY5, 0.0) == [Frame(fc.KEY, 7, b"\x05")]
    assert parser.missing_etx == 1


def test_frame_hidden_inside_a_rejected_candidate_is_found():
    # a stray STX whose LEN covers the real frame: the candidate fails its ETX/CRC check, the rescan finds it
    stray = b"\x02\x0a\x99"
    parser = FrameParser()
    frames = parser.feed(stray + KEY5 + HB, 0.0)
    assert frames == [Frame(fc.KEY, 7, b"\x05"), Frame(fc.HEARTBEAT, 8)]


def test_stray_stx_is_dropped_after_100ms_and_the_real_frame_behind_it_found():
    # the worked example of the protocol document, section 9.5
    parser = FrameParser()
    assert parser.feed(bytes.fromhex("FF 02 C8 41") + KEY5, 10.0) == []
    assert parser.pending > 0
    assert parser.expire(10.05) == []  # not yet stale
    assert parser.expire(10.101) == [Frame(fc.KEY, 7, b"\x05")]
    assert parser.expired_partials == 1 and parser.pending == 0
    assert parser.ignored_bytes == 4


def test_stale_partial_expires_on_next_feed_too():
    parser = FrameParser()
    assert parser.feed(b"\x02\x10\x99", 0.0) == []
    # the real frame arrives after a silence: the stale candidate is dropped before the new bytes are scanned
    assert parser.feed(KEY5, 0.5) == [Frame(fc.KEY, 7, b"\x05")]
    assert parser.expired_partials == 1 and parser.ignored_bytes == 3


def test_frame_interrupted_by_a_long_silence_is_dropped():
    parser = FrameParser()
    assert parser.feed(KEY5[:4], 0.0) == []
    assert parser.feed(KEY5[4:] + HB, 0.5) == [Frame(fc.HEARTBEAT, 8)]


def test_slow_but_continuous_frame_is_not_expired():
    parser = FrameParser()
    out = []
    for i, byte in enumerate(HELLO):
        out += parser.feed(bytes((byte,)), i * 0.09)
        out += parser.expire(i * 0.09 + 0.095)
    assert len(out) == 1


def test_reset_forgets_partial():
    parser = FrameParser()
    parser.feed(KEY5[:3], 0.0)
    parser.reset()
    assert parser.pending == 0
    assert parser.feed(KEY5, 0.0) == [Frame(fc.KEY, 7, b"\x05")]


# -- property tests -----------------------------------------------------------------------------------

frame_st = st.builds(
    Frame,
    cmd=st.integers(0, 255),
    seq=st.integers(0, 255),
    payload=st.binary(max_size=40),
)
# Garbage that can never start a valid frame: any byte but STX, or STX followed by an invalid LEN (> 200).
garbage_atom = st.one_of(
    st.integers(0, 255).filter(lambda b: b != fc.STX).map(lambda b: bytes((b,))),
    st.integers(201, 255).map(lambda n: bytes((fc.STX, n))),
)
garbage_st = st.lists(garbage_atom, max_size=12).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(
    items=st.lists(st.tuples(garbage_st, frame_st), max_size=12),
    tail=garbage_st,
    cuts=st.lists(st.integers(0, 5000), max_size=20),
)
def test_embedded_frames_are_found_exactly_in_order(items, tail, cuts):
    stream = b"".join(g + f.encode() for g, f in items) + tail
    garbage_len = sum(len(g) for g, _ in items) + len(tail)
    points = sorted({c % (len(stream) + 1) for c in cuts} | {0, len(stream)})
    parser = FrameParser()
    out: list[Frame] = []
    for a, b in zip(points, points[1:], strict=False):
        out += parser.feed(stream[a:b], 0.0)
    assert out == [f for _, f in items]
    assert parser.ignored_bytes == garbage_len
    assert parser.pending == 0


@settings(max_examples=300, deadline=None)
@given(
    chunks=st.lists(st.tuples(st.binary(max_size=300), st.floats(0, 0.3)), max_size=20),
)
def test_arbitrary_bytes_never_raise_and_every_byte_is_accounted(chunks):
    parser = FrameParser()
    now = 0.0
    out: list[Frame] = []
    total = 0
    for data, gap in chunks:
        now += gap
        out += parser.feed(data, now)
        total += len(data)
        out += parser.expire(now + gap / 2)
    out += parser.expire(now + 1.0)
    assert parser.pending == 0
    assert parser.ignored_bytes + sum(len(f.encode()) for f in out) == total
    for frame in out:
        assert len(frame.payload) <= fc.MAX_PAYLOAD


@settings(max_examples=150, deadline=None)
@given(
    noise=st.lists(st.binary(max_size=30), max_size=4),
    frames=st.lists(frame_st, min_size=1, max_size=4),
)
def test_noise_with_stray_stx_then_silence_never_loses_a_following_frame(noise, frames):
    """Arbitrary noise (stray STX with any LEN), 100 ms of silence, then frames: all frames are found."""
    parser = FrameParser()
    parser.feed(b"".join(noise), 0.0)
    out = parser.expire(0.2)  # whatever the noise happened to contain is flushed now
    out = parser.feed(b"".join(f.encode() for f in frames), 0.3)
    out += parser.expire(1.0)
    assert out == frames
