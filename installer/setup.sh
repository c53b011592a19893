#!/usr/bin/env bash
# Set up kiosk on Debian 12 as root: system packages, a venv in .venv, Python deps (with the test extra); on
# amd64 also .venv-qt-arm64, the same with the Qt that arm64 halls run (installer/test.sh tests both).
# Idempotent: a second run only checks. Usage: bash installer/setup.sh [--no-apt]
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  python3 python3-venv python3-pip           # runtime (skipped when a python3.11 is already on PATH)
  fonts-wqy-microhei                         # CJK font: without it every Chinese glyph is a box
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 libx11-xcb1
  espeak-ng alsa-utils                       # voice prompts: built with espeak-ng, played with aplay
  shellcheck cage xwayland grim              # tests: the installer's scripts, its unit and its session
  chromium chromium-driver libzbar0          # tests only (never the appliance's installer/debian-packages.txt):
                                             # the mobile rating page in a real browser, QR codes read by zbar
)

if [[ "${1:-}" != "--no-apt" ]] && command -v apt-get >/dev/null; then
  missing=()
  for p in "${DEB_PACKAGES[@]}"; do
    [[ "$p" == python3* ]] && command -v python3.11 >/dev/null && continue
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

PY=${PYTHON:-$(command -v python3.11 || command -v python3)}
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 11), f"kiosk needs Python 3.11, found {sys.version}"'
arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
venv() {  # venv DIR PINS: a venv with kiosk (editable, with the keyboard and test extras) under the pins; only checks when current
  local dir=$1 pins=$2 stamp=$1/.kiosk-installed
  [[ -x $dir/bin/python ]] || "$PY" -m venv "$dir"
  if [[ ! -f $stamp || pyproject.toml -nt $stamp || $pins -nt $stamp ||
    installer/requirements/common.txt -nt $stamp ]]; then
    echo "setup: installing Python packages into $dir ($(basename "$pins"))"
    "$dir/bin/python" -m pip install -q --upgrade pip >/dev/null
    "$dir/bin/python" -m pip install -q -e ".[keyboard,test]" -c "$pins"
    touch "$stamp"
  fi
}
venv .venv "installer/requirements/$arch.txt"  # the appliance's pins (installer/bundle.sh) hold here too
# arm64 halls run an older Qt (installer/requirements/arm64.txt: the newest PySide6 bookworm's glibc takes); its
# x86_64 wheels exist, so an amd64 machine tests that Qt too: installer/test.sh runs the Qt tests again in it
if [[ $arch != arm64 ]]; then venv .venv-qt-arm64 installer/requirements/arm64.txt; fi
.venv/bin/python -m compileall -q kiosk  # start-up reads bytecode, never compiles
if [[ ! -f kiosk/assets/voice/thanks.wav ]] && command -v espeak-ng >/dev/null; then
  .venv/bin/kiosk voice build >/dev/null && echo "setup: voice prompts built in kiosk/assets/voice"
fi
echo "setup: ready (.venv/bin/kiosk)"
