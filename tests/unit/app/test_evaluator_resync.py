"""An evaluator that comes (back) online is told where the flow is: commands sent while its port was closed
are lost, so an open invitation must light its buttons again."""

from __future__ import annotations

import pytest

from kiosk import config
from kiosk.app.kiosk import INVITE_PROMPT, Kiosk
from kiosk.core.model import Case
from kiosk.core.staff import Staff
from kiosk.core.timefmt import FakeClock
from kiosk.devices.evaluator.sim import SimEvaluator


@pytest.fixture
def pad(tmp_path):
    cfg = config.load(None, tmp_path / "data", {"evaluator": {"driver": "none"}, "flow": {"invite_timeout_s": 30}})
    clock, sim = FakeClock(), SimEvaluator()
    kiosk = Kiosk(cfg, clock=clock, evaluator=sim)
    kiosk.flow.sign_in(Staff("s1", "王小明", "0101"))
    yield kiosk, clock, sim
    kiosk.stop()


def test_back_online_during_an_invitation_lights_the_buttons_for_the_time_left(pad):
    kiosk, clock, sim = pad
    kiosk.flow.invite(Case("P-1", taskName="社会保障卡挂失"))
    assert sim.commands[-1] == ("invite", 30, INVITE_PROMPT)
    kiosk.on_offline()
    clock.advance(12)  # unplugged for a while: the device missed nothing yet, but time ran on
    kiosk.on_online()
    assert sim.commands[-1] == ("invite", 18, INVITE_PROMPT)
    assert kiosk.status.evaluator == "online"


def test_back_online_with_nothing_to_rate_idles_the_device(pad):
    kiosk, clock, sim = pad
    kiosk.on_online()
    assert sim.commands[-1] == ("idle",)
    kiosk.flow.invite(Case("P-2"))
    kiosk.flow.press(5)  # rated: the details page is the pad's business, the buttons go dark
    kiosk.on_online()
    assert sim.commands[-1] == ("idle",)


def test_a_device_test_keeps_the_buttons(pad):
    kiosk, clock, sim = pad
    kiosk.technician.start_device_test(lambda level: None)
    sent = list(sim.commands)
    kiosk.on_online()
    assert sim.commands == sent
    kiosk.technician.stop_device_test()
