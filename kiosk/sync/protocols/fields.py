"""The one table of field and code differences between the kiosk's records and the provinces' interfaces.

Every adapter takes its field names and codes from `PROFILES`; nothing else in kiosk/sync/protocols/ names a
provincial field. Where each row comes from is in docs/central-api.md ("Provincial protocols").

| difference | kiosk-json | envelope-sm2 (Shandong, Epoint hcp) | url-form-sm2 (Beijing form push) |
|---|---|---|---|
| pf channel codes | 3 二维码 4 平板 5 自助终端 | same (6/7 differ by province: not sent by a pad) | same |
| satisfaction | 5 = 非常满意 (interfaces) | 5 = 非常满意 | 5 = 非常满意 |
| time on the wire | assessTime yyyy-MM-dd HH:mm:ss | same; envelope `time` yyyyMMddHHmmss | same; form `time` yyyyMMddHHmmss, serviceDate yyyy-MM-dd |
| dataSource | — | — | "111" (the source's default) |
| first / follow-up rating | assessNumber 1/2 | assessNumber | assessNumber |
| taskCode of 33 characters | as is | taskHandleItem = it, taskCode = its first 31 | same as envelope |
| areaCode | as stored | right-padded with 0 to 12 digits | same, also administrative_div |
| case fields | kiosk names | kiosk names | orgcode/orgName/acceptDate/telPhone…, proStatus and userProp as text |

GB/T 39046-2020 (table A.8) and several evaluator SDKs code 满意度 the other way round (1 = 非常满意): a profile
with `satisfaction = "gbt39046"` converts through kiosk.core.levels.to_gbt39046, the code base's one
conversion; none of the three interfaces here needs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.core.levels import to_gbt39046
from kiosk.core.timefmt import SHANGHAI, parse_assess_time

TASK_HANDLE_ITEM_LEN = 33  # a 业务办理项编码: the 31-character 实施编码 and two more
TASK_CODE_LEN = 31
AREA_CODE_LEN = 12


@dataclass(frozen=True)
class FieldProfile:
    name: str
    satisfaction: str = "interface"  # "interface" (5 = 非常满意) or "gbt39046" (1 = 非常满意)
    assess_key: str = "assessNumber"  # the name of the first/follow-up rating number
    split_task_code: bool = False  # a 33-character taskCode goes as taskHandleItem + its first 31
    pad_area_code: bool = False  # right-pad areaCode with 0 to 12 digits
    data_source: str = ""  # dataSource sent with each case (empty: none)
    case_names: tuple[tuple[str, str], ...] = ()  # (kiosk name, provincial name) for renamed case fields
    case_text_codes: tuple[str, ...] = ()  # case codes the province takes as text
    case_drop: tuple[str, ...] = ()  # kiosk fields the province does not take (or means otherwise)
    service_date_key: str = ""  # also send the service day as yyyy-MM-dd under this name (and acceptDate)
    service_flags: bool = False  # isService "1", administrative_div = areaCode, source = sourceTJ = appMark


KIOSK_JSON = FieldProfile("kiosk-json")
ENVELOPE_SM2 = FieldProfile("envelope-sm2", split_task_code=True, pad_area_code=True)
URL_FORM_SM2 = FieldProfile(
    "url-form-sm2",
    split_task_code=True,
    pad_area_code=True,
    data_source="111",
    case_names=(("deptCode", "orgcode"), ("proDepart", "orgName"), ("mobile", "telPhone")),
    case_text_codes=("proStatus", "userProp"),
    # handleUserName/handleUserPageCode are the agent (代理人) and the agent's ID number in the Beijing push,
    # but the staff member and the 工号 in the kiosk: not sent with the case (the rating carries the 工号)
    case_drop=("handleUserName", "handleUserPageCode", "proChannel"),
    service_date_key="serviceDate",
    service_flags=True,
)
PROFILES = {p.name: p for p in (KIOSK_JSON, ENVELOPE_SM2, URL_FORM_SM2)}


def wire_time(instant: datetime) -> str:
    """The envelope/form `time`: Asia/Shanghai yyyyMMddHHmmss."""
    return instant.astimezone(SHANGHAI).strftime("%Y%m%d%H%M%S")


def satisfaction_out(profile: FieldProfile, satisfaction: int) -> int:
    return to_gbt39046(satisfaction) if profile.satisfaction == "gbt39046" else satisfaction


def task_code_fields(profile: FieldProfile, task_code: str) -> dict[str, str]:
    if profile.split_task_code and len(task_code) == TASK_HANDLE_ITEM_LEN:
        return {"taskCode": task_code[:TASK_CODE_LEN], "taskHandleItem": task_code}
    return {"taskCode": task_code}


def area_code_out(profile: FieldProfile, area_code: str) -> str:
    if profile.pad_area_code and area_code and len(area_code) < AREA_CODE_LEN:
        return area_code.ljust(AREA_CODE_LEN, "0")
    return area_code


def case_out(profile: FieldProfile, item: dict, *, area_code: str = "", app_mark: str = "") -> dict:
    """A case (kiosk-json wire dict) in the province's names and codes."""
    out = {k: v for k, v in item.items() if k not in profile.case_drop}
    out.update(task_code_fields(profile, str(item.get("taskCode") or "")))
    area = str(item.get("areaCode") or area_code)
    out["areaCode"] = area_code_out(profile, area)
    for ours, theirs in profile.case_names:
        if ours in out:
            out[theirs] = out.pop(ours)
    for name in profile.case_text_codes:
        if out.get(name) is not None:
            out[name] = str(out[name])
    if profile.data_source:
        out["dataSource"] = profile.data_source
    if profile.service_date_key and item.get("serviceTime"):
        try:
            day = parse_assess_time(str(item["serviceTime"])).astimezone(SHANGHAI).strftime("%Y-%m-%d")
        except ValueError:
            day = ""
        out[profile.service_date_key] = day
        out["acceptDate"] = item["serviceTime"]
    if profile.service_flags:
        out["isService"] = "1"
        out["administrative_div"] = out["areaCode"]
        out["source"] = out["sourceTJ"] = app_mark
    return out


def evaluation_out(profile: FieldProfile, item: dict, *, device_id: str = "") -> dict:
    """A rating (kiosk-json wire dict) in the province's names and codes."""
    out = dict(item)
    out["satisfaction"] = satisfaction_out(profile, int(item["satisfaction"]))
    if profile.assess_key != "assessNumber":
        out[profile.assess_key] = out.pop("assessNumber")
    if device_id:
        out.setdefault("deviceId", device_id)
    return out
