"""The demo's shipped credentials: the local API token and the emulator's app mark and secret.

Qt-free and tiny on purpose: `kiosk doctor` imports it to refuse these values on a production pad.
"""

DEMO_TOKEN = "demo-token"
DEMO_MARK, DEMO_SECRET = "demo-mark", "demo-secret"
