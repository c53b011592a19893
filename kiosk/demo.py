"""The embedded demo: sample staff and cases, simulated evaluator, central emulator on loopback.

Everything a newcomer touches goes through the real paths: invitations are sent over the local HTTP API,
the simulated evaluator's presses go through the device bridge, ratings sync to the emulator over HTTP.
"""

from __future__ import annotations

import atexit
import logging
import threading
from pathlib import Path

import requests

log = logging.getLogger(__name__)

DEMO_TOKEN = "demo-token"
DEMO_MARK, DEMO_SECRET = "demo-mark", "demo-secret"

SAMPLE_SERVICES = [
    {"taskCode": "11420100MB1234567X4420117001", "taskName": "社会保障卡挂失", "deptCode": "420100RS",
     "proDepart": "市人力资源和社会保障局", "userName": "张小三", "certKey": "420102199001011234", "userProp": 1},
    {"taskCode": "11420100MB1234567X4420217002", "taskName": "不动产登记(转移登记)", "deptCode": "420100ZR",
     "proDepart": "市自然资源和规划局", "userName": "李四", "certKey": "420103198512125678", "userProp": 1},
    {"taskCode": "11420100MB1234567X4420317003", "taskName": "营业执照办理", "deptCode": "420100SJ",
     "proDepart": "市市场监督管理局", "userName": "武汉示例科技有限公司", "certKey": "91420100MA4K12345X",
     "userProp": 2},
    {"taskCode": "11420100MB1234567X4420417004", "taskName": "居民身份证换领", "deptCode": "420100GA",
     "proDepart": "市公安局", "userName": "欧阳小明", "certKey": "420104200203034321", "userProp": 1},
]

_emulator = None


def demo_overrides(data_dir: Path, *, terminal: bool = False) -> dict:
    """Config for the demo: simulated evaluator, a token on the local API, the emulator on loopback."""
    global _emulator
    from kiosk.sync.emulator import CentralEmulator

    if _emulator is None:
        _emulator = CentralEmulator(data_dir / "central-emulator.db", DEMO_MARK, DEMO_SECRET).start()
        atexit.register(_emulator.stop)
        log.info("central emulator on %s", _emulator.url)
    return {
        "device": {"id": "KIOSK-DEMO-01", "mode": "terminal" if terminal else "window"},
        "evaluator": {"driver": "sim"},
        "api": {"token": DEMO_TOKEN},
        "central": {"url": _emulator.url, "app_mark": DEMO_MARK, "app_secret": DEMO_SECRET,
                    "interval_seconds": 10, "verify_tls": True},
    }


def seed(kiosk) -> None:
    """Give a fresh demo pad its roster (the same staff the emulator's profile serves) and sign one in."""
    from kiosk.sync.demo_profile import demo_profile
    from kiosk.sync.profile import apply_profile

    if not kiosk.staff():
        apply_profile(kiosk.store, demo_profile(), None)
    staff = kiosk.staff()
    if staff and kiosk.cfg.device.mode == "window":
        kiosk.flow.sign_in(staff[0])


class DemoBusinessSystem:
    """The demo panel's back end: talks to the pad over the local HTTP API, off the GUI thread."""

    def __init__(self, api_url: str, report):
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


def attach_demo(kiosk, gui) -> None:
    """Seed the pad and open the demo's business-system panel beside it."""
    from kiosk.ui.demo_panel import DemoPanel

    seed(kiosk)
    cfg = kiosk.cfg
    api_url = f"http://127.0.0.1:{cfg.api.port}"
    panel_holder: dict = {}

    def report(line: str) -> None:
        gui.bridge.post(lambda: panel_holder["panel"].show_result(line) if "panel" in panel_holder else None)

    business = DemoBusinessSystem(api_url, report)
    sim = kiosk.evaluator if hasattr(kiosk.evaluator, "press") else None
    panel = DemoPanel(
        services=SAMPLE_SERVICES,
        staff=[s.to_dict() for s in kiosk.staff()],
        send_invitation=business.send_invitation,
        sign_in=business.sign_in,
        sign_out=business.sign_out,
        set_status=business.set_status,
        device_press=sim.press if sim is not None else None,
    )
    panel_holder["panel"] = panel
    gui.demo_panel = panel
    panel.show()
