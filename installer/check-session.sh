#!/usr/bin/env bash
# Prove the session works on this machine without a screen: run the installed release in cage's headless
# wlroots backend (WLR_BACKENDS=headless, WLR_RENDERER=pixman) as an unprivileged user, wait for the pad's
# first frame and capture the screen with grim. Run as root after install.sh (packages cage, xwayland, grim):
#
#   installer/check-session.sh [--root DIR] [--user NAME] [--out FILE.png] [--timeout S]
#
# It uses a copy of the installed config and a scratch data dir, so the live data is not touched and a
# running kiosk is not disturbed. --user defaults to kiosk (nobody where there is no kiosk user, e.g. --root).
set -euo pipefail

ROOT="" user="" out="$PWD/kiosk-session.png" timeout_s=60
while (($#)); do
  case $1 in
    --root) ROOT=$(realpath -m "${2:?}"); shift 2 ;;
    --user) user=${2:?}; shift 2 ;;
    --out) out=$(realpath -m "${2:?}"); shift 2 ;;
    --timeout) timeout_s=${2:?}; shift 2 ;;
    -h | --help) sed -n '6p' "$0" | sed 's/^#   /usage: /'; exit 0 ;;
    *) echo "check-session: unknown option $1" >&2; exit 2 ;;
  esac
done
say() { printf 'check-session: %s\n' "$*"; }
die() { printf 'check-session: FAILED: %s\n' "$*" >&2; exit 1; }

[[ $EUID -eq 0 ]] || die "run as root (it runs the pad as an unprivileged user)"
K=$ROOT/opt/kiosk/current/bin/kiosk
[[ -x $K ]] || die "no installed release at $K (installer/install.sh first)"
for tool in cage grim runuser; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
if [[ -z $user ]]; then if id kiosk >/dev/null 2>&1; then user=kiosk; else user=nobody; fi; fi
[[ $(id -u "$user") -ne 0 ]] || die "--user must not be root (Debian's cage refuses to run as root anyway)"

scratch=$(mktemp -d /tmp/kiosk-session.XXXXXX)
pid=""
cleanup() {
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
mkdir -p "$scratch/runtime" "$scratch/data" "$scratch/home"
cp "$ROOT/etc/kiosk/kiosk.toml" "$scratch/kiosk.toml" 2>/dev/null || "$K" config default > "$scratch/kiosk.toml"
chown -R "$user" "$scratch"
chmod 0700 "$scratch/runtime"
chmod 0755 "$scratch"

session_env=(HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/runtime" WLR_BACKENDS=headless WLR_RENDERER=pixman
  WLR_LIBINPUT_NO_DEVICES=1 QT_QPA_PLATFORM=wayland KIOSK_CONFIG="$scratch/kiosk.toml"
  KIOSK_DATA_DIR="$scratch/data" KIOSK_LOG_STDERR=1)
say "cage (headless, pixman) running $K as $user"
runuser -u "$user" -- env -i PATH=/usr/bin:/bin "${session_env[@]}" \
  cage -d -s -- "$K" run --no-api > "$scratch/session.log" 2>&1 &
pid=$!

deadline=$((SECONDS + timeout_s))
until grep -q '^kiosk ready' "$scratch/session.log"; do
  kill -0 "$pid" 2>/dev/null || { cat "$scratch/session.log" >&2; die "the session ended before the first frame"; }
  ((SECONDS < deadline)) || { cat "$scratch/session.log" >&2; die "no first frame within $timeout_s s"; }
  sleep 0.5
done
say "$(grep -m1 '^kiosk ready' "$scratch/session.log") (first frame, Qt platform wayland)"
sleep 1  # let cage composite the frame the app just committed
socket=$(find "$scratch/runtime" -maxdepth 1 -name 'wayland-*' ! -name '*.lock' -printf '%f\n' | head -1)
[[ -n $socket ]] || die "cage made no Wayland socket in $scratch/runtime"
runuser -u "$user" -- env -i XDG_RUNTIME_DIR="$scratch/runtime" WAYLAND_DISPLAY="$socket" grim "$scratch/shot.png" ||
  die "grim could not capture the screen"
mkdir -p "$(dirname "$out")"
cp "$scratch/shot.png" "$out"
if grep -qi 'could not load the qt platform plugin\|Traceback' "$scratch/session.log"; then
  cat "$scratch/session.log" >&2
  die "the app logged an error (above)"
fi
say "screen captured to $out ($(stat -c %s "$out") bytes): look at it"
