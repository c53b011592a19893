"""Doctor: Qt's platform plugin (a real probe process), the CJK font, clock synchronisation and the unit, with
stand-in systemctl / timedatectl / fc-list where this machine has no systemd."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from kiosk.app.doctor.host import (
    _usec,
    apt_fix,
    cjk_font,
    clock_sync,
    configured_platform,
    keyboard,
    missing_library,
    qt_platform,
    unit,
)
from kiosk.ui import platform_probe


def by_check(findings):
    return {f.check: f for f in findings}


def test_offscreen_starts_and_lists_the_cjk_fonts(machine):
    machine.host.env["QT_QPA_PLATFORM"] = "offscreen"
    finding, families = qt_platform(machine.host)
    assert finding.level == "ok", finding
    assert "starts on 'offscreen'" in finding.message and finding.detail["from"] == "QT_QPA_PLATFORM"
    assert families  # setup.sh installs fonts-wqy-microhei


def test_a_platform_qt_does_not_have(machine):
    machine.host.env["QT_QPA_PLATFORM"] = "nosuch"
    finding, families = qt_platform(machine.host)
    assert finding.level == "fail" and families is None
    assert "no platform plugin 'nosuch'" in finding.message and "offscreen" in finding.message
    assert "QT_QPA_PLATFORM=wayland" in finding.fix


def test_a_display_platform_without_a_display_in_this_shell(machine):
    env = machine.host.env
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("WAYLAND_DISPLAY", None)
    finding, _ = qt_platform(machine.host)  # no variable, no unit: the appliance's wayland
    assert finding.level == "ok", finding
    assert finding.detail == {"platform": "wayland", "from": "the appliance's default"}
    assert "libraries load" in finding.message and "no WAYLAND_DISPLAY" in finding.message


def test_a_display_that_does_not_answer_fails(machine):
    machine.host.env.update(QT_QPA_PLATFORM="xcb", DISPLAY=":97")  # no X server there
    finding, _ = qt_platform(machine.host)
    assert finding.level == "fail" and "does not start on 'xcb'" in finding.message


def test_the_platform_named_in_the_unit(machine):
    machine.host.env.pop("QT_QPA_PLATFORM", None)
    machine.systemd()
    machine.command(
        "systemctl",
        'echo "Environment=KIOSK_CONFIG=/etc/kiosk/kiosk.toml QT_QPA_PLATFORM=wayland-egl KIOSK_DATA_DIR=/var/lib/kiosk"',
    )
    assert configured_platform(machine.host) == ("wayland-egl", "kiosk.service")


def test_a_plugin_whose_library_is_missing(machine):
    """The probe's verdict (the line it prints when dlopen fails) becomes the apt-get line that fixes it."""
    line = {
        "platform": "wayland",
        "plugins": {
            "libqwayland.so": "libwayland-cursor.so.0: cannot open shared object file: No such file or directory",
            "libqt-plugin-wayland-egl.so": "libwayland-egl.so.1: cannot open shared object file: No such file",
        },
        "available": ["offscreen", "wayland"],
    }
    fake = machine.command("fake-python", f"echo '{json.dumps(line)}'; exit 3")
    machine.host.python = str(fake)
    machine.host.env["QT_QPA_PLATFORM"] = "wayland"
    finding, _ = qt_platform(machine.host)
    assert finding.level == "fail"
    assert finding.fix == "apt-get install libwayland-cursor0 libwayland-egl1"
    assert finding.detail["missing"] == ["libwayland-cursor.so.0", "libwayland-egl.so.1"]


@pytest.mark.skipif(shutil.which("cc") is None, reason="needs a C compiler to build a plugin with a missing library")
def test_dlopen_names_the_missing_library(tmp_path):
    """A real shared object linked to a library that is then removed: the probe's dlopen reports that library."""
    (tmp_path / "dep.c").write_text("int dep(void) { return 1; }\n")
    (tmp_path / "plug.c").write_text("int dep(void); int plug(void) { return dep(); }\n")
    cc = ["cc", "-shared", "-fPIC"]
    subprocess.run([*cc, "-o", tmp_path / "libkioskdep.so.0", tmp_path / "dep.c"], check=True)
    subprocess.run(
        [*cc, "-o", tmp_path / "libqplug.so", tmp_path / "plug.c", "-L", tmp_path, "-l:libkioskdep.so.0"], check=True
    )
    (tmp_path / "libkioskdep.so.0").unlink()
    errors = platform_probe.dlopen_errors([tmp_path / "libqplug.so"])
    assert missing_library(errors["libqplug.so"]) == "libkioskdep.so.0"


def test_the_wayland_plugin_files_of_this_qt():
    files = platform_probe.plugin_files(platform_probe.plugin_dir(), "wayland")
    assert files and files[0].parent.name == "platforms" and files[0].name.startswith("libqwayland")
    assert any("wayland-egl" in f.name for f in files)
    assert platform_probe.plugin_files(platform_probe.plugin_dir(), "nosuch") == []


