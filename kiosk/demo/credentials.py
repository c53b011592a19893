"""The demo's credentials: the local API token and the central emulator's app mark and secret. Public by design,
so `kiosk doctor` fails a pad that still uses them; Qt-free, so the doctor reads them without loading the demo."""

from __future__ import annotations

DEMO_TOKEN = "demo-token"
DEMO_MARK, DEMO_SECRET = "demo-mark", "demo-secret"
DEMO_QR_SECRET = "demo-qr-secret"  # signs the demo's rating links; the emulator's mobile page verifies them
