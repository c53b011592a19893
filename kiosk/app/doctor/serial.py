"""Doctor checks of the serial devices: present, usable by the kiosk user, not held by ModemManager or brltty,
and the printer answering its status query."""

from __future__ import annotations

import grp
import os
import pwd
import stat
from dataclasses import dataclass
from pathlib import Path

from kiosk.app.doctor.base import Finding, Host, fail, info, ok, warn
from kiosk.devices.printer.driver import SerialPrinter

GRABBERS = {  # programs known to open USB-serial adapters behind kiosk's back, and how to stop them
    "ModemManager": 'the udev rules with ENV{ID_MM_DEVICE_IGNORE}="1" (install.sh writes them; '
    "`kiosk devices probe --udev`), or `systemctl disable --now ModemManager`",
    "brltty": "`systemctl mask --now brltty.service brltty-udev.service` (or `apt-get purge brltty`)",
}


@dataclass(frozen=True)
class Holder:
    pid: int
    comm: str
    argv: tuple[str, ...]

    @property
    def is_kiosk(self) -> bool:
        """`kiosk run` (the console script) or `python -m kiosk run`, not this doctor."""
        return any(Path(a).name == "kiosk" for a in self.argv[:3]) and "doctor" not in self.argv


def configured_ports(cfg) -> list[tuple[str, str]]:
    """(role, path) of every serial device the config uses."""
    out = []
    if cfg.evaluator.driver in ("keys", "frame"):
        out.append(("evaluator", cfg.evaluator.port))
    if cfg.scanner.driver == "serial":
        out.append(("scanner", cfg.scanner.port))
    if cfg.printer.driver == "escpos":
        out.append(("printer", cfg.printer.port))
    return out


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def _argv(path: Path) -> tuple[str, ...]:
    try:
        return tuple(a.decode("utf-8", "replace") for a in path.read_bytes().split(b"\0") if a)
    except OSError:
        return ()


def processes(host: Host) -> list[tuple[int, Path]]:
    out = []
    for entry in host.proc.iterdir():
        if entry.name.isdigit() and int(entry.name) != host.pid:
            out.append((int(entry.name), entry))
    return out


def holders(host: Host, device: str) -> tuple[list[Holder], bool]:
    """Processes (other than this one) with `device` open, from /proc/*/fd; and whether some were unreadable."""
    target = os.path.realpath(device)
    found, hidden = [], False
    for pid, entry in processes(host):
        try:
            fds = list((entry / "fd").iterdir())
        except PermissionError:
            hidden = True
            continue
        except OSError:  # gone meanwhile
            continue
        for fd in fds:
            try:
                link = os.readlink(fd)
            except OSError:
                continue
            if link == target:
                found.append(Holder(pid, _read(entry / "comm"), _argv(entry / "cmdline")))
                break
    return found, hidden


def running(host: Host, names: tuple[str, ...]) -> dict[str, int]:
    """{name: pid} of the programs among `names` that run now (by /proc/PID/comm)."""
    out: dict[str, int] = {}
    for pid, entry in processes(host):
        comm = _read(entry / "comm")
        if comm in names:
            out.setdefault(comm, pid)
    return out


def user_access(path: str, user: str) -> tuple[bool | None, str]:
    """Can `user` read and write `path`? (None: no such user.) Judged from owner, group and mode as the kernel
    does (ACLs, e.g. logind's uaccess, are not seen), or with access(2) when this process is that user."""
    try:
        pw = pwd.getpwnam(user)
    except KeyError:
        return None, f"there is no user {user!r}"
    st = os.stat(path)
    group = _group_name(st.st_gid)
    how = f"{_user_name(st.st_uid)}:{group} {stat.S_IMODE(st.st_mode):04o}"
    if os.geteuid() == pw.pw_uid:
        return os.access(path, os.R_OK | os.W_OK), how
    if pw.pw_uid == 0:
        return True, how
    mode = st.st_mode
    if st.st_uid == pw.pw_uid:
        return mode & 0o600 == 0o600, how
    if st.st_gid in os.getgrouplist(user, pw.pw_gid):
        return mode & 0o060 == 0o060, how
    return mode & 0o006 == 0o006, how


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def check_port(host: Host, role: str, path: str) -> tuple[Finding, list[Holder]]:
    name = f"serial.{role}"
    if not os.path.exists(path):
        return fail(
            name,
            f"the {role} port {path} does not exist",
            f"plug the {role} in and check its cable; `kiosk devices probe` lists the ports, "
            f"`kiosk devices probe --udev` writes the /dev/kiosk/{role} rule; or correct [{role}] port",
            port=path,
        ), []
    if not stat.S_ISCHR(os.stat(path).st_mode):
        return fail(name, f"{path} is not a serial device", f"set [{role}] port to the device's path", port=path), []
    allowed, how = user_access(path, host.user)
    group = _group_name(os.stat(path).st_gid)
    if allowed is False:
        fix = f"`usermod -aG {group} {host.user}`, then restart the kiosk"
        if group == "root":
            fix = f'a udev rule giving the port to group dialout (GROUP="dialout", MODE="0660"), and `usermod -aG dialout {host.user}`'
        return fail(name, f"user {host.user} cannot read and write {path} ({how})", fix, port=path), []
    found, hidden = holders(host, path)
    grabbers = [h for h in found if h.comm in GRABBERS]
    others = [h for h in found if h.comm not in GRABBERS and not h.is_kiosk]
    kiosk = [h for h in found if h.is_kiosk]
    detail = {"port": path, "real": os.path.realpath(path), "holders": [f"{h.comm}[{h.pid}]" for h in found]}
    if grabbers:
        h = grabbers[0]
        return fail(name, f"{h.comm} (pid {h.pid}) holds the {role} port {path}", GRABBERS[h.comm], **detail), found
    if others:
        h = others[0]
        return warn(
            name,
            f"{h.comm} (pid {h.pid}) also has the {role} port {path} open",
            f"stop it (`kill {h.pid}`): only kiosk may use the port",
            **detail,
        ), found
    note = ""
    if allowed is None:
        note = f" ({how}: access not judged)"
    if hidden:
        note += " (not every process was visible: run as root to see them all)"
    used = f"; in use by the running kiosk (pid {kiosk[0].pid})" if kiosk else ""
    level = info if allowed is None else ok
    return level(name, f"{path} ({how}) is there for user {host.user}{used}{note}", **detail), found


