"""The installer's files on their own: shellcheck, the unit under systemd-analyze, the pins, the package list."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from importlib.metadata import distribution
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from .conftest import INSTALLER, ROOT

SCRIPTS = sorted(INSTALLER.glob("*.sh"))


def test_every_script_is_shellcheck_clean():
    assert shutil.which("shellcheck"), "shellcheck is missing: installer/setup.sh installs it"
    assert {p.name for p in SCRIPTS} >= {"install.sh", "bundle.sh", "setup.sh", "test.sh", "check-session.sh"}
    res = subprocess.run(["shellcheck", "--severity=style", *map(str, SCRIPTS)], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_scripts_are_strict_and_executable():
    for script in SCRIPTS:
        text = script.read_text(encoding="utf-8")
        assert text.startswith("#!/usr/bin/env bash\n"), script.name
        assert "set -euo pipefail" in text, script.name
        assert script.stat().st_mode & 0o111, f"{script.name} is not executable"


def unit_for_verify(tmp_path: Path) -> Path:
    """The unit with /opt/kiosk moved under tmp_path (its launcher must exist for verify to pass)."""
    for rel in ("bin/kiosk", "installer/stop-session.sh"):  # the launcher and the ExecStop script
        path = tmp_path / "opt/kiosk/current" / rel
        path.parent.mkdir(parents=True)
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
    unit = tmp_path / "kiosk.service"
    unit.write_text((INSTALLER / "systemd/kiosk.service").read_text().replace("/opt/kiosk/", f"{tmp_path}/opt/kiosk/"))
    return unit


def test_unit_passes_systemd_analyze_verify(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed here (package systemd)")
    assert Path("/usr/bin/cage").exists(), "cage is missing: installer/setup.sh installs it for this test"
    res = subprocess.run(["systemd-analyze", "verify", str(unit_for_verify(tmp_path))], capture_output=True, text=True)
    assert res.returncode == 0 and res.stderr == "", res.stderr


def test_unit_security_exposure_is_the_documented_one(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed here (package systemd)")
    res = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", "--no-pager", str(unit_for_verify(tmp_path))],
        capture_output=True, text=True,
    )  # fmt: skip
    score = re.search(r"Overall exposure level for kiosk.service: (\d+\.\d) (\w+)", res.stdout)
    assert score, res.stdout + res.stderr
    documented = (ROOT / "docs/appliance.md").read_text(encoding="utf-8")
    assert f"exposure level {score[1]} ({score[2]})" in documented


def test_unit_is_the_cage_session_with_watchdog_and_hardening():
    unit = (INSTALLER / "systemd/kiosk.service").read_text(encoding="utf-8")
    lines = {ln.strip() for ln in unit.splitlines() if ln and not ln.startswith("#")}
    for line in (
        "ExecStart=/usr/bin/cage -d -s -- /opt/kiosk/current/bin/kiosk run",
        "Type=notify", "NotifyAccess=all", "WatchdogSec=30", "Restart=always",
        "User=kiosk", "TTYPath=/dev/tty1", "Environment=QT_QPA_PLATFORM=wayland",
        "Environment=LIBSEAT_BACKEND=seatd", "Wants=seatd.service", "RuntimeDirectory=kiosk",
        "Environment=XDG_RUNTIME_DIR=/run/kiosk",
        "NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "ProtectHome=yes",
        "ReadWritePaths=/var/lib/kiosk /etc/kiosk", "Conflicts=getty@tty1.service", "WantedBy=graphical.target",
        "ExecStop=/opt/kiosk/current/installer/stop-session.sh $MAINPID",
    ):  # fmt: skip
        assert line in lines, line
    assert any(ln.startswith("StartLimitBurst=") for ln in lines)
    assert not any(ln.startswith(("PrivateDevices", "Alias=")) for ln in lines)


def test_unit_keeps_the_pad_in_its_cgroup_so_its_notifications_count():
    """The app (cage's child) sends READY=1 and WATCHDOG=1; systemd takes a notification only from a process
    in the unit's cgroup (NotifyAccess=all) or its main PID. A logind session (PAMName= with pam_systemd, as
    in cage's wiki) moves every process of the unit into a session scope: booted, the pad said READY=1 and
    systemd never took it, so the unit never started (installer/check-boot.sh). seatd hands cage the display
    instead, and cage's Wayland socket lives in the unit's own runtime dir (no /run/user without logind)."""
    unit = (INSTALLER / "systemd/kiosk.service").read_text(encoding="utf-8")
    settings = [ln.strip().split("=", 1) for ln in unit.splitlines() if "=" in ln and not ln.lstrip().startswith("#")]
    keys = {k for k, _ in settings}
    assert "PAMName" not in keys
    assert ["NotifyAccess", "all"] in settings
    assert ["Environment", "XDG_RUNTIME_DIR=/run/kiosk"] in settings and ["RuntimeDirectory", "kiosk"] in settings
    assert not (INSTALLER / "pam").exists()
    packages = (INSTALLER / "debian-packages.txt").read_text(encoding="utf-8")
    assert re.search(r"^seatd\s", packages, re.M)


def test_no_command_of_the_unit_hangs_up_the_running_session():
    """systemd applies TTYVHangup= and TTYVTDisallocate= to every command of a unit, ExecStop= included: booted,
    `systemctl stop kiosk` hung up tty1 under the running cage (SIGHUP) before stop-session.sh could stop the
    app, so the app never said STOPPING=1 nor closed in order (installer/check-boot.sh found it)."""
    unit = (INSTALLER / "systemd/kiosk.service").read_text(encoding="utf-8")
    settings = dict(
        ln.strip().split("=", 1) for ln in unit.splitlines() if "=" in ln and not ln.lstrip().startswith("#")
    )
    assert settings["ExecStop"].startswith("/opt/kiosk/current/installer/stop-session.sh")
    assert settings.get("TTYVHangup", "no") == "no" and settings.get("TTYVTDisallocate", "no") == "no"


def test_the_doctor_and_the_launcher_read_what_the_unit_sets():
    """kiosk doctor asks systemd about `Host.unit`, judges the Qt platform the unit sets, and reads the config
    and data the unit names when a technician's shell has none; install.sh's launcher defaults to the same."""
    from kiosk.app.doctor.base import Host
    from kiosk.app.doctor.host import DEFAULT_PLATFORM

    unit = (INSTALLER / "systemd/kiosk.service").read_text(encoding="utf-8")
    env = dict(
        ln.removeprefix("Environment=").split("=", 1) for ln in unit.splitlines() if ln.startswith("Environment=")
    )
    host = Host()
    assert f"{host.unit}.service" == "kiosk.service"
    assert "UNIT=$R/etc/systemd/system/kiosk.service" in (INSTALLER / "install.sh").read_text(encoding="utf-8")
    assert env["QT_QPA_PLATFORM"] == DEFAULT_PLATFORM == "wayland"
    assert env["KIOSK_CONFIG"] == str(host.etc_config) and env["KIOSK_DATA_DIR"] == str(host.var_data)
    install = (INSTALLER / "install.sh").read_text(encoding="utf-8")
    assert "CONFIG=$ETC/kiosk.toml" in install and "ETC=$R/etc/kiosk" in install and "DATA=$R/var/lib/kiosk" in install
    assert "User=kiosk" in unit.splitlines() and host.user == "kiosk"


def pins(arch: str) -> dict[str, str]:
    out = {}
    for name in ("common", arch):
        for line in (INSTALLER / f"requirements/{name}.txt").read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                pkg, _, version = line.partition("==")
                assert version, f"{name}.txt: {line!r} is not pinned with =="
                out[re.sub(r"[-_.]+", "-", pkg).lower()] = version
    return out


def closure() -> set[str]:
    """kiosk's runtime dependencies with the keyboard extra (the installer installs both), transitively, as
    installed here; kiosk's own list is read from pyproject (an editable install's metadata can be older)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    seen: set[str] = set()
    todo = [Requirement(r).name for r in [*project["dependencies"], *project["optional-dependencies"]["keyboard"]]]
    while todo:
        dist = distribution(todo.pop())
        name = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
        if name in seen:
            continue
        seen.add(name)
        for raw in dist.requires or []:
            req = Requirement(raw)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return seen


