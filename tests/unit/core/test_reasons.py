import pytest

from kiosk.core.levels import LevelError
from kiosk.core.reasons import NATIONAL_REASONS, ReasonCatalog, ReasonError


@pytest.fixture
def catalog():
    return ReasonCatalog.national()


def test_forty_national_codes_eight_per_level(catalog):
    codes = [r.code for lvl in (5, 4, 3, 2, 1) for r in catalog.for_level(lvl)]
    assert len(codes) == 40
    assert len(set(codes)) == 40
    for lvl in (5, 4, 3, 2, 1):
        reasons = catalog.for_level(lvl)
        assert len(reasons) == 8
        assert all(r.code[0] == str(lvl) and r.level == lvl for r in reasons)


def test_known_codes_and_names(catalog):
    assert [r.code for r in catalog.for_level(1)] == ["108", "109", "110", "111", "112", "113", "114", "115"]
    assert [r.code for r in catalog.for_level(5)] == ["510", "511", "512", "513", "514", "515", "516", "517"]
    assert catalog.name("115") == "服务态度差效率低"
    assert catalog.name("517") == "服务热情效率高"
    assert catalog.name("214") == "服务态度生硬"


def test_check_returns_display_order_deduplicated(catalog):
    assert catalog.check(2, ["214", "207", " 209 ", "207"]) == ("207", "209", "214")
    assert catalog.check(5, []) == ()


def test_check_rejects_code_of_another_level(catalog):
    with pytest.raises(ReasonError, match="belongs to level 1, not 2"):
        catalog.check(2, ["115"])
    with pytest.raises(ReasonError, match="belongs to level 5, not 1"):
        catalog.check(1, ["108", "510"])


def test_check_rejects_unknown_code(catalog):
    with pytest.raises(ReasonError, match="unknown reason code '199'"):
        catalog.check(1, ["199"])
    with pytest.raises(LevelError):
        catalog.check(0, ["108"])


def test_from_rows_skips_retired_reasons():
    rows = [
        {"starLevel": 1, "normCode": "108", "normName": "在办事指南之外增加新的审批条件", "usingStatus": 1},
        {"starLevel": 1, "normCode": "109", "normName": "需提供办事指南之外的申报材料", "usingStatus": 0},
        {"starLevel": "2", "normCode": "214", "normName": "服务态度生硬", "usingStatus": "1"},
        {"starLevel": 2, "normCode": "207", "normName": "没有提供材料样本", "usingStatus": "0"},
        {"starLevel": 5, "normCode": "599", "normName": "新增原因"},
    ]
    cat = ReasonCatalog.from_rows(rows)
    assert [r.code for r in cat.for_level(1)] == ["108"]
    assert [r.code for r in cat.for_level(2)] == ["214"]
    assert [r.code for r in cat.for_level(5)] == ["599"]
    assert cat.for_level(3) == ()
    with pytest.raises(ReasonError, match="unknown reason code '109'"):
        cat.check(1, ["109"])


def test_from_rows_without_active_reason_is_refused():
    with pytest.raises(ReasonError):
        ReasonCatalog.from_rows([{"starLevel": 1, "normCode": "108", "normName": "x", "usingStatus": 0}])
    with pytest.raises(ReasonError):
        ReasonCatalog.from_rows([])


def test_to_rows_round_trip(catalog):
    rows = catalog.to_rows()
    assert len(rows) == 40
    assert rows[0] == {"starLevel": 5, "normCode": "510", "normName": "一窗受理一次办结", "usingStatus": 1}
    again = ReasonCatalog.from_rows(rows)
    for lvl in (1, 2, 3, 4, 5):
        assert again.for_level(lvl) == catalog.for_level(lvl)
    assert {lvl: tuple((r.code, r.name) for r in catalog.for_level(lvl)) for lvl in NATIONAL_REASONS} == (
        NATIONAL_REASONS
    )
