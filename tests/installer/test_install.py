"""install.sh into a scratch root (--root), then upgrades and forced rollbacks between built releases.

One root goes through a hall's life, stage by stage (each test builds on the one before; pytest runs them
in file order and each stage is a cached fixture): a first install checked file by file and run from there,
ratings taken by 0.1.0; an upgrade to 0.2.0 (an additive migration); an upgrade to 0.3.0 that migrates
additively, takes ratings and then fails to come up -> rolled back keeping the same database; an upgrade to
0.4.0 whose migration is breaking, which takes ratings and fails -> the backup is restored with every row
carried over; then uninstall and purge. After every step each rating is there exactly once.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import sqlite3
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import INSTALLER, build_bundle, install, release_tree, run

pytestmark = pytest.mark.slow  # about two minutes: four bundles, four venvs with Qt

TAKE = """
import sys
from kiosk import config
from kiosk.core.model import Case, Evaluation
from kiosk.store.db import Store
cfg = config.load()
with Store(config.store_path(cfg)) as s:
    for i in range(int(sys.argv[2])):
        s.upsert_case(Case(projectNo=f"{sys.argv[1]}{i}", taskName="食品经营许可"))
        s.add_evaluation(Evaluation(projectNo=f"{sys.argv[1]}{i}", satisfaction=1 + i % 5,
            assessTime="2026-11-23 10:00:00", assessTimeUtc="2026-11-23T02:00:00.000Z"), draft=False)
"""

SCHEMA = "kiosk/store/schema.py"
# the releases below add migrations after this tree's: read its lists and count from its schema version
_SCHEMA_TEXT = (Path(__file__).resolve().parents[2] / "kiosk/store/schema.py").read_text(encoding="utf-8")
LIST = next(line for line in _SCHEMA_TEXT.splitlines() if line.startswith("MIGRATIONS: list["))
FLOORS = next(line for line in _SCHEMA_TEXT.splitlines() if line.startswith("READABLE_FROM: list[int] = ["))
BASE = LIST.split("= [", 1)[1].count(",") + 1  # this tree's SCHEMA_VERSION


def _more(text: str, extra: str) -> str:
    """`text` (LIST or FLOORS) with `extra` appended inside its closing bracket."""
    return f"{text[:-1]}, {extra}]"


# the future releases' migrations, named apart from this tree's _v1, _v2, …
V5 = """def _next1(db):
    db["evaluations"].add_column("channel", str, not_null_default="pad")  # additive


"""
V6 = """def _next2(db):
    db["receipts"].create({"id": str, "body": str}, pk="id")  # additive


"""
V7 = """def _next3(db):
    db["evaluations"].add_column("level_v2", int)  # says: older programs must not write here


