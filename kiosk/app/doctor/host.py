"""Doctor checks of the machine: CJK font, the Qt platform plugin, the on-screen keyboard, clock synchronisation,
the systemd unit."""

from __future__ import annotations

import json
import re

from kiosk.app.doctor.base import Finding, Host, Ran, fail, info, last_lines, ok, warn

# the libraries Qt's platform plugins need, by file name, and the Debian 12 package that ships each
DEBIAN_LIBS = {
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdrm.so.2": "libdrm2",
    "libgbm.so.1": "libgbm1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
}
DISPLAY_VARS = {"wayland": "WAYLAND_DISPLAY", "xcb": "DISPLAY"}  # platforms that connect to a display server
DEFAULT_PLATFORM = "wayland"  # what install.sh's unit sets (QT_QPA_PLATFORM=wayland, inside cage)
CJK_PACKAGE = "fonts-wqy-microhei"


def missing_library(error: str) -> str | None:
    m = re.search(r"([\w.+-]+\.so[.\d]*): cannot open shared object file", error)
    return m.group(1) if m else None


def apt_fix(libs: list[str]) -> str:
    packages = [DEBIAN_LIBS.get(lib) for lib in libs]
    if all(packages):
        return f"apt-get install {' '.join(dict.fromkeys(p for p in packages if p))}"
    return f"install the Debian packages that ship {', '.join(libs)} (`apt-file search {libs[0]}`)"


def unit_properties(host: Host, *props: str) -> dict[str, str] | None:
    """`systemctl show UNIT -p ...` as a dict; None when systemd does not run this machine."""
    if not host.under_systemd:
        return None
    ran = host.run(["systemctl", "show", host.unit, *(a for p in props for a in ("-p", p))])
    if ran is None or ran.rc != 0:
        return None
    return dict(line.split("=", 1) for line in ran.out.splitlines() if "=" in line)


def configured_platform(host: Host) -> tuple[str, str]:
    """(platform, where it came from): QT_QPA_PLATFORM here, else the unit's, else the appliance's."""
    if host.env.get("QT_QPA_PLATFORM"):
        return host.env["QT_QPA_PLATFORM"], "QT_QPA_PLATFORM"
    props = unit_properties(host, "Environment") or {}
    m = re.search(r"(?:^|\s)QT_QPA_PLATFORM=(\S+)", props.get("Environment", ""))
    if m:
        return m.group(1), f"{host.unit}.service"
    return DEFAULT_PLATFORM, "the appliance's default"


def platform_probe(host: Host, platform: str) -> tuple[list[dict], Ran]:
    ran = host.run([host.python, "-m", "kiosk.ui.platform_probe", "--platform", platform])
    if ran is None:
        ran = Ran(127, "", f"{host.python} not found")
    steps = []
    for line in ran.out.splitlines():
        try:
            steps.append(json.loads(line))
        except ValueError:
            continue
    return steps, ran


def qt_platform(host: Host) -> tuple[Finding, list[str] | None]:
    """The platform plugin loads and (where this shell can reach a display) starts. Also returns the families
    Qt found for Simplified Chinese when it started (None otherwise)."""
    platform, source = configured_platform(host)
    steps, ran = platform_probe(host, platform)
    detail = {"platform": platform, "from": source}
    if ran.rc is None:
        return fail(
            "qt.platform",
            f"the Qt probe for {platform!r} hung",
            f"report it: run the probe by hand: `{host.python} -m kiosk.ui.platform_probe --platform {platform}`",
            **detail,
        ), None
    if not steps:
        return fail(
            "qt.platform",
            f"Qt could not be loaded: {last_lines(ran.err)}",
            "reinstall the release (`install.sh --bundle FILE`)",
            **detail,
        ), None
    plugins = steps[0].get("plugins") or {}
    if not plugins:
        available = ", ".join(steps[0].get("available") or [])
        return fail(
            "qt.platform",
            f"Qt has no platform plugin {platform!r} ({source}); available: {available}",
            "set QT_QPA_PLATFORM=wayland (the unit runs kiosk inside cage)",
            **detail,
        ), None
    broken = {f: e for f, e in plugins.items() if e}
    if broken:
        libs = [lib for e in broken.values() if (lib := missing_library(e))]
        what = "; ".join(f"{f}: {e}" for f, e in broken.items())
        fix = apt_fix(libs) if libs else "reinstall the release (`install.sh --bundle FILE`)"
        return fail(
            "qt.platform", f"the Qt {platform!r} plugin does not load: {what}", fix, missing=libs, **detail
        ), None
    if len(steps) > 1 and ran.rc == 0:
        return ok("qt.platform", f"Qt starts on {platform!r} ({source})", **detail), list(steps[1].get("cjk") or [])
    var = DISPLAY_VARS.get(platform.split("-")[0])
    if var and not host.env.get(var):
        return ok(
            "qt.platform",
            f"the Qt {platform!r} plugin and its libraries load ({source}); no {var} in this "
            "shell to start on (the unit starts kiosk inside cage)",
            **detail,
        ), None
    return fail(
        "qt.platform",
        f"Qt does not start on {platform!r}: {last_lines(ran.err)}",
        f"check the display server for {platform!r} (`journalctl -u {host.unit} -b`)",
        **detail,
    ), None


