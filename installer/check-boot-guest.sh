#!/usr/bin/env bash
# The checks installer/check-boot.sh runs inside the booted appliance (a Debian 12 VM, systemd as PID 1),
# from its unit kiosk-check.service once kiosk.service's start job has ended. Not for a hall: it signs a
# staff member in, takes a rating, freezes the pad and stops the unit. Every line it prints starts with
# "KIOSK-CHECK:" and goes to the serial console, which the host reads; the evidence (the screen, the unit's
# journal) is written as a tar archive to the virtio port kiosk.artifacts. It powers the VM off at the end.
#
#   check-boot-guest.sh            (as root, in the VM; the fixtures: kiosk-check-central, kiosk-check-devsim)
set -euo pipefail
set +e  # every check runs and reports PASS or FAIL, also after one has failed

out=/run/kiosk-check-out
mkdir -p "$out"
DB=/var/lib/kiosk/kiosk.db
API=http://127.0.0.1:8470/api/v1
TOKEN=${KIOSK_CHECK_TOKEN:?}
FIFO=/run/kiosk-check/devsim.in
PY=/opt/kiosk/current/venv/bin/python
pass=0 fail=0

say() { printf 'KIOSK-CHECK: %s\n' "$*"; }
ok() { pass=$((pass + 1)); say "PASS $1: ${*:2}"; }
bad() { fail=$((fail + 1)); say "FAIL $1: ${*:2}"; }
now() { cut -d' ' -f1 /proc/uptime; }  # seconds since boot (no suspend in a VM: the monotonic clock)
prop() { systemctl show -P "$1" kiosk.service; }
# wait_for SECONDS COMMAND...: run COMMAND every half second until it succeeds; 1 when time runs out
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}
# api METHOD PATH [JSON]: the local API with the token; prints "STATUS BODY"
api() {
  "$PY" - "$@" <<'EOF'
import json, os, sys, requests
method, path = sys.argv[1], sys.argv[2]
body = json.loads(sys.argv[3]) if len(sys.argv) > 3 else None
try:
    r = requests.request(method, os.environ["API"] + path, json=body, timeout=70,
                         headers={"Authorization": "Bearer " + os.environ["TOKEN"]})
    try:  # compact JSON, so that the checks match it whatever the server's spacing
        text = json.dumps(r.json(), ensure_ascii=False, separators=(",", ":"))
    except ValueError:
        text = r.text.replace("\n", " ")
    print(r.status_code, text)
except requests.RequestException as exc:
    print(0, exc)
EOF
}
export API TOKEN
sql() { timeout 20 runuser -u kiosk -- sqlite3 -cmd ".timeout 5000" "$DB" "$@"; }  # as kiosk: never root's -shm
app_pid() {  # the pad: cage's child named kiosk (as stop-session.sh finds it)
  local main
  main=$(prop MainPID)
  [[ $main != 0 ]] && pgrep -P "$main" -x kiosk | head -1
}
active() { [[ $(prop ActiveState) == active ]]; }
journal_since() { journalctl -b -o short-monotonic --no-pager -u kiosk.service --since "@$1"; }

say "guest checks start at $(now) s after boot; $(uname -r); $(systemd-detect-virt 2>/dev/null || echo none)"
systemd-analyze log-level debug  # so that systemd logs each notification it gets (READY=1, STOPPING=1)

# --- 1. the unit came up on READY=1 ----------------------------------------------------------------------
wait_for 120 active || true
state=$(systemctl show -p ActiveState -p SubState -p NRestarts -p WatchdogUSec -p Type -p NotifyAccess \
  -p Result kiosk.service | tr '\n' ' ')
say "kiosk.service: $state"
ready_us=$(prop ActiveEnterTimestampMonotonic)
userspace_us=$(systemctl show -P UserspaceTimestampMonotonic)
if active && [[ $(prop Type) == notify && $(prop NRestarts) == 0 && $(prop WatchdogUSec) == 30s ]]; then
  ok ready "active after READY=1 (Type=notify), no restart, watchdog 30s;" \
    "READY at $((ready_us / 1000)) ms after the kernel started, $(((ready_us - userspace_us) / 1000)) ms after systemd did"
else
  bad ready "$state"
  journalctl -b -u kiosk.service -p info --no-pager | tail -40 | sed 's/^/KIOSK-CHECK: journal: /'
fi
say "app: $(journalctl -b -u kiosk.service --no-pager -o cat | grep -m1 'ready: first interactive frame' || echo 'no ready line')"

