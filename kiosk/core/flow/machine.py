"""The pad's evaluation flow as a state machine: no Qt, no I/O, time from an injected clock.

    idle ──invite──▶ invited ──press──▶ details ──提交 / timeout──▶ thanks ──thanks_s──▶ idle
                       │ timeout / cancel      └─提交─▶ questions ─┘ (optional, questionnaire.py)
                       └──────────────▶ expired (扫码稍后评价, qr_screen_s) ──────────┘

The press itself is the rating: it is committed (as a draft) before the screen moves on, so one tap is a
complete good rating and a citizen who walks away loses nothing. Details only add to that row; the row is
handed to sync when details end. If storage fails, the screen is `unavailable` (暂停评价) until a probe
write succeeds; nothing is acknowledged that was not stored.

All methods are called from one thread (the GUI thread, or the caller in headless use); observers are
called synchronously with (event, state).
"""

from __future__ import annotations

import itertools
import logging
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from kiosk.core.errors import FlowError, StorageUnavailable
from kiosk.core.flow.questionnaire import QuestionnaireMixin
from kiosk.core.flow.state import (
    DeviceMode,
    EvaluationSink,
    FlowEvent,
    FlowSettings,
    FlowState,
    Invitation,
    Observer,
    Outcome,
    Pending,
    Screen,
    StaffStatus,
)
from kiosk.core.levels import check_level, is_bad
from kiosk.core.model import (
    PF_PAD,
    PF_TERMINAL,
    Case,
    Evaluation,
    RuleError,
    next_assess_number,
    walk_in_case,
)
from kiosk.core.questions import QuestionSets
from kiosk.core.reasons import ReasonCatalog
from kiosk.core.staff import Staff
from kiosk.core.suspect import SuspectWatch
from kiosk.core.timefmt import Clock, assess_time, utc_iso

log = logging.getLogger(__name__)


