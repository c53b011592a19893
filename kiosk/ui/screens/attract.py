"""Terminal attract screen (idle): a rotating notice fills the middle; at the bottom 我要评价 (opens the keypad)
and 扫码评价 with a drawing of where to hold the receipt. Hall name and clock are in the top bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk.core.flow.machine import FlowState
from kiosk.core.flow.terminal import TerminalFlow
from kiosk.ui import theme as th
from kiosk.ui.qt import (
    QAbstractButton,
    QBoxLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPointF,
    QRect,
    QRectF,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    translate,
)
from kiosk.ui.screens.base import TerminalScreenView
from kiosk.ui.settings import UiSettings
from kiosk.ui.widgets.keys import draw_line, shrink_to
from kiosk.ui.widgets.labels import fit_wrapped
from kiosk.ui.widgets.notices import ROTATE_S, Notice, NoticeView, default_notices, make_notice

SCANNER_BODY = "#263238"
LASER = "#E53935"


def paint_keypad_icon(p: QPainter, r: QRectF, colour: QColor) -> None:
    """Nine keys in a 3×3 grid."""
    cell = r.width() / 3
    k = cell * 0.74
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    for i in range(9):
        x = r.left() + (i % 3) * cell + (cell - k) / 2
        y = r.top() + (i // 3) * cell + (cell - k) / 2
        p.drawRoundedRect(QRectF(x, y, k, k), k * 0.2, k * 0.2)


def paint_scan_picture(p: QPainter, r: QRectF, colour: QColor) -> None:
    """A receipt held with its QR over the scanner window below it, and an arrow pointing down."""
    s = min(r.width(), r.height())
    x0, y0 = r.left() + (r.width() - s) / 2, r.top() + (r.height() - s) / 2
    line = max(1.5, s * 0.02)
    # the scanner window: a dark slot with a red laser line
    win = QRectF(x0 + s * 0.08, y0 + s * 0.78, s * 0.84, s * 0.18)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(SCANNER_BODY))
    p.drawRoundedRect(win, s * 0.04, s * 0.04)
    p.setPen(QPen(QColor(LASER), max(2.0, s * 0.025), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(win.left() + s * 0.08, win.center().y()), QPointF(win.right() - s * 0.08, win.center().y()))
    # the receipt: paper with a torn (zigzag) bottom edge, a few lines of print, a QR code at the bottom
    paper = QRectF(x0 + s * 0.14, y0 + s * 0.04, s * 0.48, s * 0.64)
    path = QPainterPath(paper.topLeft())
    path.lineTo(paper.topRight())
    path.lineTo(paper.right(), paper.bottom())
    teeth = 6
    step = paper.width() / teeth
    for i in range(teeth):
        path.lineTo(paper.right() - step * (i + 0.5), paper.bottom() - s * 0.03)
        path.lineTo(paper.right() - step * (i + 1), paper.bottom())
    path.closeSubpath()
    p.setPen(QPen(colour, line))
    p.setBrush(QColor("#FFFFFF"))
    p.drawPath(path)
    p.setPen(QPen(QColor("#9AA5B1"), line, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for i, w in enumerate((0.7, 0.55, 0.65)):
        y = paper.top() + s * (0.08 + 0.06 * i)
        p.drawLine(QPointF(paper.left() + s * 0.06, y), QPointF(paper.left() + s * 0.06 + paper.width() * w, y))
    q = s * 0.26
    qr = QRectF(paper.center().x() - q / 2, paper.bottom() - q - s * 0.07, q, q)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(th.TEXT))
    f = q * 0.34  # three finder patterns and a few modules
    for fx, fy in ((0, 0), (q - f, 0), (0, q - f)):
        outer = QRectF(qr.left() + fx, qr.top() + fy, f, f)
        p.drawRect(outer)
        p.setBrush(QColor("#FFFFFF"))
        p.drawRect(outer.adjusted(f / 7, f / 7, -f / 7, -f / 7))
        p.setBrush(QColor(th.TEXT))
        p.drawRect(outer.adjusted(f * 2 / 7, f * 2 / 7, -f * 2 / 7, -f * 2 / 7))
    m = q / 10
    for cx, cy in ((5, 5), (6, 7), (8, 6), (7, 9), (9, 8), (5, 8), (9, 9)):
        p.drawRect(QRectF(qr.left() + cx * m, qr.top() + cy * m, m, m))
    # the arrow: down, from beside the receipt to the window
    ax = x0 + s * 0.80
    pen = QPen(QColor(th.PRIMARY), max(3.0, s * 0.05), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.drawLine(QPointF(ax, y0 + s * 0.16), QPointF(ax, y0 + s * 0.60))
    head = QPainterPath(QPointF(ax - s * 0.11, y0 + s * 0.55))
    head.lineTo(ax, y0 + s * 0.70)
    head.lineTo(ax + s * 0.11, y0 + s * 0.55)
    p.setPen(QPen(QColor(th.PRIMARY), max(3.0, s * 0.05), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(head)


class ActionTile(QAbstractButton):
    """A large tile: a picture on the left, a bold title and one or two lines of explanation."""

    def __init__(
        self,
        title: str,
        subtitle: str,
        picture: Callable[[QPainter, QRectF, QColor], None],
        *,
        primary: bool,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setText(title)
        self.subtitle = subtitle
        self.picture = picture
        self.primary = primary
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._theme = th.Theme(1280, 800)
        if not primary:  # a hint, not a button: taps go through
            self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_theme(self, theme: th.Theme) -> None:
        self._theme = theme
        self.setFixedHeight(theme.px("action_h"))
        self.update()

    def _parts(self) -> tuple[QRectF, QRect, QFont, QRect, QFont, bool]:
        """(picture rect, title rect, title font, subtitle rect, subtitle font, fits): the title and the
        subtitle (two lines at most) centred together beside the picture."""
        t = self._theme
        pad = t.px(20)
        h = self.height()
        pic = (h - 2 * pad) * (1.0 if not self.primary else 0.62)
        pic_rect = QRectF(pad * 1.5, (h - pic) / 2, pic, pic)
        left = int(pic_rect.right() + pad * 1.5)
        width = max(1, self.width() - left - pad)
        title_font, title_ok = shrink_to(self.text(), t.px("action_title"), width, bold=True)
        title_h = QFontMetrics(title_font).height()
        room = QRect(left, 0, width, max(1, h - 2 * pad - title_h))
        sub_font, sub_ok = fit_wrapped(self.subtitle, room, t.px("service"), max_lines=2)
        flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft)
        sub_h = min(room.height(), QFontMetrics(sub_font).boundingRect(room, flags, self.subtitle).height())
        gap = t.px(6)
        top = max(pad, (h - title_h - gap - sub_h) // 2)
        title = QRect(left, top, width, title_h)
        sub = QRect(left, top + title_h + gap, width, sub_h)
        return pic_rect, title, title_font, sub, sub_font, title_ok and sub_ok

    def fits(self) -> bool:
        return self._parts()[5]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        t = self._theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        if self.primary:
            bg = QColor(th.PRIMARY).darker(120 if self.isDown() else 100)
            p.setPen(Qt.PenStyle.NoPen)
            fg, sub_fg = QColor(th.PRIMARY_TEXT), QColor(th.PRIMARY_TEXT)
        else:
            bg = QColor(th.CARD_BG)
            p.setPen(QPen(QColor(th.CARD_BORDER), max(1, t.px(2))))
            fg, sub_fg = QColor(th.TEXT), QColor(th.SECONDARY)
        p.setBrush(bg)
        p.drawRoundedRect(r, t.px("radius"), t.px("radius"))
        pic, title, title_font, sub, sub_font, _ = self._parts()
        self.picture(p, pic, fg)
        draw_line(p, title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.text(), title_font, fg)
        p.setFont(sub_font)
        p.setPen(sub_fg)
        p.drawText(sub, int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft), self.subtitle)
        p.end()


class AttractScreen(TerminalScreenView):
    """What a terminal shows while nobody uses it."""

    def __init__(self, flow: TerminalFlow, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(flow, settings, parent)
        self.notice = NoticeView()
        self.rate = ActionTile(
            translate("Attract", "我要评价"),
            translate("Attract", "输入办件编号\n对办理的事项进行评价"),
            paint_keypad_icon,
            primary=True,
        )
        self.rate.setAccessibleName(self.rate.text())
        self.rate.clicked.connect(lambda: self.call(self.flow.open_keypad))
        self.scan = ActionTile(
            translate("Attract", "扫码评价"),
            translate("Attract", "将凭条上的二维码\n对准下方扫描窗口"),
            paint_scan_picture,
            primary=False,
        )
        self.action_box = QWidget()
        self.action_row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.action_box)
        self.action_row.setContentsMargins(0, 0, 0, 0)
        self.action_row.addWidget(self.rate, 1)
        self.action_row.addWidget(self.scan, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.notice, 1)
        lay.addWidget(self.action_box)
        self.lay = lay
        self._epoch = flow.clock.monotonic()
        self.set_notices(default_notices())

    def set_notices(self, items: Sequence[str | Path | Notice]) -> None:
        self.notice.set_notices([make_notice(i) for i in items])
        self._epoch = self.flow.clock.monotonic()

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        m = theme.px("margin")
        self.lay.setContentsMargins(m, m, m, m)
        self.lay.setSpacing(m)
        self.notice.set_theme(theme)
        self.rate.set_theme(theme)
        self.scan.set_theme(theme)
        self.action_row.setDirection(
            QBoxLayout.Direction.TopToBottom if theme.portrait else QBoxLayout.Direction.LeftToRight
        )
        self.action_row.setSpacing(m)

    def show_state(self, state: FlowState) -> None:
        self.refresh(None)

    def refresh(self, remaining_s: int | None) -> None:
        """Rotate the notice every ROTATE_S seconds of the flow's clock."""
        elapsed = self.flow.clock.monotonic() - self._epoch
        self.notice.show_index(int(max(0.0, elapsed) // ROTATE_S))
