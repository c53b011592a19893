"""The staff card's picture: a silhouette while there is no photo, the photo cropped otherwise; both grey."""

from __future__ import annotations

from kiosk.ui.qt import QColor, QImage
from kiosk.ui.widgets.staff_card import PhotoView


def test_silhouette_is_drawn_and_greys(app):
    view = PhotoView()
    view.resize(160, 200)
    view.show()

    def colours() -> tuple[QColor, QColor]:
        img = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        return QColor(img.pixel(80, 8)), QColor(img.pixel(80, 60))  # the box above the head; the head

    box, head = colours()
    assert (box.name(), head.name()) == ("#dde3ea", "#9aa6b5")
    view.set_greyed(True)
    box, head = colours()
    assert (box.name(), head.name()) == ("#d0d3d8", "#a8adb4")
    assert view.head.isVisible() and view.body.isVisible()


def test_a_photo_replaces_the_silhouette_and_greys(app, tmp_path):
    photo = QImage(80, 100, QImage.Format.Format_RGB32)
    photo.fill(QColor("#C03020"))
    path = tmp_path / "staff.png"
    assert photo.save(str(path))
    view = PhotoView()
    view.resize(160, 200)
    view.set_photo(str(path))
    view.show()
    assert view.has_photo() and not view.head.isVisible() and not view.body.isVisible()

    def centre() -> QColor:
        return QColor(view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32).pixel(80, 100))

    assert centre().name() == "#c03020"
    view.set_greyed(True)
    grey = centre()
    assert grey.red() == grey.green() == grey.blue()
    view.set_photo("")  # signed out: the silhouette again
    assert view.head.isVisible() and view.body.isVisible()
