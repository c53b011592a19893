"""The embedded demo: sample staff and cases, simulated evaluator, central emulator on loopback.

Everything a newcomer touches goes through the real paths: invitations are sent over the local HTTP API,
the simulated evaluator's presses go through the device bridge, ratings sync to the emulator over HTTP.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable
from pathlib import Path

import requests

from kiosk.app.gui import GuiRun
from kiosk.app.kiosk import Kiosk
from kiosk.central.demo_profile import demo_profile
from kiosk.central.mobile import DEFAULT_PATH, rating_template
from kiosk.central.server import CentralEmulator
from kiosk.core.flow.state import DeviceMode
from kiosk.demo.credentials import DEMO_MARK, DEMO_QR_SECRET, DEMO_SECRET, DEMO_TOKEN
from kiosk.demo.panel import DemoPanel
from kiosk.sync.profile import apply_profile

log = logging.getLogger(__name__)

_emulator: CentralEmulator | None = None
_panel: DemoPanel | None = None  # the open panel: a top-level window lives only while something refers to it


def demo_overrides(data_dir: Path, *, terminal: bool = False, bind: str = "127.0.0.1") -> dict:
    """Config for the demo: simulated evaluator, a token on the local API, the emulator on loopback (or `bind`),
    the QR codes leading to the emulator's mobile rating page."""
    global _emulator
    if _emulator is None:
        _emulator = CentralEmulator(
            data_dir / "central-emulator.db", DEMO_MARK, DEMO_SECRET, host=bind, qr_secret=DEMO_QR_SECRET
        ).start()
        atexit.register(_emulator.stop)
        log.info("central emulator on %s, rating page %s%s", _emulator.url, _emulator.public_url, DEFAULT_PATH)
    return {
        "device": {"id": "KIOSK-DEMO-01", "mode": "terminal" if terminal else "window"},
        "evaluator": {"driver": "sim"},
        "api": {"token": DEMO_TOKEN},
        "central": {
            "url": _emulator.url,
            "app_mark": DEMO_MARK,
            "app_secret": DEMO_SECRET,
            "interval_seconds": 10,
            "verify_tls": True,
        },
        "qr": {"url_template": rating_template(_emulator.public_url), "secret": DEMO_QR_SECRET},
    }


def seed(kiosk: Kiosk) -> None:
    """Give a fresh demo pad its roster (the same staff the emulator's profile serves) and sign one in."""
    if not kiosk.staff():
        apply_profile(kiosk.store, demo_profile(), None)
    staff = kiosk.staff()
    if staff and kiosk.cfg.device.mode == DeviceMode.WINDOW:
        kiosk.flow.sign_in(staff[0])


class DemoBusinessSystem:
    """The demo panel's back end: talks to the pad over the local HTTP API, off the GUI thread."""

    def __init__(self, api_url: str, report: Callable[[str], None]):
        self.api_url = api_url.rstrip("/")
        self.report = report  # called (on a worker thread) with a short result line
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {DEMO_TOKEN}"
        self._counter = 0

    def _send(self, method: str, path: str, body: dict | None = None) -> None:
        def run() -> None:
            try:
                resp = self.session.request(method, self.api_url + path, json=body, timeout=5)
                self.report(f"{method} {path} → {resp.status_code} {resp.text[:160]}")
            except requests.RequestException as exc:
                self.report(f"{method} {path} failed: {exc}")

        threading.Thread(target=run, daemon=True).start()

    def send_invitation(self, service: dict) -> None:
        self._send("POST", "/api/v1/invitations", {"service": service})

    def sign_in(self, staff_id: str) -> None:
        self._send("POST", "/api/v1/staff/session", {"staffId": staff_id})

    def sign_out(self) -> None:
        self._send("DELETE", "/api/v1/staff/session")

    def set_status(self, status: str) -> None:
        self._send("PUT", "/api/v1/staff/status", {"status": status})


def attach_demo(kiosk: Kiosk, gui: GuiRun) -> None:
    """Open the demo's business-system panel beside the pad."""
    global _panel
    api_url = f"http://127.0.0.1:{kiosk.cfg.api.port}"
    holder: dict[str, DemoPanel] = {}

    def report(line: str) -> None:  # from a worker thread: show it on the GUI thread
        log.info("demo business system: %s", line)
        gui.bridge.post(lambda: holder["panel"].result.setText(line) if "panel" in holder else None)

    business = DemoBusinessSystem(api_url, report)
    panel = DemoPanel(
        business.send_invitation,
        sign_in=lambda staff: business.sign_in(staff.staffId),
        sign_out=business.sign_out,
        set_status=business.set_status,
        staff=kiosk.staff(),
    )
    holder["panel"] = panel
    _panel = panel
    panel.move(40, 40)
    panel.show()
