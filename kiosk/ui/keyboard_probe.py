"""Is the on-screen keyboard (Qt Virtual Keyboard) installed? Answered from the files of the PySide6 wheels,
without importing PySide6 (only kiosk/ui/qt.py does that), so `ensure_app` can set `QT_IM_MODULE` before the
QApplication exists and `kiosk doctor` can ask in a child process: `python -m kiosk.ui.keyboard_probe` prints
one JSON line {"missing": null | why, "library": PATH, "loads": null | dlopen error} and exits 0 when the
keyboard can be used, 3 when not.

pyside6-essentials ships the keyboard's QML, its Pinyin plugin and the input-context plugin; the library they
all need, libQt6VirtualKeyboard, is in pyside6-addons (the `kiosk[keyboard]` extra, which the installer installs).
"""

from __future__ import annotations

import argparse
import ctypes
import importlib.util
import json
import sys
from collections.abc import MutableMapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

IM_MODULE = "qtvirtualkeyboard"  # QT_IM_MODULE: the input context the embedded InputPanel talks to
LIBRARY = "lib/libQt6VirtualKeyboard.so.6"  # pyside6-addons
NEEDED = (  # pyside6-essentials
    "plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "qml/QtQuick/VirtualKeyboard/qmldir",
    "qml/QtQuick/VirtualKeyboard/Plugins/Pinyin",
)


def qt_dir() -> Path | None:
    """The Qt folder inside the PySide6 package, None when PySide6 is not installed."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


def addons_pin() -> str:
    """`pyside6-addons==V` for the installed essentials (the two must be the same version)."""
    try:
        return f"pyside6-addons=={version('pyside6-essentials')}"
    except PackageNotFoundError:
        return "pyside6-addons"


def missing(qt: Path | None = None) -> str | None:
    """Why the on-screen keyboard cannot be used here, None when its files are all installed."""
    qt = qt if qt is not None else qt_dir()
    if qt is None:
        return "PySide6 is not installed"
    if not (qt / LIBRARY).is_file():
        return f"{Path(LIBRARY).name} is not installed (pyside6-addons is missing: pip install {addons_pin()})"
    for part in NEEDED:
        if not (qt / part).exists():
            return f"{part} is not in the PySide6 wheel"
    return None


def prepare_environment(env: MutableMapping[str, str], qt: Path | None = None) -> str | None:
    """Before the QApplication exists: route text input through Qt Virtual Keyboard (`QT_IM_MODULE`) when it is
    installed, and unless QT_QUICK_BACKEND says otherwise have Qt Quick draw it with its software renderer
    (`QT_QUICK_BACKEND=software`: the keyboard is flat 2D, the window stays a raster window with no OpenGL
    context on a pad whose GPU driver may lack one, and offscreen renders alike on every PySide6; the input
    context plugin starts Qt Quick's scene graph with the QApplication, so this cannot wait). Returns why not
    (and leaves `env` as it is) when the keyboard is not installed."""
    reason = missing(qt)
    if reason is None:
        env["QT_IM_MODULE"] = IM_MODULE
        # the keyboard is the kiosk window's own InputPanel: never a desktop panel in a window of its own (which
        # a cage session would not show, and which, made before the window's panel exists, outlives the app)
        env["QT_VIRTUALKEYBOARD_DESKTOP_DISABLE"] = "1"
        env.setdefault("QT_QUICK_BACKEND", "software")
    return reason


def probe(qt: Path | None = None) -> dict:
    qt = qt if qt is not None else qt_dir()
    found: dict = {"missing": missing(qt), "library": str(qt / LIBRARY) if qt else None, "loads": None}
    if found["missing"] is None and qt is not None:
        try:
            ctypes.CDLL(str(qt / LIBRARY))
        except OSError as exc:
            found["loads"] = str(exc)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.ui.keyboard_probe", description=__doc__.split("\n")[0])
    parser.add_argument("--qt-dir", type=Path, help="the Qt folder to look in (default: the PySide6 package's)")
    args = parser.parse_args(argv)
    found = probe(args.qt_dir)
    print(json.dumps(found, ensure_ascii=False), flush=True)
    return 0 if found["missing"] is None and found["loads"] is None else 3


if __name__ == "__main__":
    sys.exit(main())