"""


def failing(prefix: str) -> tuple[str, str]:
    """`kiosk run` of a release that migrates the live file, takes two ratings, then dies before its first frame."""
    old = "    cfg = _load(args)\n    return 2 if cfg is None else _run(cfg, args, demo=False, started=started)"
    new = (
        "    cfg = _load(args)\n"
        "    from kiosk.core.model import Case, Evaluation\n"
        "    from kiosk.store.db import Store\n\n"
        "    with Store(config.store_path(cfg)) as s:\n"
        "        for i in range(2):\n"
        f"            s.upsert_case(Case(projectNo=f'{prefix}{{i}}'))\n"
        f"            s.add_evaluation(Evaluation(projectNo=f'{prefix}{{i}}', satisfaction=1,"
        " assessTime='2026-11-23 11:00:00', assessTimeUtc='2026-11-23T03:00:00.000Z'), draft=False)\n"
        "    return 1"
    )
    return old, new


RELEASES = {
    "0.1.0": {},
    "0.2.0": {SCHEMA: [(LIST, V5 + _more(LIST, "_next1")), (FLOORS, _more(FLOORS, "1"))]},
    "0.3.0": {
        SCHEMA: [
            (LIST, V5 + V6 + _more(LIST, "_next1, _next2")),
            (FLOORS, _more(FLOORS, "1, 1")),
        ],
        "kiosk/cli/run.py": [failing("NEW3-")],
    },
    "0.4.0": {
        SCHEMA: [
            (LIST, V5 + V6 + V7 + _more(LIST, "_next1, _next2, _next3")),
            (FLOORS, _more(FLOORS, f"1, 1, {BASE + 3}")),  # its own version: older programs must not write
        ],
        "kiosk/cli/run.py": [failing("NEW4-")],
    },
}


@pytest.fixture(scope="module")
def bundles(tmp_path_factory, bundle_dir, bundle_010) -> dict[str, Path]:
    out = {"0.1.0": bundle_010}
    for version, patches in RELEASES.items():
        if version != "0.1.0":
            tree = release_tree(tmp_path_factory.mktemp(f"tree-{version}"), version, patches)
            out[version] = build_bundle(tree, bundle_dir)
    return out


class Hall:
    def __init__(self, root: Path):
        self.root = root
        self.opt = root / "opt/kiosk"
        self.db = root / "var/lib/kiosk/kiosk.db"
        self.taken: list[str] = []

    @property
    def current(self) -> str:
        return (self.opt / "current").readlink().as_posix()

    def kiosk(self, *args, check=True):
        return run([self.opt / "current/bin/kiosk", *args], check=check, env={"QT_QPA_PLATFORM": "offscreen"})

    def take(self, prefix: str, n: int) -> None:
        env = {"KIOSK_CONFIG": str(self.root / "etc/kiosk/kiosk.toml"), "KIOSK_DATA_DIR": str(self.db.parent)}
        run([self.opt / "current/venv/bin/python", "-c", TAKE, prefix, str(n)], env=env)
        self.taken += [f"{prefix}{i}" for i in range(n)]

    def ratings(self, path: Path | None = None) -> list[str]:
        conn = sqlite3.connect(path or self.db)
        try:
            return sorted(r[0] for r in conn.execute("SELECT projectNo FROM evaluations"))
        finally:
            conn.close()

    def schema_version(self) -> int:
        conn = sqlite3.connect(self.db)
        try:
            return conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()

    def releases(self) -> list[str]:
        return sorted(p.name for p in (self.opt / "releases").iterdir())


@pytest.fixture(scope="module")
def hall(bundles) -> Iterator[Hall]:
    # not under pytest's 0700 tmp dirs: check-session.sh runs the release as an unprivileged user
    root = Path(tempfile.mkdtemp(prefix="kiosk-hall-", dir="/var/tmp"))
    root.chmod(0o755)
    try:
        yield _new_hall(root, bundles)
    finally:
        shutil.rmtree(root, ignore_errors=True)
        root.with_suffix(".toml").unlink(missing_ok=True)  # the prepared config


def _new_hall(root: Path, bundles) -> Hall:
    # a machine with brltty: its rules claim CH340s; its udev unit is there, brltty.service is not
    (root / "usr/lib/udev/rules.d").mkdir(parents=True)
    (root / "usr/lib/udev/rules.d/85-brltty.rules").write_text(
        'ENV{PRODUCT}=="1a86/7523/*", ENV{BRLTTY_BRAILLE_DRIVER}="bm", GOTO="brltty_usb_run"\n'
    )
    (root / "usr/lib/udev/rules.d/60-serial.rules").write_text("# not brltty\n")
    (root / "usr/lib/systemd/system").mkdir(parents=True)
    (root / "usr/lib/systemd/system/brltty-udev.service").write_text("[Service]\nExecStart=/bin/true\n")
    hall = Hall(root)
    hall.first = install(root, "--bundle", bundles["0.1.0"], "--config", _preset(root.with_suffix(".toml")))
    return hall


def _preset(path: Path) -> Path:
    """A hall's prepared config (install.sh --config): the documented default, full screen, its own QR key."""
    from kiosk import config

    text = config.render_default()
    assert "\nfullscreen = false\n" in text and '\nsecret = "change-me"\n' in text
    text = text.replace("\nfullscreen = false\n", "\nfullscreen = true\n")
    path.write_text(text.replace('\nsecret = "change-me"\n', f'\nsecret = "{secrets.token_hex(32)}"\n'))
    return path


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_first_install_lays_every_file(hall):
    r = hall.root
    assert hall.current == "releases/0.1.0"
    rel = hall.opt / "releases/0.1.0"
    assert (rel / "venv/bin/python").resolve().name.startswith("python3.11")
    assert (rel / "MANIFEST").read_text().splitlines()[:3] == ["name=kiosk", "version=0.1.0", "arch=amd64"]
    assert (rel / "installer/install.sh").is_file() and (rel / "docs/appliance.md").is_file()
    launcher = (hall.opt / "current/bin/kiosk").read_text()
    assert f': "${{KIOSK_CONFIG:={r}/etc/kiosk/kiosk.toml}}"' in launcher
    assert f'exec "{rel}/venv/bin/kiosk" "$@"' in launcher
    config = r / "etc/kiosk/kiosk.toml"
    assert mode(config) == "0o640" and mode(r / "etc/kiosk") == "0o2770"  # the pad writes its config there
    assert mode(r / "var/lib/kiosk") == "0o750" and (r / "var/lib/kiosk/backups").is_dir()
    assert (r / "etc/systemd/system/kiosk.service").read_bytes() == (
        Path(__file__).parents[2] / "installer/systemd/kiosk.service"
    ).read_bytes()
    assert (r / "etc/udev/rules.d/70-kiosk-modemmanager.rules").is_file()
    assert not (r / "etc/pam.d/kiosk").exists()  # no PAM session: logind would take the pad out of the unit
    assert (r / "etc/udev/rules.d/85-brltty.rules").readlink() == Path("/dev/null")
    assert (r / "etc/systemd/system/brltty-udev.service").readlink() == Path("/dev/null")
    assert not (r / "etc/systemd/system/brltty.service").exists()  # not installed, not masked
    assert not (r / "etc/udev/rules.d/60-serial.rules").exists()
    out = hall.first.stdout
    assert "--root: Debian packages not installed" in out
    assert f"installed the config {r.with_suffix('.toml')} as {config}" in out
    assert "--root: no systemd, so instead of waiting for READY=1" in out
    assert "kiosk 0.1.0 installed" in out


