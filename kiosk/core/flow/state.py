"""The flow's vocabulary: screens, staff states, settings, the state snapshot and the sink it writes to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kiosk.core.model import Evaluation, Service
from kiosk.core.staff import Staff


class Screen(StrEnum):
    IDLE = "idle"
    INVITED = "invited"
    DETAILS = "details"
    THANKS = "thanks"
    EXPIRED = "expired"
    UNAVAILABLE = "unavailable"
    KEYPAD = "keypad"  # terminal: typing a 办件编号 to rate later
    MESSAGE = "message"  # a short notice (已超过评价期限, 已评价, 正在查询…) that ends by itself


class StaffStatus(StrEnum):
    ON_DUTY = "on_duty"  # 在岗
    PAUSED = "paused"  # 暂停服务
    AWAY = "away"  # 离开
    SIGNED_OUT = "signed_out"  # nobody signed in: 暂停服务


class RatingSink(Protocol):
    """Where ratings go (the store, through the app). Every method raises StorageUnavailable on failure."""

    def assess_numbers(self, project_no: str) -> set[int]: ...
    def save_service(self, service: Service) -> Service: ...
    def save_rating(self, ev: Evaluation) -> None: ...
    def finish_rating(self, ev: Evaluation) -> None: ...
    def writable(self) -> bool: ...


@dataclass(frozen=True)
class FlowSettings:
    """How the flow behaves: mode, device and window, the timeouts (seconds), walk-in ratings."""

    mode: str = "window"  # window | terminal
    device_id: str = ""
    window: str = ""
    invite_timeout_s: int = 30
    details_timeout_s: int = 60
    thanks_s: int = 3
    qr_screen_s: int = 15  # expired (扫码稍后评价) and the terminal's thanks (QR, 打印凭条) need time to act on
    walk_in: bool = False
    probe_interval_s: float = 2.0
    idle_timeout_s: int = 60  # keypad / message screens return to idle (the attract screen) after this


@dataclass(frozen=True)
class Invitation:
    """An open invitation: the case to rate and how long the citizen has."""

    id: str
    service: Service
    pf: int
    assess_number: int
    timeout_s: int
    deadline: float  # clock.monotonic() value


@dataclass(frozen=True)
class FlowState:
    """What the screens render; a new snapshot after every change."""

    screen: Screen
    mode: str
    staff: Staff | None
    staff_status: StaffStatus
    invitation: Invitation | None = None
    evaluation: Evaluation | None = None
    selected: tuple[str, ...] = ()
    text: str = ""
    deadline: float | None = None
    message: str = ""


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


Observer = Callable[[str, FlowState], None]


_STATE_FIELDS = frozenset(FlowState.__dataclass_fields__)
_new_object = object.__new__


def evolve(state: FlowState, changes: dict) -> FlowState:
    """dataclasses.replace(state, **changes), for FlowState (no __post_init__, every field in __init__) at a
    fraction of its cost: _set runs several times per rating, once inside the timed press."""
    if not _STATE_FIELDS.issuperset(changes):
        raise TypeError(f"FlowState has no field(s) {sorted(set(changes) - _STATE_FIELDS)}")
    new = _new_object(FlowState)
    fields = new.__dict__
    fields.update(state.__dict__)
    fields.update(changes)
    return new


assert not hasattr(FlowState, "__post_init__") and all(f.init for f in FlowState.__dataclass_fields__.values())


@dataclass
class Pending:
    """A rating stored as draft whose details could not be written yet (storage failed)."""

    evaluation: Evaluation
    then: Screen = Screen.THANKS
