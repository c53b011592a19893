"""The demo's credentials: its local API token and the emulator's app mark and secret. Qt-free and
dependency-free, so `kiosk doctor` can name them as shipped secrets without loading the demo (or Qt)."""

DEMO_TOKEN = "demo-token"
DEMO_MARK, DEMO_SECRET = "demo-mark", "demo-secret"
