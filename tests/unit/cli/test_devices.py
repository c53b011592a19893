"""`kiosk devsim` (as a real process on a pty) and `kiosk devices probe`."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from kiosk.cli.devices import main_devices, main_devsim
from kiosk.devices.evaluator.frame import FrameEvaluator
from kiosk.devices.evaluator.keys import KeysEvaluator
from kiosk.devices.tools.pty_device import PtyFrameDevice, PtyKeysDevice
from tests.helpers.wait import wait_until

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


class DevsimProcess:
    """`python -m kiosk devsim ...` with piped stdin and stdout collected by a thread."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "devsim", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=REPO,
        )
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._collect, daemon=True)
        self._thread.start()

    def _collect(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def output(self) -> str:
        return "\n".join(self.lines)

    def type(self, text: str) -> None:
        self.proc.stdin.write(text)
        self.proc.stdin.flush()

    def close(self) -> int:
        if self.proc.poll() is None and not self.proc.stdin.closed:
            try:
                self.type("q\n")
            except (BrokenPipeError, ValueError):
                pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self._thread.join(5)
        self.proc.stdin.close()
        self.proc.stdout.close()
        return self.proc.returncode


def test_devsim_frame_plays_the_device(link, listener, closers):
    sim = DevsimProcess("--protocol", "frame", "--link", link, "--heartbeat", "0.2")
    closers.append(sim.close)
    wait_until(lambda: "configure the pad" in sim.output(), timeout=10)
    assert os.path.islink(link) and os.path.realpath(link).startswith("/dev/pts/")
    evaluator = FrameEvaluator(link, heartbeat_interval_s=0.2)
    evaluator.start(listener)
    closers.append(evaluator.stop)
    wait_until(lambda: ("info", "EV-SIM", "1.0.0", "SIM0000001") in listener.events)
    sim.type("4\n")
    wait_until(lambda: listener.keys() == [4])
    evaluator.invite(20, "请评价")
    evaluator.leds(0b11)
    wait_until(lambda: "host -> LEDS" in sim.output())
    out = sim.output()
    assert "host -> QUERY seq=0" in out
    assert "host -> INVITE seq=1 timeout=20s prompt='请评价'" in out
    assert "host -> ACK" in out
    wait_until(lambda: evaluator.counters()["heartbeats"] >= 2)
    evaluator.stop()
    assert sim.close() == 0
    assert not os.path.lexists(link)  # the link is removed when the device closes


def test_devsim_keys_protocol_and_eof(link, listener, closers):
    sim = DevsimProcess("--protocol", "keys", "--link", link)
    closers.append(sim.close)
    wait_until(lambda: "configure the pad" in sim.output(), timeout=10)
    evaluator = KeysEvaluator(link)
    evaluator.start(listener)
    closers.append(evaluator.stop)
    wait_until(lambda: evaluator.online)
    sim.type("35\n")
    wait_until(lambda: listener.keys() == [3, 5])
    sim.proc.stdin.close()  # EOF: the device stays plugged until a signal
    wait_until(lambda: "stdin closed" in sim.output())
    assert sim.proc.poll() is None
    sim.proc.terminate()
    assert sim.proc.wait(5) == 0
    sim.close()
    assert "device closed" in sim.output()


def test_devsim_rejects_bad_keymap(capsys):
    assert main_devsim(["--protocol", "keys", "--keymap", "AB=5"]) == 2
    assert "bad keymap" in capsys.readouterr().err


def test_probe_identifies_a_frame_device(link, closers, capsys):
    device = PtyFrameDevice(link, model="EV-200", firmware="2.1.4", serial="SN0012345")
    closers.append(device.close)
    assert main_devices(["probe", "--no-list", "--timeout", "1", link]) == 0
    out = capsys.readouterr().out
    assert f"{link}: frame: EV-200;2.1.4;SN0012345" in out


def test_probe_keys_box_and_silent_port(tmp_path, closers, capsys):
    pressed = PtyKeysDevice(os.path.join(tmp_path, "box"))
    silent = PtyKeysDevice(os.path.join(tmp_path, "silent"))
    closers.extend([pressed.close, silent.close])
    timer = threading.Timer(0.2, pressed.press, args=(5,))
    timer.start()
    closers.append(timer.cancel)
    assert main_devices(["probe", "--no-list", "--timeout", "0.6", pressed.link, silent.link]) == 0
    out = capsys.readouterr().out
    assert f"{pressed.link}: keys?" in out and "b'5'" in out
    assert f"{silent.link}: no answer" in out
    timer.join(1)


def test_probe_reports_unopenable_port(tmp_path, capsys):
    missing = os.path.join(tmp_path, "ttyUSB9")
    assert main_devices(["probe", "--no-list", missing]) == 1
    assert f"{missing}: error: cannot open" in capsys.readouterr().out


def test_probe_usage():
    assert main_devices([]) == 2
    assert main_devices(["--help"]) == 0
    assert main_devices(["scan"]) == 2
