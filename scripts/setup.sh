#!/usr/bin/env bash
# Installs everything Tandem needs on a fresh machine (Debian, root, Rust via rustup), skipping
# whatever is already there at the right version. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
APT_PACKAGES=(cyrus-imapd cyrus-caldav cyrus-admin cyrus-clients sasl2-bin chromium chromium-driver fonts-noto-core fonts-noto-cjk)

step() { printf '\n== %s\n' "$*"; }

step "Debian packages"
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # Package scripts must not start a system-wide Cyrus: ours runs from scripts/cyrus/start.sh.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get install -y -q "${missing[@]}"
  rm -f /usr/sbin/policy-rc.d
else
  echo "all present"
fi

export PATH="$HOME/.cargo/bin:$PATH"

step "Rust components: clippy and rustfmt (scripts/test.sh checks lints and formatting)"
for component in clippy rustfmt; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

step "Rust target wasm32-unknown-unknown"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

step "trunk $TRUNK_VERSION"
if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  cargo install trunk --version "$TRUNK_VERSION" --locked
else
  echo "present"
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly. It is installed without
# --locked: its own lock file wants a crate version the registry lacks.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
step "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
else
  echo "present"
fi
grep -q "wasm_bindgen = \"$WASM_BINDGEN_VERSION\"" Trunk.toml || { echo "Trunk.toml pins another wasm_bindgen than Cargo.lock ($WASM_BINDGEN_VERSION)" >&2; exit 1; }

# wasm-split-cli splits the linked module at its lazy points (scripts/wasm-link.sh, the wasm32
# linker): the version of wasm_split_helpers in Cargo.lock, whose split points it reads.
WASM_SPLIT_VERSION=$(awk '/^name = "wasm_split_helpers"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
step "wasm-split-cli $WASM_SPLIT_VERSION"
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force
else
  echo "present"
fi

step "npm packages (wasm-opt from binaryen, Playwright)"
if [[ ! -x node_modules/.bin/wasm-opt || ! -d node_modules/@playwright/test || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
else
  echo "present"
fi

step "crates (trunk builds offline)"
cargo fetch --locked

echo
echo "setup done"
