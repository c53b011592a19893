"""`python -m kiosk.ui.platform_probe [--platform NAME]`: can Qt start on this machine? Run by `kiosk doctor` in a
child process (a platform that cannot start makes Qt abort the whole process).

Prints JSON lines on stdout, each flushed before the next step can abort:
  {"platform": NAME, "plugins": {FILE: null | dlopen error}, "available": [NAMES]}   the plugin's libraries load?
  {"app": PLATFORM, "cjk": [FAMILIES]}                                            a QGuiApplication started
Exit 0 when the application started, 3 when the plugin is missing or does not load; Qt's abort otherwise.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib.util
import json
import resource
import sys
from pathlib import Path


def plugin_dir() -> Path:
    """The wheel's plugin folder, found without importing PySide6 (only kiosk.ui.qt does that)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("PySide6 is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins"


def plugin_files(plugins: Path, name: str) -> list[Path]:
    """The files Qt loads for platform `name`: the platform plugin (libqNAME.so; Qt 6.8 names the plain Wayland one
    libqwayland-generic.so, later ones serve every wayland-* key from libqwayland.so), and for Wayland the EGL
    client buffer integration."""
    platforms = plugins / "platforms"
    base = name.split("-")[0]
    candidates = [f"libq{name}.so", f"libq{name}-generic.so", f"libq{base}.so"]
    found = next((platforms / c for c in candidates if (platforms / c).is_file()), None)
    if found is None:
        return []
    files = [found]
    if base == "wayland":
        files += sorted((plugins / "wayland-graphics-integration-client").glob("*wayland-egl*.so"))
    return files


def dlopen_errors(files: list[Path]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for f in files:
        try:
            ctypes.CDLL(str(f))
            out[f.name] = None
        except OSError as exc:
            out[f.name] = str(exc)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.ui.platform_probe")
    parser.add_argument("--platform", default="offscreen", help="Qt platform plugin to try (QT_QPA_PLATFORM)")
    args = parser.parse_args(argv)
    plugins = plugin_dir()
    files = plugin_files(plugins, args.platform)
    available = sorted(p.name[4:-3] for p in (plugins / "platforms").glob("libq*.so"))
    errors = dlopen_errors(files)
    print(json.dumps({"platform": args.platform, "plugins": errors, "available": available}), flush=True)
    if not files or any(errors.values()):
        return 3
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a platform that cannot start aborts: no core file for that
    from kiosk.ui.qt import QFontDatabase, QGuiApplication  # after the plugin line is out: loading Qt may fail

    app = QGuiApplication(["kiosk-platform-probe", "-platform", args.platform])
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    print(json.dumps({"app": app.platformName(), "cjk": list(families)}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
