"""What technicians see and take away: a diagnostics snapshot and an export bundle. Qt-free.

`snapshot(kiosk)` runs on the flow's thread (it reads the flow's store connection). `export(kiosk, dir)`
writes a masked CSV of the ratings, the dead letters and the snapshot as JSON — never unmasked personal data.
"""

from __future__ import annotations

import contextlib
import json
import logging
import platform
from datetime import datetime
from pathlib import Path

from kiosk import __version__
from kiosk.app import export as exports
from kiosk.core.timefmt import SHANGHAI

log = logging.getLogger(__name__)

EXPORT_COLUMNS = exports.EXPORT_COLUMNS


def snapshot(kiosk) -> dict:
    """Everything a technician needs on one page (JSON-serialisable)."""
    flow = kiosk.flow
    evaluator = kiosk.evaluator
    sync = kiosk.sync.status() if kiosk.sync is not None else {"state": "disabled"}
    counts = kiosk.outbox.evaluations_by_state()
    device = kiosk.cfg.device
    return {
        "version": __version__,
        "python": platform.python_version(),
        "device": {
            "id": device.id,
            "mode": device.mode,
            "hall": device.hall,
            "window": device.counter,
            "area_code": device.area_code,
        },
        "config": kiosk.cfg.source,
        "data_dir": str(kiosk.cfg.data_dir),
        "screen": str(flow.state.screen),
        "staff": flow.state.staff.name if flow.state.staff else None,
        "staff_status": str(flow.state.staff_status),
        "flow_counters": dict(flow.counters),
        "evaluator": {
            "driver": kiosk.cfg.evaluator.driver,
            "port": kiosk.cfg.evaluator.port,
            "status": kiosk.status.evaluator,
            "info": dict(kiosk.status.evaluator_info),
            "counters": evaluator.counters() if evaluator is not None else {},
        },
        "printer": kiosk.status.printer,
        "ratings": {"total": sum(counts.values()), **counts},
        # interference flags (fast_press, burst, walk_in_no_staff) on today's ratings: for supervisors, never acted on
        "suspect_today": kiosk.store.suspect_counts(kiosk.clock.now().astimezone(SHANGHAI).strftime("%Y-%m-%d")),
        "queue_depth": kiosk.outbox.depth(),
        "dead_letters": kiosk.outbox.dead_letters(),
        "sync": sync,
        "clock_offset_s": sync.get("clock_offset_s"),
        "health": kiosk.health(),
    }


def export(kiosk, out_dir: str | Path) -> list[Path]:
    """Write ratings.csv (personal data masked) and diagnostics.json, each atomically (kiosk.app.export: a
    stick pulled mid-write leaves no half file and raises ExportError); returns the files written."""
    stamp = datetime.now(SHANGHAI).strftime("%Y%m%d-%H%M%S")
    target = Path(out_dir) / f"kiosk-{kiosk.cfg.device.id}-{stamp}"
    target.mkdir(parents=True, exist_ok=False)
    csv_path = target / "ratings.csv"
    json_path = target / "diagnostics.json"
    try:
        rows = exports.records(kiosk.store)
        exports.atomic_write(csv_path, lambda out: exports.write_csv(rows, out))
        text = json.dumps(snapshot(kiosk), ensure_ascii=False, indent=2, default=str)
        exports.atomic_write(json_path, lambda out: out.write(text))
    except OSError:
        for path in (csv_path, json_path):  # all or nothing: no folder with one file of two
            with contextlib.suppress(OSError):
                path.unlink()
        with contextlib.suppress(OSError):
            target.rmdir()
        raise
    log.info("diagnostics exported to %s", target)
    return [csv_path, json_path]
