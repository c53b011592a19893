#!/usr/bin/env bash
# Prove a real boot of the appliance: make a Debian 12 amd64 root with debootstrap (a kernel, systemd), install
# a bundle in it with install.sh --bundle (in a chroot: the install needs no VM time), make an ext4 disk image
# of it and boot that with qemu-system-x86_64 (KVM when /dev/kvm can be used, else TCG), systemd as PID 1.
# In the VM, kiosk-check.service runs installer/check-boot-guest.sh once kiosk.service's start job has ended:
# the unit active on READY=1, the cage session on tty1 showing the pad (grim on the VM's display, qemu
# virtio-gpu), a rating through the local API and a serial evaluator, a frozen pad restarted by systemd's
# watchdog, `systemctl stop kiosk` stopping in order, the rating kept throughout. Its results come back on
# the serial console, the screen and the journal on a virtio port. By hand or nightly, not in CI. As root:
#
#   installer/check-boot.sh [--bundle kiosk-<version>-amd64.tar.gz] [--dir DIR] [--accel auto|kvm|tcg] [--timeout S] [--mirror URL]
#
# Needs debootstrap, qemu-system-x86 and e2fsprogs (apt-get install them). Without --bundle it builds one
# with installer/bundle.sh --arch amd64 (its Debian packages included, so the chroot installs them offline).
# DIR (default /var/tmp/kiosk-boot) keeps the root for the next run (debootstrap and the kernel are skipped
# then) and gets the results: serial.log, results/ (screen.png, journal.log, ...), times.txt.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bundle="" dir=/var/tmp/kiosk-boot accel=auto vm_timeout="" mirror=http://deb.debian.org/debian
while (($#)); do
  case $1 in
    --bundle) bundle=$(realpath "${2:?}"); shift 2 ;;
    --dir) dir=$(realpath -m "${2:?}"); shift 2 ;;
    --accel) accel=${2:?}; shift 2 ;;
    --timeout) vm_timeout=${2:?}; shift 2 ;;
    --mirror) mirror=${2:?}; shift 2 ;;
    -h | --help) sed -n '11p' "$0" | sed 's/^#   /usage: /'; exit 0 ;;
    *) echo "check-boot: unknown option $1" >&2; exit 2 ;;
  esac
done
say() { printf 'check-boot: %s\n' "$*"; }
die() { printf 'check-boot: FAILED: %s\n' "$*" >&2; exit 1; }
t() { date +%s; }
times=$dir/times.txt
record() { say "$1: $2 s"; printf '%s %s=%s\n' "$(date -u +%FT%TZ)" "$1" "$2" >> "$times"; }

[[ $EUID -eq 0 ]] || die "run as root"
for tool in debootstrap qemu-system-x86_64 mkfs.ext4 chroot timeout; do
  command -v "$tool" >/dev/null || die "$tool is not installed (apt-get install debootstrap qemu-system-x86 e2fsprogs)"
done
accel_asked=$accel
case $accel in
  auto) if [[ -r /dev/kvm && -w /dev/kvm ]]; then accel=kvm; else accel=tcg; fi ;;
  kvm) [[ -r /dev/kvm && -w /dev/kvm ]] || die "--accel kvm: /dev/kvm is missing or not usable" ;;
  tcg) ;;
  *) die "--accel auto, kvm or tcg" ;;
esac
# TCG emulates every instruction: the boot and the pad's Python start take minutes on a shared 2-core box
[[ -n $vm_timeout ]] || if [[ $accel == kvm ]]; then vm_timeout=600; else vm_timeout=2400; fi

