"""Logging: a rotating file in the data dir plus stderr; personal data never leaves unmasked."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from kiosk.core.privacy import scrub

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class RotatingFile(logging.FileHandler):
    """`kiosk.log`, rolled over into `kiosk.log.1` … `.N` once it reaches `max_bytes` (and nightly).

    The standard library's RotatingFileHandler does the same, but `logging.handlers` pulls socket, pickle
    and queue into every start-up; this is the one behaviour kiosk uses of it.
    """

    def __init__(self, path: Path, max_bytes: int, backups: int):
        super().__init__(path, encoding="utf-8")
        self.max_bytes, self.backups = max_bytes, backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self.stream.tell() >= self.max_bytes:
                self._roll()
        except OSError:
            self.handleError(record)
            return
        super().emit(record)

    def rollover(self) -> None:
        self.acquire()  # emit() runs under this lock too
        try:
            self._roll()
        finally:
            self.release()

    def _roll(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # reopened by the next emit()
        base = self.baseFilename
        for i in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{base}.{i}"):
                os.replace(f"{base}.{i}", f"{base}.{i + 1}")
        if os.path.exists(base):
            os.replace(base, f"{base}.1")


class ScrubFilter(logging.Filter):
    """Masks ID-card and mobile numbers in every record, whatever a caller formatted into it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


def setup(data_dir: Path | None, level: str = "INFO", stderr: bool | None = None) -> Path | None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_kiosk", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    fmt = logging.Formatter(FORMAT)
    handlers: list[logging.Handler] = []
    log_path = None
    if data_dir is not None:
        log_dir = Path(data_dir) / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        log_path = log_dir / "kiosk.log"
        handlers.append(RotatingFile(log_path, max_bytes=5_000_000, backups=5))
    if stderr if stderr is not None else os.environ.get("KIOSK_LOG_STDERR", "1") != "0":
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler._kiosk = True  # type: ignore[attr-defined]
        handler.setFormatter(fmt)
        handler.addFilter(ScrubFilter())
        root.addHandler(handler)
    return log_path


def rotate() -> None:
    """Roll the log file over (nightly maintenance)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, RotatingFile):
            handler.rollover()
