"""The screen audit, measured on the rendered widgets: text contrast, touch targets, clipped text, and the five
levels told apart without colour. The tests (tests/unit/ui/test_audit.py, test_layout_fit.py) and
`kiosk screenshot` use it on the demo scenes.

Contrast is computed from the colours actually painted: the window is grabbed twice, as is and with every text
blanked (QLabel / QLineEdit texts set empty, and QPainter.drawText / QPainterPath.addText made no-ops for the
widgets that paint their own text). The pixels that differ are text pixels; each belongs to the topmost
visible widget there. Per widget and per background colour (the blank render's pixel, when it covers at
least BG_SHARE of the widget's text pixels) the text colour is the changed pixel farthest (in contrast) from
that background; the widget's ratio is the lowest over its backgrounds (WCAG 2.1 relative luminance).
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations

from kiosk.ui.qt import (
    QAbstractButton,
    QImage,
    QLabel,
    QLineEdit,
    QPainter,
    QPainterPath,
    QPoint,
    QRect,
    Qt,
    QWidget,
)
from kiosk.ui.theme import MIN_TARGET_MM, TARGET_PROPERTY
from kiosk.ui.widgets.labels import FitLabel

MIN_CONTRAST = 4.5  # WCAG 2.1 AA, normal text
HIGH_CONTRAST = 7.0  # WCAG 2.1 AAA: the high_contrast theme
BG_SHARE = 0.1  # a background behind at least this share of a widget's text pixels counts
MIN_SHAPE_DIFF = 0.3  # of the ink not common to all five faces, two faces differ in at least this share


# --- colour --------------------------------------------------------------------------------------------------


@cache
def luminance(rgb: int) -> float:
    """WCAG 2.1 relative luminance of 0xRRGGBB."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel((rgb >> 16) & 0xFF) + 0.7152 * channel((rgb >> 8) & 0xFF) + 0.0722 * channel(rgb & 0xFF)


def contrast(a: int, b: int) -> float:
    """WCAG 2.1 contrast ratio of two 0xRRGGBB colours (1 … 21)."""
    la, lb = luminance(a & 0xFFFFFF), luminance(b & 0xFFFFFF)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def hex_colour(rgb: int) -> str:
    return f"#{rgb & 0xFFFFFF:06X}"


def describe(w: QWidget) -> str:
    text = getattr(w, "full_text", None) or getattr(w, "text", None)
    shown = text() if callable(text) else ""
    return f"{type(w).__name__}({shown!r})" if shown else type(w).__name__


# --- text contrast -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextContrast:
    """The painted contrast of one widget's text: its worst background, the text colour farthest from it."""

    widget: str
    fg: str
    bg: str
    ratio: float
    pixels: int

    def __str__(self) -> str:
        return f"{self.widget}: {self.fg} on {self.bg} = {self.ratio:.2f}:1 ({self.pixels} px)"


def _no_text(*args: object, **kwargs: object) -> None:
    return None


@contextlib.contextmanager
def texts_blanked(window: QWidget) -> Iterator[None]:
    """Every text of `window` blanked, everything else painted as before (no event is processed in between,
    so nothing moves): QLabel and QLineEdit texts emptied (signals blocked), painted text dropped."""
    undo: list[Callable[[], None]] = []
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window):
            continue
        if isinstance(w, QLabel) and w.text():
            undo.append(_blank_label(w))
        elif isinstance(w, QLineEdit):
            undo.append(_blank_line_edit(w))
    draw_text, add_text = QPainter.drawText, QPainterPath.addText
    setattr(QPainter, "drawText", _no_text)  # noqa: B010 (patched for the blank render only)
    setattr(QPainterPath, "addText", _no_text)  # noqa: B010
    try:
        yield
    finally:
        setattr(QPainter, "drawText", draw_text)  # noqa: B010
        setattr(QPainterPath, "addText", add_text)  # noqa: B010
        for fn in reversed(undo):
            fn()


