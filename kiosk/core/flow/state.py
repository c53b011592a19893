"""The flow's vocabulary: device modes, screens, events, staff states, settings, the state snapshot and the
sink it writes to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kiosk.core.model import Case, Evaluation
from kiosk.core.questions import Question
from kiosk.core.staff import Staff
from kiosk.core.suspect import SuspectRules


class DeviceMode(StrEnum):
    """What the device is (`[device] mode`, the API's `mode`)."""

    WINDOW = "window"  # an evaluation pad at a service-hall window, next to the staff member
    TERMINAL = "terminal"  # a 24-hour self-service terminal: no staff, the citizen types or scans a case


class Screen(StrEnum):
    IDLE = "idle"
    INVITED = "invited"
    DETAILS = "details"
    QUESTIONS = "questions"  # the refined questionnaire (seed 004), optional, after the details
    THANKS = "thanks"
    EXPIRED = "expired"
    UNAVAILABLE = "unavailable"
    KEYPAD = "keypad"  # terminal: typing a 办件编号 to rate later
    MESSAGE = "message"  # a short notice (已超过评价期限, 已评价, 正在查询…) that ends by itself


class FlowEvent(StrEnum):
    """What just happened, as observers are told with each new state."""

    STAFF = "staff"  # signed in or out, status or card details changed
    INVITED = "invited"  # an invitation is on screen
    ENDED = "ended"  # the invitation was cancelled (by the business system or the staff's status)
    RATED = "rated"  # a press was stored: the details page is open
    DETAILS = "details"  # a reason chosen, text typed or a rule message shown on the details page
    QUESTIONS = "questions"  # the questionnaire opened (details stored) or an answer changed
    DETAILS_DONE = "details_done"  # details (and answers) stored and handed to sync: the thanks screen
    EXPIRED = "expired"  # the invitation timed out unrated
    IDLE = "idle"  # back to the idle (terminal: attract) screen
    UNAVAILABLE = "unavailable"  # storage failed: rating paused
    RECOVERED = "recovered"  # storage writable again
    KEYPAD = "keypad"  # terminal: the keypad opened or its text changed
    MESSAGE = "message"  # terminal: a short notice


class StaffStatus(StrEnum):
    ON_DUTY = "on_duty"  # 在岗
    PAUSED = "paused"  # 暂停服务
    AWAY = "away"  # 离开
    SIGNED_OUT = "signed_out"  # nobody signed in: 暂停服务


class EvaluationSink(Protocol):
    """Where ratings go (the store, through the app). Every method raises StorageUnavailable on failure."""

    def assess_numbers(self, project_no: str) -> set[int]: ...
    def save_case(self, service: Case) -> Case: ...
    def save_evaluation(self, ev: Evaluation) -> None: ...
    def save_details(self, ev: Evaluation) -> None: ...  # details stored, the row stays a draft (questionnaire)
    def finish_evaluation(self, ev: Evaluation) -> None: ...
    def writable(self) -> bool: ...


@dataclass(frozen=True)
class FlowSettings:
    """How the flow behaves: mode, device and service counter, the timeouts (seconds), walk-in ratings."""

    mode: DeviceMode = DeviceMode.WINDOW
    device_id: str = ""
    counter: str = ""  # the service counter (窗口) this pad serves; sent as the wire field `window`
    invite_timeout_s: int = 30
    details_timeout_s: int = 60
    thanks_s: int = 3
    qr_screen_s: int = 15  # expired (扫码稍后评价), a 差评's thanks and the terminal's thanks (QR) need time
    walk_in: bool = False
    suspect: SuspectRules = SuspectRules()  # when a rating is flagged (fast_press, burst): never acted on
    probe_interval_s: float = 2.0
    idle_timeout_s: int = 60  # keypad / message screens return to idle (the attract screen) after this
    questions: bool = False  # offer the questionnaire when the centre's profile does not say (flow.questions)
    questions_timeout_s: int = 45

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", DeviceMode(self.mode))  # "window" from config or the API: checked


@dataclass(frozen=True)
class Invitation:
    """An open invitation: the case to rate and how long the citizen has."""

    id: str
    service: Case
    pf: int
    assess_number: int
    timeout_s: int
    deadline: float  # clock.monotonic() value
    shown_at: float | None = None  # clock.monotonic() when it was put on screen (fast_press)
    calendar_unknown: bool = False  # a later rating judged by the lenient window (Evaluation.calendarUnknown)


@dataclass(frozen=True)
class FlowState:
    """What the screens render; a new snapshot after every change."""

    screen: Screen
    mode: DeviceMode
    staff: Staff | None
    staff_status: StaffStatus
    invitation: Invitation | None = None
    evaluation: Evaluation | None = None
    selected: tuple[str, ...] = ()
    text: str = ""
    deadline: float | None = None
    message: str = ""
    questions: tuple[Question, ...] = ()  # the questionnaire on screen (Screen.QUESTIONS)
    answers: tuple[tuple[str, str], ...] = ()  # (code, answer) given so far


@dataclass
class Outcome:
    """What became of an invitation (for the local API)."""

    state: str  # pending | rated | timeout | cancelled
    evaluation_id: str = ""
    satisfaction: int | None = None
    evalDetail: str = ""
    writingEvaluation: str = ""
    projectNo: str = ""
    assessNumber: int = 1
    details_done: bool = False


Observer = Callable[[FlowEvent, FlowState], None]


@dataclass
class Pending:
    """A rating stored as draft whose details could not be written yet (storage failed)."""

    evaluation: Evaluation
    then: Screen = Screen.THANKS
