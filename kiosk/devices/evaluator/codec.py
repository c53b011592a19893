"""Frame protocol of the smart serial evaluator: constants, CRC, encoder and an incremental parser.

Pure code, no I/O and no threads. See docs/protocols/serial-evaluator.md for the wire format.

    frame = STX LEN CMD SEQ PAYLOAD CRC_HI CRC_LO ETX
    CRC   = CRC-16/CCITT-FALSE over LEN CMD SEQ PAYLOAD, big-endian
"""

from __future__ import annotations

from binascii import crc_hqx
from typing import NamedTuple

STX = 0x02
ETX = 0x03
MAX_PAYLOAD = 200
OVERHEAD = 7  # STX LEN CMD SEQ CRC_HI CRC_LO ETX
MAX_FRAME = MAX_PAYLOAD + OVERHEAD
PARTIAL_TIMEOUT_S = 0.100
MAX_PROMPT_BYTES = 120

# device -> host
KEY = 0x10
HELLO = 0x11
HEARTBEAT = 0x12
# host -> device
INVITE = 0x20
THANKS = 0x21
IDLE = 0x22
LEDS = 0x23
QUERY = 0x24
# both ways
ACK = 0x1F

COMMAND_NAMES: dict[int, str] = {
    KEY: "KEY",
    HELLO: "HELLO",
    HEARTBEAT: "HEARTBEAT",
    INVITE: "INVITE",
    THANKS: "THANKS",
    IDLE: "IDLE",
    LEDS: "LEDS",
    QUERY: "QUERY",
    ACK: "ACK",
}