def _blank_label(w: QLabel) -> Callable[[], None]:
    """Empty `w` (QLabel's own setText: a FitLabel keeps its full text and font); returns what puts it back."""
    text = w.text()
    QLabel.setText(w, "")
    return lambda: QLabel.setText(w, text)


def _blank_line_edit(w: QLineEdit) -> Callable[[], None]:
    """Empty `w` (text and placeholder, no signal sent); returns what puts them back."""
    text, placeholder = w.text(), w.placeholderText()
    blocked = w.blockSignals(True)
    w.setText("")
    w.setPlaceholderText("")

    def undo() -> None:
        w.setText(text)
        w.setPlaceholderText(placeholder)
        w.blockSignals(blocked)

    return undo


def _visible_widgets(window: QWidget) -> list[tuple[QWidget, QRect]]:
    """Visible widgets in paint order (depth first, later siblings on top) with their rect in the window,
    clipped to their ancestors."""
    out: list[tuple[QWidget, QRect]] = [(window, window.rect())]

    def walk(parent: QWidget, clip: QRect) -> None:
        for child in parent.children():
            if isinstance(child, QWidget) and not child.isWindow() and child.isVisible():
                rect = QRect(child.mapTo(window, QPoint(0, 0)), child.size()).intersected(clip)
                if not rect.isEmpty():
                    out.append((child, rect))
                    walk(child, rect)

    walk(window, window.rect())
    return out


def _packed(image: QImage, fmt: QImage.Format, depth: int) -> bytes:
    """The pixels of `image` in `fmt` (`depth` bytes each), rows without padding."""
    img = image.convertToFormat(fmt)
    w, h, line = img.width(), img.height(), img.bytesPerLine()
    raw = bytes(img.constBits())
    if line == w * depth:
        return raw[: w * h * depth]
    return b"".join(raw[y * line : y * line + w * depth] for y in range(h))


_MARK = bytes([0] + [1] * 255)  # bytes.translate table: 1 where the difference image is not zero


def _difference(shown: QImage, blank: QImage) -> bytes:
    """Where the two renders differ: |shown - blank| per channel (QPainter's Difference mode, in C++), 3 bytes
    a pixel, rows unpadded, each byte mapped to 1 when not zero (for bytes.find / rfind)."""
    diff = shown.convertToFormat(QImage.Format.Format_RGB32)
    p = QPainter(diff)
    p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Difference)
    p.drawImage(0, 0, blank.convertToFormat(QImage.Format.Format_RGB32))
    p.end()
    return _packed(diff, QImage.Format.Format_RGB888, 3).translate(_MARK)


def _changed_span(diff: bytes, start: int, end: int) -> tuple[int, int] | None:
    """The first and last + 1 differing pixel in pixels [start, end) of `diff`, or None."""
    first = diff.find(1, 3 * start, 3 * end)
    if first < 0:
        return None
    return first // 3, diff.rfind(1, 3 * start, 3 * end) // 3 + 1


