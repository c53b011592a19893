"""Builds for the installer tests: copies of the tree as other releases, their bundles, scratch roots.

Bundles are built with --no-debs (a scratch root installs no Debian packages) from a wheelhouse cached
outside the repository ($KIOSK_BUNDLE_CACHE, else ~/.cache/kiosk-bundle): the first run downloads the pins
once, later runs download nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
CACHE = Path(os.environ.get("KIOSK_BUNDLE_CACHE", Path.home() / ".cache" / "kiosk-bundle"))


def run(cmd: list, *, timeout: float = 600, check: bool = True, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "KIOSK_BUNDLE_CACHE": str(CACHE), "PYTHON": sys.executable}
    for name in ("KIOSK_CONFIG", "KIOSK_DATA_DIR", "PYTHONPATH", "NOTIFY_SOCKET"):
        env.pop(name, None)  # the installed launcher's defaults apply, not the caller's
    env.update(kw.pop("env", {}))
    res = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout, env=env, **kw)
    if check and res.returncode != 0:
        raise AssertionError(f"{cmd} exited {res.returncode}\n--- stdout\n{res.stdout}\n--- stderr\n{res.stderr}")
    return res


def release_tree(dest: Path, version: str, patches: dict[str, list[tuple[str, str]]] | None = None) -> Path:
    """A copy of this checkout as release `version`, with (old, new) text replacements per file."""
    for part in ("kiosk", "installer", "docs", "pyproject.toml", "README.md"):
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    pyproject = dest / "pyproject.toml"
    text, n = re.subn(r'(?m)^version = "[^"]+"', f'version = "{version}"', pyproject.read_text(encoding="utf-8"))
    assert n == 1
    pyproject.write_text(text, encoding="utf-8")
    for rel, changes in (patches or {}).items():
        path = dest / rel
        text = path.read_text(encoding="utf-8")
        for old, new in changes:
            assert old in text, f"{rel}: {old!r} not found"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    return dest


def build_bundle(tree: Path, out: Path, arch: str = "amd64") -> Path:
    res = run([tree / "installer" / "bundle.sh", "--arch", arch, "--no-debs", "--out", out], timeout=900)
    bundle = Path(res.stdout.strip().splitlines()[-1])
    assert bundle.name.startswith("kiosk-") and bundle.is_file(), res.stderr
    return bundle


def install(root: Path, *args, check: bool = True) -> subprocess.CompletedProcess:
    return run([INSTALLER / "install.sh", "--root", root, *args], check=check, timeout=900)


@pytest.fixture(scope="session")
def bundle_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bundles")


@pytest.fixture(scope="session")
def bundle_010(bundle_dir, tmp_path_factory) -> Path:
    """This checkout's bundle for amd64 (the version as in pyproject)."""
    return build_bundle(ROOT, bundle_dir)
