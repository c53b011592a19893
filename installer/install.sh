#!/usr/bin/env bash
# Turn a Debian 12 machine (amd64 or arm64) into a kiosk appliance, upgrade it, or remove it (as root):
#
#   installer/install.sh [--root DIR] [--no-apt] [--bundle FILE] [--config FILE]
#   installer/install.sh [--root DIR] --uninstall [--purge]
#
# From a checkout it builds a bundle for this machine first (installer/bundle.sh, needs the network);
# --bundle FILE installs from an offline bundle (a USB stick) with no network. Idempotent: a second run
# with the same release only checks. On a machine that has a release already it upgrades: the new release
# is laid beside the old one, passes `kiosk selftest` on a copy of the database, the database is backed up
# (SQLite online backup, /var/lib/kiosk/backups), /opt/kiosk/current is switched, the kiosk restarted and
# READY=1 awaited; on any failure it switches back (docs/appliance.md: what happens to the database then).
#
# A first install writes no config: the first boot opens the setup wizard on the touch screen. --config FILE
# installs a prepared config instead (a fleet, headless provisioning); an existing config is always kept.
# --root DIR lays everything under DIR as it would be under / (tests, CI): no user, no apt, no systemctl;
# the release's venv is built at its final path under DIR and runs from there.
# --uninstall removes the releases, the unit and the rules and keeps the config and the data; --purge also
# removes /etc/kiosk, /var/lib/kiosk and the user.
set -euo pipefail
umask 022

here=$(cd "$(dirname "$0")" && pwd)
ROOT="" NO_APT=0 BUNDLE="" PRESET="" UNINSTALL=0 PURGE=0
READY_TIMEOUT=${KIOSK_READY_TIMEOUT:-120}
SETTLE_S=${KIOSK_SETTLE_S:-10}
GROUPS_WANTED=(dialout video input render audio)

say() { printf 'install: %s\n' "$*"; }
warn() { printf 'install: WARNING: %s\n' "$*" >&2; }
die() { printf 'install: ERROR: %s\n' "$*" >&2; exit 1; }

while (($#)); do
  case $1 in
    --root) ROOT=$(realpath -m "${2:?--root DIR}"); shift 2 ;;
    --no-apt) NO_APT=1; shift ;;
    --bundle) BUNDLE=$(realpath "${2:?--bundle FILE}"); shift 2 ;;
    --config) PRESET=$(realpath "${2:?--config FILE}"); shift 2 ;;
    --uninstall) UNINSTALL=1; shift ;;
    --purge) PURGE=1; shift ;;
    -h | --help) sed -n '4,5p' "$0" | sed 's/^#   /usage: /'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
((PURGE && !UNINSTALL)) && die "--purge goes with --uninstall"
[[ -z $ROOT && $EUID -ne 0 ]] && die "run as root (or with --root DIR for a scratch tree)"

R=$ROOT
ETC=$R/etc/kiosk
CONFIG=$ETC/kiosk.toml
DATA=$R/var/lib/kiosk
OPT=$R/opt/kiosk
UNIT=$R/etc/systemd/system/kiosk.service
PAM=$R/etc/pam.d/kiosk
UDEV=$R/etc/udev/rules.d
MASKED=$OPT/masked.list
live() { [[ -z $ROOT ]]; }  # a real machine (not --root)
booted() { live && [[ -d /run/systemd/system ]]; }  # systemd runs here (not a chroot or an image build)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- uninstall ---------------------------------------------------------------------------------------------
if ((UNINSTALL)); then
  if live && command -v systemctl >/dev/null; then
    systemctl disable kiosk.service 2>/dev/null || true
    if booted; then systemctl stop kiosk.service || true; fi
  fi
  if [[ -f $MASKED ]]; then
    while read -r path; do
      [[ -L $path && $(readlink "$path") == /dev/null ]] && rm -f "$path" && say "unmasked $path"
    done < "$MASKED"
  fi
  rm -f "$UNIT" "$PAM" "$UDEV/70-kiosk-modemmanager.rules" "$UDEV/70-kiosk-devices.rules"
  rm -rf "$OPT"
  if booted; then
    systemctl daemon-reload
    if command -v udevadm >/dev/null; then udevadm control --reload || true; fi
  fi
  if ((PURGE)); then
    rm -rf "$ETC" "$DATA"
    if live && id kiosk >/dev/null 2>&1; then userdel kiosk && say "removed user kiosk"; fi
    say "removed kiosk, its config and its data"
  else
    say "removed kiosk; kept the config ($CONFIG) and the data ($DATA): --uninstall --purge removes them"
  fi
  exit 0
