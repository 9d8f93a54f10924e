#!/usr/bin/env bash
# The benchmark harness: starts its own Cyrus on unused ports, seeds N emails into the team inbox,
# builds (or reuses) the release app, serves it, drives headless Chromium through sign-in, full
# sync, warm start, opening threads and a teammate's change, and prints one line per figure:
#
#   METRIC <name> <value> <unit>       (value NA when it could not be measured, with a "# why" line)
#   # <comment>
#
# on stdout; progress goes to stderr. Stops everything it started, whatever happens.
# Uses only what scripts/setup.sh installed; installs nothing.
#
# usage: tests/bench/run.sh [EMAILS]        (default 10000; tests/bench/run.sh 100000 for the big one)
#
# env:   BENCH_REUSE_DIST=1     serve the existing dist/ instead of running `trunk build --release`
#        BENCH_DIST=DIR         the dist to build into / serve (default dist)
#        BENCH_JMAP_PORT (48008) BENCH_SMTP_PORT (48525) BENCH_IMAP_PORT (48143)   the bench Cyrus
#        BENCH_APP_PORT          the app (default: the first free port from 48080)
#        BENCH_SYNC_TIMEOUT_S    how long to wait for the full sync (default 900)
#        BENCH_SEED_VIA=imap     seed over IMAP APPEND (receivedAt spread over a year like the Date
#                                header) instead of LMTP (receivedAt = delivery time; the default)
#        BENCH_KEEP_STATE=1      keep the Cyrus state dir (/tmp/tandem-bench.*) for inspection
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

N=${1:-10000}
[[ "$N" =~ ^[0-9]+$ ]] && ((N >= 1)) || { echo "usage: tests/bench/run.sh [EMAILS]" >&2; exit 2; }
DIST=${BENCH_DIST:-dist}
JMAP_PORT=${BENCH_JMAP_PORT:-48008}
SMTP_PORT=${BENCH_SMTP_PORT:-48525}
IMAP_PORT=${BENCH_IMAP_PORT:-48143}
SEED_VIA=${BENCH_SEED_VIA:-lmtp}
[[ "$SEED_VIA" == lmtp || "$SEED_VIA" == imap ]] || { echo "BENCH_SEED_VIA must be lmtp or imap" >&2; exit 2; }

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------- tools (scripts/setup.sh installs them)
for tool in node python3 curl; do command -v "$tool" >/dev/null || die "$tool not found (run scripts/setup.sh)"; done
[[ -x /usr/lib/cyrus/bin/master ]] || die "Cyrus not installed (run scripts/setup.sh)"
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium not found (run scripts/setup.sh)"
[[ -d node_modules/playwright-core ]] || die "node_modules/playwright-core missing (run scripts/setup.sh)"
if [[ "${BENCH_REUSE_DIST:-0}" != 1 ]]; then
  command -v trunk >/dev/null || die "trunk not found (run scripts/setup.sh)"
  command -v wasm-opt >/dev/null || die "wasm-opt not found in node_modules/.bin (run scripts/setup.sh)"
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [[ -n "${BENCH_APP_PORT:-}" ]]; then
  APP_PORT=$BENCH_APP_PORT
else
  APP_PORT=
  for p in $(seq 48080 48099); do port_free "$p" && { APP_PORT=$p; break; }; done
  [[ -n "$APP_PORT" ]] || die "no free port in 48080-48099 for the app (set BENCH_APP_PORT)"
fi
for p in "$JMAP_PORT" "$SMTP_PORT" "$IMAP_PORT" "$APP_PORT"; do
  port_free "$p" || die "127.0.0.1:$p is in use (another bench run? set BENCH_*_PORT)"
done

