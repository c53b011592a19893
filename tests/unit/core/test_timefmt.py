from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.timefmt import (
    ASSESS_FORMAT,
    SHANGHAI,
    FakeClock,
    assess_time,
    parse_assess_time,
    parse_utc_iso,
    utc_iso,
)


def test_assess_time_is_shanghai_wall_time():
    instant = datetime(2026, 11, 23, 17, 30, 5, 999000, tzinfo=UTC)
    assert assess_time(instant) == "2026-11-24 01:30:05"  # UTC+8, crosses midnight
    assert utc_iso(instant) == "2026-11-23T17:30:05.999Z"


def test_assess_time_round_trip():
    instant = datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC)
    assert parse_assess_time(assess_time(instant)) == instant
    assert parse_utc_iso(utc_iso(instant)) == instant
    assert parse_assess_time("2026-11-23 10:00:00") == datetime(2026, 11, 23, 2, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize("bad", ["2026-11-23T10:00:00", "2026/11/23 10:00:00", "", None, "2026-11-23 10:00"])
def test_parse_assess_time_refuses_other_forms(bad):
    with pytest.raises(ValueError, match="yyyy-MM-dd HH:mm:ss"):
        parse_assess_time(bad)


def test_fake_clock_moves_only_when_told():
    clock = FakeClock()
    t0, m0 = clock.now(), clock.monotonic()
    assert clock.now() == t0
    clock.advance(2.5)
    assert clock.now() - t0 == timedelta(seconds=2.5)
    assert clock.monotonic() - m0 == 2.5
    clock.set_wall(datetime(2020, 1, 1, tzinfo=UTC))  # a wall-clock step does not move monotonic time
    assert clock.monotonic() - m0 == 2.5
    assert clock.now() == datetime(2020, 1, 1, tzinfo=UTC)


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9998, 12, 30), timezones=st.timezones()))
def test_hand_formatting_matches_strftime_and_isoformat(instant):
    assert assess_time(instant) == instant.astimezone(SHANGHAI).strftime(ASSESS_FORMAT)
    assert utc_iso(instant) == instant.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
