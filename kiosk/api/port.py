"""What the local API needs from the pad: the `PadPort` protocol.

The app implements it by hopping onto the GUI thread (the flow is single-threaded); the API server calls
it from its connection threads. Every method is thread-safe and may raise:

- `kiosk.core.model.RuleError(message, field)`: a case rule was broken (`field` names the offending field);
- `kiosk.core.errors.FlowError(message, code)`: the pad's state does not allow the action
  (codes: busy, no_staff, not_on_duty, unavailable, not_pending);
- `LookupError`: the staff member / invitation does not exist;
- `kiosk.core.errors.StorageUnavailable`, `TimeoutError` or `NoScreen`: the pad cannot answer now (503).

Anything else is a bug and becomes a logged 500.

Dicts returned use the API's field names (camelCase) and plain JSON types; the server copies only the
documented keys into its responses and treats a malformed answer as a bug.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from kiosk.core.model import Case
from kiosk.core.stats import Period


class NoScreen(RuntimeError):
    """The pad runs without screens (headless): there is nothing to take a screenshot of (503)."""


@runtime_checkable
class PadPort(Protocol):
    def health(self) -> dict:
        """{status: "ok"|"degraded", mode: "window"|"terminal", deviceId: str, version: str,
        evaluator: "online"|"offline"|"none", queueDepth: int >= 0}. Must not block on the GUI thread for long."""
        ...

    def sign_in(self, staff_id: str) -> dict:
        """Sign a roster member in (status on_duty). Returns {staffId, name, pageCode, dept?, stars?}.
        LookupError when staff_id is not in the roster."""
        ...

    def sign_out(self) -> None:
        """Nobody at the window: the pad shows 暂停服务; a pending invitation is cancelled."""
        ...

    def set_staff_status(self, status: str) -> None:
        """status is "on_duty" | "paused" | "away" (already validated). FlowError(no_staff) on a window pad
        with nobody signed in."""
        ...

    def invite(self, service: Case, pf: int | None, timeout_s: int | None) -> dict:
        """Store the case and show the invitation. pf / timeout_s None: the pad's defaults.
        Returns {invitationId: str, state: "pending", assessNumber: 1|2}.
        FlowError(busy | no_staff | not_on_duty | unavailable); RuleError(field="projectNo") when the case can
        take no further evaluation; RuleError(other field) for a rule on that field."""
        ...

    def invitation(self, invitation_id: str) -> dict | None:
        """The invitation's current result, None when unknown (or forgotten):
        {invitationId, state: "pending"|"rated"|"timeout"|"cancelled", detailsDone: bool,
         projectNo?, assessNumber?, satisfaction?: 1..5, evalDetail?, writingEvaluation?, evaluationId?}.
        detailsDone is true once the details page of a rated invitation has ended (提交 or its timeout)."""
        ...

    def wait_invitation(self, invitation_id: str, timeout_s: float, seen: dict | None = None) -> dict | None:
        """Block until the invitation's result differs from `seen` (the dict the caller last got from
        `invitation`; None = until its state is no longer "pending"), or until timeout_s has passed;
        then return the current result (None when unknown). Must return promptly after the change and
        never much later than timeout_s (the server calls it in slices of at most a second)."""
        ...

    def cancel(self, invitation_id: str) -> None:
        """Cancel a pending invitation (the pad returns to idle, the device gets IDLE).
        LookupError when unknown; FlowError(not_pending) when it is known but no longer pending."""
        ...

    def print_receipt(self, project_no: str) -> dict:
        """Queue the case's receipt: {status: "queued", projectNo, url}. LookupError when the case is unknown;
        FlowError(no_printer) when no printer is configured."""
        ...

    def screen(self) -> dict:
        """{"screen": id (idle, invited, details, thanks, expired, unavailable, ...), "message": text}."""
        ...

    def stats(self, period: Period, staff: str | None, counter: str | None) -> dict:
        """The period's figures, kiosk.core.stats.Report.summary() (optionally of one 工号 / one counter). May
        block for the query (the API thread's own store connection, never the GUI thread's)."""
        ...

    def diagnostics(self) -> dict:
        """The technician status page's snapshot (JSON-serialisable; personal data never in it)."""
        ...

    def screenshot(self) -> bytes:
        """A PNG of the screen as the citizen sees it now. NoScreen when the pad runs headless."""
        ...

    def sync_now(self) -> dict:
        """Drain the outbox now and wait for that drain (bounded): {state, sent: {services, evaluations},
        delivered, rejected, error?, queueDepth}. FlowError(no_sync) when no centre is configured."""
        ...


def invitation_result(invitation_id: str, outcome) -> dict:
    """The `invitation()` dict for a `kiosk.core.flow.machine.Outcome` (for implementations of the port).

    Rating members appear once the invitation is rated; reasons and text once its details are done."""
    result: dict = {
        "invitationId": invitation_id,
        "state": outcome.state,
        "detailsDone": bool(outcome.details_done),
        "projectNo": outcome.projectNo,
        "assessNumber": outcome.assessNumber,
    }
    if outcome.state == "rated":
        result["satisfaction"] = outcome.satisfaction
        result["evaluationId"] = outcome.evaluation_id
        if outcome.details_done:
            result["evalDetail"] = outcome.evalDetail
            result["writingEvaluation"] = outcome.writingEvaluation
    return result