# --- 2. the session on tty1 shows the pad ------------------------------------------------------------------
cage=$(prop MainPID) app=$(app_pid)
devices=$(for fd in /proc/"$cage"/fd/*; do readlink "$fd"; done 2>/dev/null | grep '^/dev/' | sort -u | tr '\n' ' ')
cgroup=$(cut -d: -f3 "/proc/${app:-0}/cgroup" 2>/dev/null)
say "seatd: $(systemctl is-active seatd.service); cage holds: ${devices:-nothing}; the pad's cgroup: ${cgroup:-none}"
if [[ $devices == *"/dev/dri/card"* && $cgroup == */kiosk.service ]]; then
  ok session "cage on the DRM device from seatd, the pad in kiosk.service's cgroup (so its notifications count)"
else
  bad session "devices: ${devices:-none}; cgroup: ${cgroup:-none}"
fi
say "cage: $(ps -o pid=,args= -p "$(prop MainPID)" 2>/dev/null); the pad: pid $(app_pid)"
say "display: $(cat /sys/class/drm/card*/device/uevent 2>/dev/null | grep -m1 DRIVER || echo 'no DRM device');" \
  "$(journalctl -b -u kiosk.service --no-pager -o cat | grep -m3 -i 'renderer\|backend\|drm' | tr '\n' ' ')"