fi

# --- this machine ------------------------------------------------------------------------------------------
arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
case $arch in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
[[ $arch == amd64 || $arch == arm64 ]] || die "unsupported architecture $arch (amd64 or arm64)"

# --- the bundle: given, or built from this checkout ---------------------------------------------------------
if [[ -z $BUNDLE ]]; then
  [[ -f $here/../pyproject.toml ]] || die "not a checkout: give --bundle FILE"
  say "building a bundle for $arch from $(cd "$here/.." && pwd)"
  # without its Debian packages: a machine that can build a bundle can apt-get install them
  BUNDLE=$("$here/bundle.sh" --arch "$arch" --out "$work" --no-debs | tail -1)
fi
[[ -f $BUNDLE ]] || die "no bundle at $BUNDLE"
tar -C "$work" -xzf "$BUNDLE"
b=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'kiosk-*' | head -1)
[[ -n $b && -f $b/MANIFEST ]] || die "$BUNDLE is not a kiosk bundle (no MANIFEST)"
(cd "$b" && sha256sum --quiet -c SHA256SUMS) || die "$BUNDLE is damaged: checksums do not match"
manifest() { sed -n "s/^$1=//p" "$b/MANIFEST"; }
version=$(manifest version)
[[ $(manifest arch) == "$arch" ]] || die "$BUNDLE is for $(manifest arch), this machine is $arch"
wheel=$b/wheels/$(manifest wheel)
wheel_sum=$(sha256sum "$wheel" | cut -c1-12)
say "kiosk $version for $arch (PySide6 $(manifest pyside6_essentials)) from $(basename "$BUNDLE")"

# --- Debian packages ---------------------------------------------------------------------------------------
mapfile -t packages < <(sed 's/#.*//' "$b/installer/debian-packages.txt" | xargs -n1)
if ! live; then
  say "--root: Debian packages not installed (nothing is laid under $ROOT for them)"
elif ((NO_APT)); then
  say "--no-apt: Debian packages not installed"
else
  export DEBIAN_FRONTEND=noninteractive
  if [[ -f $b/debs/Packages ]]; then
    say "installing ${#packages[@]} Debian packages from the bundle (no network)"
    mkdir -p "$work/apt/lists/partial" "$work/apt/parts"
    echo "deb [trusted=yes] file:$b/debs ./" > "$work/apt/sources.list"
    apt_local=(-o "APT::Sandbox::User=root" -o "Dir::Etc::SourceList=$work/apt/sources.list"
      -o "Dir::Etc::SourceParts=$work/apt/parts"
      -o "Dir::State::Lists=$work/apt/lists" -o "APT::Get::List-Cleanup=0")
    apt-get "${apt_local[@]}" update -qq
    apt-get "${apt_local[@]}" install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  else
    say "installing ${#packages[@]} Debian packages (apt-get, network)"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  fi
fi

# --- user and directories ----------------------------------------------------------------------------------
if live; then
  getent group kiosk >/dev/null || groupadd --system kiosk
  if ! id kiosk >/dev/null 2>&1; then
    useradd --system --gid kiosk --home-dir /var/lib/kiosk --no-create-home --shell /usr/sbin/nologin \
      --comment "kiosk evaluation pad" kiosk
    say "created user kiosk"
  fi
  for g in "${GROUPS_WANTED[@]}"; do  # udev makes input and render; a minimal root may not have them yet
    getent group "$g" >/dev/null || { groupadd --system "$g" && say "created group $g"; }
    usermod -aG "$g" kiosk
  done
fi
own() {  # own USER:GROUP MODE PATH: ownership only on a real machine (no user kiosk under --root)
  live && chown "$1" "$3"
  chmod "$2" "$3"
}
mkdir -p "$ETC" "$DATA/backups" "$OPT/releases"
exec 9> "$OPT/.install.lock"
flock -n 9 || die "another install.sh is running"
# group-writable, setgid: the pad (user kiosk) rewrites its config from the setup wizard and the settings pages
# (temp file + rename in this directory, kiosk/config/edit.py), the files staying group kiosk; others: nothing
own root:kiosk 2770 "$ETC"
own kiosk:kiosk 0750 "$DATA"
own root:kiosk 0750 "$DATA/backups"

# --- the release: its own venv from Debian's python3.11, built at its final path ----------------------------
current_name=$(readlink "$OPT/current" 2>/dev/null | sed 's#^releases/##' || true)
name=$version
if [[ -d $OPT/releases/$name && $(cat "$OPT/releases/$name/.complete" 2>/dev/null) != "$wheel_sum" ]]; then
  if [[ $name == "$current_name" ]]; then name=$version-$wheel_sum; else rm -rf "${OPT:?}/releases/$name"; fi
