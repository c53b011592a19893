"""The device tests' pty fixtures, for the commands that drive those devices."""

from tests.unit.devices.conftest import closers, link, listener

__all__ = ["closers", "link", "listener"]
