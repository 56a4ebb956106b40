#!/usr/bin/env bash
# Builds the web page into a folder (default web/dist) of static files:
# index.html, crosscheck-web.js and crosscheck-web_bg.wasm. Serve that
# folder with any web server (see docs/browser.md).
#   web/build.sh [OUT_DIR] [--debug]
#   web/build.sh --install-only    (the target and wasm-bindgen-cli, which
#                                   also brings wasm-bindgen-test-runner)
set -euo pipefail
cd "$(dirname "$0")/.."
out=web/dist
profile=release
install_only=
for arg in "$@"; do
  case "$arg" in
    --debug) profile=debug ;;
    --install-only) install_only=1 ;;
    *) out=$arg ;;
  esac
done
rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown
# wasm-bindgen-cli must match the wasm-bindgen crate exactly (Cargo.lock).
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  echo "installing wasm-bindgen-cli $want (from crates.io)" >&2
  # --locked first (the versions its authors tested); when the registry no
  # longer has one of those (a yanked crate), cargo resolves afresh.
  cargo install wasm-bindgen-cli --version "$want" --locked \
    || cargo install wasm-bindgen-cli --version "$want"
fi
[ -n "$install_only" ] && exit 0
flags=()
[ "$profile" = release ] && flags+=(--release)
cargo build --target wasm32-unknown-unknown --bin crosscheck-web "${flags[@]}"
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" \
  "$target_dir/wasm32-unknown-unknown/$profile/crosscheck-web.wasm"
cp web/index.html "$out/index.html"
echo "built $out: $(du -sh "$out" | cut -f1) ($(gzip -c "$out/crosscheck-web_bg.wasm" | wc -c) bytes of wasm gzipped)"
