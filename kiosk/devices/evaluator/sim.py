"""`sim` driver: an in-process evaluator for the demo and tests.

Online immediately after start(). press(level) delivers on_key from the simulator's own thread, like a
real driver's reader thread. Every command received is appended to ``commands`` as a tuple:
("invite", timeout_s, prompt), ("thanks",), ("idle",), ("leds", mask).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from kiosk.devices.evaluator.protocol import EvaluatorListener
from kiosk.devices.evaluator.reliable import Counters

log = logging.getLogger("kiosk.devices")

SIM_INFO = ("SIM-EVALUATOR", "1.0", "SIM0000001")


class SimEvaluator:
    def __init__(self) -> None:
        self.commands: list[tuple] = []
        self._commands_lock = threading.Lock()
        self._events: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._listener: EvaluatorListener | None = None
        self._online = False
        self._stopped = threading.Event()
        self._counters = Counters(("keys", "commands"))

    def start(self, listener: EvaluatorListener) -> None:
        if self._listener is not None:
            raise RuntimeError("already started")
        self._listener = listener
        self._online = True
        self._thread = threading.Thread(target=self._run, name="evaluator-sim", daemon=True)
        self._thread.start()
        self._events.put(listener.on_online)
        self._events.put(lambda: listener.on_info(*SIM_INFO))

    def stop(self) -> None:
        self._stopped.set()
        self._events.put(None)
        if self._thread is not None:
            self._thread.join(1.0)
        self._online = False

    def press(self, level: int) -> None:
        """Simulate a button press; on_key(level) follows from the simulator thread."""
        if not 1 <= int(level) <= 5:
            raise ValueError(f"level must be 1..5, got {level!r}")
        listener = self._listener
        if listener is None or self._stopped.is_set():
            return
        self._counters.inc("keys")
        self._events.put(lambda: listener.on_key(int(level)))

    def invite(self, timeout_s: int, prompt: str) -> None:
        self._record(("invite", max(0, min(255, int(timeout_s))), prompt))

    def thanks(self) -> None:
        self._record(("thanks",))

    def idle(self) -> None:
        self._record(("idle",))

    def leds(self, mask: int) -> None:
        self._record(("leds", int(mask) & 0x1F))

    @property
    def online(self) -> bool:
        return self._online

    def counters(self) -> dict[str, int]:
        return self._counters.snapshot()

    def _record(self, command: tuple) -> None:
        with self._commands_lock:
            self.commands.append(command)
        self._counters.inc("commands")

    def _run(self) -> None:
        while True:
            event = self._events.get()
            if event is None or self._stopped.is_set():
                return
            try:
                event()
            except Exception:
                log.exception("sim evaluator: listener failed")