def text_contrasts(window: QWidget) -> list[TextContrast]:
    """The painted text contrast of every widget of `window` that shows text, worst first."""
    shown = window.grab().toImage()
    with texts_blanked(window):
        blank = window.grab().toImage()
    if blank.size() != shown.size():
        raise ValueError("the two renders differ in size")
    width, height = shown.width(), shown.height()
    diff = _difference(shown, blank)
    fa = memoryview(_packed(shown, QImage.Format.Format_RGB32, 4)).cast("I")
    fb = memoryview(_packed(blank, QImage.Format.Format_RGB32, 4)).cast("I")
    widgets = _visible_widgets(window)
    pairs: dict[int, Counter[tuple[int, int]]] = {}
    for y in range(height):
        row = y * width
        span = _changed_span(diff, row, row + width)
        if span is None:
            continue
        first, last = span[0] - row, span[1] - row
        # the widget on top at each x of this row (the last in paint order), changing only at rect edges
        on_row = [(i, r) for i, (_, r) in enumerate(widgets) if r.top() <= y <= r.bottom()]
        cuts = sorted({first, last, *(x for _, r in on_row for x in (r.left(), r.right() + 1) if first < x < last)})
        for x0, x1 in zip(cuts, cuts[1:], strict=False):
            changed = _changed_span(diff, row + x0, row + x1)
            if changed is None:
                continue
            owner = next(i for i, r in reversed(on_row) if r.left() <= x0 <= r.right())
            p0, p1 = changed
            # every (blank, shown) pair of the span; the unchanged pixels (blank == shown) are dropped below
            pairs.setdefault(owner, Counter()).update(zip(fb[p0:p1], fa[p0:p1], strict=True))
    found = []
    for i, all_pairs in pairs.items():
        counts = {(bg & 0xFFFFFF, fg & 0xFFFFFF): n for (bg, fg), n in all_pairs.items() if bg != fg}
        total = sum(counts.values())
        by_bg: Counter[int] = Counter()
        for (bg, _), n in counts.items():
            by_bg[bg] += n
        worst: TextContrast | None = None
        for bg, n in by_bg.items():
            if n < BG_SHARE * total:
                continue
            ratio, fg = max((contrast(f, bg), f) for (g, f) in counts if g == bg)
            if worst is None or ratio < worst.ratio:
                worst = TextContrast(describe(widgets[i][0]), hex_colour(fg), hex_colour(bg), ratio, total)
        if worst is not None:
            found.append(worst)
    return sorted(found, key=lambda c: c.ratio)


# --- touch targets -------------------------------------------------------------------------------------------


def is_target(w: QWidget) -> bool:
    """A control a finger aims at: a button, an input that takes a click, a kiosk widget with its own
    mousePressEvent, or one marked with the TARGET_PROPERTY (pressed through an event filter)."""
    if isinstance(w, QAbstractButton) or bool(w.property(TARGET_PROPERTY)):
        return True
    if w.isEnabled() and (w.focusPolicy().value & Qt.FocusPolicy.ClickFocus.value):
        return True
    return any(
        "mousePressEvent" in vars(cls) for cls in type(w).__mro__ if getattr(cls, "__module__", "").startswith("kiosk")
    )


@dataclass(frozen=True)
class Target:
    widget: str
    width_mm: float
    height_mm: float

    def __str__(self) -> str:
        return f"{self.widget}: {self.width_mm:.1f} × {self.height_mm:.1f} mm"


def targets(window: QWidget, px_per_mm: float) -> list[Target]:
    """Every visible touch target of `window` with its size in mm, smallest first."""
    found = [
        Target(describe(w), w.width() / px_per_mm, w.height() / px_per_mm)
        for w in window.findChildren(QWidget)
        if w.isVisibleTo(window) and is_target(w)
    ]
    return sorted(found, key=lambda t: min(t.width_mm, t.height_mm))


def small_targets(window: QWidget, px_per_mm: float, min_mm: float = MIN_TARGET_MM) -> list[Target]:
    return [t for t in targets(window, px_per_mm) if t.width_mm < min_mm - 1e-6 or t.height_mm < min_mm - 1e-6]


# --- clipped text --------------------------------------------------------------------------------------------


