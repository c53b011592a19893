"""`kiosk run` starts again after the settings page saved a change: the same interpreter and arguments, the same
process id (cage's child under systemd), by exec after everything stopped."""

from __future__ import annotations

import os
import subprocess
import sys

CHILD = """
import os, sys
from kiosk.cli.run import restart
if os.environ.get("RESTARTED"):
    print("again", os.getpid(), sys.argv[1:], flush=True)
    sys.exit(0)
print("first", os.getpid(), flush=True)
os.environ["RESTARTED"] = "1"
restart()
"""


def test_restart_execs_the_same_command_in_the_same_process(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    env.pop("RESTARTED", None)
    out = subprocess.run(
        [sys.executable, "-B", str(script), "run", "--config", "x.toml"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    first, again = out.stdout.splitlines()
    assert first.split()[0] == "first" and again.split()[0] == "again"
    assert first.split()[1] == again.split()[1]  # the same process
    assert again.endswith("['run', '--config', 'x.toml']")
