"""The five satisfaction levels and the one conversion to GB/T 39046 codes.

Provincial interfaces (and this whole code base) use `satisfaction` 5 = 非常满意 … 1 = 非常不满意.
GB/T 39046-2020 (appendix A.8) codes 满意度 the other way round: 1 = 非常满意 … 5 = 非常不满意.
`to_gbt39046` / `from_gbt39046` are the only place where that reversal happens.
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS: tuple[int, ...] = (5, 4, 3, 2, 1)  # display order: best first


@dataclass(frozen=True)
class Level:
    """A satisfaction level: 5 非常满意 … 1 非常不满意 (provincial coding)."""

    value: int
    name: str  # the word shown on the button
    colour: str  # button background (ui-guide palette, contrast measured)
    text_colour: str


_LEVELS = {
    5: Level(5, "非常满意", "#1B5E20", "#FFFFFF"),
    4: Level(4, "满意", "#00695C", "#FFFFFF"),
    3: Level(3, "基本满意", "#F9A825", "#1A1A1A"),
    2: Level(2, "不满意", "#BF360C", "#FFFFFF"),
    1: Level(1, "非常不满意", "#8E0000", "#FFFFFF"),
}


class LevelError(ValueError):
    """A satisfaction value outside 1..5."""


def check_level(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in _LEVELS:
        raise LevelError(f"satisfaction must be an integer 1..5 (5 非常满意 … 1 非常不满意), got {value!r}")
    return value


def level(value: int) -> Level:
    return _LEVELS[check_level(value)]


def level_name(value: int) -> str:
    return level(value).name


def is_bad(value: int) -> bool:
    """差评: 不满意 (2) and 非常不满意 (1)."""
    return check_level(value) <= 2


def to_gbt39046(satisfaction: int) -> int:
    """Provincial satisfaction (5 = 非常满意) -> GB/T 39046 满意度代码 (1 = 非常满意)."""
    return 6 - check_level(satisfaction)


def from_gbt39046(code: int) -> int:
    """GB/T 39046 满意度代码 (1 = 非常满意) -> provincial satisfaction (5 = 非常满意)."""
    return 6 - check_level(code)
