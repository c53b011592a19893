"""Schemathesis against the served OpenAPI document: no 5xx, every answer matches its documented schema.

The schemathesis CLI runs in a subprocess against the server on 127.0.0.1 (so its pytest plugin and
threads stay out of this process), with every check enabled, a fixed seed and a small example budget.
A simulated citizen presses and submits whatever invitation appears, so long-polls end promptly.
"""

from __future__ import annotations

import os
import threading

import pytest

from kiosk.api import ApiServer
from tests.helpers.api import run_schemathesis, schemathesis_exe
from tests.unit.api.conftest import TOKEN
from tests.unit.api.fake_port import FakePadPort

pytestmark = pytest.mark.skipif(schemathesis_exe() is None, reason="schemathesis is not installed")


class Citizen:
    """Presses 5 and submits on every invitation shortly after it appears."""

    def __init__(self, pad: FakePadPort):
        self.pad = pad
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="citizen")

    def _run(self) -> None:
        while not self.stop.wait(0.02):
            if self.pad.pending_id() is not None and self.pad.press(5):
                self.pad.submit()
                self.pad.advance(10)  # thanks -> idle

    def __enter__(self) -> Citizen:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(5)


def test_schemathesis_finds_no_server_error_and_no_schema_mismatch(tmp_path):
    pad = FakePadPort()
    pad.sign_in("s-001")
    with ApiServer(pad, port_number=0, token=TOKEN) as srv, Citizen(pad):
        res = run_schemathesis(
            srv.url,
            TOKEN,
            tmp_path,
            examples=os.environ.get("KIOSK_SCHEMATHESIS_EXAMPLES", "30"),
            seed=os.environ.get("KIOSK_SCHEMATHESIS_SEED", "20261123"),
            timeout=120,
        )
    output = res.stdout + res.stderr
    assert res.returncode == 0, output[-6000:]
    assert "generated" in output and "passed" in output, output[-3000:]