def clipped(window: QWidget) -> list[str]:
    """'Nothing clipped': each visible widget lies inside its parent and the window; every text fits its
    widget (single-line labels by font metrics, wrapped labels by height-for-width, painted buttons, chips,
    notices, displays and messages by their own `fits()`) and is shown whole (not elided)."""
    found = []
    win_rect = window.rect()
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window) or w.width() == 0 and w.height() == 0 and not isinstance(w, QLabel):
            continue
        where = f"{type(w).__name__}({getattr(w, 'text', lambda: '')()!r})"
        top_left = w.mapTo(window, QPoint(0, 0))
        if not win_rect.contains(QRect(top_left, w.size())):
            found.append(f"{where} at {top_left.toTuple()} {w.size().toTuple()} outside the window")
        parent = w.parentWidget()
        if parent is not None and not parent.rect().contains(w.geometry()):
            found.append(f"{where} {w.geometry().getRect()} outside its parent {type(parent).__name__}")
        if isinstance(w, FitLabel):
            if w.full_text() and w.text() != w.full_text():
                found.append(f"{where} elided (full text {w.full_text()!r})")
            if not w.fits():
                found.append(f"{where} text wider than the label ({w.width()} px)")
        elif isinstance(w, QLabel) and w.text():
            if w.wordWrap():
                if w.heightForWidth(w.width()) > w.height():
                    found.append(f"{where} wrapped text taller than the label")
            elif w.fontMetrics().horizontalAdvance(w.text()) > w.contentsRect().width():
                found.append(f"{where} text wider than the label")
        if isinstance(w, QLabel) and w.text() and w.height() < w.fontMetrics().height():
            found.append(f"{where} lower than its font")
        fits = getattr(w, "fits", None)
        if isinstance(w, QAbstractButton) and callable(fits) and not fits():
            found.append(f"{where} text does not fit the button {w.size().toTuple()}")
        elif not isinstance(w, (QLabel, QAbstractButton)) and callable(fits) and not fits():
            found.append(f"{where} painted text does not fit {w.size().toTuple()}")  # notices, displays, messages
    return found


# --- the five levels without colour --------------------------------------------------------------------------


def _grey(image: QImage) -> tuple[bytes, bytes, int]:
    """The image in 8-bit grey and its alpha, rows unpadded, and its width."""
    grey = _packed(image, QImage.Format.Format_Grayscale8, 1)
    return grey, _packed(image, QImage.Format.Format_Alpha8, 1), image.width()


def _ink(grey: bytes, alpha: bytes, width: int) -> set[tuple[int, int]]:
    """The (x, y) of the pixels that stand out from the button's own background (its most common grey) by
    more than 48 levels; what is not opaque (outside a rounded shape) is not ink."""
    bg = Counter(grey).most_common(1)[0][0]
    return {
        (i % width, i // width)
        for i, (v, a) in enumerate(zip(grey, alpha, strict=True))
        if a == 255 and abs(v - bg) > 48
    }


def _shape_differences(faces: list[tuple[int, set[tuple[int, int]]]]) -> list[tuple[int, int, float]]:
    """(level, level, share) for each pair: of the ink not common to every face (the ring they all have, the
    corners), the share that only one of the two has."""
    common = set.intersection(*(ink for _, ink in faces)) if faces else set()
    out = []
    for (va, fa), (vb, fb) in combinations(faces, 2):
        a, b = fa - common, fb - common
        out.append((va, vb, len(a ^ b) / len(a | b) if a | b else 0.0))
    return out


def level_problems(buttons: Sequence[QAbstractButton], words: dict[int, str]) -> list[str]:
    """The five level buttons told apart without colour: in greyscale, with the text blanked, each face's
    shape (its ink against the button's own grey) differs from every other's by MIN_SHAPE_DIFF of their ink;
    and each button carries its word (`words[value]`) and paints it."""
    found = []
    faces: list[tuple[int, set[tuple[int, int]]]] = []
    for b in buttons:
        value = int(getattr(b, "value", 0))
        if b.text() != words.get(value):
            found.append(f"level {value}: word {b.text()!r}, expected {words.get(value)!r}")
        grey, _, _ = _grey(b.grab().toImage())
        with texts_blanked(b):
            blank = _grey(b.grab().toImage())
        if grey == blank[0]:
            found.append(f"level {value}: no word painted")
        faces.append((value, _ink(*blank)))
        if not faces[-1][1]:
            found.append(f"level {value}: no face painted (greyscale)")
    for va, vb, share in _shape_differences(faces):
        if share < MIN_SHAPE_DIFF:
            found.append(f"levels {va} and {vb}: faces differ in {share:.0%} of their ink in greyscale")
    return found


def face_differences(buttons: Sequence[QAbstractButton]) -> list[float]:
    """The share by which each pair of level faces differs in greyscale (as level_problems measures it)."""
    faces = []
    for b in buttons:
        with texts_blanked(b):
            faces.append((int(getattr(b, "value", 0)), _ink(*_grey(b.grab().toImage()))))
    return [share for _, _, share in _shape_differences(faces)]
