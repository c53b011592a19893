import pytest

from kiosk.central.server import CentralEmulator
from kiosk.store.db import Store
from tests.unit.sync.helpers import MARK, SECRET


@pytest.fixture
def emulator(tmp_path):
    emu = CentralEmulator(tmp_path / "central.db", MARK, SECRET, seed=7, slow_s=0.5).start()
    yield emu
    emu.stop()


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "kiosk.db")
    yield s
    s.close()
