"""The reference central's fixtures are the sync tests' (the client is tested against it)."""

from tests.unit.sync.conftest import emulator, store  # noqa: F401
