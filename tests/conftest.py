"""Test-wide settings: Qt renders offscreen, nothing reaches a real display; text input goes through the on-screen
keyboard as in the app (QT_IM_MODULE, set before pytest-qt's QApplication exists, as ensure_app sets it)."""

import os

from kiosk.ui.keyboard_probe import prepare_environment  # no Qt: it only looks at the wheels' files

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KIOSK_LOG_STDERR", "0")
prepare_environment(os.environ)
