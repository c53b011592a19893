"""Outside `kiosk demo`, `kiosk run` refuses a shipped default secret: exit 2 naming the key and the command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_LOG_STDERR": "0", "PYTHONPATH": str(ROOT)}


def kiosk(*argv: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *argv], capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=ENV
    )


@pytest.mark.parametrize(
    "toml, says",
    [
        ("[device]\nid = 'PAD-1'\n", "qr.secret is the shipped default 'change-me'"),
        ("[qr]\nsecret = ''\n", "qr.secret is empty"),
    ],
)
def test_run_refuses_the_shipped_qr_secret(tmp_path, toml, says):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(toml, encoding="utf-8")
    res = kiosk("run", "--config", str(cfg), "--data-dir", str(tmp_path / "data"), "--no-api")
    assert res.returncode == 2, res.stderr
    assert f"kiosk run: refusing to start with {cfg}" in res.stderr and says in res.stderr
    assert f"`kiosk config set qr.secret KEY --config {cfg}`" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "data").exists()  # refused before anything was opened


def test_run_refuses_no_token_off_loopback(tmp_path):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('[qr]\nsecret = "qr-secret-0123456789"\n[api]\nbind = "0.0.0.0"\n', encoding="utf-8")
    res = kiosk("run", "--config", str(cfg), "--data-dir", str(tmp_path / "data"))
    assert res.returncode == 2 and "api.token = ''" in res.stderr and "kiosk config set api.token" in res.stderr


def test_a_set_secret_runs_and_the_demo_needs_none(tmp_path):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('[qr]\nsecret = "qr-secret-0123456789"\n[evaluator]\ndriver = "none"\n', encoding="utf-8")
    res = kiosk("run", "--config", str(cfg), "--data-dir", str(tmp_path / "a"), "--no-api", "--exit-when-ready")
    assert res.returncode == 0 and res.stdout.startswith("kiosk ready "), res.stderr
    res = kiosk("demo", "--data-dir", str(tmp_path / "demo"), "--no-api", "--exit-when-ready", timeout=120)
    assert res.returncode == 0 and res.stdout.startswith("kiosk ready "), res.stderr
