"""Child process of test_crash: rates forever on a real store until it is SIGKILLed.

usage: python crash_child.py DB_PATH SEED

Prints `ready` once the store is open (after release_drafts), then one evaluation id per line, flushed,
only after the press has been committed (flow.press() returned True: the draft row is durable).
"""

from __future__ import annotations

import random
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.core.flow.machine import Flow, FlowSettings, Screen  # noqa: E402
from kiosk.core.levels import is_bad  # noqa: E402
from kiosk.core.model import Case  # noqa: E402
from kiosk.core.staff import Staff  # noqa: E402
from kiosk.core.timefmt import SystemClock  # noqa: E402
from kiosk.store.db import Store  # noqa: E402
from kiosk.store.sink import StoreSink  # noqa: E402


def main(path: str, seed: int) -> None:
    rng = random.Random(seed)
    store = Store(path)
    store.release_drafts()
    flow = Flow(
        StoreSink(store), SystemClock(), FlowSettings(device_id="CRASH", counter="W01", thanks_s=0, qr_screen_s=0)
    )
    flow.sign_in(Staff(staffId="s1", name="李明", pageCode="GH1001"))
    run = uuid.uuid4().hex[:12]
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        flow.invite(Case(projectNo=f"C{run}{n:08d}", taskName="崩溃测试", userName="张三"))
        level = rng.randint(1, 5)
        if not flow.press(level):
            raise SystemExit(f"press {level} was not stored on screen {flow.state.screen}")
        print(flow.state.evaluation.id, flush=True)
        if is_bad(level):
            flow.toggle_reason(rng.choice(flow.catalog.for_level(level)).code)
        if rng.random() < 0.3:
            flow.set_text("等候时间较长")
        if not flow.submit():
            raise SystemExit(f"submit refused: {flow.state.message}")
        flow.tick()  # thanks_s = qr_screen_s = 0 (a 差评 thanks): straight past the thanks screen
        if flow.state.screen is not Screen.IDLE:
            raise SystemExit(f"expected idle after thanks, got {flow.state.screen}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
