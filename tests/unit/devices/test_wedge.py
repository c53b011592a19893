"""The keyboard-wedge timing helper: fast run + Enter is a scan; people typing are not."""

from __future__ import annotations

from kiosk.devices.wedge import GAP_S, WedgeDecoder


def feed(dec: WedgeDecoder, text: str, start: float, gap: float) -> float:
    t = start
    for ch in text:
        dec.key(ch, t)
        t += gap
    return t


def test_fast_run_ended_by_enter_is_a_scan():
    dec = WedgeDecoder()
    t = feed(dec, "https://hcp.example.gov.cn/rate?projectNo=42&sig=ab", 100.0, 0.004)
    assert dec.enter(t) == "https://hcp.example.gov.cn/rate?projectNo=42&sig=ab"
    assert dec.run == ""  # reset after Enter


def test_slow_typing_is_not_a_scan():
    dec = WedgeDecoder()
    t = feed(dec, "420100202611230032", 5.0, 0.25)
    assert dec.enter(t) is None


def test_a_slow_enter_after_a_fast_run_is_not_a_scan():
    dec = WedgeDecoder()
    t = feed(dec, "420100202611230032", 5.0, 0.01)
    assert dec.enter(t - 0.01 + GAP_S + 0.2) is None


def test_a_pause_starts_a_new_run_and_only_the_fast_tail_counts():
    dec = WedgeDecoder()
    feed(dec, "12", 0.0, 0.3)  # a person pressed two keys
    assert dec.key("4", 2.0) is True  # long after: a new run starts
    t = feed(dec, "20100202611230032", 2.005, 0.005)
    assert dec.run == "420100202611230032"
    assert dec.enter(t) == "420100202611230032"


def test_short_fast_runs_and_bare_enter_are_not_codes():
    dec = WedgeDecoder()
    assert dec.enter(1.0) is None
    t = feed(dec, "12", 3.0, 0.01)
    assert dec.enter(t) is None  # a double tap and Enter
    t = feed(dec, "1234", 9.0, 0.01)
    assert dec.enter(t) == "1234"


def test_boundary_gap_is_inclusive():
    dec = WedgeDecoder(gap_s=0.05, min_len=4)
    assert dec.key("A", 0.0) is True
    assert dec.key("B", 0.05) is False
    assert dec.key("C", 0.1) is False
    assert dec.key("D", 0.1501) is True  # just over the gap: new run
