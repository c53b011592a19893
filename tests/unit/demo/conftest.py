"""The demo's Qt parts use the screens' fixtures."""

from tests.unit.ui.conftest import app, clock, flow, store, window  # noqa: F401
