"""The wheel is the product: built from this tree, installed (not editable) into a fresh venv and run from
another directory, it finds its translations, images and voice prompts and renders every screen.

No network: the wheel is built without build isolation (setuptools comes with the test extra), and the fresh
venv reaches the already-installed dependencies through a .pth file listing this interpreter's import path
minus every entry that offers a `kiosk` package, so the only kiosk it can import is the one from the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import xml.etree.ElementTree as ET
import zipfile
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import pytest

from kiosk.devices.voice import PROMPTS, build

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ASSET_SUFFIXES = (".png", ".jpg", ".jpeg", ".qm", ".qml", ".wav")


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return {**env, "QT_QPA_PLATFORM": "offscreen", "KIOSK_LOG_STDERR": "0", **extra}


def run(cmd: list, cwd: Path, timeout: float = 120, env: dict | None = None) -> str:
    res = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env or clean_env(), capture_output=True, text=True, timeout=timeout
    )
    assert res.returncode == 0, f"{cmd}\nstdout:\n{res.stdout[-3000:]}\nstderr:\n{res.stderr[-3000:]}"
    return res.stdout


def dependency_path() -> list[str]:
    """This interpreter's import path without the entries that offer a kiosk package (checkout, editable)."""
    return [p for p in dict.fromkeys(sys.path) if p and os.path.isdir(p) and not os.path.exists(Path(p, "kiosk"))]


def asset_files(package: Path) -> list[str]:
    assets = package / "assets"
    return sorted(str(p.relative_to(assets)) for p in assets.rglob("*") if p.suffix in ASSET_SUFFIXES)


def assert_backend_builds_wheels() -> None:
    version = tuple(int(part) for part in metadata.version("setuptools").split(".")[:2])
    assert version >= (70, 1), "setuptools < 70.1 cannot build a wheel by itself: run installer/setup.sh (test extra)"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    assert_backend_builds_wheels()
    tmp = tmp_path_factory.mktemp("wheel")
    checkout_shots = tmp / "checkout-shots"
    render = subprocess.Popen(  # the checkout's own render, to compare with; runs while the wheel is built
        [sys.executable, "-m", "kiosk", "screenshot", "--out", str(checkout_shots)],
        cwd=ROOT,
        env=clean_env(PYTHONPATH=str(ROOT)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        src = tmp / "src"  # `pip wheel .` on a copy: the build leaves build/ and *.egg-info in its source tree
        shutil.copytree(ROOT / "kiosk", src / "kiosk", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, src / name)
        voice_dir = src / "kiosk" / "assets" / "voice"
        if not all((voice_dir / f"{key}.wav").exists() for key in PROMPTS) and shutil.which("espeak-ng"):
            build(voice_dir)  # as installer/setup.sh does before a wheel is built
        dist = tmp / "dist"
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
        run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", dist, src], cwd=src)
        (wheel,) = dist.glob("kiosk-*.whl")
        env_dir = tmp / "venv"
        venv.EnvBuilder(with_pip=False).create(env_dir)
        python = env_dir / "bin" / "python"
        run([*pip, "--python", python, "install", "--no-deps", "--no-index", "-q", wheel], cwd=tmp)
        site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp).strip())
        (site / "kiosk-test-dependencies.pth").write_text("\n".join(dependency_path()) + "\n", encoding="utf-8")
        elsewhere = tmp / "elsewhere"
        elsewhere.mkdir()
        yield SimpleNamespace(
            src=src,
            wheel=wheel,
            python=python,
            kiosk=env_dir / "bin" / "kiosk",
            site=site,
            cwd=elsewhere,
            render=render,
            checkout_shots=checkout_shots,
        )
    finally:
        if render.poll() is None:
            render.kill()
        render.communicate()


def probe(installed, code: str) -> dict:
    """Run `code` (which prints one JSON object) with the installed kiosk, from another directory."""
    return json.loads(run([installed.python, "-c", code], cwd=installed.cwd).strip().splitlines()[-1])


def test_wheel_holds_the_code_and_assets_and_nothing_else(installed):
    names = zipfile.ZipFile(installed.wheel).namelist()
    package = [n for n in names if not n.startswith("kiosk-")]
    code = sorted(str(p.relative_to(installed.src)) for p in (installed.src / "kiosk").rglob("*.py"))
    assets = sorted(f"kiosk/assets/{a}" for a in asset_files(installed.src / "kiosk"))
    templates = sorted(str(p.relative_to(installed.src)) for p in (installed.src / "kiosk/central/templates").iterdir())
    assert sorted(package) == sorted(code + assets + templates)
    assert "kiosk/assets/translations/kiosk_en.qm" in assets and "kiosk/assets/images/notice-levels.png" in assets
    assert "kiosk/central/templates/rate.html" in templates  # the mobile rating page (the demo's emulator)
    assert "kiosk/assets/qml/keyboard.qml" in assets  # the on-screen keyboard
    got = probe(
        installed,
        "import json; from importlib import resources; "
        "print(json.dumps(resources.files('kiosk.central').joinpath('templates', 'rate.html').read_text()[:15]))",
    )
    assert got == "<!doctype html>"


