"""The ratings export (`kiosk export`, the technician's 导出): CSV or JSON, written atomically. Qt-free.

- Columns (EXPORT_COLUMNS): the rating with its questionnaire answers (questionAnswers) and interference flags
  (suspect), its case's taskName and the applicant (userName, certKey, mobile) — masked (kiosk.core.privacy)
  unless `include_pii`.
- CSV is UTF-8 with a BOM, so spreadsheet programs open the Chinese right; JSON is a UTF-8 array of objects
  (questionAnswers as [{"code", "answer"}], suspect as a list).
- Atomic: the file is written as a hidden temporary beside the target, flushed and fsynced, then renamed over
  the final name and the directory fsynced. A failing write (a USB stick pulled out mid-write: EIO, ENODEV,
  ENOSPC, …) removes the temporary where it still can and raises ExportError naming the file and the cause;
  the final name never holds a half file.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from kiosk.core.levels import level_name
from kiosk.core.privacy import masked
from kiosk.core.questions import answers_from_json
from kiosk.core.stats import Period

log = logging.getLogger(__name__)

EXPORT_COLUMNS = (
    "id projectNo taskName satisfaction level evalDetail writingEvaluation questionAnswers assessTime assessNumber pf "
    "handleUserPageCode window incomplete suspect sync_state last_error userName certKey mobile"
).split()
FORMATS = ("csv", "json")
CHUNK = 64 * 1024
_PULLED = {errno.EIO, errno.ENODEV, errno.ENXIO, errno.ENOENT, errno.ESTALE}


class ExportError(OSError):
    """The export could not be written; nothing was left under the final name. `cause`: the system's words;
    `pulled`: the error is what a removed stick gives."""

    cause = ""
    pulled = False


def records(store, period: Period | None = None, *, include_pii: bool = False) -> Iterator[dict]:
    """The ratings (of `period`, else all), oldest first, as export records (EXPORT_COLUMNS order)."""
    bounds = period.bounds() if period is not None else (None, None)
    for row in store.evaluations_with_cases(*bounds):
        rec = row if include_pii else masked(row)
        out = {c: rec.get(c) for c in EXPORT_COLUMNS}
        out["level"] = level_name(row["satisfaction"])
        out["questionAnswers"] = [{"code": c, "answer": a} for c, a in answers_from_json(row.get("questionAnswers"))]
        out["suspect"] = [f for f in (row.get("suspect") or "").split(",") if f]  # CSV: joined with "; "
        out["incomplete"] = bool(row.get("incomplete"))
        yield out


class TextOut(Protocol):
    def write(self, text: str, /) -> int: ...


def csv_value(value: object) -> object:
    """A record's value as a CSV cell: answers as code=answer; …, flags comma-separated, booleans 0/1."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list):
        return "; ".join(f"{v['code']}={v['answer']}" if isinstance(v, dict) else str(v) for v in value)
    return value


def write_csv(rows: Iterable[dict], out: TextOut) -> int:
    out.write("\ufeff")  # the BOM: Excel then reads UTF-8
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    n = 0
    for rec in rows:
        writer.writerow([csv_value(rec.get(c)) for c in EXPORT_COLUMNS])
        n += 1
    return n


def write_json(rows: Iterable[dict], out: TextOut) -> int:
    out.write("[")
    n = 0
    for rec in rows:
        out.write(",\n" if n else "\n")
        out.write(json.dumps(rec, ensure_ascii=False, default=str))
        n += 1
    out.write("\n]\n")
    return n


class _Out:
    """Text in, UTF-8 through os.write on the raw descriptor (buffered in CHUNKs): every byte's fate is seen."""

    def __init__(self, fd: int):
        self.fd = fd
        self.buf: list[bytes] = []
        self.size = 0

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self.buf.append(data)
        self.size += len(data)
        if self.size >= CHUNK:
            self.flush()
        return len(text)

    def flush(self) -> None:
        data = memoryview(b"".join(self.buf))
        self.buf, self.size = [], 0
        while data:
            written = os.write(self.fd, data)
            data = data[written:]


def atomic_write(path: str | Path, produce: Callable[[TextOut], int]) -> int:
    """Write `path` through `produce(out)` (returns what it counts, e.g. rows) all or nothing; see the module."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
    except OSError as exc:
        raise _failed(target, exc, "cannot create the file") from exc
    try:
        try:
            out = _Out(fd)
            n = produce(out)
            out.flush()
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _failed(target, exc, "the write failed") from exc
    with contextlib.suppress(OSError):  # the rename itself durable (where the filesystem allows it)
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return n


def _failed(target: Path, exc: OSError, what: str) -> ExportError:
    cause = exc.strerror or str(exc)
    hint = ": was the USB stick pulled out?" if exc.errno in _PULLED else ""
    message = f"export to {target} failed, {what} ({cause}){hint} Nothing was left under that name."
    log.warning("%s", message)
    err = ExportError(exc.errno or errno.EIO, message, str(target))
    err.cause, err.pulled = cause, exc.errno in _PULLED
    return err


def export(store, out: str | Path, fmt: str, period: Period | None = None, *, include_pii: bool = False) -> int:
    """Write the ratings to `out` as `fmt` (csv | json); returns how many."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    rows = records(store, period, include_pii=include_pii)
    n = atomic_write(out, lambda fh: write_csv(rows, fh) if fmt == "csv" else write_json(rows, fh))
    log.info("exported %d rating(s) to %s (%s%s)", n, out, fmt, ", with personal data" if include_pii else "")
    return n