def crc16(data: bytes | bytearray | memoryview) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, xorout 0."""
    return crc_hqx(data, 0xFFFF)


class Frame(NamedTuple):
    cmd: int
    seq: int
    payload: bytes = b""

    def encode(self) -> bytes:
        return encode_frame(self.cmd, self.seq, self.payload)

    def describe(self) -> str:
        return describe_frame(self)


def encode_frame(cmd: int, seq: int, payload: bytes = b"") -> bytes:
    """Serialise one frame. Raises ValueError on out-of-range fields (a programming error)."""
    if not 0 <= cmd <= 0xFF or not 0 <= seq <= 0xFF:
        raise ValueError(f"cmd and seq must be 0..255, got cmd={cmd} seq={seq}")
    if len(payload) > MAX_PAYLOAD:
        raise ValueError(f"payload too long: {len(payload)} > {MAX_PAYLOAD}")
    body = bytes((len(payload), cmd, seq)) + bytes(payload)
    crc = crc16(body)
    return b"\x02" + body + bytes((crc >> 8, crc & 0xFF, ETX))


def ack_frame(seq: int) -> bytes:
    """The ACK for a frame numbered `seq`: SEQ field and one-byte payload both = seq."""
    return encode_frame(ACK, seq, bytes((seq,)))


def truncate_utf8(text: str, limit: int = MAX_PROMPT_BYTES) -> bytes:
    """UTF-8 bytes of `text`, at most `limit` bytes, never splitting a character."""
    raw = text.encode("utf-8", "replace")
    if len(raw) <= limit:
        return raw
    return raw[:limit].decode("utf-8", "ignore").encode("utf-8")


def invite_payload(timeout_s: int, prompt: str) -> bytes:
    return bytes((max(0, min(255, int(timeout_s))),)) + truncate_utf8(prompt)


def parse_hello(payload: bytes) -> tuple[str, str, str]:
    """HELLO payload "model;firmware;serial" -> (model, firmware, serial); missing parts are ""."""
    parts = payload.decode("utf-8", "replace").split(";", 2)
    parts += [""] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


def describe_frame(frame: Frame) -> str:
    """Human-readable one-line decoding, used by devsim and diagnostics."""
    name = COMMAND_NAMES.get(frame.cmd, f"0x{frame.cmd:02X}")
    text = f"{name} seq={frame.seq}"
    p = frame.payload
    if frame.cmd == KEY and len(p) == 1:
        text += f" level={p[0]}"
    elif frame.cmd == HELLO:
        model, firmware, serial = parse_hello(p)
        text += f" model={model!r} firmware={firmware!r} serial={serial!r}"
    elif frame.cmd == INVITE and p:
        text += f" timeout={p[0]}s prompt={p[1:].decode('utf-8', 'replace')!r}"
    elif frame.cmd == LEDS and len(p) == 1:
        text += f" mask=0b{p[0]:05b}"
    elif frame.cmd == ACK and len(p) == 1:
        text += f" acks={p[0]}"
    elif p:
        text += f" payload={p.hex(' ')}"
    return text


# what FrameParser counts (attributes of the same names, bumped in the parsing loop)
PARSER_COUNTERS = ("frames_ok", "crc_errors", "bad_len", "missing_etx", "resyncs", "expired_partials", "ignored_bytes")


class FrameParser:
    """Incremental, never-raising frame parser.

    feed(data, now) returns the complete valid frames found so far, in stream order. Bytes that are not
    part of a valid frame are skipped (counted in ``ignored_bytes``). After a bad LEN, a bad CRC or a
    missing ETX the parser resynchronises on the next STX after the rejected one. A partial frame whose
    last byte arrived more than ``partial_timeout_s`` ago is dropped (its STX is skipped) and the bytes
    behind it are scanned again, so a stray STX in line noise cannot hold back a real frame.
    ``now`` is any monotonic clock in seconds; call expire(now) periodically when no data arrives.
    """

    __slots__ = ("_buf", "_last_rx", "partial_timeout_s", *PARSER_COUNTERS)
    frames_ok: int
    crc_errors: int
    bad_len: int
    missing_etx: int
    resyncs: int
    expired_partials: int
    ignored_bytes: int

    def __init__(self, partial_timeout_s: float = PARTIAL_TIMEOUT_S) -> None:
        self._buf = bytearray()
        self._last_rx = 0.0
        self.partial_timeout_s = partial_timeout_s
        for name in PARSER_COUNTERS:
            setattr(self, name, 0)

    @property
    def pending(self) -> int:
        """Bytes held back as a possibly incomplete frame."""
        return len(self._buf)

    def counters(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in PARSER_COUNTERS}

    def reset(self) -> None:
        """Forget any partial frame (e.g. after reopening the port). Counters are kept."""
        self._buf.clear()

    def feed(self, data: bytes | bytearray | memoryview, now: float) -> list[Frame]:
        out = self.expire(now) if self._buf else []
        if data:
            self._buf += data
            self._last_rx = now
            self._scan(out)
        return out

    def expire(self, now: float) -> list[Frame]:
        """Drop a partial frame older than the partial timeout and rescan what followed its STX."""
        out: list[Frame] = []
        while self._buf and now - self._last_rx > self.partial_timeout_s:
            # the buffer always starts with the STX of an incomplete candidate here
            del self._buf[0]
            self.ignored_bytes += 1
            self.expired_partials += 1
            self.resyncs += 1
            self._scan(out)
        return out

    def _scan(self, out: list[Frame]) -> None:
        buf = self._buf
        n = len(buf)
        pos = 0
        find = buf.find
        try:
            while True:
                i = find(b"\x02", pos)
                if i < 0:
                    self.ignored_bytes += n - pos
                    pos = n
                    break
                if i > pos:
                    self.ignored_bytes += i - pos
                    pos = i
                if n - pos < 2:
                    break  # need LEN
                length = buf[pos + 1]
                if length > MAX_PAYLOAD:
                    self.bad_len += 1
                    self._skip_stx()
                    pos += 1
                    continue
                end = pos + length + OVERHEAD
                if end > n:
                    break  # partial frame: wait for more bytes (or expiry)
                if buf[end - 1] != ETX:
                    self.missing_etx += 1
                    self._skip_stx()
                    pos += 1
                    continue
                crc_at = end - 3
                if crc_hqx(buf[pos + 1 : crc_at], 0xFFFF) != (buf[crc_at] << 8 | buf[crc_at + 1]):
                    self.crc_errors += 1
                    self._skip_stx()
                    pos += 1
                    continue
                out.append(Frame(buf[pos + 2], buf[pos + 3], bytes(buf[pos + 4 : crc_at])))
                self.frames_ok += 1
                pos = end
        except Exception:  # pragma: no cover - defensive: the parser must never raise
            self.ignored_bytes += n - pos
            pos = n
        del buf[:pos]

    def _skip_stx(self) -> None:
        self.resyncs += 1
        self.ignored_bytes += 1
