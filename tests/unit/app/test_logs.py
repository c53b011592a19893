"""The log file: rolled over by size and nightly, personal data scrubbed, handlers replaced not stacked."""

import logging
import logging.handlers

import pytest

from kiosk import logs


@pytest.fixture
def restore_root():
    root = logging.getLogger()
    saved, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in saved:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_rolls_over_at_max_bytes_keeping_backups(tmp_path):
    path = tmp_path / "kiosk.log"
    handler = logs.file_handler(path, max_bytes=200, backups=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    lg = logging.getLogger("test_logs.size")
    lg.propagate = False
    lg.addHandler(handler)
    try:
        for i in range(40):
            lg.warning("line %03d %s", i, "x" * 40)
    finally:
        lg.removeHandler(handler)
        handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]  # older backups dropped
    for p in tmp_path.iterdir():
        assert p.stat().st_size <= 200 + 50  # rolled once at the limit: at most one line over it
    current, older = path.read_text(encoding="utf-8"), (tmp_path / "kiosk.log.1").read_text(encoding="utf-8")
    assert current.splitlines()[-1].startswith("line 039")
    first_current = int(current.split()[1])
    assert older.splitlines()[-1].startswith(f"line {first_current - 1:03d}")  # nothing lost between files


def test_setup_writes_scrubbed_lines_and_nightly_rotate_starts_a_new_file(tmp_path, restore_root):
    log_path = logs.setup(tmp_path, stderr=False)
    logs.setup(tmp_path, stderr=False)  # again: replaces its handlers instead of adding a second file
    files = [h for h in logging.getLogger().handlers if isinstance(h, logging.handlers.RotatingFileHandler)]
    assert len(files) == 1
    assert (files[0].baseFilename, files[0].maxBytes, files[0].backupCount) == (str(log_path), 5_000_000, 5)
    assert log_path == tmp_path / "logs" / "kiosk.log"
    logging.getLogger("test_logs").info("applicant 420102199001011234 mobile 13812345678")
    logs.rotate()
    logging.getLogger("test_logs").info("after rotation")
    old = (tmp_path / "logs" / "kiosk.log.1").read_text(encoding="utf-8")
    assert "420102199001011234" not in old and "13812345678" not in old and "applicant" in old
    assert "after rotation" in log_path.read_text(encoding="utf-8")
    assert "after rotation" not in old