def udev_ignores_modems(host: Host) -> bool:
    for folder in host.udev_rules:
        for rule in sorted(folder.glob("*.rules")) if folder.is_dir() else ():
            if "ID_MM_DEVICE_IGNORE" in _read(rule):
                return True
    return False


def grabber_services(host: Host) -> list[Finding]:
    """ModemManager and brltty running now: ModemManager is harmless only behind udev's ignore flag."""
    out = []
    active = running(host, tuple(GRABBERS))
    if "ModemManager" in active:
        if udev_ignores_modems(host):
            out.append(
                info("serial.modemmanager", "ModemManager runs; the udev rules tell it to leave the ports alone")
            )
        else:
            out.append(
                warn(
                    "serial.modemmanager",
                    f"ModemManager runs (pid {active['ModemManager']}) and no udev rule sets ID_MM_DEVICE_IGNORE: "
                    "it probes every new serial port and can swallow a press",
                    GRABBERS["ModemManager"],
                )
            )
    if "brltty" in active:
        out.append(
            warn(
                "serial.brltty",
                f"brltty runs (pid {active['brltty']}): it claims USB-serial adapters (CH340, PL2303, CP210x)",
                GRABBERS["brltty"],
            )
        )
    return out


def printer(cfg, path: str, found: list[Holder]) -> Finding:
    """Ask the printer for its paper status (DLE EOT 4) unless another process has the port open."""
    if found:
        h = found[0]
        return info(
            "printer",
            f"not queried: {h.comm} (pid {h.pid}) has {path} open (the pad's status line shows the printer's state)",
        )
    if not cfg.printer.status_query:
        return info("printer", f"not queried: printer.status_query = false (receipts go to {path} unasked)")
    p = SerialPrinter(path, cfg.printer.baudrate, native_qr=cfg.printer.qr_mode == "native", status_timeout_s=1.0)
    p.start()
    try:
        status = p.check_status()
    finally:
        p.stop()
    if status == "ok":
        return ok("printer", f"the printer on {path} answers: ready", status=status)
    if status == "paper_out":
        return warn(
            "printer", f"the printer on {path} is out of paper", "load a paper roll and close the cover", status=status
        )
    if cfg.printer.print_when_unknown:
        return warn(
            "printer",
            f"the printer on {path} does not answer its status query (DLE EOT 4); receipts print anyway "
            "(printer.print_when_unknown = true), so paper-out goes unnoticed",
            "check its cable carries the printer's answers (RX), or set printer.status_query = false",
            status=status,
        )
    return fail(
        "printer",
        f"the printer on {path} does not answer its status query (DLE EOT 4)",
        f"check its power and cable, and that printer.baudrate ({cfg.printer.baudrate}) matches the printer "
        "(its self-test page shows the speed); a printer that never answers: printer.print_when_unknown = true",
        status=status,
    )


def serial_checks(cfg, host: Host) -> list[Finding]:
    ports = configured_ports(cfg)
    if not ports:
        return [info("serial", "no serial device configured (touch screen, simulator or keyboard-wedge scanner)")]
    out = []
    for role, path in ports:
        finding, found = check_port(host, role, path)
        out.append(finding)
        if role == "printer" and finding.level in ("ok", "info"):
            out.append(printer(cfg, path, found))
    return out + grabber_services(host)