class Flow(QuestionnaireMixin):
    def __init__(
        self,
        sink: EvaluationSink,
        clock: Clock,
        settings: FlowSettings | None = None,
        catalog_loader: Callable[[], ReasonCatalog] = ReasonCatalog.national,
    ):
        self.sink = sink
        self.clock = clock
        self.settings = settings or FlowSettings()
        self.catalog = catalog_loader()  # the reason codes in force
        self.question_sets = QuestionSets()  # the questionnaire in force (set_questions)
        self.counters: Counter[str] = Counter()
        self.outcomes: OrderedDict[str, Outcome] = OrderedDict()
        self._observers: list[Observer] = []
        self._ids = itertools.count(1)
        self._walk_in_seq = itertools.count(1)
        self._unfinished: Pending | None = None
        self._next_probe = 0.0
        self._suspect = SuspectWatch(self.settings.suspect)
        # told of each press outside an invitation (staff 工号, counter), to be stored for the statistics
        self.ignored_listener: Callable[[str, str], None] | None = None
        self.follow_up_text = ""  # the centre's 差评 follow-up notice (profile badFollowUpText); "" = the default
        self.state = FlowState(
            screen=Screen.IDLE,
            mode=self.settings.mode,
            staff=None,
            staff_status=StaffStatus.ON_DUTY if self.terminal else StaffStatus.SIGNED_OUT,
        )

    # --- observation --------------------------------------------------------------------------------

    @property
    def terminal(self) -> bool:
        return self.settings.mode is DeviceMode.TERMINAL

    def subscribe(self, observer: Observer) -> None:
        self._observers.append(observer)

    def _set(self, event: FlowEvent, **changes: Any) -> None:
        self.state = replace(self.state, **changes)
        for observer in list(self._observers):
            try:
                observer(event, self.state)
            except Exception:  # an observer (device, UI) must never break the flow
                log.exception("flow observer failed on %s", event)

    def remaining_s(self) -> int | None:
        if self.state.deadline is None:
            return None
        return max(0, int(self.state.deadline - self.clock.monotonic() + 0.999))

    def set_catalog(self, catalog: ReasonCatalog) -> None:
        """The reason codes in force from now on (the centre's list changed)."""
        self.catalog = catalog

    # --- staff --------------------------------------------------------------------------------------

    def sign_in(self, staff: Staff) -> None:
        self._set(FlowEvent.STAFF, staff=staff, staff_status=StaffStatus.ON_DUTY)

    def refresh_staff(self, staff: Staff) -> None:
        """New card details (photo, star level) for the signed-in member; status unchanged."""
        if self.state.staff is not None and self.state.staff.staffId == staff.staffId:
            self._set(FlowEvent.STAFF, staff=staff)

    def sign_out(self) -> None:
        self._cancel_live("cancelled")
        self._set(FlowEvent.STAFF, staff=None, staff_status=StaffStatus.SIGNED_OUT)

    def set_staff_status(self, status: StaffStatus | str) -> None:
        status = StaffStatus(status)
        if status is StaffStatus.SIGNED_OUT:
            return self.sign_out()
        if self.state.staff is None and not self.terminal:
            raise FlowError("no staff member is signed in", "no_staff")
        if status is not StaffStatus.ON_DUTY:
            self._cancel_live("cancelled")
        self._set(FlowEvent.STAFF, staff_status=status)

    # --- invitations --------------------------------------------------------------------------------

    def invite(
        self, service: Case, *, pf: int | None = None, timeout_s: int | None = None, calendar_unknown: bool = False
    ) -> Invitation:
        """Start an invitation for a case. Raises FlowError (busy, no staff) or RuleError (case rules)."""
        if self.state.screen is Screen.QUESTIONS:
            self._end_questions("interrupted")  # the next citizen never waits for a questionnaire
        screen = self.state.screen
        if screen in (Screen.INVITED, Screen.DETAILS):
            raise FlowError("another invitation is in progress", "busy")
        if screen is Screen.UNAVAILABLE:
            raise FlowError("评价暂停:存储不可用", "unavailable")
        if not self.terminal:
            if self.state.staff is None:
                raise FlowError("no staff member is signed in", "no_staff")
            if self.state.staff_status is not StaffStatus.ON_DUTY:
                raise FlowError(f"staff is not on duty ({self.state.staff_status})", "not_on_duty")
        timeout = int(timeout_s if timeout_s is not None else self.settings.invite_timeout_s)
        if not 5 <= timeout <= 600:
            raise RuleError("timeoutSeconds must be 5..600", "timeoutSeconds")
        staff = self.state.staff
        if staff is not None and not service.handleUserPageCode:
            service = replace(
                service, handleUserName=service.handleUserName or staff.name, handleUserPageCode=staff.pageCode
            )
        number = next_assess_number(self.sink.assess_numbers(service.projectNo), service.proStatus)
        service = self.sink.save_case(service)
        inv = Invitation(
            id=f"inv-{self.settings.device_id or 'dev'}-{int(self.clock.now().timestamp())}-{next(self._ids)}",
            service=service,
            pf=pf if pf is not None else (PF_TERMINAL if self.terminal else PF_PAD),
            assess_number=number,
            timeout_s=timeout,
            deadline=self.clock.monotonic() + timeout,
            shown_at=self.clock.monotonic(),
            calendar_unknown=calendar_unknown,
        )
        self._remember(inv.id, Outcome("pending", projectNo=service.projectNo, assessNumber=number))
        self.counters["invitations"] += 1
        self._set(
            FlowEvent.INVITED,
            screen=Screen.INVITED,
            invitation=inv,
            evaluation=None,
            selected=(),
            text="",
            deadline=inv.deadline,
            message="",
        )
        return inv

    def cancel(self, invitation_id: str) -> None:
        inv = self.state.invitation
        if inv is None or inv.id != invitation_id or not self._unrated_invitation():
            raise FlowError("that invitation is not pending", "not_pending")
        self._cancel_live("cancelled")

    def _unrated_invitation(self) -> bool:
        """An invitation is live and not rated: on screen, or behind 暂停评价 after its press failed to store."""
        st = self.state
        if st.invitation is None:
            return False
        if st.screen is Screen.INVITED:
            return True
        return st.screen is Screen.UNAVAILABLE and st.evaluation is None and self._unfinished is None

    def _cancel_live(self, how: str) -> None:
        inv = self.state.invitation
        if inv is None or not self._unrated_invitation():
            return
        self.outcomes[inv.id].state = how
        self.counters[how] += 1
        if self.state.screen is Screen.UNAVAILABLE:
            # stay paused; on recovery there is no invitation to go back to (staff paused, left or cancelled)
            self._set(FlowEvent.ENDED, invitation=None)
        else:
            self._set(FlowEvent.ENDED, screen=Screen.IDLE, invitation=None, deadline=None, message="")

    def _note_ignored(self) -> None:
        if self.ignored_listener is None:
            return
        staff = self.state.staff
        try:
            self.ignored_listener(staff.pageCode if staff else "", self.settings.counter)
        except Exception:  # counting must never break the flow
            log.exception("ignored-press listener failed")

    def _remember(self, inv_id: str, outcome: Outcome) -> None:
        self.outcomes[inv_id] = outcome
        while len(self.outcomes) > 500:
            self.outcomes.popitem(last=False)

    # --- the press ----------------------------------------------------------------------------------

    def press(self, level: int, source: str = "screen") -> bool:
        """A citizen pressed a level. Returns True when it became a stored rating."""
        check_level(level)
        self.counters[f"press_{source}"] += 1
        screen = self.state.screen
        walk_in = screen is Screen.IDLE and self.settings.walk_in and self._walk_in_allowed()
        if walk_in:
            try:
                self._start_walk_in()
            except StorageUnavailable:
                return self._storage_failed()
            screen = self.state.screen
        if screen is not Screen.INVITED or self.state.invitation is None:
            self.counters["ignored_presses"] += 1
            log.info("press %d from %s ignored on screen %s", level, source, screen)
            self._note_ignored()
            return False
        inv = self.state.invitation
        staff = self.state.staff
        now, pressed_at = self.clock.now(), self.clock.monotonic()
        flags = self._suspect.flags(
            pressed_at, level, shown_at=inv.shown_at, walk_in=walk_in, staff_signed_in=staff is not None
        )
        ev = Evaluation(
            projectNo=inv.service.projectNo,
            satisfaction=level,
            assessTime=assess_time(now),
            assessTimeUtc=utc_iso(now),
            pf=inv.pf,
            assessNumber=inv.assess_number,
            handleUserName=inv.service.handleUserName or (staff.name if staff else ""),
            handleUserPageCode=inv.service.handleUserPageCode or (staff.pageCode if staff else ""),
            window=self.settings.counter,
            deviceId=self.settings.device_id,
            suspect=flags,
            calendarUnknown=inv.calendar_unknown,
        )
        try:
            self.sink.save_evaluation(ev)
        except StorageUnavailable:
            return self._storage_failed()
        self._suspect.record(pressed_at, level)
        self.counters["ratings"] += 1
        self.counters.update(f"suspect_{f}" for f in flags)
        outcome = self.outcomes.get(inv.id)
        if outcome is not None:
            outcome.state, outcome.evaluation_id, outcome.satisfaction = "rated", ev.id, level
        self._set(
            FlowEvent.RATED,
            screen=Screen.DETAILS,
            evaluation=ev,
            selected=(),
            text="",
            deadline=self._details_deadline(),
            message="",
        )
        return True

    def _walk_in_allowed(self) -> bool:
        return self.terminal or (self.state.staff is not None and self.state.staff_status is StaffStatus.ON_DUTY)

    def _start_walk_in(self) -> None:
        """A press while idle in walk-in mode: a device-local case bound to the signed-in staff and window."""
        local_time = assess_time(self.clock.now())
        stamp = local_time.replace("-", "").replace(" ", "").replace(":", "")
        # the sequence restarts with the process and the wall clock may step back: skip numbers already rated
        for _ in range(1000):
            number = f"L{self.settings.device_id}{stamp}{next(self._walk_in_seq) % 1000:03d}"[:50]
            if not self.sink.assess_numbers(number):
                break
        else:
            raise FlowError("no free walk-in case number", "busy")
        self.counters["walk_in"] += 1
        self.invite(walk_in_case(number, local_time, self.state.staff))

    # --- details ------------------------------------------------------------------------------------

    def toggle_reason(self, code: str) -> None:
        ev = self._details_evaluation()
        self.catalog.check(ev.satisfaction, [code])
        selected = tuple(c for c in self.state.selected if c != code)
        if code not in self.state.selected:
            selected = self.catalog.check(ev.satisfaction, [*self.state.selected, code])
        self._set(FlowEvent.DETAILS, selected=selected, deadline=self._details_deadline(), message="")

    def set_text(self, text: str) -> None:
        self._details_evaluation()
        self._set(FlowEvent.DETAILS, text=text[:600], deadline=self._details_deadline(), message="")

    def _details_deadline(self) -> float:
        """Each tap or typed character on the details screen gives the citizen details_timeout_s again: the
        timeout frees the pad of an abandoned screen, not of a citizen still typing on the keyboard."""
        return self.clock.monotonic() + self.settings.details_timeout_s

    def submit(self) -> bool:
        """提交: validate and store the details. False (with a message on screen) when a rule is not met."""
        ev = self._details_evaluation()
        try:
            done = ev.with_details(self.catalog, self.state.selected, self.state.text, final=True)
        except RuleError as exc:
            self._set(FlowEvent.DETAILS, message=str(exc))
            return False
        self._after_details(done)
        return True

    def _details_evaluation(self) -> Evaluation:
        if self.state.screen is not Screen.DETAILS or self.state.evaluation is None:
            raise FlowError("no rating is waiting for details", "no_details")
        return self.state.evaluation

    def _finish(self, ev: Evaluation) -> None:
        try:
            self.sink.finish_evaluation(ev)
        except StorageUnavailable:
            self._unfinished = Pending(ev)
            self._storage_failed()
            return
        self._details_done(ev)

    def _details_done(self, ev: Evaluation) -> None:
        inv = self.state.invitation
        if inv is not None and inv.id in self.outcomes:
            out = self.outcomes[inv.id]
            out.evalDetail, out.writingEvaluation, out.details_done = ev.evalDetail, ev.writingEvaluation, True
        if ev.incomplete:
            self.counters["incomplete"] += 1
        long = self.terminal or is_bad(ev.satisfaction)  # a QR to scan (terminal), a 差评's follow-up to read
        self._set(
            FlowEvent.DETAILS_DONE,
            screen=Screen.THANKS,
            evaluation=ev,
            invitation=inv,
            deadline=self.clock.monotonic() + (self.settings.qr_screen_s if long else self.settings.thanks_s),
            message="",
            questions=(),
            answers=(),
        )

    # --- time ---------------------------------------------------------------------------------------

    def tick(self) -> None:
        """Advance timeouts; call a few times a second."""
        now = self.clock.monotonic()
        st = self.state
        if st.screen is Screen.UNAVAILABLE:
            if now >= self._next_probe:
                self._next_probe = now + self.settings.probe_interval_s
                if self.sink.writable():
                    self._recover()
            return
        if st.deadline is None or now < st.deadline:
            return
        if st.screen is Screen.INVITED and st.invitation is not None:
            self.outcomes[st.invitation.id].state = "timeout"
            self.counters["timeouts"] += 1
            self._set(FlowEvent.EXPIRED, screen=Screen.EXPIRED, deadline=now + self.settings.qr_screen_s, message="")
        elif st.screen is Screen.DETAILS and st.evaluation is not None:
            self.counters["details_timeouts"] += 1
            self._finish(self._timed_out_details(st))
        elif st.screen is Screen.QUESTIONS and st.evaluation is not None:
            self._end_questions("timeouts")
        elif st.screen in (Screen.THANKS, Screen.EXPIRED, Screen.KEYPAD, Screen.MESSAGE):
            self._to_idle()

    def _timed_out_details(self, st: FlowState) -> Evaluation:
        """What was chosen when the details page timed out (an over-long text keeps its first MAX_TEXT)."""
        assert st.evaluation is not None
        return st.evaluation.with_details(self.catalog, st.selected, st.text, final=False)

    def _to_idle(self) -> None:
        self._set(
            FlowEvent.IDLE,
            screen=Screen.IDLE,
            invitation=None,
            evaluation=None,
            selected=(),
            text="",
            deadline=None,
            message="",
        )

    # --- storage failure ----------------------------------------------------------------------------

    def _storage_failed(self) -> bool:
        self.counters["storage_failures"] += 1
        self._next_probe = self.clock.monotonic() + self.settings.probe_interval_s
        log.error("storage unavailable: rating paused")
        self._set(FlowEvent.UNAVAILABLE, screen=Screen.UNAVAILABLE, message="暂停评价 · 请稍候")
        return False

    def _recover(self) -> None:
        pending, self._unfinished = self._unfinished, None
        log.warning("storage writable again: rating resumes")
        if pending is not None:
            self.state = replace(self.state, evaluation=pending.evaluation)
            self._finish(pending.evaluation)
            return
        inv = self.state.invitation
        if inv is not None and self.clock.monotonic() < inv.deadline and self.state.evaluation is None:
            self._set(FlowEvent.RECOVERED, screen=Screen.INVITED, deadline=inv.deadline, message="")
        else:
            if inv is not None and self.outcomes.get(inv.id) and self.outcomes[inv.id].state == "pending":
                self.outcomes[inv.id].state = "timeout"
            self._set(
                FlowEvent.RECOVERED, screen=Screen.IDLE, invitation=None, evaluation=None, deadline=None, message=""
            )

    # --- helpers for screens ------------------------------------------------------------------------

    def needs_reason(self) -> bool:
        ev = self.state.evaluation
        return ev is not None and is_bad(ev.satisfaction)
