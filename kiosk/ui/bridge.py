"""The one adapter that carries events from other threads (evaluator reader, sync worker) onto the GUI thread.

Worker threads call the EvaluatorListener methods or `post(fn)`; each call is queued to the bridge's own
(GUI) thread, where the public signals are emitted. Whatever is connected to them therefore runs on the
GUI thread, whoever emitted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.ui.qt import QObject, Qt, Signal

log = logging.getLogger(__name__)


class DeviceBridge(QObject):
    """Implements EvaluatorListener; create it on the GUI thread."""

    key = Signal(int)
    online = Signal()
    offline = Signal()
    info = Signal(str, str, str)
    sync_status = Signal(dict)
    _queued = Signal(object)  # a callable, run on the bridge's thread

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._queued.connect(self._run, Qt.ConnectionType.QueuedConnection)

    # --- EvaluatorListener (any thread) -------------------------------------------------------------

    def on_key(self, level: int) -> None:
        self.post(lambda: self.key.emit(int(level)))

    def on_online(self) -> None:
        self.post(self.online.emit)

    def on_offline(self) -> None:
        self.post(self.offline.emit)

    def on_info(self, model: str, firmware: str, serial: str) -> None:
        self.post(lambda: self.info.emit(str(model), str(firmware), str(serial)))

    # --- anything else (any thread) ---------------------------------------------------------------

    def on_sync_status(self, status: dict) -> None:
        """From the sync thread: re-emitted as `sync_status(dict)` on the GUI thread (a copy)."""
        snapshot = dict(status)
        self.post(lambda: self.sync_status.emit(snapshot))

    def post(self, fn: Callable[[], object]) -> None:
        """Run `fn` on the GUI thread, soon (always queued, even when called from the GUI thread)."""
        self._queued.emit(fn)

    def _run(self, fn: Callable[[], object]) -> None:
        try:
            fn()
        except Exception:  # a failing callback must not take the event loop down
            log.exception("posted callback failed")
