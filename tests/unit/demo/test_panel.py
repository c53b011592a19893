"""The demo "business system" panel calls the app's callbacks and shows failures instead of raising."""

from __future__ import annotations

from kiosk.demo.panel import DemoPanel
from kiosk.demo.samples import SAMPLE_STAFF
from kiosk.ui.qt import Qt


def test_panel_sends_fresh_cases_and_staff_actions(app, qtbot):
    sent, actions = [], []
    panel = DemoPanel(
        sent.append,
        sign_in=lambda s: actions.append(("in", s.pageCode)),
        sign_out=lambda: actions.append(("out",)),
        set_status=lambda k: actions.append(("status", k)),
    )
    qtbot.addWidget(panel)
    panel.case.setCurrentIndex(1)
    qtbot.mouseClick(panel.invite_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.invite_button, Qt.MouseButton.LeftButton)
    assert [s["taskName"] for s in sent] == ["不动产登记", "不动产登记"]
    assert sent[0]["projectNo"] != sent[1]["projectNo"]
    assert "已发送邀请" in panel.result.text()
    qtbot.mouseClick(panel.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.status_buttons["paused"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.sign_out_button, Qt.MouseButton.LeftButton)
    assert actions == [("in", SAMPLE_STAFF[0].pageCode), ("status", "paused"), ("out",)]


def test_a_failing_callback_is_shown(app, qtbot):
    def refuse(_service):
        raise RuntimeError("another invitation is in progress")

    panel = DemoPanel(refuse)
    qtbot.addWidget(panel)
    qtbot.mouseClick(panel.invite_button, Qt.MouseButton.LeftButton)
    assert panel.result.text() == "失败:another invitation is in progress"
    assert not panel.sign_in_button.isEnabled()
