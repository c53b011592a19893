"""Voice prompts: WAV files built with espeak-ng (Mandarin, pinyin with tone digits) and played by a
command-line player (aplay) on a worker thread, so speech never delays a press.

`kiosk voice build` (kiosk/cli/voice.py) makes the files; without them, or without a player, the pad stays silent
and says so once in the log.
"""

from __future__ import annotations

import logging
import queue
import shlex
import shutil
import subprocess
import threading
from pathlib import Path

from kiosk.assets import asset_path

log = logging.getLogger(__name__)

VOICE = "cmn-latn-pinyin"  # plain "cmn" would read the tone digits in English
PROMPTS: dict[str, tuple[str, str]] = {
    "invite": ("请您对本次服务进行评价", "qing3 nin2 dui4 ben3 ci4 fu2 wu4 jin4 xing2 ping2 jia4"),
    "reasons": ("请选择不满意的原因", "qing3 xuan3 ze2 bu4 man3 yi4 de5 yuan2 yin1"),
    "thanks": ("感谢您的评价", "gan3 xie4 nin2 de5 ping2 jia4"),
    "expired": ("评价已超时,可扫码稍后评价", "ping2 jia4 yi3 chao1 shi2, ke3 sao3 ma3 shao1 hou4 ping2 jia4"),
    "paused": ("评价暂停,请稍候", "ping2 jia4 zan4 ting2, qing3 shao1 hou4"),
}
DEFAULT_DIR = asset_path("voice")


def build(out_dir: Path = DEFAULT_DIR, espeak: str = "espeak-ng", speed: int = 140) -> list[Path]:
    """Render every prompt to out_dir/<key>.wav; RuntimeError naming what is missing."""
    exe = shutil.which(espeak)
    if exe is None:
        raise RuntimeError(f"{espeak} not found: install the Debian package espeak-ng")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for key, (_, pinyin) in PROMPTS.items():
        path = out_dir / f"{key}.wav"
        subprocess.run(
            [exe, "-v", VOICE, "-s", str(speed), "-w", str(path), pinyin], check=True, timeout=30, capture_output=True
        )
        written.append(path)
    return written


class VoicePlayer:
    """Plays prompts one at a time; a new prompt replaces one still waiting (never a backlog of speech)."""

    def __init__(self, directory: Path = DEFAULT_DIR, player: str = "aplay -q"):
        self.directory = Path(directory)
        self.command = shlex.split(player)
        self.played: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue(maxsize=1)
        self._thread = threading.Thread(target=self._run, name="voice", daemon=True)
        self._warned: set[str] = set()

    def start(self) -> VoicePlayer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._drop_waiting()
        self._queue.put(None)
        self._thread.join(5)

    def say(self, key: str) -> None:
        """Non-blocking; unknown keys are a programming error."""
        if key not in PROMPTS:
            raise KeyError(key)
        self._drop_waiting()
        try:
            self._queue.put_nowait(key)
        except queue.Full:
            pass

    def _drop_waiting(self) -> None:
        try:
            self._queue.get_nowait()
        except queue.Empty:
            pass

    def _warn_once(self, what: str, message: str) -> None:
        if what not in self._warned:
            self._warned.add(what)
            log.warning(message)

    def _run(self) -> None:
        while True:
            key = self._queue.get()
            if key is None:
                return
            path = self.directory / f"{key}.wav"
            if not path.exists():
                self._warn_once("files", f"voice prompt {path} missing: run `kiosk voice build`")
                continue
            if shutil.which(self.command[0]) is None:
                self._warn_once("player", f"voice player {self.command[0]!r} not found (Debian: alsa-utils)")
                continue
            try:
                subprocess.run([*self.command, str(path)], check=True, timeout=30, capture_output=True)
                self.played.append(key)
            except (OSError, subprocess.SubprocessError) as exc:
                self._warn_once("play", f"voice prompt could not be played: {exc}")
