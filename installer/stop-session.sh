#!/usr/bin/env bash
# ExecStop of kiosk.service: stop the pad before its compositor. Left to itself, systemd sends SIGTERM to cage
# and the app at once; cage drops the display at once and the app, losing it, dies before its SIGTERM handler
# runs (no STOPPING=1, no orderly close of the store). So: SIGTERM to cage's child `kiosk` only, then wait for
# cage to exit, which it does once its client has (the unit's TimeoutStopSec bounds the wait; what is left
# then gets systemd's SIGTERM and SIGKILL as usual).
#
#   stop-session.sh MAINPID        (the unit passes $MAINPID, cage's pid)
set -euo pipefail

main=${1:-}
[[ $main =~ ^[0-9]+$ ]] || exit 0  # no main process (cage has gone already): nothing to stop first
found=0
for stat in /proc/[0-9]*/stat; do
  # pid (comm) state ppid ...; a comm with spaces shifts the fields of that process only, which is never ours
  { read -r pid comm _ ppid _ < "$stat"; } 2>/dev/null || continue
  if [[ $ppid == "$main" && $comm == "(kiosk)" ]]; then
    kill -TERM "$pid" 2>/dev/null && found=1
  fi
done
((found)) || exit 0  # the app is not running: systemd stops cage itself
while kill -0 "$main" 2>/dev/null; do sleep 0.2; done
