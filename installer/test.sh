#!/usr/bin/env bash
# Run every check: set up (idempotent), lint, type-check, then the whole test suite offscreen; on amd64 the
# tests that load Qt run a second time under the Qt arm64 halls get (.venv-qt-arm64, the pin of
# installer/requirements/arm64.txt). Arguments go to both pytest runs. Usage: bash installer/test.sh [PYTEST ARGS]
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check kiosk tests bench
.venv/bin/ruff format --check kiosk tests bench
.venv/bin/mypy
status=0
.venv/bin/python -m pytest -q "$@" || status=$?

# Every test that loads Qt: the screens, the demo, whole runs (e2e, python -O), the app around the GUI with the
# doctor's Qt probe, the commands; the rest tests packages that load no Qt (tests/unit/test_layering.py) and the
# installer, whose bundles pin Qt by architecture themselves.
# tests/e2e's sync, crash and full-disk files load no Qt (kiosk/sync, kiosk/store only): not run twice.
QT_TESTS=(tests/unit/ui tests/unit/demo tests/e2e tests/unit/app tests/unit/cli tests/unit/test_layering.py
  tests/unit/test_optimize.py --ignore=tests/e2e/test_sync_exactly_once.py --ignore=tests/e2e/test_crash.py
  --ignore=tests/e2e/test_full_disk.py)
if [[ -x .venv-qt-arm64/bin/python ]]; then
  pin=$(sed -n 's/^pyside6-essentials==//p' installer/requirements/arm64.txt)
  got=$(.venv-qt-arm64/bin/python -c 'from importlib.metadata import version; print(version("pyside6-essentials"))')
  [[ $got == "$pin" ]] || { echo "test: .venv-qt-arm64 has PySide6 $got, arm64.txt pins $pin" >&2; exit 1; }
  echo "test: the Qt tests again under arm64's PySide6 $pin (.venv-qt-arm64)"
  .venv-qt-arm64/bin/python -m pytest -q "$@" "${QT_TESTS[@]}" || status=$?
fi
exit "$status"
