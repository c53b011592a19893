"""Reason codes (`evalDetail`, also called normCode): eight per level, first digit = star level.

The bundled list is the active national set; the central system may replace it (its profile carries
`starLevel, normCode, normName, usingStatus` rows), see `ReasonCatalog.from_rows`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.core.levels import check_level

NATIONAL_REASONS: dict[int, tuple[tuple[str, str], ...]] = {
    5: (
        ("510", "一窗受理一次办结"),
        ("511", "可以先受理后补材料"),
        ("512", "不用提交证明"),
        ("513", "可以全程网上办理"),
        ("514", "可以使用手机办理"),
        ("515", "可以就近办理"),
        ("516", "无需材料直接办理"),
        ("517", "服务热情效率高"),
    ),
    4: (
        ("406", "填写一张表单就可完成申报"),
        ("407", "在线提交材料窗口核验"),
        ("408", "一张清单告知全部申报材料"),
        ("409", "用告知承诺减免申报材料"),
        ("410", "可以在线预约办理"),
        ("411", "跑大厅一次办完"),
        ("412", "可以使用自助机办理"),
        ("413", "服务态度较好"),
    ),
    3: (
        ("307", "一次性告知需要补正的材料"),
        ("308", "提供申报材料样本"),
        ("309", "在承诺的时间内办结"),
        ("310", "办事指南指引准确"),
        ("311", "按办事指南要求的材料即可办理"),
        ("312", "可以快递送达"),
        ("313", "跑动次数与承诺的一致"),
        ("314", "服务态度一般"),
    ),
    2: (
        ("207", "没有提供材料样本"),
        ("208", "没有提供材料清单"),
        ("209", "未在承诺时间内办结"),
        ("210", "同样内容的证明材料被要求多次提交"),
        ("211", "承诺网办但无法在线办理"),
        ("212", "在线预约办理后到实体大厅重复取号排队"),
        ("213", "窗口人员业务不熟练"),
        ("214", "服务态度生硬"),
    ),
    1: (
        ("108", "在办事指南之外增加新的审批条件"),
        ("109", "需提供办事指南之外的申报材料"),
        ("110", "无理由超过法定办理时间"),
        ("111", "办事指南提供样本有错"),
        ("112", "承诺在线收取申报材料实际无法收取"),
        ("113", "多头跑窗口和部门"),
        ("114", "跑动次数与承诺的不一致"),
        ("115", "服务态度差效率低"),
    ),
}


@dataclass(frozen=True)
class Reason:
    """A reason code of one level (evalDetail), with its text."""

    code: str
    name: str
    level: int


class ReasonError(ValueError):
    """A reason code that does not exist or does not belong to the chosen level."""


class ReasonCatalog:
    """Reason codes per level, in display order."""

    def __init__(self, by_level: Mapping[int, Iterable[tuple[str, str]]]):
        self._by_level: dict[int, tuple[Reason, ...]] = {}
        for lvl in (1, 2, 3, 4, 5):
            items = tuple(Reason(code, name, lvl) for code, name in by_level.get(lvl, ()))
            self._by_level[lvl] = items
        self._by_code = {r.code: r for items in self._by_level.values() for r in items}

    @classmethod
    def national(cls) -> ReasonCatalog:
        return cls(NATIONAL_REASONS)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> ReasonCatalog:  # rows as decoded from JSON
        """Build from central rows {starLevel, normCode, normName, usingStatus}; usingStatus 0 = retired."""
        by_level: dict[int, list[tuple[str, str]]] = {}
        for row in rows:
            if str(row.get("usingStatus", "1")) in ("0", "false", "False"):
                continue
            lvl = check_level(int(row["starLevel"]))
            by_level.setdefault(lvl, []).append((str(row["normCode"]), str(row["normName"])))
        if not any(by_level.values()):
            raise ReasonError("the central reason list has no active reasons")
        return cls(by_level)

    def for_level(self, lvl: int) -> tuple[Reason, ...]:
        return self._by_level[check_level(lvl)]

    def name(self, code: str) -> str:
        return self._by_code[code].name

    def check(self, lvl: int, codes: Iterable[str]) -> tuple[str, ...]:
        """Validate that every code exists and belongs to `lvl`; returns them de-duplicated, in list order."""
        check_level(lvl)
        wanted = []
        for code in codes:
            code = str(code).strip()
            reason = self._by_code.get(code)
            if reason is None:
                raise ReasonError(f"unknown reason code {code!r}")
            if reason.level != lvl:
                raise ReasonError(f"reason {code} ({reason.name}) belongs to level {reason.level}, not {lvl}")
            if code not in wanted:
                wanted.append(code)
        order = [r.code for r in self._by_level[lvl]]
        return tuple(sorted(wanted, key=order.index))

    def to_rows(self) -> list[dict[str, object]]:
        return [
            {"starLevel": r.level, "normCode": r.code, "normName": r.name, "usingStatus": 1}
            for lvl in (5, 4, 3, 2, 1)
            for r in self._by_level[lvl]
        ]
