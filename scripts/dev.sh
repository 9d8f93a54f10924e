#!/usr/bin/env bash
# Sets up the machine, starts the local JMAP server (Cyrus) with demo mail, and serves the app with
# live rebuilds on http://127.0.0.1:8080 (/jmap and /.well-known/jmap proxied to Cyrus).
# Ctrl-C stops everything. Server state is kept in .run/cyrus between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

scripts/setup.sh
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

STATE=$ROOT/.run/cyrus
export TANDEM_JMAP_PORT=8008 TANDEM_SMTP_PORT=2525 TANDEM_IMAP_PORT=8143
trap 'scripts/cyrus/stop.sh "$STATE"' EXIT INT TERM
scripts/cyrus/start.sh "$STATE"
if [[ ! -f "$STATE/.demo-seeded" ]]; then
  python3 scripts/seed/seed.py --state "$STATE" --via imap demo
  touch "$STATE/.demo-seeded"
fi

cat <<'INFO'

  Tandem:  http://127.0.0.1:8080   (first build takes a minute)
  Logins:  alice / tandem, bob / tandem, carol / tandem  (agents of the "support" team inbox)
  JMAP:    http://127.0.0.1:8008/jmap/   SMTP sink: .run/cyrus/sink/

INFO
# Trunk.toml tells trunk not to watch these; it refuses to start while one of them is missing.
mkdir -p .run test-results playwright-report node_modules target dist
# No auto-reload: Trunk injects it as an inline script, which the page's CSP (index.html) refuses
# with an error in the console. Reload the page after a rebuild.
trunk serve --no-autoreload
