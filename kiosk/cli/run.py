"""`kiosk run`, `kiosk demo` and `kiosk screenshot`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

from kiosk import config, logs
from kiosk.app.gui import GuiRun
from kiosk.app.kiosk import Kiosk
from kiosk.store.db import StorageError

log = logging.getLogger(__name__)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="TOML file (default: $KIOSK_CONFIG, else built-in defaults)")
    parser.add_argument("--data-dir", help="data directory (default: $KIOSK_DATA_DIR, else ~/.local/share/kiosk)")
    parser.add_argument("--no-api", action="store_true", help="do not serve the local API")
    parser.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)  # startup bench


def _load(args: argparse.Namespace, overrides: dict | None = None) -> config.Config | None:
    try:
        return config.load(args.config, args.data_dir, overrides)
    except config.ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return None


def _run(cfg: config.Config, args: argparse.Namespace, *, demo: bool, started: float) -> int:
    logs.setup(cfg.data_dir)
    log.info(
        "kiosk starting: device %s, mode %s, config %s, data %s",
        cfg.device.id,
        cfg.device.mode,
        cfg.source,
        cfg.data_dir,
    )
    for warning in cfg.warnings:
        log.warning("config %s: %s", cfg.source, warning)
    try:
        kiosk = Kiosk(cfg, demo=demo)
    except StorageError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    gui = GuiRun(kiosk, exit_when_ready=args.exit_when_ready, started=started)
    if demo:
        from kiosk.demo.embedded import seed  # the demo and its central emulator: a production run loads neither

        seed(kiosk)

    def after_first_frame() -> None:
        """What the first frame need not wait for: the centre link, terminal parts, the demo panel."""
        kiosk.attach_sync(gui.bridge.post)
        kiosk.attach_peripherals(gui.bridge.post)
        gui.connect_peripherals()
        if demo:
            from kiosk.demo.embedded import attach_demo  # the demo: a production run never loads it

            attach_demo(kiosk, gui)

    gui.after_first_frame = after_first_frame
    if not args.no_api:
        gui.start_api()
    return gui.exec()


def main_run(argv: list[str]) -> int:
    started = time.monotonic()
    parser = argparse.ArgumentParser(prog="kiosk run", description="run the evaluation pad or terminal")
    _common(parser)
    args = parser.parse_args(argv)
    cfg = _load(args)
    return 2 if cfg is None else _run(cfg, args, demo=False, started=started)


def main_demo(argv: list[str]) -> int:
    started = time.monotonic()
    parser = argparse.ArgumentParser(prog="kiosk demo", description="the embedded demo")
    _common(parser)
    parser.add_argument("--terminal", action="store_true", help="demo the 24-hour self-service terminal")
    parser.add_argument(
        "--bind", default="127.0.0.1", help="the emulator's address (0.0.0.0: a phone on the LAN can scan the QR)"
    )
    args = parser.parse_args(argv)
    if not args.data_dir and not os.environ.get("KIOSK_DATA_DIR"):
        args.data_dir = str(config.default_data_dir().with_name("kiosk-demo"))
    from kiosk.demo.embedded import demo_overrides  # the demo and its central emulator: only for `kiosk demo`

    cfg = _load(
        args,
        demo_overrides(Path(args.data_dir or os.environ["KIOSK_DATA_DIR"]), terminal=args.terminal, bind=args.bind),
    )
    if cfg is None:
        return 2
    print(f"demo: the QR codes open the rating page {cfg.qr.url_template.split('?')[0]}", flush=True)
    return _run(cfg, args, demo=True, started=started)


def main_screenshot(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk screenshot", description="render every screen to PNG")
    parser.add_argument("--out", required=True, help="output directory")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.demo.screenshots import render_all  # the demo's scenes: only for `kiosk screenshot`

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    paths = render_all(out)
    for p in paths:
        print(p)
    print(f"{len(paths)} screenshots in {out}", file=sys.stderr)
    return 0
