#!/usr/bin/env bash
# Run every check: set up (idempotent), lint, type-check, then the whole test suite offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check kiosk tests bench
.venv/bin/ruff format --check kiosk tests bench
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
