"""Test-wide settings: Qt renders offscreen, nothing reaches a real display."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KIOSK_LOG_STDERR", "0")