def test_the_installed_release_runs_from_the_root(hall):
    config = hall.root / "etc/kiosk/kiosk.toml"
    text = config.read_text()
    assert "fullscreen = true" in text and "fullscreen = false" not in text
    assert 'secret = "change-me"' not in text  # the hall's own QR key: `kiosk run` refuses the shipped one
    assert hall.kiosk("config", "validate").stdout.startswith(f"{config}: ok")
    selftest = hall.kiosk("selftest").stdout
    assert "kiosk selftest: ok" in selftest and "first frame rendered offscreen" in selftest


def test_the_session_runs_in_headless_cage_as_an_unprivileged_user(hall, tmp_path):
    missing = [tool for tool in ("cage", "grim", "runuser") if shutil.which(tool) is None]
    if missing or os.geteuid() != 0:
        pytest.skip(f"needs root and {', '.join(missing) or 'cage, grim'} (installer/setup.sh installs them)")
    shot = tmp_path / "session.png"
    res = run([INSTALLER / "check-session.sh", "--root", hall.root, "--user", "nobody", "--out", shot], timeout=180)
    assert "(first frame, Qt platform wayland)" in res.stdout, res.stdout + res.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000  # not a blank screen


def test_the_unit_stops_the_pad_before_cage(hall):
    """ExecStop (stop-session.sh $MAINPID) ends the app first: it says STOPPING=1 and closes in order, then cage
    exits by itself. (SIGTERM to cage as well, as systemd would send, drops the app's display under it.)"""
    if shutil.which("cage") is None or os.geteuid() != 0:
        pytest.skip("needs root and cage (installer/setup.sh installs it)")
    work = Path(tempfile.mkdtemp(prefix="kiosk-stop-", dir="/var/tmp"))
    try:
        work.chmod(0o777)
        (work / "runtime").mkdir(mode=0o700)
        shutil.chown(work / "runtime", "nobody")
        shutil.copy(hall.root / "etc/kiosk/kiosk.toml", work / "kiosk.toml")
        (work / "kiosk.toml").chmod(0o644)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(str(work / "notify"))
        sock.settimeout(60)
        (work / "notify").chmod(0o777)
        env = [f"XDG_RUNTIME_DIR={work}/runtime", "WLR_BACKENDS=headless", "WLR_RENDERER=pixman",
               "WLR_LIBINPUT_NO_DEVICES=1", "QT_QPA_PLATFORM=wayland", f"KIOSK_CONFIG={work}/kiosk.toml",
               f"KIOSK_DATA_DIR={work}/data", f"NOTIFY_SOCKET={work}/notify", "WATCHDOG_USEC=2000000"]  # fmt: skip
        launcher = hall.opt / "current/bin/kiosk"
        cage = subprocess.Popen(["runuser", "-u", "nobody", "--", "env", "-i", "PATH=/usr/bin:/bin", *env,
                                 "cage", "-d", "-s", "--", launcher, "run", "--no-api"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            assert sock.recv(4096).startswith(b"READY=1")
            (cage_pid,) = [int(p) for p in run(["pgrep", "-x", "-P", cage.pid, "cage"]).stdout.split()]
            stop = run(["runuser", "-u", "nobody", "--", hall.opt / "current/installer/stop-session.sh", cage_pid])
            assert stop.returncode == 0 and cage.wait(15) == 0  # cage ended with its client, not by a signal
            got = []
            with contextlib.suppress(TimeoutError):
                sock.settimeout(1)
                while True:
                    got.append(sock.recv(4096))
            assert b"STOPPING=1" in got, got
        finally:
            if cage.poll() is None:
                cage.kill()
            sock.close()
        assert "kiosk stopped" in (work / "data/logs/kiosk.log").read_text(encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_a_second_run_only_checks(hall, bundles):
    config = hall.root / "etc/kiosk/kiosk.toml"
    config.write_text(config.read_text().replace('id = "KIOSK-DEMO-01"', 'id = "HALL-07"'))
    res = install(hall.root, "--bundle", bundles["0.1.0"])
    assert "release 0.1.0 is laid already" in res.stdout and "is current already" in res.stdout
    assert "kept the config" in res.stdout and 'id = "HALL-07"' in config.read_text()
    assert hall.releases() == ["0.1.0"]
    hall.take("A", 3)
    assert hall.ratings() == sorted(hall.taken)


@pytest.fixture(scope="module")
def upgraded(hall, bundles):
    return install(hall.root, "--bundle", bundles["0.2.0"])


def test_upgrade_switches_after_selftest_and_backup(hall, upgraded):
    out = upgraded.stdout
    assert (
        out.index("selftest of release 0.2.0") < out.index("database backed up") < out.index("switched 0.1.0 -> 0.2.0")
    )
    assert f"schema migrated {BASE} -> {BASE + 1} on the copy" in out and "3 rating(s) in the copy" in out
    assert "kiosk upgraded 0.1.0 -> 0.2.0" in out
    assert hall.current == "releases/0.2.0" and hall.releases() == ["0.1.0", "0.2.0"]
    (backup,) = (hall.root / "var/lib/kiosk/backups").glob("kiosk-*-before-0.2.0.db")
    assert hall.ratings(backup) == sorted(hall.taken)
    assert hall.schema_version() == BASE + 1  # the new release opened the live file
    assert 'id = "HALL-07"' in (hall.root / "etc/kiosk/kiosk.toml").read_text()
    hall.take("B", 2)
    assert hall.ratings() == sorted(hall.taken)


@pytest.fixture(scope="module")
def rolled_back(hall, upgraded, bundles):
    res = install(hall.root, "--bundle", bundles["0.3.0"], check=False)
    hall.taken += ["NEW3-0", "NEW3-1"]  # what 0.3.0 took before it failed
    return res


def test_failed_upgrade_rolls_back_on_the_same_database(hall, rolled_back):
    assert rolled_back.returncode == 1
    assert "release 0.3.0 did not come up: switching back to 0.2.0" in rolled_back.stderr
    assert "upgrade to 0.3.0 failed and was rolled back: 0.2.0 is current again" in rolled_back.stderr
    assert "restoring the backup" not in rolled_back.stderr
    assert hall.current == "releases/0.2.0"
    assert hall.schema_version() == BASE + 2  # 0.2.0 (BASE + 1) runs on the file 0.3.0 migrated: additive
    assert hall.ratings() == sorted(hall.taken) and len(hall.taken) == 7  # every rating, once
    assert hall.releases() == ["0.2.0", "0.3.0"]
    assert "first frame" in hall.kiosk("selftest").stdout
    hall.take("C", 1)  # the rolled-back release keeps taking ratings
    assert hall.ratings() == sorted(hall.taken)


@pytest.fixture(scope="module")
def restored(hall, rolled_back, bundles):
    res = install(hall.root, "--bundle", bundles["0.4.0"], check=False)
    hall.taken += ["NEW4-0", "NEW4-1"]
    return res


def test_rollback_across_a_breaking_schema_restores_the_backup_with_every_rating(hall, restored):
    assert restored.returncode == 1
    err = restored.stderr
    assert "release 0.2.0 cannot open the database release 0.4.0 migrated (a breaking schema)" in err
    assert "restoring the backup" in err and "carrying over every row taken since" in err
    assert "restored " in restored.stdout and "columns only the newer release knew: evaluations.level_v2" in (
        restored.stdout
    )
    assert "0.2.0 is current again" in err
    assert hall.current == "releases/0.2.0"
    assert hall.schema_version() == BASE + 2  # the backup's schema, which 0.2.0 opens
    assert hall.ratings() == sorted(hall.taken) and len(hall.taken) == 10
    kept = list((hall.root / "var/lib/kiosk/backups").glob("kiosk-*-rolled-back-from.db"))
    assert len(kept) == 1 and hall.ratings(kept[0]) == sorted(hall.taken)  # the newer file, kept aside
    hall.take("D", 1)
    assert hall.ratings() == sorted(hall.taken)


def test_uninstall_keeps_the_data_and_purge_removes_it(hall, restored):
    res = install(hall.root, "--uninstall")
    assert "kept the config" in res.stdout
    r = hall.root
    assert not hall.opt.exists() and not (r / "etc/systemd/system/kiosk.service").exists()
    assert not (r / "etc/udev/rules.d/85-brltty.rules").is_symlink()  # unmasked again
    assert hall.ratings() == sorted(hall.taken)
    assert (r / "etc/kiosk/kiosk.toml").is_file()
    install(hall.root, "--uninstall", "--purge")
    assert not (r / "var/lib/kiosk").exists() and not (r / "etc/kiosk").exists()


def test_a_first_install_without_a_config_leaves_it_to_the_setup_wizard(hall, restored, bundles):
    """After the purge above: a bare install writes no config; the unit's check, the selftest and a start all
    pass without one, and the start is the setup wizard's (which writes the config at the first boot)."""
    res = install(hall.root, "--bundle", bundles["0.1.0"])
    config = hall.root / "etc/kiosk/kiosk.toml"
    assert "no config yet: the first boot opens the setup wizard" in res.stdout and not config.exists()
    assert "kiosk 0.1.0 installed" in res.stdout
    assert "no config yet" in hall.kiosk("config", "validate", "--missing-ok").stdout
    assert hall.kiosk("config", "validate", check=False).returncode == 2
    assert "(setup)" in hall.kiosk("run", "--no-api", "--exit-when-ready").stdout and not config.exists()
    install(hall.root, "--uninstall", "--purge")
