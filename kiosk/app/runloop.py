"""Running code on the thread that owns the flow.

The flow, its store connection and the screens live on one thread (the GUI thread when there are screens).
Other threads (device readers, the API server, sync) reach it only through `post`; `call` posts and waits
for the result. `FlowLoop` is that thread for headless use (tests, benches, the crash child): a queue plus
a tick timer. With screens, the Qt bridge provides `post` instead.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class CallTimeout(TimeoutError):
    pass


class Caller:
    """`call(fn)` runs fn on the owning thread and returns its result (or raises its exception)."""

    def __init__(self, post: Callable[[Callable[[], None]], None], owner: Callable[[], bool]):
        self._post = post
        self._is_owner = owner

    def post(self, fn: Callable[[], None]) -> None:
        self._post(fn)

    def call(self, fn: Callable[[], T], timeout: float = 10.0) -> T:
        if self._is_owner():
            return fn()
        done = threading.Event()
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                box["value"] = fn()
            except BaseException as exc:  # handed back to the calling thread
                box["error"] = exc
            finally:
                done.set()

        self._post(run)
        if not done.wait(timeout):
            raise CallTimeout(f"the pad did not answer within {timeout} s")
        if "error" in box:
            raise box["error"]
        return box["value"]


class FlowLoop:
    """A headless owner thread: runs posted callables in order and `tick` every `tick_s`."""

    def __init__(self, tick: Callable[[], None], tick_s: float = 0.1, name: str = "flow"):
        self._tick = tick
        self._tick_s = tick_s
        self._queue: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.caller = Caller(self._queue.put, lambda: threading.current_thread() is self._thread)

    def start(self) -> FlowLoop:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout)

    def _run(self) -> None:
        next_tick = time.monotonic() + self._tick_s
        while True:
            try:
                item = self._queue.get(timeout=max(0.0, next_tick - time.monotonic()))
            except queue.Empty:
                item = self._tick
            if item is None:
                return
            if item is not self._tick and time.monotonic() >= next_tick:
                self._guarded(self._tick)
            if item is self._tick or time.monotonic() >= next_tick:
                next_tick = time.monotonic() + self._tick_s
            self._guarded(item)

    @staticmethod
    def _guarded(fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception:
            log.exception("error on the flow thread")
