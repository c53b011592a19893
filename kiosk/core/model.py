"""Services (办件) and evaluations, named as in the provincial interfaces, and the rules they obey."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import asdict, dataclass, field, replace

from kiosk.core.levels import check_level, is_bad
from kiosk.core.reasons import ReasonCatalog

PRO_STATUS = {1: "待受理", 2: "办理中", 3: "已办结"}
USER_PROP = {
    1: "自然人",
    2: "企业法人",
    3: "事业法人",
    4: "社会组织法人",
    5: "非法人企业",
    6: "行政机关",
    9: "其他组织",
}
PF = {1: "PC", 2: "移动服务端", 3: "二维码", 4: "政务大厅平板电脑", 5: "政务大厅自助终端", 6: "电话/短信"}
PF_QR, PF_PAD, PF_TERMINAL = 3, 4, 5
MAX_TEXT = 500
MAX_PROJECT_NO = 50


class RuleError(ValueError):
    """A domain rule was broken; `field` names the offending field."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Case:
    """A case (办件) as the business system hands it over."""

    projectNo: str
    taskCode: str = ""
    taskName: str = ""
    deptCode: str = ""
    proDepart: str = ""
    proStatus: int = 2
    userProp: int = 1
    userName: str = ""
    certKey: str = ""
    mobile: str = ""
    handleUserName: str = ""
    handleUserPageCode: str = ""
    serviceTime: str = ""  # yyyy-MM-dd HH:mm:ss, Asia/Shanghai
    areaCode: str = ""
    proChannel: int = 2  # 1 线上, 2 线下
    local: bool = False  # a device-local number made for a walk-in rating

    def __post_init__(self) -> None:
        check_case(self)

    def to_dict(self) -> dict:
        return asdict(self)


def check_case(s: Case) -> None:
    if not isinstance(s.projectNo, str) or not s.projectNo.strip():
        raise RuleError("projectNo (办件编号) is required", "projectNo")
    if len(s.projectNo) > MAX_PROJECT_NO:
        raise RuleError(f"projectNo is at most {MAX_PROJECT_NO} characters", "projectNo")
    if any(unicodedata.category(c).startswith("C") for c in s.projectNo):
        raise RuleError("projectNo must not contain control characters", "projectNo")
    if s.proStatus not in PRO_STATUS:
        raise RuleError(f"proStatus must be one of {sorted(PRO_STATUS)} (1 待受理, 2 办理中, 3 已办结)", "proStatus")
    if s.userProp not in USER_PROP:
        raise RuleError(f"userProp must be one of {sorted(USER_PROP)}", "userProp")
    if s.proChannel not in (1, 2):
        raise RuleError("proChannel must be 1 (线上) or 2 (线下)", "proChannel")


def clean_text(text: str | None) -> str:
    """Strip control characters (keeping nothing but printable text and spaces); at most MAX_TEXT characters."""
    if not text:
        return ""
    cleaned = "".join(
        " " if c in "\t\r\n" else c for c in text if c in "\t\r\n" or not unicodedata.category(c).startswith("C")
    )
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > MAX_TEXT:
        raise RuleError(f"writingEvaluation is at most {MAX_TEXT} characters, got {len(cleaned)}", "writingEvaluation")
    return cleaned


@dataclass(frozen=True)
class Evaluation:
    """One rating. `id` (UUID) is the idempotency key toward the centre."""

    projectNo: str
    satisfaction: int
    assessTime: str  # Asia/Shanghai yyyy-MM-dd HH:mm:ss
    assessTimeUtc: str  # ISO-8601 UTC instant
    pf: int = PF_PAD
    assessNumber: int = 1
    evalDetail: str = ""  # comma-separated reason codes of the chosen level
    writingEvaluation: str = ""
    handleUserName: str = ""
    handleUserPageCode: str = ""
    window: str = ""
    deviceId: str = ""
    incomplete: bool = False  # a 差评 whose details timed out: stored, never given invented reasons
    # the refined questionnaire (kiosk.core.questions): (code, answer) pairs, empty when none was answered
    questionAnswers: tuple[tuple[str, str], ...] = ()
    suspect: tuple[str, ...] = ()  # interference flags set at the press (kiosk.core.suspect), never acted on
    # a later rating whose deadline fell in a year the working-day calendar did not know, judged by the lenient
    # window (kiosk.core.late.rate_later): the centre decides
    calendarUnknown: bool = False
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def __post_init__(self) -> None:
        check_level(self.satisfaction)
        if self.assessNumber not in (1, 2):
            raise RuleError("assessNumber is 1 (first rating) or 2 (追加评价)", "assessNumber")
        if self.pf not in PF:
            raise RuleError(f"pf must be one of {sorted(PF)}", "pf")

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(c for c in self.evalDetail.split(",") if c)

    def with_details(
        self, catalog: ReasonCatalog, reasons: list[str] | tuple[str, ...], text: str | None, *, final: bool
    ) -> Evaluation:
        """Return this rating with its reasons and text, validated.

        `final=True` means the citizen pressed 提交: a 差评 then needs a reason or a text.
        `final=False` means the details page timed out: what was chosen is kept; a 差评 with nothing is
        stored as incomplete, never with invented reasons.
        """
        codes = catalog.check(self.satisfaction, reasons)
        try:
            cleaned = clean_text(text)
        except RuleError:
            if final:
                raise
            # a timed-out page keeps what fits: the first MAX_TEXT characters, never a failure
            cleaned = clean_text((text or "")[:MAX_TEXT])
        bad_and_empty = is_bad(self.satisfaction) and not codes and not cleaned
        if bad_and_empty and final:
            raise RuleError("差评需要至少选择一个原因或填写文字评价", "evalDetail")
        return replace(self, evalDetail=",".join(codes), writingEvaluation=cleaned, incomplete=bad_and_empty)

    def to_dict(self) -> dict:
        return asdict(self)


def next_assess_number(existing: list[int] | set[int], pro_status: int) -> int:
    """Which assessNumber a new rating of this case gets, or RuleError.

    One first evaluation per case; one 追加评价 once the case is finished (proStatus 3).
    """
    existing = set(existing)
    if 1 not in existing:
        return 1
    if 2 in existing:
        raise RuleError("该办件已评价,不能重复评价", "projectNo")
    if pro_status != 3:
        raise RuleError("该办件已评价;办结后方可追加评价", "projectNo")
    return 2


def service_from_wire(data: dict) -> Case:
    """A Case from a centre/API dict: unknown keys dropped, empty values defaulted, numbers coerced.

    Raises RuleError (naming the field) when what is left breaks a rule."""
    fields = Case.__dataclass_fields__
    kwargs: dict = {}
    for key, value in data.items():
        if key not in fields or key == "local" or value is None or value == "":
            continue
        if fields[key].type == "int":
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise RuleError(f"{key} must be an integer, got {value!r}", key) from None
        elif not isinstance(value, str):
            value = str(value)
        kwargs[key] = value
    if "projectNo" not in kwargs:
        raise RuleError("projectNo (办件编号) is required", "projectNo")
    return Case(**kwargs)


def walk_in_case(number: str, service_time: str, staff) -> Case:
    """The device-local case of a walk-in rating (a press while idle), bound to the signed-in staff member."""
    return Case(
        projectNo=number,
        taskName="窗口服务",
        handleUserName=staff.name if staff else "",
        handleUserPageCode=staff.pageCode if staff else "",
        serviceTime=service_time,
        local=True,
    )