def test_installed_kiosk_is_the_wheel_not_the_checkout(installed):
    got = probe(installed, "import json, kiosk; print(json.dumps({'file': kiosk.__file__}))")
    assert Path(got["file"]).is_relative_to(installed.site)
    assert asset_files(installed.site / "kiosk") == asset_files(installed.src / "kiosk")


def test_translation_loads_and_translates(installed):
    context = ET.parse(ROOT / "kiosk" / "assets" / "translations" / "kiosk_en.ts").getroot().find("context")
    name, message = context.findtext("name"), context.find("message")
    source, translation = message.findtext("source"), message.findtext("translation")
    code = (
        "import json\n"
        "from PySide6.QtCore import QCoreApplication, QTranslator\n"
        "from kiosk.assets import asset_path\n"
        "app = QCoreApplication([])\n"
        "qm = asset_path('translations', 'kiosk_en.qm')\n"
        "t = QTranslator()\n"
        "loaded = t.load(str(qm))\n"
        "app.installTranslator(t)\n"
        f"print(json.dumps({{'qm': str(qm), 'loaded': loaded, 'text': app.translate({name!r}, {source!r})}}))\n"
    )
    got = probe(installed, code)
    assert Path(got["qm"]).is_relative_to(installed.site)
    assert got["loaded"] is True and got["text"] == translation != source


def test_images_are_found(installed):
    code = (
        "import json\n"
        "from kiosk.assets import asset_path\n"
        "images = asset_path('images')\n"
        "print(json.dumps({'dir': str(images), 'files': sorted(p.name for p in images.glob('*.png'))}))\n"
    )
    got = probe(installed, code)
    assert Path(got["dir"]).is_relative_to(installed.site)
    assert "notice-levels.png" in got["files"]


def test_voice_prompts_are_found_and_played(installed):
    if not all((installed.src / "kiosk" / "assets" / "voice" / f"{key}.wav").exists() for key in PROMPTS):
        pytest.skip("voice prompts not built and espeak-ng not installed (installer/setup.sh installs it)")
    log = installed.cwd / "played.txt"
    player = installed.cwd / "player.py"
    player.write_text(f"import sys\nopen({str(log)!r}, 'a').write(sys.argv[-1] + '\\n')\n", encoding="utf-8")
    code = (
        "import json, time\n"
        "from kiosk.devices.voice import PROMPTS, VoicePlayer\n"
        f"voice = VoicePlayer(player={f'{installed.python} {player}'!r}).start()\n"
        "voice.say('thanks')\n"
        "deadline = time.monotonic() + 20\n"
        "while not voice.played and time.monotonic() < deadline:\n"
        "    time.sleep(0.05)\n"
        "voice.stop()\n"
        "found = sorted(k for k in PROMPTS if (voice.directory / f'{k}.wav').is_file())\n"
        "print(json.dumps({'dir': str(voice.directory), 'found': found, 'played': voice.played}))\n"
    )
    got = probe(installed, code)
    assert Path(got["dir"]).is_relative_to(installed.site)
    assert got["found"] == sorted(PROMPTS) and got["played"] == ["thanks"]
    assert log.read_text(encoding="utf-8").split() == [str(Path(got["dir"]) / "thanks.wav")]


def test_screenshot_renders_every_screen_like_the_checkout(installed):
    out = installed.cwd / "shots"
    printed = run([installed.kiosk, "screenshot", "--out", out], cwd=installed.cwd, timeout=180).split()
    _, err = installed.render.communicate(timeout=180)
    assert installed.render.returncode == 0, err[-3000:]
    ours = sorted(p.name for p in out.glob("*.png"))
    theirs = sorted(p.name for p in installed.checkout_shots.glob("*.png"))
    assert ours == theirs and len(ours) == len(printed) > 50
    english = [n for n in ours if n.startswith("en-")]
    assert english, "no English screens rendered"
    for name in english:  # drawn with the translation the wheel carries: the same pixels as the checkout's
        assert (out / name).read_bytes() == (installed.checkout_shots / name).read_bytes(), name
