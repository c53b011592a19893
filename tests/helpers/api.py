"""For the local API's tests and bench: a case as a business system sends it, and the schemathesis run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def case_json(project_no: str, **kw: object) -> dict:
    """The `service` of POST /invitations: a 食品经营许可 case of 张小三; `kw` overrides or adds fields."""
    return {
        "projectNo": project_no,
        "taskCode": "11420100MB1234567X4000117001",
        "taskName": "食品经营许可",
        "deptCode": "11420100MB1234567X",
        "proDepart": "武汉市市场监督管理局",
        "proStatus": 2,
        "userProp": 1,
        "userName": "张小三",
        "certKey": "420102199001011234",
        **kw,
    }


def schemathesis_exe() -> str | None:
    """The schemathesis CLI of this venv, else one on PATH, else None."""
    return str(SCHEMATHESIS) if SCHEMATHESIS.exists() else shutil.which("schemathesis")


# What the OpenAPI document cannot say: GET /stats answers 400 to a schema-valid `to` before `from` (a rule
# between two parameters), so a 400 there is an accepted answer to a valid request.
CONFIG = """\
[[operations]]
include-path = "/api/v1/stats"
checks.positive_data_acceptance.expected-statuses = ["200", "400"]
"""


def run_schemathesis(
    url: str, token: str, cwd: Path, *, examples: str, seed: str, timeout: float, exclude_paths: tuple[str, ...] = ()
):
    """Every check against the OpenAPI document served at `url`, in a subprocess; the CompletedProcess.
    `exclude_paths`: operations left out (a headless pad's /screenshot is a documented 503, tested apart)."""
    (cwd / "schemathesis.toml").write_text(CONFIG, encoding="utf-8")
    cmd = [
        schemathesis_exe(),
        "run",
        f"{url}/api/v1/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        "all",
        "--max-examples",
        examples,
        "--seed",
        seed,
        "--workers",
        "1",  # several workers trip a CPython 3.11 ast thread-safety bug inside hypothesis
        "--request-timeout",
        "10",
        "--no-color",
        *(arg for path in exclude_paths for arg in ("--exclude-path", path)),
    ]
    env = {**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_TELEMETRY": "false"}
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
