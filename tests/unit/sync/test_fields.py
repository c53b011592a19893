"""The one table of provincial field and code differences (kiosk/sync/protocols/fields.py)."""

from dataclasses import replace
from datetime import UTC, datetime

from kiosk.core.levels import from_gbt39046
from kiosk.sync.protocols import fields

TASK33 = "11420100MB00000020000000000000001"


def test_a_33_character_task_code_is_split_where_the_province_wants_it():
    assert len(TASK33) == 33
    assert fields.task_code_fields(fields.ENVELOPE_SM2, TASK33) == {"taskCode": TASK33[:31], "taskHandleItem": TASK33}
    assert fields.task_code_fields(fields.ENVELOPE_SM2, TASK33[:31]) == {"taskCode": TASK33[:31]}
    assert fields.task_code_fields(fields.KIOSK_JSON, TASK33) == {"taskCode": TASK33}


def test_area_codes_are_padded_to_twelve_digits():
    assert fields.area_code_out(fields.ENVELOPE_SM2, "4201") == "420100000000"
    assert fields.area_code_out(fields.ENVELOPE_SM2, "420100000000") == "420100000000"
    assert fields.area_code_out(fields.KIOSK_JSON, "4201") == "4201"


def test_wire_time_is_shanghai_compact():
    assert fields.wire_time(datetime(2026, 11, 23, 2, 0, 5, tzinfo=UTC)) == "20261123100005"


def test_beijing_case_names_and_codes():
    item = {
        "projectNo": "P1",
        "taskCode": TASK33,
        "deptCode": "D1",
        "proDepart": "不动产登记中心",
        "mobile": "13800000000",
        "proStatus": 3,
        "userProp": 1,
        "handleUserName": "王丽",
        "handleUserPageCode": "GZ1001",
        "serviceTime": "2026-11-23 23:30:00",
        "areaCode": "",
        "proChannel": 2,
    }
    out = fields.case_out(fields.URL_FORM_SM2, item, area_code="110105", app_mark="M")
    assert (out["orgcode"], out["orgName"], out["telPhone"]) == ("D1", "不动产登记中心", "13800000000")
    assert (out["proStatus"], out["userProp"], out["dataSource"], out["isService"]) == ("3", "1", "111", "1")
    assert out["serviceDate"] == "2026-11-23" and out["acceptDate"] == "2026-11-23 23:30:00"
    assert out["areaCode"] == out["administrative_div"] == "110105000000"
    assert out["source"] == out["sourceTJ"] == "M" and out["taskHandleItem"] == TASK33
    assert not {"handleUserName", "handleUserPageCode", "proChannel", "deptCode", "mobile"} & set(out)


def test_satisfaction_direction_converts_in_one_place():
    rating = {"id": "e1", "satisfaction": 5, "assessNumber": 1}
    assert fields.evaluation_out(fields.ENVELOPE_SM2, rating)["satisfaction"] == 5
    gbt = replace(fields.KIOSK_JSON, satisfaction="gbt39046", assess_key="evaluateType")
    out = fields.evaluation_out(gbt, rating, device_id="pad-01")
    assert out["satisfaction"] == 1 and from_gbt39046(out["satisfaction"]) == 5  # 1 = 非常满意
    assert out["evaluateType"] == 1 and "assessNumber" not in out and out["deviceId"] == "pad-01"
