#!/usr/bin/env bash
# Stop the local Tandem mail server started by scripts/cyrus/start.sh.
#
# usage: scripts/cyrus/stop.sh [STATE_DIR]          (default: REPO/.run/cyrus)
#
# Stops, by their pid files: cyrus master (which takes its children with it:
# httpd, imapd, lmtpd and the rolling squatter), the SMTP sink and the
# /dev/log listener. Waits for each (bounded), then SIGKILLs. Finally makes
# sure no process that uses this state dir's imapd.conf is left, killing
# stragglers one pid at a time. Exits 0 when nothing was running.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || (cd "$HERE/../.." && pwd))"
STATE_ARG="${1:-$REPO/.run/cyrus}"
WAIT="${TANDEM_STOP_TIMEOUT:-20}"

if [[ ! -d "$STATE_ARG" ]]; then
  echo "stop.sh: no state dir $STATE_ARG, nothing to stop"
  exit 0
fi
STATE="$(cd "$STATE_ARG" && pwd -P)"
RUN="$STATE/run"
CONF="$STATE/etc/imapd.conf"

read_pid() { [[ -s "$1" ]] && tr -dc '0-9' <"$1"; }

# running = exists and is not a zombie waiting for pid 1 to reap it
alive() { kill -0 "$1" 2>/dev/null && [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]]; }

# pids of processes still running with this state's imapd.conf (squatter,
# services, events) -- matched on the unique config path, never a name.
state_pids() {
  local p
  for p in $(pgrep -f -- "-C $CONF( |\$)" 2>/dev/null); do
    [[ "$p" != "$$" ]] && alive "$p" && echo "$p"
  done
}

stop_pid() { # name pid : TERM, wait, KILL
  local name="$1" pid="$2" end
  alive "$pid" || return 1
  echo "stop.sh: stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null
  end=$((SECONDS + WAIT))
  while alive "$pid"; do
    if (( SECONDS >= end )); then
      echo "stop.sh: $name (pid $pid) did not exit in ${WAIT}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  return 0
}

stopped=0

# 1. cyrus master and its children
if pid="$(read_pid "$RUN/master.pid")" && [[ -n "$pid" ]]; then
  if stop_pid "cyrus master" "$pid"; then stopped=1; fi
fi
rm -f "$RUN/master.pid"

# 2. anything of this state dir the master left behind
end=$((SECONDS + WAIT))
while left="$(state_pids)" && [[ -n "$left" ]]; do
  if (( SECONDS >= end )); then
    for p in $left; do
      echo "stop.sh: killing leftover $(tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null | cut -c1-80) (pid $p)"
      kill -KILL "$p" 2>/dev/null
    done
    sleep 0.5
    break
  fi
  if (( stopped == 0 )); then
    # master was not running but children are: terminate them one by one
    for p in $left; do
      echo "stop.sh: stopping leftover $(tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null | cut -c1-60) (pid $p)"
      kill -TERM "$p" 2>/dev/null
    done
    stopped=1
  fi
  sleep 0.2
done

# 3. smtp sink
if pid="$(read_pid "$RUN/sink.pid")" && [[ -n "$pid" ]]; then
  if stop_pid "smtp sink" "$pid"; then stopped=1; fi
fi
rm -f "$RUN/sink.pid"

# 4. /dev/log listener (last, so that shutdown messages are still logged)
if pid="$(read_pid "$RUN/syslog.pid")" && [[ -n "$pid" ]]; then
  if stop_pid "syslog listener" "$pid"; then stopped=1; fi
fi
rm -f "$RUN/syslog.pid"

left="$(state_pids)"
if [[ -n "$left" ]]; then
  echo "stop.sh: processes of $STATE are still running: $left" >&2
  exit 1
fi
rm -f "$STATE"/conf/socket/* 2>/dev/null

if (( stopped )); then
  echo "stop.sh: stopped ($STATE)"
else
  echo "stop.sh: nothing was running ($STATE)"
fi
exit 0
