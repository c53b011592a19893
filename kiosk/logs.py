"""Logging: a rotating file in the data dir plus stderr; personal data never leaves unmasked."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from kiosk.core.privacy import scrub

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


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
        handlers.append(
            logging.handlers.RotatingFileHandler(log_path, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
        )
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
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            handler.doRollover()