@pytest.mark.parametrize("arch", ["amd64", "arm64"])
def test_pins_are_the_whole_closure_and_satisfy_pyproject(arch):
    pinned = pins(arch)
    assert set(pinned) == closure()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for raw in [*project["dependencies"], *project["optional-dependencies"]["keyboard"]]:
        req = Requirement(raw)
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        assert req.specifier.contains(pinned[name], prereleases=False), f"{arch}: {name}=={pinned[name]} vs {raw}"


def test_arm64_pins_the_newest_qt_for_bookworm_and_amd64_the_tested_one():
    amd64, arm64 = pins("amd64"), pins("arm64")
    assert amd64["pyside6-essentials"] == amd64["pyside6-addons"] == amd64["shiboken6"] == "6.11.3"
    assert arm64["pyside6-essentials"] == arm64["pyside6-addons"] == arm64["shiboken6"] == "6.8.0.2"
    qt = ("pyside6-essentials", "pyside6-addons", "shiboken6")
    assert {k: v for k, v in amd64.items() if k not in qt} == {k: v for k, v in arm64.items() if k not in qt}
    assert distribution("pyside6-essentials").version == amd64["pyside6-essentials"]  # what this suite runs
    assert distribution("pyside6-addons").version == amd64["pyside6-addons"]


def test_debian_packages_are_the_appliance_and_no_desktop():
    text = (INSTALLER / "debian-packages.txt").read_text(encoding="utf-8")
    names = " ".join(line.split("#")[0] for line in text.splitlines()).split()
    assert len(names) == len(set(names))
    for needed in ("cage", "xwayland", "libwayland-cursor0", "libwayland-egl1", "fonts-wqy-microhei", "espeak-ng",
                   "alsa-utils", "python3.11", "python3.11-venv", "grim", "seatd"):  # fmt: skip
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("xserver-xorg", "xorg", "task-", "lightdm", "gdm"))]
    for script in ("install.sh", "bundle.sh"):  # the one list, read by both
        assert "debian-packages.txt" in (INSTALLER / script).read_text(encoding="utf-8")


def test_browser_and_zbar_are_test_packages_never_the_appliances():
    appliance = (INSTALLER / "debian-packages.txt").read_text(encoding="utf-8")
    names = " ".join(line.split("#")[0] for line in appliance.splitlines()).split()
    setup = (INSTALLER / "setup.sh").read_text(encoding="utf-8")
    for test_only in ("chromium", "chromium-driver", "libzbar0"):
        assert test_only not in names, test_only
        assert re.search(rf"^\s+[^#\n]*\b{re.escape(test_only)}\b", setup, re.M), test_only


def test_every_install_has_the_on_screen_keyboard():
    """setup.sh installs the keyboard extra; bundles (and so install.sh) carry every pin, pyside6-addons too."""
    assert '-e ".[keyboard,test]"' in (INSTALLER / "setup.sh").read_text(encoding="utf-8")
    for arch in ("amd64", "arm64"):
        assert pins(arch)["pyside6-addons"] == pins(arch)["pyside6-essentials"]
    bundle = (INSTALLER / "bundle.sh").read_text(encoding="utf-8")
    assert '"$here/requirements/common.txt" "$here/requirements/$arch.txt"' in bundle
