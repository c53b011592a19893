"""The statistics page's two charts, drawn with QPainter: ratings per level (bars) and the daily 好评率 (a line).

Hand-drawn rather than a chart library: two small fixed charts (five bars; one line with at most a month or so
of points) in the app's own palette and fonts, for which QtCharts (another large module, and its own look on
each PySide6 version) would be more than the whole page. Every level is told apart by colour, its word and
its count, never by colour alone.
"""

from __future__ import annotations

from kiosk.core.levels import LEVELS, level_name
from kiosk.ui import theme as th
from kiosk.ui.i18n import domain
from kiosk.ui.qt import (
    QColor,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
    QPointF,
    QRectF,
    QSizePolicy,
    Qt,
    QWidget,
    translate,
)


class _Chart(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.theme = th.Theme(1280, 800)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_theme(self, theme: th.Theme) -> None:
        self.theme = theme
        self.setMinimumHeight(theme.px(150))
        self.update()

    def _frame(self, p: QPainter) -> QRectF:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor(th.CARD_BORDER), max(1, self.theme.px(1))))
        p.setBrush(QColor(th.CARD_BG))
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        radius = self.theme.px(10)
        p.drawRoundedRect(r, radius, radius)
        pad = self.theme.px(12)
        return r.adjusted(pad, pad, -pad, -pad)


class LevelBars(_Chart):
    """Five bars, 非常满意 … 非常不满意 left to right, each with its count above and its word below."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[int, int] = dict.fromkeys(LEVELS, 0)

    def set_counts(self, counts: dict[int, int]) -> None:
        self.counts = {lv: int(counts.get(lv, 0)) for lv in LEVELS}
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:
            area = self._frame(p)
            n = len(LEVELS)
            slot = area.width() / n
            words = [domain(level_name(lv)) for lv in LEVELS]
            font = self.theme.font("secondary")
            widest = max(QFontMetrics(font).horizontalAdvance(w) for w in words)
            if widest > slot * 0.96:  # long words (English, portrait): a smaller font before eliding
                font.setPixelSize(max(1, int(font.pixelSize() * max(0.6, slot * 0.96 / widest))))
            fm = QFontMetrics(font)
            p.setFont(font)
            line = fm.height()
            top, bottom = area.top() + line, area.bottom() - line - self.theme.px(4)
            peak = max(self.counts.values()) or 1
            for i, lv in enumerate(LEVELS):
                count = self.counts[lv]
                x = area.left() + i * slot
                bar_w = slot * 0.62
                h = (bottom - top) * count / peak
                bar = QRectF(x + (slot - bar_w) / 2, bottom - h, bar_w, h)
                bg, _fg = th.level_colours(lv)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(bg)
                if count:
                    p.drawRect(bar)
                p.setPen(QColor(th.TEXT))
                p.drawText(QRectF(x, bar.top() - line, slot, line), Qt.AlignmentFlag.AlignCenter, str(count))
                word = fm.elidedText(words[i], Qt.TextElideMode.ElideRight, int(slot))
                p.setPen(QColor(th.SECONDARY))
                p.drawText(QRectF(x, bottom + self.theme.px(4), slot, line), Qt.AlignmentFlag.AlignCenter, word)
        finally:
            p.end()


class GoodRateTrend(_Chart):
    """The daily 好评率, 0–100 %: a point per day with ratings, joined while days follow on; a day without
    ratings is a gap (no point, not a zero)."""

    def __init__(self) -> None:
        super().__init__()
        self.days: list[tuple[str, float | None]] = []  # (yyyy-MM-dd, rate or None)

    def set_days(self, days: list[tuple[str, float | None]]) -> None:
        self.days = list(days)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:
            area = self._frame(p)
            font = self.theme.font("status")
            fm = QFontMetrics(font)
            p.setFont(font)
            label_w = fm.horizontalAdvance("100%") + self.theme.px(6)
            plot = QRectF(area.left() + label_w, area.top() + fm.height() / 2, area.width() - label_w,
                          area.height() - fm.height() * 2)  # fmt: skip
            grid = QPen(QColor(th.CARD_BORDER), max(1, self.theme.px(1)))
            for frac in (0.0, 0.5, 1.0):
                y = plot.bottom() - plot.height() * frac
                p.setPen(grid)
                p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
                p.setPen(QColor(th.SECONDARY))
                p.drawText(QRectF(area.left(), y - fm.height() / 2, label_w - self.theme.px(4), fm.height()),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{frac:.0%}")  # fmt: skip
            if not self.days:
                return
            n = len(self.days)
            step = plot.width() / max(1, n - 1)

            def at(i: int, rate: float) -> QPointF:
                x = plot.left() + (i * step if n > 1 else plot.width() / 2)
                return QPointF(x, plot.bottom() - plot.height() * rate)

            line = QPen(QColor(th.PRIMARY), max(2, self.theme.px(3)))
            p.setPen(line)
            prev: QPointF | None = None
            for i, (_day, rate) in enumerate(self.days):
                if rate is None:
                    prev = None
                    continue
                pt = at(i, rate)
                if prev is not None:
                    p.drawLine(prev, pt)
                prev = pt
            p.setBrush(QColor(th.PRIMARY))
            radius = max(2, self.theme.px(4))
            for i, (_day, rate) in enumerate(self.days):
                if rate is not None:
                    p.drawEllipse(at(i, rate), radius, radius)
            p.setPen(QColor(th.SECONDARY))
            y = plot.bottom() + fm.height() * 0.3
            first, last = self.days[0][0][5:], self.days[-1][0][5:]
            p.drawText(QRectF(plot.left(), y, plot.width(), fm.height()), Qt.AlignmentFlag.AlignLeft, first)
            if n > 1:
                p.drawText(QRectF(plot.left(), y, plot.width(), fm.height()), Qt.AlignmentFlag.AlignRight, last)
            caption = translate("TechStats", "每日好评率")
            p.drawText(QRectF(plot.left(), y, plot.width(), fm.height()), Qt.AlignmentFlag.AlignHCenter, caption)
        finally:
            p.end()
