"""`kiosk db backup` on an appliance upgraded before its first boot's setup: no config file yet, the defaults."""

from __future__ import annotations

from kiosk.cli.db import main
from kiosk.store.db import Store
from tests.helpers.fakes import rating, service


def test_backup_before_the_setup_wizard_wrote_the_config(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    with Store(data / "kiosk.db") as store:
        store.upsert_case(service("P1"))
        store.add_evaluation(rating("P1", 5))
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "etc" / "kiosk.toml"))  # named by the unit, not written yet
    assert main(["backup", "--data-dir", str(data), "--label", "before-0.2.0"]) == 0
    (backup,) = (data / "backups").glob("kiosk-*-before-0.2.0.db")
    with Store(backup) as copy:
        assert [r["projectNo"] for r in copy.evaluations()] == ["P1"]
    assert str(backup) in capsys.readouterr().out
