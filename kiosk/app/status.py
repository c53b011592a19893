"""The device's state as the screens show it: evaluator, printer, upload, and the outbox depth.

The string values are the ones the diagnostics JSON, the local API and the centre's heartbeat carry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class EvaluatorStatus(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    NONE = "none"  # no evaluator configured (or its driver could not be built)


class PrinterStatus(StrEnum):
    OK = "ok"
    PAPER_OUT = "paper_out"
    OFFLINE = "offline"
    ERROR = "error"
    NO_ANSWER = "no_answer"  # no answer to two status requests: printed anyway (printer.print_when_unknown)
    UNCHECKED = "unchecked"  # printer.status_query = false: printed without asking
    UNKNOWN = "unknown"  # configured, no answer yet
    NONE = "none"  # no printer configured


class SyncState(StrEnum):
    """The upload's state as kiosk.sync.service reports it; `disabled` when there is no centre to report."""

    IDLE = "idle"
    DRAINING = "draining"
    BACKOFF = "backoff"
    OFFLINE = "offline"
    AUTH_ERROR = "auth_error"
    DISABLED = "disabled"


@dataclass(frozen=True)
class StatusLine:
    """What the status line at the bottom of the screens shows (kiosk.ui.widgets.status_bar words it)."""

    evaluator: EvaluatorStatus = EvaluatorStatus.NONE
    printer: PrinterStatus = PrinterStatus.NONE
    sync: SyncState = SyncState.DISABLED
    outbox_depth: int = 0  # ratings and cases not yet accepted by the centre


@dataclass
class Status:
    """The device's state as last reported by the evaluator, the printer and sync."""

    evaluator: EvaluatorStatus = EvaluatorStatus.NONE
    printer: PrinterStatus = PrinterStatus.NONE
    evaluator_info: dict = field(default_factory=dict)  # model, firmware, serial from the device's HELLO
    sync: SyncState = SyncState.DISABLED  # until sync reports (and for good when there is no [central] url)

    def line(self, outbox_depth: int) -> StatusLine:
        return StatusLine(self.evaluator, self.printer, self.sync, outbox_depth)
