"""A sample notice image (a 4:3 poster: the five levels with their faces) for the screenshots and as the
default asset `assets/images/notice-levels.png`: `python -m kiosk.demo.poster OUT.png`."""

from __future__ import annotations

import sys

from kiosk.core.levels import LEVELS, level_name
from kiosk.ui import theme as th
from kiosk.ui.application import ensure_app
from kiosk.ui.font import font
from kiosk.ui.i18n import domain
from kiosk.ui.qt import QColor, QImage, QPainter, QRectF, Qt, translate
from kiosk.ui.widgets.level_button import paint_face


def draw_poster(width: int = 1200, height: int = 900) -> QImage:
    img = QImage(width, height, QImage.Format.Format_RGB32)
    img.fill(QColor(th.TOPBAR_BG))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    u = width / 100
    p.setPen(QColor("#FFFFFF"))
    p.setFont(font(int(7 * u), bold=True))
    p.drawText(
        QRectF(0, 6 * u, width, 12 * u), int(Qt.AlignmentFlag.AlignCenter), translate("Poster", "政务服务 好差评")
    )
    p.setFont(font(int(3.6 * u)))
    p.drawText(
        QRectF(0, 19 * u, width, 7 * u),
        int(Qt.AlignmentFlag.AlignCenter),
        translate("Poster", "您的评价,是我们改进服务的动力"),
    )
    tile_w, gap = 16 * u, 2.5 * u
    left = (width - 5 * tile_w - 4 * gap) / 2
    top, tile_h = 33 * u, 30 * u
    for i, value in enumerate(LEVELS):
        bg, fg = th.level_colours(value)
        r = QRectF(left + i * (tile_w + gap), top, tile_w, tile_h)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(bg)
        p.drawRoundedRect(r, 2 * u, 2 * u)
        face = 9 * u
        paint_face(p, QRectF(r.center().x() - face / 2, r.top() + 5 * u, face, face), value, fg)
        p.setPen(fg)
        p.setFont(font(int(2.9 * u), bold=True))
        p.drawText(
            QRectF(r.left(), r.top() + 18 * u, r.width(), 8 * u),
            int(Qt.AlignmentFlag.AlignCenter),
            domain(level_name(value)),
        )
    p.setPen(QColor("#FFFFFF"))
    p.setFont(font(int(3.2 * u)))
    p.drawText(
        QRectF(0, 67 * u, width, 6 * u),
        int(Qt.AlignmentFlag.AlignCenter),
        translate("Poster", "办事完成后 · 输入办件编号或扫描凭条二维码"),
    )
    p.end()
    return img


def main(argv: list[str]) -> int:
    ensure_app()
    out = argv[0] if argv else "notice-levels.png"
    return 0 if draw_poster().save(out) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