# ---------------------------------------------------------------- cleanup, whatever happens
STATE=$(mktemp -d /tmp/tandem-bench.XXXXXX)
chmod 755 "$STATE" # the cyrus user must reach its state dir
SERVE_PID=
PEER_PID=
RELAY_PID=
CHILD=
cleanup() {
  local status=$?
  set +e # every step below must run, whatever the one before returned
  trap - EXIT INT TERM
  if [[ -n "$CHILD" ]] && kill -0 "$CHILD" 2>/dev/null; then
    # its own process group (see `run`): trunk's cargo, Playwright's Chromium go with it
    kill -TERM -- "-$CHILD" 2>/dev/null || kill -TERM "$CHILD" 2>/dev/null
    wait "$CHILD" 2>/dev/null
  fi
  if [[ -n "$SERVE_PID" ]]; then kill "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null; fi
  if [[ -n "$PEER_PID" ]]; then kill "$PEER_PID" 2>/dev/null; wait "$PEER_PID" 2>/dev/null; fi
  if [[ -n "$RELAY_PID" ]]; then kill "$RELAY_PID" 2>/dev/null; wait "$RELAY_PID" 2>/dev/null; fi
  scripts/cyrus/stop.sh "$STATE/cyrus" >&2 || true
  if [[ "${BENCH_KEEP_STATE:-0}" == 1 ]]; then log "state kept in $STATE"; else rm -rf "$STATE"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs a long step in the background, in its own process group, so that a signal to this script
# is handled at once (bash defers traps while a foreground child runs) and the cleanup can end the
# step with all its children.
# RUN_LOG=FILE sends the step's output there (a redirection of the call itself would also catch
# the cleanup's messages when a signal arrives during the step).
run() {
  if [[ -n "${RUN_LOG:-}" ]]; then setsid "$@" >"$RUN_LOG" 2>&1 & else setsid "$@" & fi
  CHILD=$!
  local rc=0
  wait "$CHILD" || rc=$?
  CHILD=
  return "$rc"
}

echo "# tandem bench: $N emails, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- 2>/dev/null || echo ' (with uncommitted changes)'), $(nproc) cores"

# ---------------------------------------------------------------- the JMAP server, seeded
log "starting Cyrus (JMAP on 127.0.0.1:$JMAP_PORT, state $STATE/cyrus)"
TANDEM_JMAP_PORT=$JMAP_PORT TANDEM_SMTP_PORT=$SMTP_PORT TANDEM_IMAP_PORT=$IMAP_PORT \
  run scripts/cyrus/start.sh "$STATE/cyrus" >&2
log "seeding $N emails into support's INBOX (via $SEED_VIA; LMTP does ~340 emails/s on an idle machine)"
seed_start=$SECONDS
RUN_LOG=$STATE/seed.log run python3 scripts/seed/seed.py --state "$STATE/cyrus" --via "$SEED_VIA" bulk "$N" || { cat "$STATE/seed.log" >&2; die "seeding failed"; }
cat "$STATE/seed.log" >&2
# One conversation of 20 HTML messages, the newest thread (open_html_thread_ms). Over LMTP an
# email's receivedAt is its delivery's second: delivered in the same second as the last of the
# bulk, it tied with up to a few hundred of them and could sort below the first screen.
sleep 1.1
RUN_LOG=$STATE/seed-html.log run python3 scripts/seed/seed.py --state "$STATE/cyrus" --via "$SEED_VIA" html-thread 20 || { cat "$STATE/seed-html.log" >&2; die "seeding the HTML conversation failed"; }
echo "# seeding: $(sed -n 's/^ *threads: \([0-9]*\).*/\1/p' "$STATE/seed.log") threads planned by seed.py, $((SECONDS - seed_start)) s via $SEED_VIA"

# ---------------------------------------------------------------- the app
if [[ "${BENCH_REUSE_DIST:-0}" == 1 ]]; then
  [[ -s "$DIST/index.html" ]] || die "BENCH_REUSE_DIST=1 but there is no $DIST/index.html"
  log "reusing $DIST (built $(date -r "$DIST/index.html" '+%F %T'))"
else
  log "trunk build --release (into $DIST)"
  run trunk build --release --dist "$DIST" >&2 || die "the release build failed (BENCH_REUSE_DIST=1 serves an existing dist/)"
fi
node scripts/bundle-size.mjs "$DIST"

node scripts/serve.mjs --dist "$DIST" --port "$APP_PORT" --jmap "http://127.0.0.1:$JMAP_PORT" >&2 &
SERVE_PID=$!
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/" && break; sleep 0.2; done
curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/" || die "the app server did not answer on 127.0.0.1:$APP_PORT"

# The no-cache client's servers, started now: every server listens before the measures begin,
# whose thousands of short connections to Cyrus take ports of this range as their own.
PEER_DIR=${BENCH_PEER_DIR:-$ROOT/../shared/peers/jmap-demo-webmail}
PEER_PORT=
if [[ -f "$PEER_DIR/serve.js" ]]; then
  for p in $(seq 48090 48099); do port_free "$p" && { PEER_PORT=$p; break; }; done
  [[ -n "$PEER_PORT" ]] || die "no free port in 48090-48099 for the other client"
  # Its JMAP through a proxy like the app's (scripts/serve.mjs: a connection of its own to Cyrus
  # for each request), so that both clients reach the server the same way.
  RELAY_PORT=
  for p in $(seq 48100 48119); do port_free "$p" && { RELAY_PORT=$p; break; }; done
  [[ -n "$RELAY_PORT" ]] || die "no free port in 48100-48119 for the other client's proxy"
  node scripts/serve.mjs --dist "$DIST" --port "$RELAY_PORT" --jmap "http://127.0.0.1:$JMAP_PORT" >&2 &
  RELAY_PID=$!
  for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$RELAY_PORT/" && break; sleep 0.2; done
  curl -sf -o /dev/null "http://127.0.0.1:$RELAY_PORT/" || die "the other client's proxy did not answer on 127.0.0.1:$RELAY_PORT"
  PRIMARY_MAIL_ACCOUNT=support node "$PEER_DIR/serve.js" "$PEER_PORT" "$RELAY_PORT" >&2 &
  PEER_PID=$!
  for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$PEER_PORT/" && break; sleep 0.2; done
  curl -sf -o /dev/null "http://127.0.0.1:$PEER_PORT/" || die "the other client's server did not answer on 127.0.0.1:$PEER_PORT"
fi

# ---------------------------------------------------------------- measure
log "measuring in headless Chromium (app http://127.0.0.1:$APP_PORT)"
run node tests/bench/measure.mjs --app "http://127.0.0.1:$APP_PORT" --jmap "http://127.0.0.1:$JMAP_PORT" \
  --sync-timeout-s "${BENCH_SYNC_TIMEOUT_S:-900}"

# ---------------------------------------------------------------- beside a client with no local copy
if [[ -n "$PEER_PORT" ]]; then
  log "side by side with the no-cache client (http://127.0.0.1:$PEER_PORT)"
  # Nine runs each: on this two-core machine, shared with the server, five left the medians
  # moving between runs more than the changes they were to measure.
  run node tests/bench/side_by_side.mjs --app "http://127.0.0.1:$APP_PORT" --peer "http://127.0.0.1:$PEER_PORT" \
    --runs "${BENCH_SIDE_RUNS:-9}" --sync-timeout-s "${BENCH_SYNC_TIMEOUT_S:-900}"
else
  for n in tandem_signin_rows_ms peer_signin_rows_ms tandem_reload_rows_ms peer_reload_rows_ms tandem_open_thread_ms peer_open_thread_ms; do
    echo "METRIC $n NA ms"; echo "# $n: the no-cache client is not in $PEER_DIR (set BENCH_PEER_DIR)"
  done
fi
# ---------------------------------------------------------------- a reload on a slow link
log "a reload on a link 100 ms slow (a proxy in front of the app's server)"
run node tests/bench/slow_link.mjs --app "http://127.0.0.1:$APP_PORT" --delay 100 --sync-timeout-s "${BENCH_SYNC_TIMEOUT_S:-900}"
log "done"
