"""The five rating buttons: colour, a face drawn with QPainter (smile → frown) and the level's word.

The word is the level name in the interface language; a long translation ("Very dissatisfied") that does not
fit one line even shrunk goes on two lines (split at a space).
"""

from __future__ import annotations

from kiosk.core.levels import level_name
from kiosk.ui import theme as th
from kiosk.ui.font import font
from kiosk.ui.i18n import domain
from kiosk.ui.qt import (
    QAbstractButton,
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
    QSize,
    QSizePolicy,
    Qt,
    QWidget,
)
from kiosk.ui.widgets.labels import MIN_SHRINK

# mouth curvature (fraction of the face) per level: + smiles, - frowns
_MOUTH = {5: 0.30, 4: 0.16, 3: 0.0, 2: -0.14, 1: -0.26}


def paint_face(p: QPainter, rect: QRectF, value: int, colour: QColor) -> None:
    """A round face in `colour` lines: eyes, a mouth from a broad smile (5) to a deep frown (1)."""
    s = min(rect.width(), rect.height())
    x0 = rect.center().x() - s / 2
    y0 = rect.center().y() - s / 2
    pen_w = max(2.0, s * 0.06)
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(colour, pen_w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QRectF(x0 + pen_w / 2, y0 + pen_w / 2, s - pen_w, s - pen_w))
    # eyes
    p.setBrush(colour)
    p.setPen(Qt.PenStyle.NoPen)
    eye = s * 0.09
    for ex in (0.35, 0.65):
        p.drawEllipse(QPointF(x0 + s * ex, y0 + s * 0.40), eye / 2, eye / 2 * (1.25 if value >= 3 else 1.0))
    # brows for the two 差评 levels
    p.setPen(QPen(colour, pen_w * 0.8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.setBrush(Qt.BrushStyle.NoBrush)
    if value <= 2:
        tilt = s * (0.05 if value == 2 else 0.09)
        p.drawLine(QPointF(x0 + s * 0.26, y0 + s * 0.28), QPointF(x0 + s * 0.42, y0 + s * 0.28 - tilt))
        p.drawLine(QPointF(x0 + s * 0.74, y0 + s * 0.28), QPointF(x0 + s * 0.58, y0 + s * 0.28 - tilt))
    # mouth
    p.setPen(QPen(colour, pen_w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    curve = _MOUTH[value] * s
    base_y = y0 + s * (0.64 if curve >= 0 else 0.74)
    half = s * (0.22 if value in (5, 1) else 0.18)
    cx = x0 + s / 2
    mouth = QPainterPath(QPointF(cx - half, base_y))
    mouth.quadTo(QPointF(cx, base_y + curve), QPointF(cx + half, base_y))
    p.drawPath(mouth)
    p.restore()


class LevelButton(QAbstractButton):
    """One rating button. Vertical (face above word) in landscape, horizontal (face left) when stacked."""

    def __init__(self, value: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.value = value
        self.setText(domain(level_name(value)))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(f"{value} {self.text()}")
        self._theme = th.Theme(1280, 800)
        self.horizontal = False

    def set_theme(self, theme: th.Theme, *, horizontal: bool) -> None:
        self._theme = theme
        self.horizontal = horizontal
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        t = self._theme
        if self.horizontal:
            return QSize(t.px(600), t.px(150))
        return QSize(t.px("button_w"), t.px("button_h"))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        t = self._theme
        if self.horizontal:
            return QSize(t.px(300), t.px(76))
        return QSize(t.px(120), t.px(150))

    # geometry of the parts, shared by paint and fits()
    def _parts(self) -> tuple[QRectF, QRect, QFont, list[str]]:
        """(face rect, word rect, word font, word lines)."""
        t = self._theme
        pad = t.px(12)
        w, h = self.width(), self.height()
        if self.horizontal:
            face = min(t.px("face"), h - 2 * pad)
            face_rect = QRectF(t.px(32), (h - face) / 2, face, face)
            left = int(face_rect.right()) + t.px(32)
            word_font, lines = self._word(max(1, w - left - pad))
            return face_rect, QRect(left, pad, max(1, w - left - pad), h - 2 * pad), word_font, lines
        word_font, lines = self._word(w - pad)
        one_line = QFontMetrics(t.font("word", bold=True)).height()  # the unshrunk line: one-line words align
        word_h = one_line if len(lines) == 1 else QFontMetrics(word_font).height() * len(lines)
        face = max(8, min(t.px("face"), w - 2 * pad, h - word_h - 3 * pad))
        total = face + pad + word_h
        top = (h - total) / 2
        face_rect = QRectF((w - face) / 2, top, face, face)
        return face_rect, QRect(pad // 2, int(top + face + pad), w - pad, word_h), word_font, lines

    def _word(self, width: int) -> tuple[QFont, list[str]]:
        """The word's font and lines at `width`: one line, shrunk down to MIN_SHRINK; else two lines split at
        the space that balances them best (English), shrunk as far as needed."""
        base = self._theme.px("word")
        floor = base * MIN_SHRINK
        text = self.text()
        px = base
        while True:
            f = font(px, bold=True)
            if QFontMetrics(f).horizontalAdvance(text) <= width or px <= floor:
                break
            px -= 1
        words = text.split(" ")
        if QFontMetrics(f).horizontalAdvance(text) <= width or len(words) < 2:
            return f, [text]
        splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
        px = base
        while True:
            f = font(px, bold=True)
            fm = QFontMetrics(f)
            best = min(splits, key=lambda s: max(fm.horizontalAdvance(s[0]), fm.horizontalAdvance(s[1])))
            if max(fm.horizontalAdvance(best[0]), fm.horizontalAdvance(best[1])) <= width or px <= 1:
                return f, list(best)
            px -= 1

    def fits(self) -> bool:
        _, rect, word_font, lines = self._parts()
        fm = QFontMetrics(word_font)
        return all(fm.horizontalAdvance(x) <= rect.width() for x in lines) and (
            fm.height() * len(lines) <= rect.height() + 1
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        t = self._theme
        bg, fg = th.level_colours(self.value)
        if self.isDown():
            bg = bg.darker(125)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(bg)
        p.drawRoundedRect(QRectF(self.rect()), t.px("radius"), t.px("radius"))
        face_rect, word_rect, word_font, lines = self._parts()
        paint_face(p, face_rect, self.value, fg)
        p.setFont(word_font)
        p.setPen(fg)
        align = Qt.AlignmentFlag.AlignVCenter | (
            Qt.AlignmentFlag.AlignLeft if self.horizontal else Qt.AlignmentFlag.AlignHCenter
        )
        p.drawText(word_rect, int(align), "\n".join(lines))
        p.end()
