"""The device tests' thread-safe recording listener."""

from __future__ import annotations

import threading


class RecordingListener:
    """Records every callback as a tuple, plus the names of the threads that called it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: list[tuple] = []
        self.threads: set[str] = set()

    def _add(self, event: tuple) -> None:
        with self._lock:
            self._events.append(event)
            self.threads.add(threading.current_thread().name)

    def on_key(self, level: int) -> None:
        self._add(("key", level))

    def on_online(self) -> None:
        self._add(("online",))

    def on_offline(self) -> None:
        self._add(("offline",))

    def on_info(self, model: str, firmware: str, serial: str) -> None:
        self._add(("info", model, firmware, serial))

    @property
    def events(self) -> list[tuple]:
        with self._lock:
            return list(self._events)

    def keys(self) -> list[int]:
        return [e[1] for e in self.events if e[0] == "key"]

    def count(self, name: str) -> int:
        return sum(1 for e in self.events if e[0] == name)

    def transitions(self) -> list[str]:
        return [e[0] for e in self.events if e[0] in ("online", "offline")]