def keyboard(host: Host) -> Finding:
    """The on-screen keyboard (Qt Virtual Keyboard: its library is in pyside6-addons) is installed and loads, asked
    of the release's Python in a child process (kiosk/ui/keyboard_probe.py)."""
    argv = [host.python, "-m", "kiosk.ui.keyboard_probe"]
    if host.qt_dir is not None:
        argv += ["--qt-dir", str(host.qt_dir)]
    ran = host.run(argv)
    found: dict = {}
    if ran is not None and ran.out.strip():
        try:
            found = json.loads(ran.out.strip().splitlines()[-1])
        except ValueError:
            found = {}
    fix = "reinstall the release (`install.sh --bundle FILE`: it installs pyside6-addons, the same version as pyside6-essentials)"
    without = "citizens can enter text by the common phrases only (填写意见 has no keyboard)"
    if not found:
        err = last_lines(ran.err) if ran is not None else f"{host.python} not found"
        return warn("ui.keyboard", f"the keyboard probe did not answer: {err}; {without}", fix)
    if found.get("missing"):
        return warn("ui.keyboard", f"no on-screen keyboard: {found['missing']}; {without}", fix, **found)
    if found.get("loads"):
        return warn(
            "ui.keyboard", f"the on-screen keyboard's library does not load: {found['loads']}; {without}", fix, **found
        )
    return ok("ui.keyboard", "on-screen keyboard installed (Qt Virtual Keyboard: 中文 Pinyin, English)", **found)


def cjk_font(host: Host, qt_families: list[str] | None) -> Finding:
    fix = f"apt-get install {CJK_PACKAGE} (without it every Chinese character shows as a box)"
    ran = host.run(["fc-list", ":lang=zh", "family"])
    if ran is not None and ran.rc == 0:
        families = sorted({line.split(",")[0].strip() for line in ran.out.splitlines() if line.strip()})
        if families:
            return ok("font.cjk", f"fonts with Chinese glyphs: {', '.join(families[:3])}", families=families)
        return fail("font.cjk", "fontconfig knows no font with Chinese glyphs", fix)
    if qt_families is None:
        qt_families = _offscreen_families(host)
    if qt_families is None:
        return warn(
            "font.cjk", "cannot tell: neither fc-list nor Qt answered", f"apt-get install fontconfig {CJK_PACKAGE}"
        )
    if qt_families:
        return ok("font.cjk", f"Qt finds fonts with Chinese glyphs: {', '.join(qt_families[:3])}", families=qt_families)
    return fail("font.cjk", "Qt finds no font with Chinese glyphs", fix)


def _offscreen_families(host: Host) -> list[str] | None:
    steps, ran = platform_probe(host, "offscreen")
    return list(steps[1].get("cjk") or []) if ran.rc == 0 and len(steps) > 1 else None


def clock_sync(host: Host) -> Finding:
    ran = host.run(["timedatectl", "show", "-p", "NTP", "-p", "NTPSynchronized"])
    if ran is None:
        return info("clock.ntp", "timedatectl is not installed: clock synchronisation not checked")
    if ran.rc != 0:
        return info("clock.ntp", f"timedatectl did not answer ({last_lines(ran.err, 1) or ran.rc}): not checked")
    props = dict(line.split("=", 1) for line in ran.out.splitlines() if "=" in line)
    if props.get("NTPSynchronized") == "yes":
        return ok("clock.ntp", "the system clock is NTP-synchronised")
    fix = "point /etc/systemd/timesyncd.conf at the hall's NTP server (NTP=...), then `timedatectl set-ntp true`"
    if props.get("NTP") == "no":
        fix = "`timedatectl set-ntp true` (with NTP=... in /etc/systemd/timesyncd.conf for the hall's NTP server)"
    return warn(
        "clock.ntp",
        "the system clock is not NTP-synchronised: every rating carries this clock's time",
        fix,
        ntp=props.get("NTP", ""),
    )


def _usec(value: str) -> float:
    """systemd's WatchdogUSec as seconds: "30s", "1min 30s", "30000000" or "0"/"infinity" (= off, 0)."""
    value = value.strip()
    if not value or value in ("0", "infinity"):
        return 0.0
    if value.isdigit():
        return int(value) / 1e6
    units = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0, "h": 3600.0}
    total = 0.0
    for num, unit in re.findall(r"([\d.]+)\s*(us|ms|min|s|h)", value):
        total += float(num) * units[unit]
    return total


def unit(host: Host) -> list[Finding]:
    if not host.under_systemd:
        return [info("unit", f"not under systemd (no {host.systemd_dir}): the unit and its watchdog are not checked")]
    props = unit_properties(host, "LoadState", "ActiveState", "SubState", "WatchdogUSec", "NRestarts")
    if props is None:
        return [info("unit", "systemctl did not answer: the unit is not checked")]
    name = f"{host.unit}.service"
    if props.get("LoadState") != "loaded":
        return [
            warn(
                "unit",
                f"{name} is not installed ({props.get('LoadState', '?')})",
                "run installer/install.sh (it installs and enables the unit)",
            )
        ]
    out = []
    state, sub = props.get("ActiveState", ""), props.get("SubState", "")
    if state == "active":
        out.append(ok("unit", f"{name} is active ({sub})"))
    else:
        out.append(
            fail(
                "unit",
                f"{name} is {state} ({sub})",
                f"`journalctl -u {host.unit} -b` shows why; then `systemctl restart {host.unit}`",
            )
        )
    seconds = _usec(props.get("WatchdogUSec", ""))
    if seconds:
        out.append(
            ok("unit.watchdog", f"watchdog on: restarted when the pad is silent for {seconds:g} s", watchdog_s=seconds)
        )
    else:
        out.append(
            warn(
                "unit.watchdog",
                f"{name} has no watchdog: a frozen pad is never restarted",
                "WatchdogSec=30 with Type=notify and NotifyAccess=all in the unit (install.sh installs it)",
            )
        )
    restarts = int(props.get("NRestarts", "0") or 0)
    if restarts:
        out.append(
            warn(
                "unit.restarts",
                f"{name} was restarted {restarts} time(s) by systemd (a crash or a freeze)",
                f"`journalctl -u {host.unit} -b` for the reason",
                restarts=restarts,
            )
        )
    return out
