#!/usr/bin/env bash
# Prove the arm64 path on an amd64 machine: make a Debian 12 arm64 root with debootstrap under
# qemu-user-static, install an arm64 bundle in it with install.sh --bundle (its Debian packages from the
# bundle, no network inside), then render `kiosk selftest` and `kiosk screenshot` there. Long (8 minutes
# under emulation on 2 cores, 2 with the root of an earlier run kept): by hand or nightly, not in CI. As root:
#
#   installer/check-arm64.sh [--bundle kiosk-<version>-arm64.tar.gz] [--dir DIR] [--mirror URL]
#
# Needs debootstrap, qemu-user-static and binfmt-support (apt-get install them); without --bundle it builds
# one with installer/bundle.sh --arch arm64. The screenshots land in DIR/screens (default
# /var/tmp/kiosk-arm64); the root is kept in DIR/root for a second run (debootstrap is skipped then).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bundle="" dir=/var/tmp/kiosk-arm64 mirror=http://deb.debian.org/debian
while (($#)); do
  case $1 in
    --bundle) bundle=$(realpath "${2:?}"); shift 2 ;;
    --dir) dir=$(realpath -m "${2:?}"); shift 2 ;;
    --mirror) mirror=${2:?}; shift 2 ;;
    -h | --help) sed -n '7p' "$0" | sed 's/^#   /usage: /'; exit 0 ;;
    *) echo "check-arm64: unknown option $1" >&2; exit 2 ;;
  esac
done
say() { printf 'check-arm64: %s\n' "$*"; }
die() { printf 'check-arm64: FAILED: %s\n' "$*" >&2; exit 1; }

[[ $EUID -eq 0 ]] || die "run as root"
for tool in debootstrap qemu-aarch64-static; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
if [[ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]]; then
  mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc ||
    die "cannot mount binfmt_misc (a container without it cannot run arm64 programs)"
  update-binfmts --enable qemu-aarch64 2>/dev/null || true
  [[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]] || die "qemu-aarch64 is not registered with binfmt_misc"
fi

mkdir -p "$dir"
if [[ -z $bundle ]]; then
  say "building an arm64 bundle"
  bundle=$("$here/bundle.sh" --arch arm64 --out "$dir" | tail -1)
fi
root=$dir/root
qemu_into_root() {  # the binfmt interpreter is looked up inside the chroot
  local interp
  interp=$(sed -n 's/^interpreter //p' /proc/sys/fs/binfmt_misc/qemu-aarch64)
  mkdir -p "$root/usr/bin" "$root$(dirname "$interp")"
  cp /usr/bin/qemu-aarch64-static "$root/usr/bin/"
  [[ $interp == /usr/bin/qemu-aarch64-static ]] || cp /usr/bin/qemu-aarch64-static "$root$interp"
}
if [[ ! -f $root/.kiosk-debootstrap-done ]]; then
  say "debootstrap bookworm arm64 into $root (minbase; two stages, the second under qemu)"
  rm -rf "$root"
  debootstrap --arch=arm64 --variant=minbase --foreign bookworm "$root" "$mirror" > "$dir/debootstrap.log" 2>&1 ||
    { tail -20 "$dir/debootstrap.log" >&2; die "debootstrap failed (log: $dir/debootstrap.log)"; }
  qemu_into_root
  chroot "$root" /debootstrap/debootstrap --second-stage >> "$dir/debootstrap.log" 2>&1 ||
    { tail -20 "$dir/debootstrap.log" >&2; die "debootstrap's second stage failed (log: $dir/debootstrap.log)"; }
  touch "$root/.kiosk-debootstrap-done"
fi
qemu_into_root

mounted=()
cleanup() {
  local m
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    m=${mounted[i]}
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
}
trap cleanup EXIT
for fs in proc sys dev; do
  mountpoint -q "$root/$fs" || { mount --bind "/$fs" "$root/$fs" && mounted+=("$root/$fs"); }
done

rm -rf "$root/tmp/bundle" "$root/tmp/screens"
mkdir -p "$root/tmp/bundle"
cp "$bundle" "$root/tmp/bundle/"
name=$(basename "$bundle" .tar.gz)
say "installing $name in the arm64 root (offline: Debian packages and wheels from the bundle)"
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root /bin/bash -c \
  "cd /tmp/bundle && tar xzf $name.tar.gz && $name/installer/install.sh --bundle /tmp/bundle/$name.tar.gz" \
  || die "install.sh failed in the arm64 root"
[[ $(chroot "$root" dpkg --print-architecture) == arm64 ]] || die "the root is not arm64"
say "kiosk selftest and kiosk screenshot as user kiosk, arm64 under qemu"
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin QT_QPA_PLATFORM=offscreen /bin/bash -c \
  "runuser -u kiosk -- /opt/kiosk/current/bin/kiosk selftest --shot /tmp/screens/selftest.png &&
   runuser -u kiosk -- /opt/kiosk/current/bin/kiosk screenshot --out /tmp/screens" ||
  die "the release does not run in the arm64 root"
rm -rf "$dir/screens"
cp -r "$root/tmp/screens" "$dir/screens"
say "arm64: $(chroot "$root" /opt/kiosk/current/venv/bin/python -c \
  'import PySide6, platform; print(platform.machine(), "PySide6", PySide6.__version__)')"
say "$(find "$dir/screens" -name '*.png' | wc -l) screenshots in $dir/screens: look at them"
