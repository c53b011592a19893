"""installer/bundle.sh for both architectures: what a USB stick carries, and what install.sh refuses.

The arm64 wheelhouse (about 100 MB, PySide6 6.8.0.2) is downloaded once into the bundle cache outside the
repository and reused. The Debian packages (about 140 MB per architecture) are left out here (--no-debs);
KIOSK_TEST_BUNDLE_DEBS=1 also builds a bundle with them and checks its apt repository.
"""

from __future__ import annotations

import os
import re
import subprocess
import tarfile
from pathlib import Path

import pytest

from .conftest import INSTALLER, ROOT, build_bundle, install, run
from .test_scripts import pins

MACHINE = {"amd64": "x86_64", "arm64": "aarch64"}


@pytest.fixture(scope="module")
def bundle_arm64(bundle_dir) -> Path:
    return build_bundle(ROOT, bundle_dir, "arm64")


def unpack(bundle: Path, dest: Path) -> Path:
    with tarfile.open(bundle) as tar:
        tar.extractall(dest, filter="tar")
    (top,) = dest.iterdir()
    return top


def check_bundle(bundle: Path, arch: str, dest: Path) -> dict[str, str]:
    version = re.search(r'(?m)^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text())[1]
    assert bundle.name == f"kiosk-{version}-{arch}.tar.gz"
    top = unpack(bundle, dest)
    assert top.name == f"kiosk-{version}-{arch}"
    manifest = dict(line.split("=", 1) for line in (top / "MANIFEST").read_text().splitlines())
    assert manifest["version"] == version and manifest["arch"] == arch and manifest["python"] == "3.11"
    assert subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=top).returncode == 0
    wanted = pins(arch)
    assert manifest["pyside6_essentials"] == wanted["pyside6-essentials"]
    lines = (top / "requirements.txt").read_text().split()
    assert {re.sub(r"[-_.]+", "-", ln.split("==")[0]).lower(): ln.split("==")[1] for ln in lines} == wanted
    wheels = sorted(p.name for p in (top / "wheels").glob("*.whl"))
    assert len(wheels) == len(wanted) + 1 == int(manifest["wheels"])
    assert manifest["wheel"] == f"kiosk-{version}-py3-none-any.whl" and manifest["wheel"] in wheels
    for name in wheels:
        for tag in name.removesuffix(".whl").split("-")[-1].split("."):
            if tag == "any":
                continue
            glibc = re.fullmatch(rf"manylinux_2_(\d+)_{MACHINE[arch]}|manylinux(1|2010|2014)_{MACHINE[arch]}", tag)
            assert glibc, f"{name}: {tag} is not for {arch}"
            assert glibc[1] is None or int(glibc[1]) <= 36, f"{name} needs glibc 2.{glibc[1]} (bookworm has 2.36)"
    for path in ("installer/install.sh", "installer/debian-packages.txt", "installer/systemd/kiosk.service",
                 "installer/udev/70-kiosk-modemmanager.rules",
                 f"installer/requirements/{arch}.txt", "docs/appliance.md"):  # fmt: skip
        assert (top / path).is_file(), path
    assert os.access(top / "installer/install.sh", os.X_OK)
    assert manifest["debs"] == "0" and not (top / "debs").exists()
    return manifest


def test_amd64_bundle(bundle_010, tmp_path):
    manifest = check_bundle(bundle_010, "amd64", tmp_path)
    assert manifest["pyside6_essentials"] == "6.11.3"


def test_arm64_bundle_resolves_the_bookworm_qt(bundle_arm64, tmp_path):
    manifest = check_bundle(bundle_arm64, "arm64", tmp_path)
    assert manifest["pyside6_essentials"] == "6.8.0.2"
    top = next(tmp_path.iterdir())
    (qt,) = (top / "wheels").glob("[Pp]y[Ss]ide6_[Ee]ssentials-*.whl")
    assert qt.name.endswith("manylinux_2_31_aarch64.whl")


def test_install_refuses_a_bundle_for_another_architecture(bundle_arm64, tmp_path):
    res = install(tmp_path / "root", "--bundle", bundle_arm64, check=False)
    assert res.returncode == 1 and "is for arm64, this machine is amd64" in res.stderr
    assert not (tmp_path / "root/opt").exists()


def test_install_refuses_a_damaged_bundle(tmp_path):
    top = tmp_path / "kiosk-9.9.9-amd64"
    top.mkdir()
    (top / "MANIFEST").write_text("name=kiosk\nversion=9.9.9\narch=amd64\n")
    (top / "SHA256SUMS").write_text(f"{'0' * 64}  MANIFEST\n")
    bundle = tmp_path / "kiosk-9.9.9-amd64.tar.gz"
    with tarfile.open(bundle, "w:gz") as tar:
        tar.add(top, arcname=top.name)
    res = install(tmp_path / "root", "--bundle", bundle, check=False)
    assert res.returncode == 1 and "is damaged: checksums do not match" in res.stderr
    assert not (tmp_path / "root/opt").exists()


def test_bundle_usage_is_checked():
    res = run([INSTALLER / "bundle.sh", "--arch", "riscv64"], check=False)
    assert res.returncode == 2 and "--arch amd64 or --arch arm64" in res.stderr


@pytest.mark.skipif(os.environ.get("KIOSK_TEST_BUNDLE_DEBS") != "1", reason="set KIOSK_TEST_BUNDLE_DEBS=1: "
                    "downloads ~140 MB of Debian packages (cached afterwards)")  # fmt: skip
@pytest.mark.parametrize("arch", ["amd64", "arm64"])
def test_bundle_with_debian_packages_is_a_local_apt_repository(arch, tmp_path):
    res = run([INSTALLER / "bundle.sh", "--arch", arch, "--out", tmp_path], timeout=1800)
    top = unpack(Path(res.stdout.strip().splitlines()[-1]), tmp_path / "x")
    index = (top / "debs/Packages").read_text()
    names = set(re.findall(r"(?m)^Package: (\S+)", index))
    wanted = (top / "debs/INSTALL").read_text().split()
    assert set(wanted) <= names and "libc6" in names
    assert set(re.findall(r"(?m)^Architecture: (\S+)", index)) <= {arch, "all"}
    assert len(list((top / "debs").glob("*.deb"))) == int(dict(
        line.split("=", 1) for line in (top / "MANIFEST").read_text().splitlines())["debs"])  # fmt: skip
