#!/bin/sh
# The linker of every wasm32 build (.cargo/config.toml): rust-lld, keeping relocations, then the
# module is split at the functions marked `part_fn!` (src/code_parts.rs; split only with the feature
# wasm-split, which trunk's build turns on) by wasm-split-cli when it has any. The main part replaces the linked module (trunk's wasm-bindgen and wasm-opt take it from
# there); the parts loaded on demand and their loader, `__wasm_split.js`, go to `split/<file>/` beside
# the profile's output, where scripts/wasm-split-hook.mjs (a trunk post-build hook) picks them up.
set -eu
sysroot=$(rustc --print sysroot)
host=$(rustc -vV | sed -n 's/^host: //p')
"$sysroot/lib/rustlib/$host/bin/rust-lld" "$@" --emit-relocs
out=
previous=
for arg in "$@"; do
  [ "$previous" = "-o" ] && out=$arg
  previous=$arg
done
[ -n "$out" ] && grep -q __wasm_split_placeholder__ "$out" || exit 0
# One folder per linked file, marked with the main part's hash: a test build that links the same
# binary another way leaves trunk's parts alone, and the hook takes the parts of the very module
# trunk took.
split="$(dirname "$(dirname "$out")")/split/$(basename "$out" .wasm)"
rm -rf "$split"
mkdir -p "$split"
wasm-split-cli --target web --out-name tandem "$out" "$split"
mv "$split/tandem.wasm" "$out"
node "$(dirname "$0")/wasm-table-alias.mjs" "$out"
sha256sum "$out" | cut -d' ' -f1 > "$split/main.sha256"
