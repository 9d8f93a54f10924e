#!/usr/bin/env bash
# Runs every test: native unit and integration tests (against a real Cyrus), browser tests
# (wasm-bindgen-test in headless Chromium) and end-to-end tests (Playwright in Chromium against the
# release build). Starts the servers it needs on its own ports and stops them, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

scripts/setup.sh
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Ports of their own, so a running development server (scripts/dev.sh) is left alone.
export TANDEM_JMAP_PORT=${TANDEM_TEST_JMAP_PORT:-18008}
export TANDEM_SMTP_PORT=${TANDEM_TEST_SMTP_PORT:-12525}
export TANDEM_IMAP_PORT=${TANDEM_TEST_IMAP_PORT:-18143}
APP_PORT=${TANDEM_TEST_APP_PORT:-18080}
STATE=$(mktemp -d /tmp/tandem-test.XXXXXX)
chmod 755 "$STATE"  # the cyrus user must reach its state dir
LOG=$STATE/test-output.log
SERVE_PID=

cleanup() {
  local status=$?
  [[ -n "$SERVE_PID" ]] && kill "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null
  scripts/cyrus/stop.sh "$STATE/cyrus" >/dev/null 2>&1 || true
  scripts/cyrus/stop.sh "$STATE/plain" >/dev/null 2>&1 || true
  rm -rf "$STATE"
  exit $status
}
trap cleanup EXIT INT TERM

step() { printf '\n== %s\n' "$*"; }

step "JMAP server (Cyrus) with demo mail"
scripts/cyrus/start.sh "$STATE/cyrus"
python3 scripts/seed/seed.py --state "$STATE/cyrus" --via imap demo
export TANDEM_TEST_JMAP_URL=http://127.0.0.1:$TANDEM_JMAP_PORT
export TANDEM_TEST_STATE=$STATE/cyrus

step "a second JMAP server, configured as a deployment that never heard of Tandem"
PLAIN_JMAP_PORT=${TANDEM_TEST_PLAIN_JMAP_PORT:-19008}
TANDEM_CYRUS_PLAIN=1 TANDEM_JMAP_PORT=$PLAIN_JMAP_PORT TANDEM_SMTP_PORT=${TANDEM_TEST_PLAIN_SMTP_PORT:-19525} \
  TANDEM_IMAP_PORT=${TANDEM_TEST_PLAIN_IMAP_PORT:-19143} scripts/cyrus/start.sh "$STATE/plain"
python3 scripts/seed/seed.py --state "$STATE/plain" --via imap demo
export TANDEM_TEST_PLAIN_JMAP_URL=http://127.0.0.1:$PLAIN_JMAP_PORT

# House rules (rustfmt.toml; no clippy warning on either target). Here, not first, because the wasm
# browser tests read TANDEM_TEST_JMAP_URL at compile time (tests/web.rs), and clippy compiles them.
step "format and lints (rustfmt, clippy native and wasm, no import circle in the core or the app)"
for crate in "" --app; do
  python3 scripts/module_deps.py $crate >/dev/null || { python3 scripts/module_deps.py $crate | sed -n '/^# circles/,$p'; exit 1; }
done
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy --locked -p tandem --target wasm32-unknown-unknown --all-targets -- -D warnings

step "native tests (cargo test)"
cargo test --workspace --locked 2>&1 | tee -a "$LOG"

step "browser tests (wasm-bindgen-test in headless Chromium)"
# No cross-origin isolation (COOP/COEP) on the test page: the app is not served with it either, and
# it would block the no-cors probe that tells a CORS refusal from an unreachable server.
# chromedriver gets a minute to start (the runner's default, 5 s, is too short on a busy 2-core box).
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
  WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION=1 WASM_BINDGEN_TEST_DRIVER_TIMEOUT=60 \
  cargo test --locked -p tandem --target wasm32-unknown-unknown 2>&1 | tee -a "$LOG"

step "release build (trunk)"
trunk build --release
node scripts/bundle-size.mjs dist

step "end-to-end tests (Playwright in Chromium)"
node scripts/serve.mjs --dist dist --port "$APP_PORT" --jmap "$TANDEM_TEST_JMAP_URL" &
SERVE_PID=$!
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/" && break; sleep 0.2; done
TANDEM_APP_URL=http://127.0.0.1:$APP_PORT npx playwright test -c tests/e2e/playwright.config.ts 2>&1 | tee -a "$LOG"

# One closing line for the whole run.
passed=$(grep -oE '(test result: ok\. [0-9]+ passed|^ +[0-9]+ passed)' "$LOG" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
printf '\nall suites: %d passed, 0 failed\n' "$passed"
