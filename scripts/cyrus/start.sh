#!/usr/bin/env bash
# Start the local Tandem mail server: Cyrus IMAP 3.x serving JMAP on loopback,
# plus an SMTP sink for outgoing mail. No systemd; all state in one folder.
#
# usage: scripts/cyrus/start.sh [STATE_DIR]        (default: REPO/.run/cyrus)
#
# env:   TANDEM_JMAP_PORT  (8008)  Cyrus httpd (JMAP) on 127.0.0.1
#        TANDEM_SMTP_PORT  (2525)  SMTP sink on 127.0.0.1 (Cyrus submits here)
#        TANDEM_IMAP_PORT  (8143)  IMAP on 127.0.0.1, for debugging
#        TANDEM_START_TIMEOUT (60) seconds to wait for the server to answer
# LMTP (for scripts/seed/seed.py) is the unix socket STATE_DIR/conf/socket/lmtp.
#
# A fresh state dir gets configs, folders, a private sasldb, the users and
# their mailboxes; an existing one is simply started again. Starting one that
# is already running says so and exits 0. Stop with scripts/cyrus/stop.sh.
# Needs root (cyrus master drops to the 'cyrus' user itself) and the Debian
# packages cyrus-imapd cyrus-caldav cyrus-admin cyrus-clients sasl2-bin.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || (cd "$HERE/../.." && pwd))"
STATE_ARG="${1:-$REPO/.run/cyrus}"

JMAP_PORT="${TANDEM_JMAP_PORT:-8008}"
SMTP_PORT="${TANDEM_SMTP_PORT:-2525}"
IMAP_PORT="${TANDEM_IMAP_PORT:-8143}"
TIMEOUT="${TANDEM_START_TIMEOUT:-60}"

SERVERNAME="tandem.test"
CYRUS_BIN="/usr/lib/cyrus/bin"
MASTER="$CYRUS_BIN/master"
# user:password; 'cyrus' is the admin (see admins: in imapd.conf.in)
USERS=("cyrus:cyrus-admin" "alice:tandem" "bob:tandem" "carol:tandem" "support:support")

die() { echo "start.sh: $*" >&2; exit 1; }
log() { echo "start.sh: $*"; }

[[ "$(id -u)" == 0 ]] || die "must run as root (cyrus master switches to the 'cyrus' user by itself)"
[[ -x "$MASTER" ]] || die "$MASTER not found: install cyrus-imapd (Debian package)"
command -v saslpasswd2 >/dev/null || die "saslpasswd2 not found: install sasl2-bin"
command -v python3 >/dev/null || die "python3 not found"
id cyrus >/dev/null 2>&1 || die "no 'cyrus' user: install cyrus-common"
for p in "$JMAP_PORT" "$SMTP_PORT" "$IMAP_PORT"; do
  [[ "$p" =~ ^[0-9]+$ ]] || die "bad port '$p'"
done

mkdir -p "$STATE_ARG"
STATE="$(cd "$STATE_ARG" && pwd -P)"
[[ "$STATE" =~ ^[A-Za-z0-9._/+-]+$ ]] || die "state dir path must not contain spaces or special characters: $STATE"

CONF="$STATE/etc/imapd.conf"
MCONF="$STATE/etc/cyrus.conf"
RUN="$STATE/run"
LOGDIR="$STATE/log"

