"""Logging: a rotating file in the data dir plus stderr; personal data never leaves unmasked."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from kiosk.core.privacy import scrub

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
MAX_BYTES = 5_000_000  # kiosk.log rolls over into kiosk.log.1 … .BACKUPS at this size (and nightly)
BACKUPS = 5

_installed: list[logging.Handler] = []  # the root handlers setup() added, replaced by its next call


class ScrubFilter(logging.Filter):
    """Masks ID-card and mobile numbers in every record, whatever a caller formatted into it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


def file_handler(
    path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS
) -> logging.handlers.RotatingFileHandler:
    """`path`, rolled over into `path.1` … `path.<backups>` before it would grow past `max_bytes`."""
    return logging.handlers.RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")


def setup(data_dir: Path | None, level: str = "INFO", stderr: bool | None = None, rotate: bool = True) -> Path | None:
    """Log to DATA_DIR/logs/kiosk.log (and stderr unless told or $KIOSK_LOG_STDERR=0). `rotate=False`: append
    only, never roll the file over (a command run by another user than the pad's must not recreate the file)."""
    root = logging.getLogger()
    while _installed:
        handler = _installed.pop()
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
        handlers.append(file_handler(log_path, MAX_BYTES if rotate else 0))
    if stderr if stderr is not None else os.environ.get("KIOSK_LOG_STDERR", "1") != "0":
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(fmt)
        handler.addFilter(ScrubFilter())
        root.addHandler(handler)
        _installed.append(handler)
    return log_path


def rotate() -> None:
    """Roll the log file over (nightly maintenance)."""
    for handler in _installed:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            handler.acquire()  # emit() rolls over under the same lock
            try:
                handler.doRollover()
            finally:
                handler.release()