fi
rel=$OPT/releases/$name
if [[ -f $rel/.complete && $(cat "$rel/.complete") == "$wheel_sum" ]]; then
  say "release $name is laid already ($rel)"
  fresh=0
else
  rm -rf "$rel"
  PY=/usr/bin/python3.11
  if [[ ! -x $PY ]]; then
    live && die "no $PY: install python3.11 (it is in installer/debian-packages.txt)"
    PY=$(command -v python3.11) || die "no python3.11"
    say "--root: no $PY on this machine; the venv is made from $PY (a test tree, not an appliance)"
  fi
  say "laying release $name in $rel"
  "$PY" -m venv "$rel/venv"
  PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 "$rel/venv/bin/python" -m pip install -q \
    --no-index --no-cache-dir --find-links "$b/wheels" -r "$b/requirements.txt" "$wheel"
  mkdir -p "$rel/bin"
  cat > "$rel/bin/kiosk" <<EOF
#!/bin/sh
# kiosk $version ($arch), laid by installer/install.sh on $(date -u +%Y-%m-%d). /opt/kiosk/current/bin/kiosk
: "\${KIOSK_CONFIG:=$CONFIG}"
: "\${KIOSK_DATA_DIR:=$DATA}"
export KIOSK_CONFIG KIOSK_DATA_DIR
exec "$rel/venv/bin/kiosk" "\$@"
EOF
  chmod 0755 "$rel/bin/kiosk"
  cp "$b/MANIFEST" "$rel/MANIFEST"
  cp -r "$b/installer" "$rel/installer"
  [[ -d $b/docs ]] && cp -r "$b/docs" "$rel/docs"
  echo "$wheel_sum" > "$rel/.complete"
  fresh=1
fi
K=$rel/bin/kiosk

# --- config: none on a first install (the setup wizard opens), or --config FILE; kept afterwards --------------
if [[ ! -f $CONFIG ]]; then
  if [[ -n $PRESET ]]; then
    [[ -f $PRESET ]] || die "--config $PRESET: no such file"
    install -m 0640 "$PRESET" "$CONFIG"
    say "installed the config $PRESET as $CONFIG"
  else
    say "no config yet: the first boot opens the setup wizard on the touch screen" \
      "(or provision headless: \`kiosk config set KEY VALUE\`, \`kiosk pin set\`; or install.sh --config FILE)"
  fi
else
  if [[ -n $PRESET ]] && ! cmp -s "$PRESET" "$CONFIG"; then
    warn "--config $PRESET ignored: $CONFIG exists and is kept"
  fi
  say "kept the config $CONFIG"
fi
if [[ -f $CONFIG ]]; then
  own root:kiosk 0640 "$CONFIG"
  "$K" config validate --production --config "$CONFIG" ||
    die "the config $CONFIG is not valid for release $name (or kiosk run refuses it, as said above): fix it first"
fi

