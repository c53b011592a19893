"""`python -O` runs the app the same: no import-time assert does work, and a rating comes out identical."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A headless pad in a child process: sign in, invite, press 不满意, a reason and a text, submit. It prints what
# it did (asserts would be stripped under -O); the test compares.
RATING = """
import json, sys
from pathlib import Path
from kiosk import config
from kiosk.app.kiosk import Kiosk
from kiosk.core.model import Case
from kiosk.core.staff import Staff
from kiosk.core.timefmt import FakeClock

cfg = config.load(None, Path(sys.argv[1]), {"evaluator": {"driver": "sim"}, "device": {"counter": "3号窗口"}})
kiosk = Kiosk(cfg, clock=FakeClock())
try:
    flow = kiosk.flow
    flow.sign_in(Staff("s1", "王小明", "0101"))
    flow.invite(Case("P-O-1", taskName="社会保障卡挂失"))
    pressed = flow.press(2)
    flow.toggle_reason(flow.catalog.for_level(2)[0].code)
    flow.set_text("窗口排队太久")
    submitted = flow.submit()
    row = kiosk.store.evaluations(project_no="P-O-1")[0]
    print(json.dumps({
        "optimize": sys.flags.optimize,
        "pressed": pressed,
        "submitted": submitted,
        "screen": str(flow.state.screen),
        "id_is_flow_id": row.pop("id") == flow.state.evaluation.id,
        "row": row,
        "evaluator": [list(c) for c in kiosk.evaluator.commands],
        "depth": kiosk.outbox.depth(),
    }, ensure_ascii=False))
finally:
    kiosk.stop()
"""


def run_rating(tmp_path: Path, *flags: str) -> dict:
    data = tmp_path / ("optimized" if flags else "plain")
    res = subprocess.run(
        [sys.executable, *flags, "-c", RATING, str(data)], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_a_rating_under_python_O_is_the_same_as_without(tmp_path):
    plain, optimized = run_rating(tmp_path), run_rating(tmp_path, "-O")
    assert (plain.pop("optimize"), optimized.pop("optimize")) == (0, 1)
    assert optimized == plain
    row = optimized["row"]
    assert (optimized["pressed"], optimized["submitted"], optimized["screen"]) == (True, True, "thanks")
    assert optimized["id_is_flow_id"] is True
    assert (row["projectNo"], row["satisfaction"], row["assessNumber"], row["pf"]) == ("P-O-1", 2, 1, 4)
    assert (row["evalDetail"], row["writingEvaluation"], row["incomplete"], row["sync_state"]) == (
        "207",
        "窗口排队太久",
        0,
        "pending",
    )
    assert (row["assessTime"], row["assessTimeUtc"]) == ("2026-11-23 10:00:00", "2026-11-23T02:00:00.000Z")
    assert (row["handleUserName"], row["handleUserPageCode"], row["window"]) == ("王小明", "0101", "3号窗口")
    assert optimized["evaluator"] == [["invite", 30, "请对本次服务进行评价"], ["thanks"]]
    assert optimized["depth"] == 2  # the case and its rating wait for the centre


def test_no_assert_runs_at_import_time():
    """A module- or class-level assert is skipped by `python -O`: whatever it checks goes unchecked."""
    found = []
    for path in sorted((ROOT / "kiosk").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bodies = [tree.body] + [n.body for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
        found += [f"{path.relative_to(ROOT)}:{n.lineno}" for body in bodies for n in body if isinstance(n, ast.Assert)]
    assert found == []


def test_kiosk_run_under_python_O_reaches_its_first_frame(tmp_path):
    env = {"QT_QPA_PLATFORM": "offscreen", "KIOSK_LOG_STDERR": "0", "PYTHONPATH": str(ROOT)}
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('[qr]\nsecret = "qr-secret-optimize-0123"\n', encoding="utf-8")
    cmd = [sys.executable, "-O", "-m", "kiosk", "run", "--config", str(cfg), "--data-dir", str(tmp_path)]
    cmd += ["--no-api", "--exit-when-ready"]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT, env={**os.environ, **env})
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("kiosk ready ")
    log_text = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "ready: first interactive frame" in log_text and "kiosk stopped" in log_text
