"""`kiosk central`: run the reference central emulator (kiosk/central/) until SIGINT/SIGTERM.

It listens on 127.0.0.1 unless `--bind ADDRESS`; with `--qr-secret S` (the pads' `qr.secret`) it also serves the
mobile rating page the pads' QR codes lead to (kiosk/central/mobile.py) and prints the `qr.url_template` to use.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading

from kiosk.central.mobile import DEFAULT_PATH, rating_template
from kiosk.central.server import FAULTS, CentralEmulator
from kiosk.sync.settings import PROTOCOLS


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kiosk central", description="reference central 好差评 emulator (loopback unless --bind)"
    )
    p.add_argument("--port", type=int, default=8780, help="TCP port on 127.0.0.1 (0 = any free port)")
    p.add_argument("--db", help="SQLite file holding what the emulator received (required unless --new-keys)")
    p.add_argument("--app-mark", default="demo-mark")
    p.add_argument("--app-secret", default="demo-secret")
    p.add_argument("--signer", default="hmac-sha256", choices=("hmac-sha256", "hmac-sm3"))
    p.add_argument("--faults", default="", help=f"comma list of: {','.join(FAULTS)}")
    p.add_argument("--fault-rate", type=float, default=0.0, help="probability that a request gets a fault")
    p.add_argument("--seed", type=int, default=None, help="seed of the fault RNG")
    p.add_argument("--slow-s", type=float, default=15.0, help="how long the 'slow' fault sleeps")
    p.add_argument("--retry-after", type=int, default=1, help="Retry-After seconds of 429/503 faults")
    p.add_argument("--profile", default="", help="JSON file with the device profile (default: built-in demo)")
    p.add_argument("--time-offset", type=float, default=0.0, help="shift serverTime by this many seconds")
    p.add_argument("--bind", default="127.0.0.1", help="address to listen on (0.0.0.0: reachable from the LAN)")
    p.add_argument("--qr-secret", default="", help="the pads' qr.secret: serve the mobile rating page with it")
    p.add_argument("--qr-path", default=DEFAULT_PATH, help="path of the rating page (the pads' url_template's)")
    p.add_argument("--protocol", default="kiosk-json", choices=PROTOCOLS, help="wire protocol of the device push")
    p.add_argument("--app-word", default="", help="envelope-sm2 / url-form-sm2: the appWord")
    p.add_argument("--private-key", default="", help="envelope-sm2 / url-form-sm2: the platform's SM2 private key")
    p.add_argument("--new-keys", action="store_true", help="print a fresh SM2 key pair (for a test setup) and exit")
    p.add_argument("-v", "--verbose", action="store_true")
    return p


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.new_keys:
        from kiosk.sync.protocols.sm2 import new_key_pair

        private, public = new_key_pair()
        print(f"private_key = {private}\nplatform_public_key = {public}")
        return 0
    if not args.db:
        print("kiosk central: --db is required", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    if not 0 <= args.fault_rate <= 1:
        print("kiosk central: --fault-rate must be between 0 and 1", file=sys.stderr)
        return 2
    profile = None
    if args.profile:
        try:
            with open(args.profile, encoding="utf-8") as fh:
                profile = json.load(fh)
        except (OSError, ValueError) as exc:
            print(f"kiosk central: cannot read profile {args.profile}: {exc}", file=sys.stderr)
            return 2
    try:
        emu = CentralEmulator(
            args.db,
            args.app_mark,
            args.app_secret,
            port=args.port,
            faults=args.faults,
            fault_rate=args.fault_rate,
            seed=args.seed,
            signer=args.signer,
            slow_s=args.slow_s,
            retry_after_s=args.retry_after,
            time_offset_s=args.time_offset,
            profile=profile,
            host=args.bind,
            qr_secret=args.qr_secret or None,
            qr_path=args.qr_path,
            protocol=args.protocol,
            app_word=args.app_word,
            private_key=args.private_key,
        )
        emu.start()
    except (OSError, ValueError) as exc:
        print(f"kiosk central: {exc}", file=sys.stderr)
        return 2
    done = threading.Event()

    def _stop(signum, frame):  # noqa: ARG001
        done.set()

    previous = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM)}
    print(f"central emulator listening on {emu.public_url if args.bind != '127.0.0.1' else emu.url}", flush=True)
    if emu.provincial is not None:
        print(f"protocol {emu.protocol}, platform_public_key = {emu.provincial.public_key}", flush=True)
    if emu.mobile is not None:
        print(f"mobile rating page: qr.url_template = {rating_template(emu.public_url, args.qr_path)}", flush=True)
    try:
        while not done.wait(0.5):
            pass
    finally:
        emu.stop()
        for s, h in previous.items():
            signal.signal(s, h)
        print("central emulator stopped", flush=True)
    return 0