# --- system files: the session unit, PAM, udev, brltty -----------------------------------------------------
put() {  # put SRC DEST MODE: install when different; says so
  if ! cmp -s "$1" "$2"; then
    mkdir -p "$(dirname "$2")"
    install -m "$3" "$1" "$2"
    say "installed $2"
  fi
}
put "$b/installer/systemd/kiosk.service" "$UNIT" 0644
# releases before 0.1.0's boot check opened a logind session through PAM (PAMName=kiosk); the unit no
# longer does (docs/appliance.md, "The session"): their PAM service goes
if [[ -f $PAM ]]; then rm -f "$PAM" && say "removed $PAM (the session no longer uses PAM)"; fi
put "$b/installer/udev/70-kiosk-modemmanager.rules" "$UDEV/70-kiosk-modemmanager.rules" 0644
# brltty claims common USB-serial adapters (CH340, CP210x, FTDI) as braille displays and takes the port:
# mask its rules and units, only where brltty is installed
for rules in "$R"/usr/lib/udev/rules.d/*brltty*.rules "$R"/lib/udev/rules.d/*brltty*.rules; do
  [[ -f $rules ]] || continue
  mask=$UDEV/$(basename "$rules")
  if grep -Eiq '1a86|10c4|0403|067b' "$rules" && [[ ! -e $mask ]]; then
    mkdir -p "$UDEV"
    ln -s /dev/null "$mask"
    echo "$mask" >> "$MASKED"
    say "masked $(basename "$rules"): brltty claims USB-serial adapters"
  fi
done
for unit in brltty.service brltty-udev.service; do
  for dir in "$R"/usr/lib/systemd/system "$R"/lib/systemd/system; do
    mask=$R/etc/systemd/system/$unit
    if [[ -f $dir/$unit && ! -e $mask ]]; then
      ln -s /dev/null "$mask"
      echo "$mask" >> "$MASKED"
      say "masked $unit"
    fi
  done
done
if live; then  # enable and set-default work in a chroot too; the rest needs a running systemd
  systemctl enable kiosk.service >/dev/null 2>&1
  systemctl set-default graphical.target >/dev/null 2>&1
  if booted; then
    systemctl daemon-reload
    udevadm control --reload 2>/dev/null || true
  fi
fi

# --- switch, restart, wait for READY; switch back on any failure -------------------------------------------
as_kiosk() { if live; then runuser -u kiosk -- "$@"; else "$@"; fi; }
switch_to() {  # atomic: a new symlink under a temporary name, renamed over the old one
  ln -s "releases/$1" "$OPT/.current.new"
  mv -T "$OPT/.current.new" "$OPT/current"
}
prune() {  # keep the last two releases: the current one and the one named
  local old n
  for old in "$OPT"/releases/*; do
    n=$(basename "$old")
    [[ $n == "$1" || $n == "$2" ]] || { rm -rf "$old" && say "removed old release $n"; }
  done
}
wait_ready() {  # the release now current is up: READY=1 received and still running after a while
  if ! booted; then
    say "$(live && echo "systemd is not running here" || echo "--root: no systemd"), so instead of waiting" \
      "for READY=1 the release opens the live data and renders its first frame (kiosk run --exit-when-ready," \
      "offscreen)"
    as_kiosk env QT_QPA_PLATFORM=offscreen "$OPT/current/bin/kiosk" run --no-api --exit-when-ready
    return
  fi
  local run
  # Type=notify: the start job ends when READY=1 arrives (after the first frame), or fails
  timeout "$READY_TIMEOUT" systemctl restart kiosk.service || return 1
  # still the same run a while later: a crash or a watchdog kill restarts the unit with a new invocation id
  # (NRestarts would not do: a manual restart may reset it)
  run=$(systemctl show -P InvocationID kiosk.service)
  sleep "$SETTLE_S"
  systemctl is-active --quiet kiosk.service && [[ $(systemctl show -P InvocationID kiosk.service) == "$run" ]]
}

if [[ $name == "$current_name" ]]; then
  say "release $name is current already: nothing to switch"
  exit 0
fi

say "selftest of release $name on a copy of the database"
if ! as_kiosk env QT_QPA_PLATFORM=offscreen "$K" selftest; then
  ((fresh)) && rm -rf "$rel"
  die "release $name failed its selftest: nothing was switched ($([[ -n $current_name ]] && echo "still $current_name" || echo "no release current"))"
fi

if [[ -z $current_name ]]; then
  switch_to "$name"
  say "release $name is current"
  wait_ready || die "kiosk $name did not come up: journalctl -u kiosk (there is no older release to go back to)"
  say "kiosk $version installed"
  exit 0
fi

backup=$("$K" db backup --label "before-$name" | tail -1)
if [[ -f $backup ]]; then say "database backed up to $backup"; else say "$backup"; backup=""; fi
switch_to "$name"
say "switched $current_name -> $name"
if wait_ready; then
  prune "$name" "$current_name"
  say "kiosk upgraded $current_name -> $name"
  exit 0
fi

warn "release $name did not come up: switching back to $current_name"
if booted; then systemctl stop kiosk.service; fi
switch_to "$current_name"
old_k=$OPT/releases/$current_name/bin/kiosk
if ! as_kiosk env QT_QPA_PLATFORM=offscreen "$old_k" selftest > "$work/old-selftest.log" 2>&1; then
  if grep -q "cannot open the database" "$work/old-selftest.log"; then
    [[ -n $backup ]] || die "release $current_name cannot open the database release $name made, and there" \
      "was none to back up before: the database is kept as it is; reinstall $name or call support"
    warn "release $current_name cannot open the database release $name migrated (a breaking schema):" \
      "restoring the backup $backup and carrying over every row taken since"
    "$K" db restore --backup "$backup" || die "the restore failed: the live database is untouched; call support"
    if live; then chown kiosk:kiosk "$DATA"/*.db*; fi
  else
    cat "$work/old-selftest.log" >&2
    die "release $current_name fails its selftest too: see above"
  fi
fi
wait_ready || die "release $current_name did not come back up either: journalctl -u kiosk"
prune "$current_name" "$name"
die "upgrade to $name failed and was rolled back: $current_name is current again, no rating lost"
