"""The technician's 统计 page: a period chosen by touch (今天, 近 7 天, 近 30 天, 本月), its figures in one line
(ratings, 好评率, the 20-point score, 差评 and incomplete ones, flags, ignored presses), the ratings per level
as bars and the daily 好评率 as a line (kiosk.ui.technician.charts).

The figures are read off the GUI thread (TechnicianPort.stats opens its own connection; a year of ratings
is a query of a few tens of milliseconds, a slow SD card may take longer); the answer comes back through a
queued signal, and an answer for a period no longer chosen is dropped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta

from kiosk.core.stats import Period, Report
from kiosk.core.timefmt import SHANGHAI
from kiosk.ui import theme as th
from kiosk.ui.qt import QT_TRANSLATE_NOOP, QHBoxLayout, QObject, Signal, translate
from kiosk.ui.technician.charts import GoodRateTrend, LevelBars
from kiosk.ui.technician.pages import TechPage
from kiosk.ui.technician.port import TechnicianPort
from kiosk.ui.technician.widgets import TextBox, size_buttons, tech_button

log = logging.getLogger(__name__)

PERIODS = (
    ("today", QT_TRANSLATE_NOOP("TechStats", "今天")),
    ("7d", QT_TRANSLATE_NOOP("TechStats", "近7天")),
    ("30d", QT_TRANSLATE_NOOP("TechStats", "近30天")),
    ("month", QT_TRANSLATE_NOOP("TechStats", "本月")),
)


def shanghai_today() -> date:
    return datetime.now(SHANGHAI).date()


def period_for(key: str, today: date) -> Period:
    if key == "today":
        return Period(today, today)
    if key == "7d":
        return Period(today - timedelta(days=6), today)
    if key == "30d":
        return Period(today - timedelta(days=29), today)
    return Period(today.replace(day=1), today)


def summary_text(report: Report) -> str:
    o = report.overall
    flags = o.flags
    return translate(
        "TechStats",
        "评价 {total} 次 · 好评率 {rate} · 得分 {score}/20 · 差评 {bad}(不完整 {incomplete})· "
        "标记 快按 {fast} / 连按 {burst} / 无人 {walk} · 无效按键 {ignored}",
    ).format(
        total=o.total,
        rate=f"{o.good_rate:.1%}",
        score=f"{o.score:.2f}",
        bad=o.bad,
        incomplete=o.incomplete,
        fast=flags["fast_press"],
        burst=flags["burst"],
        walk=flags["walk_in_no_staff"],
        ignored=o.ignored,
    )


class _Loaded(QObject):
    done = Signal(object, object)  # (period key, Report or the exception)


class StatsPage(TechPage):
    title_text = QT_TRANSLATE_NOOP("TechPages", "统计")
    wants_snapshot = False  # its own figures, loaded when a period is chosen

    def __init__(self, technician: TechnicianPort, today: Callable[[], date] = shanghai_today):
        super().__init__(technician)
        self.today = today
        self.buttons = {key: tech_button(translate("TechStats", label)) for key, label in PERIODS}
        row = QHBoxLayout()
        for key, b in self.buttons.items():
            b.clicked.connect(lambda _=False, key=key: self.choose(key))
            row.addWidget(b)
        self.button_row = row
        self.summary = TextBox("secondary", max_lines=2)
        self.bars = LevelBars()
        self.trend = GoodRateTrend()
        self.lay.addLayout(row)
        self.lay.addWidget(self.summary)
        self.lay.addWidget(self.bars, 3)
        self.lay.addWidget(self.trend, 2)
        self.current = "7d"
        self.report: Report | None = None
        self._loaded = _Loaded()
        self._loaded.done.connect(self._show)

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        size_buttons(theme, *self.buttons.values())
        self.button_row.setSpacing(theme.px(12))
        self.bars.set_theme(theme)
        self.trend.set_theme(theme)

    def enter(self) -> None:
        self.choose(self.current)

    def choose(self, key: str) -> None:
        self.current = key
        for k, b in self.buttons.items():
            b.kind = "primary" if k == key else "fn"
            b.update()
        period = period_for(key, self.today())
        self.summary.set_text(translate("TechStats", "正在统计…"), th.SECONDARY)
        threading.Thread(target=self._load, args=(key, period), name="tech-stats", daemon=True).start()

    def _load(self, key: str, period: Period) -> None:
        """On a worker thread: the query; the answer goes back to the GUI thread by the queued signal."""
        try:
            result: object = self.technician.stats(period)
        except Exception as exc:  # the store is gone, a bug: said on the page
            log.exception("statistics failed")
            result = exc
        try:
            self._loaded.done.emit(key, result)
        except RuntimeError:  # the page was destroyed meanwhile (the pad closing): nobody to tell
            log.debug("statistics loaded for a page that is gone")

    def _show(self, key: str, result: object) -> None:
        if key != self.current:
            return  # a period chosen since
        if not isinstance(result, Report):
            self.report = None
            self.summary.set_text(translate("TechStats", "无法统计:{error}").format(error=result), th.ERROR)
            return
        self.report = result
        self.summary.set_text(summary_text(result), th.TEXT)
        self.bars.set_counts(result.overall.by_level)
        self.trend.set_days([(day, t.good_rate if t.total else None) for day, t in result.daily()])
