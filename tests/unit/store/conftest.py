import pytest

from kiosk.core.timefmt import FakeClock
from kiosk.store.db import Store


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def store(tmp_path, clock):
    with Store(tmp_path / "kiosk.db", clock=clock) as s:
        yield s