sock=/run/kiosk/wayland-0
if [[ -S $sock ]] && timeout 20 runuser -u kiosk -- env XDG_RUNTIME_DIR=/run/kiosk WAYLAND_DISPLAY=wayland-0 \
  grim - > "$out/screen.png" 2> "$out/grim.log"; then  # to stdout: the out dir is root's
  look=$(QT_QPA_PLATFORM=offscreen timeout 30 "$PY" - "$out/screen.png" <<'EOF'
import sys
from PySide6.QtGui import QImage
img = QImage(sys.argv[1])
w, h = img.width(), img.height()
colours = {img.pixel(x * w // 32, y * h // 32) for x in range(32) for y in range(32)}
print(w, h, len(colours))
EOF
  )
  read -r w h n <<< "$look"
  if [[ ${n:-0} -ge 4 ]]; then
    ok screen "grim captured ${w}x${h} from cage on the VM's display, $n colours in 1024 samples (screen.png)"
  else
    bad screen "the capture looks blank: ${look:-unreadable}"
  fi
else
  bad screen "grim failed: $(cat "$out/grim.log" 2>/dev/null) (socket $sock $([[ -S $sock ]] && echo exists || echo missing))"
fi

# --- 3. a rating through the local API and the serial evaluator ---------------------------------------------
project=BOOT-$(cut -c1-8 /proc/sys/kernel/random/boot_id)
health() { [[ $(api GET /health) == "200 "*'"evaluator":"online"'* ]]; }
signin() { [[ $(api POST /staff/session '{"staffId": "s001"}') == "200 "* ]]; }
rated=""
if wait_for 60 health && wait_for 60 signin; then
  inv=$(api POST /invitations "{\"service\": {\"projectNo\": \"$project\", \"taskCode\": \"T1\",
    \"taskName\": \"社会保障卡挂失\", \"deptCode\": \"D1\", \"proDepart\": \"人社局\", \"proStatus\": 3,
    \"userProp\": 1, \"userName\": \"张小三\", \"certKey\": \"420102199001011234\"}, \"timeoutSeconds\": 60}")
  id=$(sed -n 's/.*"invitationId":"\([^"]*\)".*/\1/p' <<< "$inv")
  if [[ -n $id ]]; then
    sleep 1
    echo 4 > "$FIFO"  # the evaluator's button 4 (满意), as a KEY frame on its serial line
    res=$(api GET "/invitations/$id?wait=20")
    say "invitation: $res"
    [[ $res == *'"state":"rated"'* && $res == *'"satisfaction":4'* ]] && rated=$id
  else
    say "invitation refused: $inv"
  fi
fi
row=$(sql "SELECT id || ' ' || satisfaction FROM evaluations WHERE projectNo = '$project'")
if [[ -n $rated && $row == *" 4" ]]; then
  ok rating "invitation $rated rated 4 by the serial evaluator; in the database: evaluation ${row% *}"
else
  bad rating "rated=${rated:-no} row=${row:-none} health=$(api GET /health)"
fi
evaluation=${row% *}

# --- 4. a frozen pad: systemd's watchdog kills and restarts the unit ----------------------------------------
restarts=$(prop NRestarts) run=$(prop InvocationID) pid=$(app_pid)
if [[ -n $pid ]]; then
  t0=$(now) t0_wall=$(date +%s)
  kill -STOP "$pid"
  say "froze the pad (kill -STOP $pid) at $t0 s"
  wait_for 90 bash -c "[[ \$(systemctl show -P NRestarts kiosk.service) -gt $restarts ]]"
  wait_for 120 bash -c "[[ \$(systemctl show -P ActiveState kiosk.service) == active &&
    \$(systemctl show -P InvocationID kiosk.service) != $run ]]"
  t_up_us=$(prop ActiveEnterTimestampMonotonic)
  journal_since "$((t0_wall - 1))" > "$out/watchdog.log"
  wd=$(grep -m1 'Watchdog timeout' "$out/watchdog.log")
  t_wd=$(sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p' <<< "$wd")
  grep -E 'Watchdog timeout|Killing process|Main process exited|Failed with result|Scheduled restart|READY=1' \
    "$out/watchdog.log" | sed 's/^/KIOSK-CHECK: journal: /' | cut -c1-220
  if [[ -n $wd && $(prop NRestarts) -gt $restarts && $(prop ActiveState) == active ]] && ! kill -0 "$pid" 2>/dev/null; then
    ok watchdog "Watchdog timeout $(awk -v a="$t_wd" -v b="$t0" 'BEGIN {printf "%.1f", a - b}') s after the" \
      "freeze, active again (READY=1) $(awk -v a="$t_up_us" -v b="$t0" 'BEGIN {printf "%.1f", a / 1e6 - b}') s" \
      "after it; NRestarts $restarts -> $(prop NRestarts), new pad pid $(app_pid)"
  else
    bad watchdog "NRestarts $restarts -> $(prop NRestarts), state $(prop ActiveState), watchdog line: ${wd:-none}"
  fi
else
  bad watchdog "no pad process under cage"
fi
row=$(sql "SELECT id || ' ' || satisfaction FROM evaluations WHERE projectNo = '$project'")
check=$(sql "PRAGMA quick_check")
if [[ -n $evaluation && $row == "$evaluation 4" && $check == ok ]]; then
  ok kept-restart "evaluation $evaluation still in the database after the watchdog restart (quick_check ok)"
else
  bad kept-restart "row=${row:-none} quick_check=$check"
fi

# --- 5. systemctl stop: ExecStop stops the pad first, which says STOPPING=1 and closes in order -------------
wait_for 60 active || true
pid=$(app_pid)
t0=$(date +%s)
sleep 1
start=$SECONDS
timeout 60 systemctl stop kiosk.service
took=$((SECONDS - start))
sleep 1
journal_since "$t0" > "$out/stop.log"
grep -E 'stop-session|STOPPING=1|signal 15|kiosk stopped|Deactivated|Killing|timed out|Stopped' "$out/stop.log" |
  sed 's/^/KIOSK-CHECK: journal: /' | cut -c1-220
if grep -q "About to execute.*stop-session.sh" "$out/stop.log" && grep -q "($pid).*STOPPING=1\|PID $pid.*STOPPING=1" "$out/stop.log" &&
  grep -q 'kiosk stopped' "$out/stop.log" && ! grep -q 'Killing process\|timed out' "$out/stop.log" &&
  [[ $(prop Result) == success && $(prop ActiveState) == inactive ]]; then
  ok stop "ExecStop ran stop-session.sh, the pad (pid $pid) sent STOPPING=1 and logged 'kiosk stopped';" \
    "the unit stopped in ${took} s with result success, nothing killed"
else
  bad stop "took ${took} s, result $(prop Result), state $(prop ActiveState) (stop.log)"
fi
row=$(sql "SELECT id || ' ' || satisfaction FROM evaluations WHERE projectNo = '$project'")
if [[ -n $evaluation && $row == "$evaluation 4" && $(sql "PRAGMA quick_check") == ok ]]; then
  ok kept-stop "evaluation $evaluation in the database after the stop"
else
  bad kept-stop "row=${row:-none}"
fi

# --- the evidence, then power off -----------------------------------------------------------------------
journalctl -b --no-pager -o short-monotonic > "$out/journal.log"
systemctl show kiosk.service > "$out/kiosk.service.show"
port=/dev/virtio-ports/kiosk.artifacts
if [[ -e $port ]]; then
  tar -C "$out" -cf - . > "$port" && say "artifacts sent ($(du -sk "$out" | cut -f1) KiB)"
fi
say "DONE pass=$pass fail=$fail"
sync
systemctl poweroff --no-block