mkdir -p "$dir"
root=$dir/root
mounted=()
unmount_all() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" 2>/dev/null || true
  done
  mounted=()
}
qemu_pid=""
cleanup() {
  unmount_all
  if [[ -n $qemu_pid ]] && kill -0 "$qemu_pid" 2>/dev/null; then kill "$qemu_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
in_root() {  # in_root SECONDS COMMAND: run a shell command in the root, with /proc, /sys and /dev
  local fs
  for fs in proc sys dev; do
    mountpoint -q "$root/$fs" || { mount --bind "/$fs" "$root/$fs" && mounted+=("$root/$fs"); }
  done
  timeout "$1" chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DEBIAN_FRONTEND=noninteractive \
    /bin/bash -c "$2"
}

# --- the root: Debian 12 minbase with systemd and a kernel (kept for the next run) --------------------------
if [[ ! -f $root/.kiosk-debootstrap-done ]]; then
  say "debootstrap bookworm amd64 into $root (minbase, systemd)"
  rm -rf "$root"
  start=$(t)
  timeout 1800 debootstrap --variant=minbase \
    --include=systemd,systemd-sysv,dbus,udev,kmod,procps,sqlite3,libpam-systemd \
    bookworm "$root" "$mirror" > "$dir/debootstrap.log" 2>&1 ||
    { tail -20 "$dir/debootstrap.log" >&2; die "debootstrap failed (log: $dir/debootstrap.log)"; }
  record debootstrap_s $(($(t) - start))
  touch "$root/.kiosk-debootstrap-done"
fi
if [[ ! -f $root/.kiosk-kernel-done ]]; then
  say "installing linux-image-amd64 in the root"
  start=$(t)
  in_root 1800 "apt-get install -y -qq --no-install-recommends linux-image-amd64 initramfs-tools && apt-get clean" \
    > "$dir/kernel.log" 2>&1 || { tail -20 "$dir/kernel.log" >&2; die "the kernel did not install (log: $dir/kernel.log)"; }
  unmount_all
  record kernel_s $(($(t) - start))
  touch "$root/.kiosk-kernel-done"
fi
kernel=$(readlink -f "$root/vmlinuz") initrd=$(readlink -f "$root/initrd.img")
[[ -f $kernel && -f $initrd ]] || die "no kernel or initrd in $root (remove $root/.kiosk-kernel-done to reinstall)"

# --- the kiosk, installed from the bundle in the chroot (Debian packages from the bundle: offline) ----------
if [[ -z $bundle ]]; then
  say "building an amd64 bundle"
  bundle=$("$here/bundle.sh" --arch amd64 --out "$dir/bundle" | tail -1)
fi
name=$(basename "$bundle" .tar.gz)
rm -rf "$root/tmp/bundle"
mkdir -p "$root/tmp/bundle"
cp "$bundle" "$root/tmp/bundle/"
rm -f "$root/etc/kiosk/kiosk.toml"  # a kept root's: the check writes its own after the install (below)
say "installing $name in the root (chroot; the unit is enabled for the boot)"
start=$(t)
in_root 900 "cd /tmp/bundle && tar xzf $name.tar.gz && $name/installer/install.sh --bundle /tmp/bundle/$name.tar.gz" ||
  die "install.sh failed in the root"
unmount_all
rm -rf "$root/tmp/bundle"
record install_s $(($(t) - start))

# --- what the boot check adds: its config, two fixtures, the checks -----------------------------------------
token=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
# the appliance's config with the check's evaluator (a pty from kiosk devsim), centre (the reference
# emulator, for the staff roster) and API token; every other key keeps its default
cat > "$root/etc/kiosk/kiosk.toml" <<EOF
# written by installer/check-boot.sh for the boot check (not a hall's config)
[device]
id = "BOOT-CHECK-01"
counter = "1号窗口"
[evaluator]
driver = "frame"
port = "/run/kiosk-check/evaluator"
[api]
token = "$token"
[qr]
secret = "$token-qr"
[central]
url = "http://127.0.0.1:8780"
app_mark = "boot-mark"
app_secret = "boot-secret"
interval_seconds = 5
[flow]
thanks_s = 1
[ui]
fullscreen = true
EOF
chroot "$root" chown root:kiosk /etc/kiosk/kiosk.toml
chmod 0640 "$root/etc/kiosk/kiosk.toml"
units=$root/etc/systemd/system
cat > "$units/kiosk-check-central.service" <<'EOF'
# boot check (installer/check-boot.sh): the reference central emulator, for the pad's staff roster
[Unit]
Description=kiosk boot check: central emulator on 127.0.0.1:8780
Before=kiosk.service
[Service]
DynamicUser=yes
RuntimeDirectory=kiosk-check-central
ExecStart=/opt/kiosk/current/bin/kiosk central --port 8780 --db /run/kiosk-check-central/central.db --app-mark boot-mark --app-secret boot-secret
[Install]
WantedBy=multi-user.target
EOF
cat > "$units/kiosk-check-devsim.service" <<'EOF'
# boot check (installer/check-boot.sh): a serial evaluator on a pty pair; a line "N" on the FIFO presses N
[Unit]
Description=kiosk boot check: simulated serial evaluator at /run/kiosk-check/evaluator
Before=kiosk.service
[Service]
User=kiosk
RuntimeDirectory=kiosk-check
ExecStartPre=/usr/bin/mkfifo -m 0600 /run/kiosk-check/devsim.in
ExecStart=/bin/sh -c 'exec /opt/kiosk/current/bin/kiosk devsim --protocol frame --link /run/kiosk-check/evaluator <>/run/kiosk-check/devsim.in'
[Install]
WantedBy=multi-user.target
EOF
cat > "$units/kiosk-check.service" <<EOF
# boot check (installer/check-boot.sh): the checks, once kiosk.service's start job has ended (READY=1 or not)
[Unit]
Description=kiosk boot check: results on the serial console
After=kiosk.service kiosk-check-central.service kiosk-check-devsim.service
Wants=kiosk-check-central.service kiosk-check-devsim.service
[Service]
Type=oneshot
Environment=KIOSK_CHECK_TOKEN=$token
ExecStart=/usr/local/lib/kiosk-check/check-boot-guest.sh
StandardOutput=journal+console
StandardError=journal+console
TimeoutStartSec=900
[Install]
WantedBy=graphical.target
EOF
# Two changes to the unit for the VM, nothing else: TCG emulates every instruction, so the first start
# (Python, Qt, cage) may take minutes rather than seconds; and the VM's virtio-gpu has no 3D, where Mesa's
# software GL (kms_swrast) under Debian 12's wlroots 0.15 crashes cage (SIGSEGV right after "falling back
# to kms_swrast"), so cage renders with pixman, as on a hall box without a GPU driver
mkdir -p "$units/kiosk.service.d"
printf '[Service]\nTimeoutStartSec=900\nEnvironment=WLR_RENDERER=pixman\n' > "$units/kiosk.service.d/check-boot.conf"
install -D -m 0755 "$here/check-boot-guest.sh" "$root/usr/local/lib/kiosk-check/check-boot-guest.sh"
for unit in kiosk-check-central kiosk-check-devsim; do
  ln -sf "/etc/systemd/system/$unit.service" "$units/multi-user.target.wants/$unit.service"
done
mkdir -p "$units/graphical.target.wants"
ln -sf /etc/systemd/system/kiosk-check.service "$units/graphical.target.wants/kiosk-check.service"
ln -sf /dev/null "$units/serial-getty@ttyS0.service"  # the serial console carries the results, not a login
# the journal (info and up) on the serial console too: the host sees the boot as it goes, and keeps it
mkdir -p "$root/etc/systemd/journald.conf.d"
printf '[Journal]\nForwardToConsole=yes\nMaxLevelConsole=info\n' > "$root/etc/systemd/journald.conf.d/check-boot.conf"
echo kiosk-boot > "$root/etc/hostname"
echo '/dev/vda / ext4 rw,errors=remount-ro 0 0' > "$root/etc/fstab"

# --- the disk image ---------------------------------------------------------------------------------------
img=$dir/disk.img
start=$(t)
size_mb=$(($(du -sxm "$root" | cut -f1) + 1024))
rm -f "$img"
mkfs.ext4 -q -F -L kiosk-root -d "$root" "$img" "${size_mb}M" || die "mkfs.ext4 -d could not make $img"
record image_s $(($(t) - start))

# --- boot it ---------------------------------------------------------------------------------------------
serial=$dir/serial.log artifacts=$dir/artifacts.tar
# a nested KVM (a VM in a cloud VM) may refuse the host's IA32_ARCH_CAPABILITIES MSR: leave it out
boot_vm() {  # boot_vm ACCEL: qemu in the background, its pid in qemu_pid
  local cpu=max
  [[ $1 == kvm ]] && cpu=host,-arch-capabilities
  rm -f "$serial"
  : > "$artifacts"
  nice -n 19 timeout --kill-after=10 "$vm_timeout" qemu-system-x86_64 -name kiosk-boot -machine q35 \
    -accel "$1" -cpu "$cpu" -smp 2 -m 2048 -kernel "$kernel" -initrd "$initrd" \
    -append "root=/dev/vda rw console=ttyS0,115200 panic=-1 systemd.show_status=no" \
    -drive "file=$img,format=raw,if=virtio,cache=unsafe" -vga none -device virtio-gpu-pci -display none -nic none -no-reboot \
    -serial "file:$serial" -monitor none \
    -device virtio-serial-pci -chardev "file,id=artifacts,path=$artifacts" \
    -device virtserialport,chardev=artifacts,name=kiosk.artifacts > "$dir/qemu.log" 2>&1 &
  qemu_pid=$!
}
say "booting with qemu ($accel, 2 vCPUs, 2 GiB, virtio-gpu), serial console to $serial, at most $vm_timeout s"
start=$(t)
boot_vm "$accel"
if [[ $accel == kvm ]]; then
  # a nested KVM can accept the VM and then run nothing (not even the kernel's first line): give it 60 s
  until grep -aq 'Linux version' "$serial" 2>/dev/null || ! kill -0 "$qemu_pid" 2>/dev/null || (($(t) - start > 60)); do
    sleep 1
  done
  if ! grep -aq 'Linux version' "$serial" 2>/dev/null; then
    kill "$qemu_pid" 2>/dev/null || true
    wait "$qemu_pid" 2>/dev/null || true
    why=$(grep -v 'terminating on signal' "$dir/qemu.log" | tail -1 || true)
    [[ -n $why ]] || why="no kernel output in 60 s"
    [[ $accel_asked == auto ]] || die "KVM does not run the VM here ($why): use --accel tcg"
    say "KVM does not run the VM here ($why): TCG instead"
    accel=tcg vm_timeout=2400
    start=$(t)
    boot_vm tcg
  fi
fi
checks_said() {  # the check's lines on the serial console (the console prefixes them with time and unit)
  tr -d '\r' < "$serial" | sed -n 's/^.*\(KIOSK-CHECK: \)/\1/p' || true
}
seen=0 first=""
while kill -0 "$qemu_pid" 2>/dev/null; do
  sleep 2
  mapfile -t lines < <(checks_said 2>/dev/null)
  for ((i = seen; i < ${#lines[@]}; i++)); do
    [[ -n $first ]] || { first=$(($(t) - start)); record "boot_to_checks_s($accel)" "$first"; }
    printf '  %s\n' "${lines[i]#KIOSK-CHECK: }"
  done
  seen=${#lines[@]}
done
wait "$qemu_pid" && qrc=0 || qrc=$?
qemu_pid=""
record "vm_s($accel)" $(($(t) - start))
mapfile -t lines < <(checks_said)
for ((i = seen; i < ${#lines[@]}; i++)); do printf '  %s\n' "${lines[i]#KIOSK-CHECK: }"; done
((qrc != 124 && qrc != 137)) || die "the VM did not finish within $vm_timeout s (serial console: $serial)"
((qrc == 0)) || { cat "$dir/qemu.log" >&2; die "qemu exited with $qrc (serial console: $serial)"; }
rm -rf "$dir/results"
mkdir -p "$dir/results"
if [[ -s $artifacts ]]; then tar -C "$dir/results" -xf "$artifacts" 2>/dev/null || true; fi
summary=$(printf '%s\n' "${lines[@]}" | grep -a '^KIOSK-CHECK: DONE ' | tail -1)
[[ -n $summary ]] || die "the checks did not finish in the VM (serial console: $serial)"
printf '%s\n' "${lines[@]}" | grep -aq '^KIOSK-CHECK: FAIL ' &&
  die "${summary#KIOSK-CHECK: } (serial console: $serial, results: $dir/results)"
[[ $summary == *" fail=0" && $summary != *" pass=0 "* ]] || die "${summary#KIOSK-CHECK: }"
say "${summary#KIOSK-CHECK: }: the appliance boots into the pad ($accel); the screen: $dir/results/screen.png"
