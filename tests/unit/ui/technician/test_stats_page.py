"""The technician's 统计 page on a real Kiosk and store: the period by touch, the figures read off the GUI
thread, the bars and the trend fed with the hand-computed figures."""

from __future__ import annotations

import threading
from datetime import date

from kiosk.core.model import Case, Evaluation
from kiosk.ui.qt import Qt
from kiosk.ui.technician.stats_page import StatsPage, period_for
from tests.unit.ui.technician.test_technician import click, sign_in
from tests.unit.ui.technician.test_technician import make_pad as make_kiosk_pad

RATINGS = [  # projectNo, assessTime, satisfaction, assessNumber
    ("T1", "2026-11-18 09:00:00", 5, 1),
    ("T1", "2026-11-18 09:30:00", 1, 2),  # 追加评价
    ("T2", "2026-11-20 10:00:00", 4, 1),
    ("T3", "2026-11-21 11:00:00", 3, 1),
    ("T4", "2026-11-01 08:00:00", 2, 1),  # this month, not within the last 7 days
]


def test_periods_by_touch_figures_off_the_gui_thread(qapp, qtbot, tmp_path):
    kiosk, window, _sim = make_kiosk_pad(qapp, qtbot, tmp_path)
    try:
        for pn, at, level, number in RATINGS:
            kiosk.store.upsert_case(Case(projectNo=pn))
            kiosk.store.add_evaluation(
                Evaluation(
                    projectNo=pn,
                    satisfaction=level,
                    assessTime=at,
                    assessTimeUtc="2026-11-18T01:00:00.000Z",
                    assessNumber=number,
                    evalDetail="108" if level <= 2 else "",
                ),  # fmt: skip
                draft=False,
            )
        threads = []
        real = kiosk.technician.stats

        def stats(period):
            threads.append(threading.current_thread())
            return real(period)

        kiosk.technician.stats = stats
        screen = sign_in(window, qtbot)
        page = screen.pages["stats"]
        assert isinstance(page, StatsPage)
        page.today = lambda: date(2026, 11, 21)
        click(qtbot, screen.menu_buttons["stats"])
        qtbot.waitUntil(lambda: page.report is not None and page.report.period == period_for("7d", date(2026, 11, 21)))
        assert threads and all(t is not threading.main_thread() for t in threads)
        assert page.bars.counts == {5: 1, 4: 1, 3: 1, 2: 0, 1: 1}
        assert [d for d, _ in page.trend.days] == [f"2026-11-{d}" for d in range(15, 22)]
        rates = dict(page.trend.days)
        assert rates["2026-11-18"] == 0.5 and rates["2026-11-20"] == 1.0 and rates["2026-11-19"] is None
        assert "评价 4 次 · 好评率 75.0% · 得分 15.00/20 · 差评 1" in page.summary.text()
        qtbot.mouseClick(page.buttons["month"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.report is not None and page.report.period.start == date(2026, 11, 1))
        assert page.bars.counts[2] == 1 and page.report.overall.total == 5
        assert page.buttons["month"].kind == "primary" and page.buttons["7d"].kind == "fn"
        page.bars.grab()  # paints without error
        page.trend.grab()
    finally:
        window.timer.stop()
        window.close()
        kiosk.stop()


def test_a_failing_query_is_said_on_the_page(qapp, qtbot, tmp_path):
    kiosk, window, _sim = make_kiosk_pad(qapp, qtbot, tmp_path)
    try:

        def broken(period):
            raise OSError("disk I/O error")

        kiosk.technician.stats = broken
        screen = sign_in(window, qtbot)
        click(qtbot, screen.menu_buttons["stats"])
        page = screen.pages["stats"]
        qtbot.waitUntil(lambda: "无法统计" in page.summary.text())
        assert "disk I/O error" in page.summary.text() and page.report is None
    finally:
        window.timer.stop()
        window.close()
        kiosk.stop()