pid_alive() { # pidfile -> prints pid if that process runs
  local f="$1" pid
  [[ -s "$f" ]] || return 1
  pid="$(tr -dc '0-9' <"$f")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  # a zombie (not yet reaped by pid 1) is not running
  [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" == Z ]] && return 1
  echo "$pid"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

print_summary() {
  cat <<EOF

Tandem mail server is up (state: $STATE)
  JMAP session : http://127.0.0.1:$JMAP_PORT/jmap/
                 (http://127.0.0.1:$JMAP_PORT/.well-known/jmap answers 301 to it)
  JMAP API     : http://127.0.0.1:$JMAP_PORT/jmap/   (POST)
  IMAP (debug) : 127.0.0.1:$IMAP_PORT
  LMTP         : $STATE/conf/socket/lmtp   (rcpt: support, alice, ...)
  SMTP sink    : 127.0.0.1:$SMTP_PORT -> $STATE/sink/*.eml
  logs         : $LOGDIR/  (syslog, master.out, sink.log)
  logins (HTTP Basic / IMAP LOGIN):
    alice / tandem, bob / tandem, carol / tandem   agents, share the team inbox
    support / support                              the team inbox account
    cyrus / cyrus-admin                            admin (IMAP only)
  seed : python3 scripts/seed/seed.py --state $STATE demo
  stop : scripts/cyrus/stop.sh $STATE
EOF
}

# ---------------------------------------------------------------- running?
if mpid="$(pid_alive "$RUN/master.pid")"; then
  log "already running (cyrus master pid $mpid, state $STATE)"
  # report the ports it was started with, not the ones in the environment
  JMAP_PORT="$(sed -n 's/^ *http .*listen="127.0.0.1:\([0-9]*\)".*/\1/p' "$MCONF" 2>/dev/null || true)"
  IMAP_PORT="$(sed -n 's/^ *imap .*listen="127.0.0.1:\([0-9]*\)".*/\1/p' "$MCONF" 2>/dev/null || true)"
  SMTP_PORT="$(sed -n 's/^smtp_host: 127.0.0.1:\([0-9]*\).*/\1/p' "$CONF" 2>/dev/null || true)"
  print_summary
  exit 0
fi

# leftovers of a run whose master died (children keep the ports): clean up
if pgrep -f -- "-C $CONF( |\$)" >/dev/null 2>&1 || pid_alive "$RUN/sink.pid" >/dev/null \
   || pid_alive "$RUN/syslog.pid" >/dev/null; then
  log "cleaning up processes left over by a previous run"
  "$HERE/stop.sh" "$STATE" || die "could not clean up the previous run"
fi

# ---------------------------------------------------------------- layout
fresh=0
if [[ ! -d "$STATE/conf/db" ]]; then
  fresh=1
  log "creating fresh state in $STATE"
  mkdir -p "$STATE"/etc "$RUN" "$LOGDIR" "$STATE"/tmp "$STATE"/sink "$STATE"/search \
           "$STATE"/spool/stage. \
           "$STATE"/conf/{db,proc,socket,log,msg,user,quota,lock,sieve,sync}
  printf '*\n' >"$STATE/.gitignore"
fi
mkdir -p "$RUN" "$LOGDIR" "$STATE/tmp" "$STATE/sink" "$STATE/etc"
# stale pid files / sockets of a crashed run
rm -f "$RUN/master.pid" "$STATE"/conf/socket/* 2>/dev/null || true
rm -rf "$STATE"/conf/proc/* 2>/dev/null || true

# ---------------------------------------------------------------- configs
# Regenerated on every start so that the port variables always apply.
# TANDEM_CYRUS_PLAIN=1: a server as a deployment that never heard of Tandem (no counted flags),
# to test that the app still works there.
PLAIN_EDIT='s|^$||'
[[ "${TANDEM_CYRUS_PLAIN:-0}" == 1 ]] && PLAIN_EDIT='/^conversations_counted_flags:/d'
sed -e "s|@STATE@|$STATE|g" -e "s|@SMTP_PORT@|$SMTP_PORT|g" -e "$PLAIN_EDIT" \
    "$HERE/imapd.conf.in" >"$CONF.tmp" && mv "$CONF.tmp" "$CONF"
sed -e "s|@STATE@|$STATE|g" -e "s|@CONF@|$CONF|g" \
    -e "s|@JMAP_PORT@|$JMAP_PORT|g" -e "s|@IMAP_PORT@|$IMAP_PORT|g" \
    "$HERE/cyrus.conf.in" >"$MCONF.tmp" && mv "$MCONF.tmp" "$MCONF"

# ---------------------------------------------------------------- sasldb
if [[ ! -s "$STATE/sasldb2" ]]; then
  for up in "${USERS[@]}"; do
    u="${up%%:*}"; p="${up#*:}"
    printf '%s' "$p" | saslpasswd2 -p -c -f "$STATE/sasldb2" -u "$SERVERNAME" "$u" \
      || die "saslpasswd2 failed for $u"
  done
  log "sasldb: $(sasldblistusers2 -f "$STATE/sasldb2" | cut -d: -f1 | tr '\n' ' ')"
fi

chown -R cyrus:mail "$STATE"
chmod 750 "$STATE"
chmod 640 "$STATE/sasldb2"
if command -v runuser >/dev/null && ! runuser -u cyrus -- test -w "$STATE/conf/db"; then
  die "the 'cyrus' user cannot reach $STATE (a parent dir is not world-searchable?); use a state dir it can reach, e.g. /tmp/tandem-cyrus"
fi

# ---------------------------------------------------------------- ports
for p in "$JMAP_PORT" "$SMTP_PORT" "$IMAP_PORT"; do
  port_busy "$p" && die "127.0.0.1:$p is already in use (another server? set TANDEM_*_PORT)"
done

started=()
fail() {
  echo "start.sh: $*" >&2
  for f in "$LOGDIR/master.out" "$LOGDIR/syslog" "$LOGDIR/sink.log"; do
    [[ -s "$f" ]] && { echo "---- tail $f" >&2; tail -n 30 "$f" >&2; }
  done
  echo "start.sh: stopping what was started" >&2
  "$HERE/stop.sh" "$STATE" >&2 || true
  exit 1
}

wait_for() { # seconds description command...
  local secs="$1" what="$2"; shift 2
  local end=$((SECONDS + secs))
  until "$@" 2>/dev/null; do
    (( SECONDS < end )) || return 1
    sleep 0.2
  done
}

# ---------------------------------------------------------------- syslog
# No syslog daemon on these machines: catch /dev/log ourselves if nobody does.
if ! python3 - <<'EOF' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
try:
    s.connect("/dev/log")
except OSError:
    sys.exit(1)
EOF
then
  setsid python3 "$HERE/syslog_listener.py" --socket /dev/log --log "$LOGDIR/syslog" \
    --pidfile "$RUN/syslog.pid" </dev/null >>"$LOGDIR/syslog_listener.out" 2>&1 &
  wait_for 10 "syslog listener" test -s "$RUN/syslog.pid" || fail "syslog listener did not start"
  log "syslog listener on /dev/log -> $LOGDIR/syslog (pid $(cat "$RUN/syslog.pid"))"
else
  log "/dev/log already has a listener; Cyrus logs go there"
fi

# ---------------------------------------------------------------- smtp sink
setsid python3 "$HERE/smtp_sink.py" --host 127.0.0.1 --port "$SMTP_PORT" --dir "$STATE/sink" \
  --pidfile "$RUN/sink.pid" --log "$LOGDIR/sink.log" </dev/null >>"$LOGDIR/sink.log" 2>&1 &
wait_for 10 "smtp sink" port_busy "$SMTP_PORT" || fail "SMTP sink did not start on 127.0.0.1:$SMTP_PORT"
log "SMTP sink on 127.0.0.1:$SMTP_PORT (pid $(cat "$RUN/sink.pid" 2>/dev/null))"

# ---------------------------------------------------------------- cyrus
# Dev server: skip fsync (see nosync.c) unless TANDEM_CYRUS_FSYNC=1.
PRELOAD=""
if [[ "${TANDEM_CYRUS_FSYNC:-0}" != 1 ]]; then
  if command -v cc >/dev/null && cc -shared -fPIC -O2 -o "$RUN/nosync.so" "$HERE/nosync.c" 2>>"$LOGDIR/master.out"; then
    PRELOAD="$RUN/nosync.so"
    log "fsync disabled for this dev server (TANDEM_CYRUS_FSYNC=1 to keep it)"
  else
    log "no C compiler: running with fsync (slower seeding)"
  fi
fi
LD_PRELOAD="$PRELOAD" "$MASTER" -C "$CONF" -M "$MCONF" -p "$RUN/master.pid" -d -L "$LOGDIR/master.out" \
  </dev/null >>"$LOGDIR/master.out" 2>&1 || fail "cyrus master failed to start"

http_up() {
  python3 - "$JMAP_PORT" <<'EOF'
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/jmap/", timeout=2)
except urllib.error.HTTPError:
    pass  # any HTTP answer (401 without credentials) means httpd is up
EOF
}
wait_for "$TIMEOUT" "httpd" http_up \
  || fail "JMAP did not answer on http://127.0.0.1:$JMAP_PORT within ${TIMEOUT}s"
wait_for 20 "lmtp socket" test -S "$STATE/conf/socket/lmtp" || fail "no LMTP socket"
wait_for 20 "imap socket" test -S "$STATE/conf/socket/imap" || fail "no IMAP socket"
log "cyrus master pid $(cat "$RUN/master.pid"), JMAP on 127.0.0.1:$JMAP_PORT"

# ---------------------------------------------------------------- mailboxes
if [[ ! -e "$STATE/.provisioned" ]]; then
  python3 "$HERE/provision.py" --state "$STATE" || fail "provisioning mailboxes failed"
  touch "$STATE/.provisioned"
fi

(( fresh )) && log "fresh state created"
print_summary
