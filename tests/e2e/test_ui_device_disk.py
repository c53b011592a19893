"""In-process, with the real screens (pytest-qt, offscreen): a KEY frame on a pty evaluator crosses the bridge
and becomes a stored evaluation; with the disk full the same press shows 暂停评价 — never the reasons or thanks
page — and the pad recovers by itself once writes succeed again."""

from __future__ import annotations

import pytest

from kiosk import config
from kiosk.app.gui import GuiRun
from kiosk.app.kiosk import Kiosk
from kiosk.core.flow.state import Screen
from kiosk.core.model import Case
from kiosk.core.staff import Staff
from kiosk.devices.tools.pty_device import PtyFrameDevice
from kiosk.store.roster import replace_roster
from tests.e2e.test_full_disk import fill


@pytest.fixture
def pad(qtbot, tmp_path):
    device = PtyFrameDevice(link=str(tmp_path / "ev"), heartbeat_interval_s=0.5)
    cfg = config.load(
        None,
        tmp_path / "data",
        {"evaluator": {"driver": "frame", "port": device.link}, "ui": {"voice": False}},
    )
    kiosk = Kiosk(cfg)
    replace_roster(kiosk.store, [Staff("s1", "王小明", "0101", "人社局")])
    gui = GuiRun(kiosk)
    qtbot.addWidget(gui.window)
    gui.window.show()
    kiosk.start_devices(gui.bridge)
    kiosk.flow.sign_in(kiosk.staff()[0])
    qtbot.waitUntil(lambda: kiosk.status.evaluator == "online", timeout=5000)
    yield kiosk, gui, device
    gui.window.close()
    kiosk.stop()
    device.close()


def test_key_frame_becomes_a_stored_rating(pad, qtbot):
    kiosk, gui, device = pad
    kiosk.flow.invite(Case("UI-DEV-1", taskName="社会保障卡挂失"))
    assert gui.window.stack.currentWidget() is gui.window.screens[Screen.INVITED]
    device.press(2)
    qtbot.waitUntil(lambda: kiosk.flow.state.screen is Screen.DETAILS, timeout=5000)
    assert gui.window.stack.currentWidget() is gui.window.screens[Screen.DETAILS]
    rows = kiosk.store.evaluations(project_no="UI-DEV-1")
    assert [(r["satisfaction"], r["pf"], r["handleUserPageCode"], r["sync_state"]) for r in rows] == [
        (2, 4, "0101", "draft")
    ]
    assert device.received_frames(include_acks=False)  # INVITE, THANKS reached the device


def fill_disk(store) -> None:
    """A genuine SQLITE_FULL: the file may not grow past a few more pages, then those are filled."""
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 30}")
    fill(store)


def test_full_disk_press_shows_paused_then_recovers(pad, qtbot):
    kiosk, gui, device = pad
    kiosk.flow.invite(Case("UI-FULL-1", taskName="不动产登记"))
    fill_disk(kiosk.store)
    device.press(5)
    qtbot.waitUntil(lambda: kiosk.flow.state.screen is Screen.UNAVAILABLE, timeout=5000)
    shown = gui.window.stack.currentWidget()
    assert shown is gui.window.screens[Screen.UNAVAILABLE]
    assert shown is not gui.window.screens[Screen.DETAILS] and shown is not gui.window.screens[Screen.THANKS]
    assert kiosk.store.evaluations(project_no="UI-FULL-1") == []
    kiosk.store.conn.execute("PRAGMA max_page_count = 1073741823")  # space is back
    qtbot.waitUntil(lambda: kiosk.flow.state.screen is Screen.INVITED, timeout=8000)  # the probe write heals it
    device.press(5)
    qtbot.waitUntil(lambda: kiosk.flow.state.screen is Screen.DETAILS, timeout=5000)
    assert [r["satisfaction"] for r in kiosk.store.evaluations(project_no="UI-FULL-1")] == [5]


def test_an_evaluator_replugged_during_an_invitation_is_invited_again(pad, qtbot):
    """The INVITE sent while the device was unplugged is lost; back online, the pad sends it again with the
    time left, and the citizen's press on the replugged device becomes the rating."""
    from kiosk.devices.evaluator import codec as fc

    kiosk, gui, device = pad
    device.unplug()
    qtbot.waitUntil(lambda: kiosk.status.evaluator == "offline", timeout=5000)
    device.clear_received()
    kiosk.flow.invite(Case("UI-REPLUG-1", taskName="社会保障卡挂失"))
    qtbot.waitUntil(lambda: kiosk.evaluator.counters()["commands_dropped"] >= 1, timeout=5000)  # INVITE lost
    device.plug()
    qtbot.waitUntil(lambda: kiosk.status.evaluator == "online", timeout=5000)
    qtbot.waitUntil(lambda: any(f.cmd == fc.INVITE for f in device.received_frames(include_acks=False)), timeout=5000)
    invite = next(f for f in device.received_frames(include_acks=False) if f.cmd == fc.INVITE)
    assert 1 <= invite.payload[0] <= kiosk.cfg.flow.invite_timeout_s
    assert invite.payload[1:].decode("utf-8") == "请对本次服务进行评价"
    device.press(4)
    qtbot.waitUntil(lambda: kiosk.flow.state.screen is Screen.DETAILS, timeout=5000)
    assert [r["satisfaction"] for r in kiosk.store.evaluations(project_no="UI-REPLUG-1")] == [4]
