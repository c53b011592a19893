import re
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


def test_shanghai_is_the_tz_database_zone():
    assert SHANGHAI.key == "Asia/Shanghai"
    # China kept summer time 1986-1991: a fixed UTC+8 would say 08:00 here
    assert assess_time(datetime(1988, 7, 1, 0, 0, tzinfo=UTC)) == "1988-07-01 09:00:00"
    assert parse_assess_time("1988-07-01 09:00:00") == datetime(1988, 7, 1, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize("month", range(1, 13))
def test_no_daylight_saving_today(month):
    """UTC+8 all year round since 1992: the same wall-clock offset in every month, on both sides of midnight."""
    assert assess_time(datetime(2026, month, 15, 0, 0, 0, tzinfo=UTC)) == f"2026-{month:02d}-15 08:00:00"
    assert assess_time(datetime(2026, month, 15, 16, 0, 1, tzinfo=UTC)) == f"2026-{month:02d}-16 00:00:01"
    assert parse_assess_time(f"2026-{month:02d}-15 08:00:00") == datetime(2026, month, 15, 0, 0, tzinfo=UTC)


ASSESS_SHAPE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
UTC_SHAPE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(1992, 1, 2), max_value=datetime(9998, 12, 30), timezones=st.timezones()))
def test_formats_have_their_shape_and_round_trip(instant):
    """Any aware instant, in any zone: the text has the interface's shape and reads back as the same
    instant (to the second for assessTime, to the millisecond for the UTC stamp)."""
    local, stamp = assess_time(instant), utc_iso(instant)
    assert ASSESS_SHAPE.fullmatch(local) and UTC_SHAPE.fullmatch(stamp)
    assert datetime.strptime(local, ASSESS_FORMAT) == instant.astimezone(SHANGHAI).replace(tzinfo=None, microsecond=0)
    assert parse_assess_time(local) == instant.astimezone(UTC).replace(microsecond=0)
    truncated = instant.astimezone(UTC).replace(microsecond=instant.microsecond // 1000 * 1000)
    assert parse_utc_iso(stamp) == truncated
