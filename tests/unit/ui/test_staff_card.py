"""The staff card's picture: a silhouette while there is no photo, the photo cropped otherwise; both grey."""

from __future__ import annotations

from kiosk.ui.qt import QColor, QImage
from kiosk.ui.widgets.staff_card import PhotoView

CALM = ("#dde3ea", "#9aa6b5", "#9aa6b5", "#dde3ea")
GREYED = ("#d0d3d8", "#a8adb4", "#a8adb4", "#d0d3d8")


def silhouette(view: PhotoView) -> tuple[str, str, str, str]:
    """The colours of the box above the head, the head, the shoulders, and the box beside them."""
    img = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    box, head, shoulders, beside = (
        QColor(img.pixel(x, y)).name() for x, y in ((80, 8), (80, 60), (80, 190), (10, 190))
    )
    return box, head, shoulders, beside


def test_silhouette_is_drawn_and_greys(app):
    view = PhotoView()
    view.resize(160, 200)
    view.show()
    assert silhouette(view) == CALM
    view.set_greyed(True)
    assert silhouette(view) == GREYED


def test_a_photo_replaces_the_silhouette_and_greys(app, tmp_path):
    photo = QImage(80, 100, QImage.Format.Format_RGB32)
    photo.fill(QColor("#C03020"))
    path = tmp_path / "staff.png"
    assert photo.save(str(path))
    view = PhotoView()
    view.resize(160, 200)
    view.set_photo(str(path))
    view.show()
    assert view.has_photo()
    assert silhouette(view) == ("#c03020",) * 4  # the photo fills the whole box, no silhouette on it

    def centre() -> QColor:
        return QColor(view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32).pixel(80, 100))

    assert centre().name() == "#c03020"
    view.set_greyed(True)
    grey = centre()
    assert grey.red() == grey.green() == grey.blue()
    view.set_photo("")  # signed out: the silhouette again
    assert not view.has_photo() and silhouette(view) == GREYED
