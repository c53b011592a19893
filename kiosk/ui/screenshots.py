"""Render every screen in every layout to PNG (offscreen): `render_all(out_dir)`.

Drives a real Flow (FakeClock, StoreSink on a temporary SQLite file) through each screen, so the pictures
show exactly what the pad shows.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from kiosk.core.errors import StorageUnavailable
from kiosk.core.flow import Flow, FlowSettings, StaffStatus
from kiosk.core.model import Evaluation, Service
from kiosk.core.timefmt import FakeClock
from kiosk.store.db import Store
from kiosk.store.sink import StoreSink
from kiosk.ui.qt import QApplication, ensure_app
from kiosk.ui.samples import SAMPLE_STAFF, sample_service
from kiosk.ui.settings import UiSettings
from kiosk.ui.window import PadWindow

LAYOUTS: tuple[tuple[int, int, bool], ...] = (
    (1280, 800, False),
    (1920, 1080, False),
    (800, 1280, False),
    (1280, 800, True),
)


class SwitchableSink:
    """A StoreSink that can be told to fail, to show the storage-failure screen."""

    def __init__(self, inner: StoreSink):
        self.inner = inner
        self.broken = False

    def _check(self) -> None:
        if self.broken:
            raise StorageUnavailable("simulated storage failure (screenshot)")

    def assess_numbers(self, project_no: str) -> set[int]:
        self._check()
        return self.inner.assess_numbers(project_no)

    def save_service(self, service: Service) -> Service:
        self._check()
        return self.inner.save_service(service)

    def save_rating(self, ev: Evaluation) -> None:
        self._check()
        self.inner.save_rating(ev)

    def finish_rating(self, ev: Evaluation) -> None:
        self._check()
        self.inner.finish_rating(ev)

    def writable(self) -> bool:
        return not self.broken and self.inner.writable()


def layout_name(width: int, height: int, elder: bool) -> str:
    return f"{width}x{height}{'-elder' if elder else ''}"


def scenes(window: PadWindow, flow: Flow, clock: FakeClock, sink: SwitchableSink):
    """Yield (name, state-or-None) after moving the flow to each screen; None renders flow.state."""
    staff = SAMPLE_STAFF[0]
    flow.sign_in(staff)
    yield "idle", None
    flow.set_staff_status(StaffStatus.PAUSED)
    yield "idle-paused", None
    flow.set_staff_status(StaffStatus.AWAY)
    yield "idle-away", None
    flow.sign_out()
    yield "idle-signed-out", None
    flow.sign_in(staff)
    flow.invite(sample_service(0))
    clock.advance(3)
    yield "invited", None
    flow.press(5, "screen")
    flow.toggle_reason(flow.catalog.for_level(5)[0].code)
    flow.toggle_reason(flow.catalog.for_level(5)[7].code)
    yield "details-good", None
    flow.submit()
    yield "thanks", None
    clock.advance(flow.settings.thanks_s)
    flow.tick()
    flow.invite(sample_service(1))
    flow.press(2, "screen")
    flow.submit()  # nothing chosen: the rule message
    message = flow.state.message
    reasons = flow.catalog.for_level(2)
    flow.toggle_reason(reasons[0].code)
    flow.toggle_reason(reasons[6].code)
    yield "details-bad", replace(flow.state, message=message)
    flow.submit()
    clock.advance(flow.settings.thanks_s)
    flow.tick()
    flow.invite(sample_service(2))
    clock.advance(flow.settings.invite_timeout_s)
    flow.tick()
    yield "expired", None
    clock.advance(flow.settings.thanks_s)
    flow.tick()
    flow.invite(sample_service(0, project_no="420100202611230099"))
    sink.broken = True
    flow.press(4, "screen")
    yield "unavailable", None
    sink.broken = False


def make_pad(width: int, height: int, elder: bool, db_path: Path):
    """A pad window on a real flow (FakeClock, switchable StoreSink on `db_path`); its timer is stopped."""
    clock = FakeClock()
    store = Store(db_path, clock=clock)
    sink = SwitchableSink(StoreSink(store))
    flow = Flow(sink, clock, FlowSettings(device_id="PAD-03", window="3号窗口"))
    settings = UiSettings(
        width=width, height=height, elder_mode=elder, hall="政务服务中心", window="3号窗口", dept_name="人社局"
    )
    window = PadWindow(flow, settings)
    window.timer.stop()  # the scenes move the clock themselves
    window.set_status_line("评价器已连接 · 待上传 0 条")
    return window, flow, clock, sink, store


def render_all(out_dir: Path) -> list[Path]:
    """Render every screen in every layout (and elder mode at 1280×800) to `out_dir`; returns the files."""
    app = ensure_app()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-shots-") as tmp:
        for width, height, elder in LAYOUTS:
            name = layout_name(width, height, elder)
            window, flow, clock, sink, store = make_pad(width, height, elder, Path(tmp) / f"{name}.sqlite")
            window.show()
            try:
                for scene, state in scenes(window, flow, clock, sink):
                    if state is not None:
                        window.render_state(state)
                    window.refresh()
                    settle(app)
                    path = out_dir / f"{name}_{scene}.png"
                    if not window.grab().save(str(path)):
                        raise OSError(f"could not write {path}")
                    written.append(path)
            finally:
                window.close()
                window.deleteLater()
                settle(app)
                store.close()
    return written


def settle(app: QApplication) -> None:
    """Let layouts and pending resize events run (offscreen, nothing waits for a display)."""
    for _ in range(3):
        app.processEvents()
