"""After `kiosk pin set`, the PIN is nowhere in clear: not in the config file or its .bak, the kiosk log, an
export, the diagnostics, `kiosk config show` or the doctor's JSON for remote support."""

from __future__ import annotations

import io
import json
import logging
import sys

from kiosk import config, logs
from kiosk.app.kiosk import Kiosk
from kiosk.cli import doctor
from kiosk.cli.config import main, main_pin
from kiosk.core.timefmt import FakeClock
from tests.unit.app.doctor.conftest import Machine

OLD, NEW = "135790", "864209"


def every_file_text(root) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(root.rglob("*")) if p.is_file())


def test_the_pin_is_nowhere_in_clear(tmp_path, capsys, monkeypatch):
    path, data = tmp_path / "kiosk.toml", tmp_path / "data"
    data.mkdir()
    # an older pad: the PIN in clear, loaded and logged the way `kiosk run` does
    path.write_text(f'[qr]\nsecret = "qr-secret-0123456789"\n[ui]\ntechnician_pin = "{OLD}"\n', encoding="utf-8")
    logs.setup(data, stderr=False)
    try:
        cfg = config.load(path, data, {"evaluator": {"driver": "none"}})
        for warning in cfg.warnings:
            logging.getLogger("kiosk.cli.run").warning("config %s: %s", cfg.source, warning)
        assert any("SECURITY" in w for w in cfg.warnings)
        monkeypatch.setattr(sys, "stdin", io.StringIO(f"{NEW}\n{NEW}\n"))
        assert main_pin(["set", "--config", str(path), "--data-dir", str(data)]) == 0
        logs.setup(data, stderr=False)
        cfg = config.load(path, data, {"evaluator": {"driver": "none"}})
        assert cfg.warnings == ()
        kiosk = Kiosk(cfg, clock=FakeClock())
        try:
            tech = kiosk.technician
            assert not tech.check_pin(OLD) and not tech.check_pin("000000") and tech.check_pin(NEW)
            exported = tech.export(tmp_path / "usb")
            snapshot = json.dumps(tech.snapshot(), ensure_ascii=False, default=str)
        finally:
            kiosk.stop()
        assert main(["show", "--config", str(path)]) == 0
        machine = Machine(tmp_path)
        doctor.main(["--config", str(path), "--data-dir", str(data), "--json"], host=machine.host)
        printed = capsys.readouterr()
    finally:
        logs.setup(None, stderr=False)
    assert len(exported) == 2 and (data / "logs" / "kiosk.log").stat().st_size > 0
    assert "technician signed in" in (data / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert '"findings"' in printed.out and "[ui]" in printed.out
    everything = every_file_text(tmp_path) + snapshot + printed.out + printed.err
    for pin in (OLD, NEW):
        assert pin not in everything
