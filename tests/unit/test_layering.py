"""core, store, devices, sync and central never load Qt; only kiosk/ui/qt.py imports PySide6."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_non_ui_packages_load_no_pyside6():
    mods = []
    for pkg in ("core", "store", "devices", "sync", "central"):
        for p in sorted((ROOT / "kiosk" / pkg).rglob("*.py")):
            mods.append(".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"))
    code = (
        "import importlib, sys\n"
        f"for m in {mods!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(len(bad)); assert not bad, bad\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert len(mods) > 15


def test_only_one_module_imports_qt():
    offenders = []
    for path in (ROOT / "kiosk").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if ("import PySide6" in text or "from PySide6" in text) and path != ROOT / "kiosk" / "ui" / "qt.py":
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_modules_stay_small():
    big = {
        str(p.relative_to(ROOT)): n
        for p in (ROOT / "kiosk").rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert big == {}
