"""`kiosk voice build`: the prompts as WAV files, or a clear word on what is missing."""

from __future__ import annotations

import shutil
import wave

import pytest

from kiosk.cli.voice import main
from kiosk.devices.voice import PROMPTS


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (installer/setup.sh does)")
def test_build_writes_every_prompt(tmp_path, capsys):
    assert main(["build", "--out", str(tmp_path / "voice")]) == 0
    printed = capsys.readouterr().out.split()
    assert sorted(printed) == sorted(str(tmp_path / "voice" / f"{key}.wav") for key in PROMPTS)
    for path in printed:
        with wave.open(path) as w:
            assert w.getnframes() > 0


def test_build_without_espeak_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["build", "--out", str(tmp_path / "voice")]) == 1
    assert "espeak-ng not found" in capsys.readouterr().err
    assert not (tmp_path / "voice").exists()


def test_build_is_the_only_action(capsys):
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2
