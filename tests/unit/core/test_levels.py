import pytest

from kiosk.core.levels import (
    LEVELS,
    LevelError,
    check_level,
    from_gbt39046,
    is_bad,
    level,
    level_name,
    to_gbt39046,
)


def test_display_order_best_first():
    assert LEVELS == (5, 4, 3, 2, 1)


@pytest.mark.parametrize(
    ("value", "name"), [(5, "非常满意"), (4, "满意"), (3, "基本满意"), (2, "不满意"), (1, "非常不满意")]
)
def test_names(value, name):
    assert level_name(value) == name
    assert level(value).value == value


def test_only_one_and_two_are_bad():
    assert [v for v in LEVELS if is_bad(v)] == [2, 1]


@pytest.mark.parametrize(("provincial", "gbt"), [(5, 1), (4, 2), (3, 3), (2, 4), (1, 5)])
def test_gbt39046_reverses(provincial, gbt):
    assert to_gbt39046(provincial) == gbt
    assert from_gbt39046(gbt) == provincial


@pytest.mark.parametrize("value", LEVELS)
def test_gbt39046_round_trip(value):
    assert from_gbt39046(to_gbt39046(value)) == value
    assert to_gbt39046(from_gbt39046(value)) == value


@pytest.mark.parametrize("bad", [0, 6, -1, True, False, 3.0, "3", None])
def test_out_of_range_rejected(bad):
    with pytest.raises(LevelError):
        check_level(bad)
    with pytest.raises(LevelError):
        to_gbt39046(bad)
    with pytest.raises(LevelError):
        from_gbt39046(bad)
