"""`kiosk COMMAND`: every command is listed and resolves; the commands without a screen load no Qt."""

from __future__ import annotations

import importlib
import subprocess
import sys

from kiosk.__main__ import COMMANDS, main

GUI_COMMANDS = {"run", "demo", "setup", "screenshot"}


def test_help_lists_every_command(capsys):
    assert main(["--help"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert listed == list(COMMANDS)


def test_every_command_is_a_cli_function():
    for name, (module, func, _) in COMMANDS.items():
        assert module.startswith("kiosk.cli."), name
        assert callable(getattr(importlib.import_module(module), func)), name


def test_unknown_command_is_refused(capsys):
    assert main(["frobnicate"]) == 2
    assert "unknown command 'frobnicate'" in capsys.readouterr().err


def test_commands_without_a_screen_load_no_qt():
    modules = sorted({module for name, (module, _, _) in COMMANDS.items() if name not in GUI_COMMANDS})
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"
    assert len(modules) == 8  # central, config, db, devices, doctor, selftest, stats (stats, export), voice
