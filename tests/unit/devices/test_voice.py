import shutil
import sys
import wave

import pytest

from kiosk import config
from kiosk.app.kiosk import Kiosk
from kiosk.core.model import Case
from kiosk.core.staff import Staff
from kiosk.core.timefmt import FakeClock
from kiosk.devices.voice import PROMPTS, VoicePlayer, build
from tests.helpers.wait import wait_for


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (installer/setup.sh does)")
def test_build_renders_every_prompt_as_speech(tmp_path):
    paths = build(tmp_path)
    assert sorted(p.stem for p in paths) == sorted(PROMPTS)
    for path in paths:
        with wave.open(str(path)) as w:
            seconds = w.getnframes() / w.getframerate()
        assert 0.8 < seconds < 8, (path, seconds)


def fake_player(tmp_path):
    """A 'player' that appends the file it was given to a log: the sound card is outside the machine."""
    log = tmp_path / "played.txt"
    script = tmp_path / "player.py"
    script.write_text(f"import sys\nopen({str(log)!r}, 'a').write(sys.argv[-1] + '\\n')\n")
    return f"{sys.executable} {script}", log


def test_flow_events_speak_the_right_prompts(tmp_path):
    voices = tmp_path / "voice"
    voices.mkdir()
    for key in PROMPTS:
        (voices / f"{key}.wav").write_bytes(b"RIFF")
    player, log = fake_player(tmp_path)
    cfg = config.load(None, tmp_path / "data", {"evaluator": {"driver": "none"}, "ui": {"voice_player": player}})
    kiosk = Kiosk(cfg, clock=FakeClock())
    kiosk.voice = VoicePlayer(voices, player).start()
    try:
        kiosk.flow.sign_in(Staff("s1", "王小明", "0101"))
        kiosk.flow.invite(Case("P-V"))
        assert wait_for(lambda: log.exists() and "invite.wav" in log.read_text())
        kiosk.flow.press(2)
        assert wait_for(lambda: "reasons.wav" in log.read_text())
        kiosk.flow.toggle_reason("213")
        kiosk.flow.submit()
        assert wait_for(lambda: "thanks.wav" in log.read_text())
    finally:
        kiosk.stop()
    assert kiosk.voice.played == ["invite", "reasons", "thanks"]


def test_missing_files_or_player_stay_silent(tmp_path, caplog):
    player = VoicePlayer(tmp_path / "none", "no-such-player-xyz").start()
    player.say("invite")
    player.say("thanks")
    player.stop()
    assert player.played == []
    with pytest.raises(KeyError):
        player.say("shout")