def test_apt_fix_for_an_unknown_library():
    assert "apt-file search libfoo.so.1" in apt_fix(["libfoo.so.1"])


def test_the_cjk_font_from_fontconfig(machine):
    f = cjk_font(machine.host, None)
    assert f.level == "ok" and f.detail["families"]


def test_no_cjk_font(machine):
    machine.command("fc-list", "exit 0")  # fontconfig knows no font with Chinese glyphs
    f = cjk_font(machine.host, None)
    assert f.level == "fail" and "fonts-wqy-microhei" in f.fix


def test_without_fc_list_qt_is_asked(machine):
    machine.host.env["PATH"] = str(machine.bin)  # no fc-list anywhere
    assert cjk_font(machine.host, ["WenQuanYi Micro Hei"]).level == "ok"
    assert cjk_font(machine.host, []).level == "fail"
    assert cjk_font(machine.host, None).level == "ok"  # asks Qt offscreen itself (its interpreter is absolute)


@pytest.mark.parametrize(
    ("output", "rc", "level", "fix"),
    [
        ("NTP=yes\nNTPSynchronized=yes", 0, "ok", ""),
        ("NTP=yes\nNTPSynchronized=no", 0, "warn", "timesyncd.conf"),
        ("NTP=no\nNTPSynchronized=no", 0, "warn", "timedatectl set-ntp true"),
        ("", 1, "info", ""),
    ],
)
def test_clock_synchronisation(machine, output, rc, level, fix):
    machine.command("timedatectl", f"printf '{output}\\n'; exit {rc}")
    f = clock_sync(machine.host)
    assert f.level == level and fix in f.fix


def test_no_timedatectl(machine):
    machine.host.env["PATH"] = str(machine.bin)
    assert clock_sync(machine.host).level == "info"


def test_not_under_systemd(machine):
    assert [(f.check, f.level) for f in unit(machine.host)] == [("unit", "info")]


def systemctl(machine, **props):
    values = {"LoadState": "loaded", "ActiveState": "active", "SubState": "running", "WatchdogUSec": "30s"}
    values.update(props)
    text = "\\n".join(f"{k}={v}" for k, v in values.items())
    machine.systemd()
    machine.command("systemctl", f'[ "$1" = show ] && [ "$2" = kiosk ] || exit 1\nprintf "{text}\\n"')


def test_the_unit_active_with_its_watchdog(machine):
    systemctl(machine, NRestarts=0)
    found = by_check(unit(machine.host))
    assert found["unit"].level == "ok" and found["unit.watchdog"].level == "ok"
    assert found["unit.watchdog"].detail["watchdog_s"] == 30
    assert "unit.restarts" not in found


def test_a_failed_unit_without_a_watchdog_restarted_twice(machine):
    systemctl(machine, ActiveState="failed", SubState="failed", WatchdogUSec="0", NRestarts=2)
    found = by_check(unit(machine.host))
    assert found["unit"].level == "fail" and "journalctl -u kiosk" in found["unit"].fix
    assert found["unit.watchdog"].level == "warn" and "WatchdogSec=30" in found["unit.watchdog"].fix
    assert found["unit.restarts"].level == "warn" and found["unit.restarts"].detail["restarts"] == 2


def test_no_unit_installed(machine):
    systemctl(machine, LoadState="not-found", ActiveState="inactive")
    [f] = unit(machine.host)
    assert f.level == "warn" and "install.sh" in f.fix


@pytest.mark.parametrize(
    ("value", "seconds"), [("30s", 30), ("1min 30s", 90), ("30000000", 30), ("0", 0), ("infinity", 0), ("500ms", 0.5)]
)
def test_watchdog_usec_formats(value, seconds):
    assert _usec(value) == seconds


def test_probe_module_runs_as_a_program():
    res = subprocess.run(
        [sys.executable, "-m", "kiosk.ui.platform_probe", "--platform", "offscreen"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    first, second = (json.loads(line) for line in res.stdout.splitlines())
    assert res.returncode == 0 and first["plugins"] == {"libqoffscreen.so": None} and second["app"] == "offscreen"


def test_the_on_screen_keyboard_is_installed(machine):
    finding = keyboard(machine.host)  # a real probe process of this venv, which has pyside6-addons
    assert finding.level == "ok", finding
    assert finding.detail["missing"] is None and finding.detail["library"].endswith("libQt6VirtualKeyboard.so.6")


def test_without_pyside6_addons_the_doctor_says_text_is_by_phrases_only(machine, tmp_path):
    machine.host.qt_dir = tmp_path / "Qt"  # a PySide6 without the addons wheel's library
    finding = keyboard(machine.host)
    assert finding.level == "warn"
    assert "libQt6VirtualKeyboard.so.6 is not installed (pyside6-addons is missing" in finding.message
    assert "common phrases only" in finding.message and "pyside6-addons" in finding.fix
