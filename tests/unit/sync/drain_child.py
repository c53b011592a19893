"""Child process of the crash test: drain the pad database at argv[1] to the centre at argv[2], then exit 0.

Run as `python tests/unit/sync/drain_child.py DB URL [BATCH [PROTOCOL]]`; prints "draining" once started.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from kiosk.store.db import Store  # noqa: E402
from kiosk.sync.drain import drain_to_empty  # noqa: E402
from tests.unit.sync.helpers import protocol_settings  # noqa: E402


def main() -> int:
    db, url = sys.argv[1], sys.argv[2]
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    protocol = sys.argv[4] if len(sys.argv) > 4 else "kiosk-json"
    settings = protocol_settings(url, protocol, batch_size=batch, timeout_s=5.0)
    with Store(db) as store:
        print("draining", flush=True)
        return 0 if drain_to_empty(store, settings, max_seconds=60) else 1


if __name__ == "__main__":
    sys.exit(main())
