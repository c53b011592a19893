"""Fixtures for the pad screens: a real flow on a temporary SQLite store, a FakeClock, a shown window."""

from __future__ import annotations

import pytest

from kiosk.core.flow.machine import Flow, FlowSettings
from kiosk.core.timefmt import FakeClock
from kiosk.demo.samples import SAMPLE_STAFF
from kiosk.store.db import Store
from kiosk.store.sink import StoreSink
from kiosk.ui.font import install_app_font
from kiosk.ui.settings import UiSettings
from kiosk.ui.window import PadWindow


@pytest.fixture
def app(qapp):
    install_app_font(qapp)
    return qapp


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def store(tmp_path, clock):
    s = Store(tmp_path / "kiosk.sqlite", clock=clock)
    yield s
    s.close()


@pytest.fixture
def flow(store, clock):
    f = Flow(StoreSink(store), clock, FlowSettings(device_id="PAD-03", counter="3号窗口"))
    f.sign_in(SAMPLE_STAFF[0])
    return f


@pytest.fixture
def window(app, qtbot, flow):
    w = PadWindow(flow, UiSettings(width=1280, height=800, hall="政务服务中心", counter="3号窗口"))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w
