"""Shared test doubles: an in-memory RatingSink and small factories for cases, staff and flows."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.core.errors import StorageUnavailable
from kiosk.core.flow.machine import Flow, FlowSettings
from kiosk.core.model import Case, Evaluation
from kiosk.core.staff import Staff
from kiosk.core.timefmt import FakeClock

SINK_METHODS = ("assess_numbers", "save_case", "save_evaluation", "save_details", "finish_evaluation", "writable")


@dataclass
class FakeSink:
    """An in-memory RatingSink that records every call.

    `fail` names the methods that raise StorageUnavailable (all write methods with `fail_all()`);
    `writable()` answers False while any write method is failing.
    """

    calls: list[tuple[str, object]] = field(default_factory=list)
    services: dict[str, Case] = field(default_factory=dict)
    ratings: dict[str, Evaluation] = field(default_factory=dict)  # id -> the draft as pressed
    finished: dict[str, Evaluation] = field(default_factory=dict)  # id -> with its details
    details: dict[str, Evaluation] = field(default_factory=dict)  # id -> details stored, still a draft
    fail: set[str] = field(default_factory=set)

    def fail_all(self) -> None:
        self.fail = {"save_case", "save_evaluation", "save_details", "finish_evaluation"}

    def heal(self) -> None:
        self.fail = set()

    def _check(self, name: str) -> None:
        if name in self.fail:
            raise StorageUnavailable(f"{name}: database or disk is full")

    def assess_numbers(self, project_no: str) -> set[int]:
        self.calls.append(("assess_numbers", project_no))
        self._check("assess_numbers")
        return {ev.assessNumber for ev in self.ratings.values() if ev.projectNo == project_no}

    def save_case(self, service: Case) -> Case:
        self.calls.append(("save_case", service))
        self._check("save_case")
        self.services[service.projectNo] = service
        return service

    def save_evaluation(self, ev: Evaluation) -> None:
        self.calls.append(("save_evaluation", ev))
        self._check("save_evaluation")
        if any(e.projectNo == ev.projectNo and e.assessNumber == ev.assessNumber for e in self.ratings.values()):
            raise AssertionError(f"duplicate rating for {ev.projectNo}/{ev.assessNumber}")
        self.ratings[ev.id] = ev

    def save_details(self, ev: Evaluation) -> None:
        self.calls.append(("save_details", ev))
        self._check("save_details")
        if ev.id not in self.ratings or ev.id in self.finished:
            raise AssertionError(f"evaluation {ev.id} is not an open draft")
        self.details[ev.id] = ev

    def finish_evaluation(self, ev: Evaluation) -> None:
        self.calls.append(("finish_evaluation", ev))
        self._check("finish_evaluation")
        if ev.id not in self.ratings or ev.id in self.finished:
            raise AssertionError(f"evaluation {ev.id} is not an open draft")
        self.finished[ev.id] = ev

    def writable(self) -> bool:
        self.calls.append(("writable", None))
        return not (self.fail & {"save_case", "save_evaluation", "save_details", "finish_evaluation"})

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]


STAFF = Staff(staffId="s-001", name="李明", pageCode="GH1001", dept="市场监管窗口")


def service(project_no: str = "P2026112300001", **kw: object) -> Case:
    base = {
        "taskCode": "11420100MB1234567X4000117001",
        "taskName": "食品经营许可",
        "deptCode": "11420100MB1234567X",
        "proDepart": "武汉市市场监督管理局",
        "userName": "张小三",
        "certKey": "420102199001011234",
        "mobile": "13812345678",
        "serviceTime": "2026-11-23 09:30:00",
    }
    base.update(kw)
    return Case(projectNo=project_no, **base)  # type: ignore[arg-type]


def rating(project_no: str = "P1", satisfaction: int = 5, number: int = 1, **kw: object) -> Evaluation:
    """A rating as the flow makes it on a press (the draft row), for store tests."""
    return Evaluation(
        projectNo=project_no,
        satisfaction=satisfaction,
        assessNumber=number,
        assessTime="2026-11-23 10:00:00",
        assessTimeUtc="2026-11-23T02:00:00.000Z",
        **kw,  # type: ignore[arg-type]
    )


def make_flow(
    sink: FakeSink | None = None, clock: FakeClock | None = None, *, staff: Staff | None = STAFF, **settings: object
) -> tuple[Flow, FakeSink, FakeClock]:
    sink = sink if sink is not None else FakeSink()
    clock = clock if clock is not None else FakeClock()
    opts = {"device_id": "PAD01", "counter": "W07"}
    opts.update(settings)
    flow = Flow(sink, clock, FlowSettings(**opts))  # type: ignore[arg-type]
    if staff is not None:
        flow.sign_in(staff)
    return flow, sink, clock


class Recorder:
    """A flow observer that keeps (event, screen) pairs."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def __call__(self, event: str, state) -> None:
        self.events.append((event, str(state.screen)))
