"""DeviceBridge: calls from a worker thread arrive as signals on the GUI thread."""

from __future__ import annotations

import threading

from kiosk.ui.bridge import DeviceBridge
from kiosk.ui.qt import QApplication


def test_listener_calls_from_a_thread_arrive_on_the_gui_thread(app, qtbot):
    bridge = DeviceBridge()
    gui = threading.current_thread()
    seen: list[tuple] = []
    bridge.key.connect(lambda level: seen.append(("key", level, threading.current_thread() is gui)))
    bridge.online.connect(lambda: seen.append(("online", threading.current_thread() is gui)))
    bridge.offline.connect(lambda: seen.append(("offline", threading.current_thread() is gui)))
    bridge.info.connect(lambda m, f, s: seen.append(("info", m, f, s, threading.current_thread() is gui)))
    bridge.sync_status.connect(lambda d: seen.append(("sync", d, threading.current_thread() is gui)))

    def worker():
        bridge.on_online()
        bridge.on_info("EV-5", "1.2.0", "SN0001")
        bridge.on_key(2)
        status = {"state": "ok", "depth": 3}
        bridge.on_sync_status(status)
        status["depth"] = 99  # the GUI gets a copy made at the call
        bridge.post(lambda: seen.append(("posted", threading.current_thread() is gui)))
        bridge.on_offline()

    t = threading.Thread(target=worker)
    t.start()
    t.join(5)
    qtbot.waitUntil(lambda: len(seen) == 6, timeout=3000)
    assert seen == [
        ("online", True),
        ("info", "EV-5", "1.2.0", "SN0001", True),
        ("key", 2, True),
        ("sync", {"state": "ok", "depth": 3}, True),
        ("posted", True),
        ("offline", True),
    ]


def test_post_is_queued_even_on_the_gui_thread_and_survives_a_failing_callback(app, qtbot, caplog):
    bridge = DeviceBridge()
    seen = []

    def boom():
        raise RuntimeError("callback failed")

    bridge.post(boom)
    bridge.post(lambda: seen.append(1))
    assert seen == []  # not run inline
    qtbot.waitUntil(lambda: seen == [1], timeout=2000)
    QApplication.processEvents()
    assert "posted callback failed" in caplog.text
