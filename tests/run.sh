#!/usr/bin/env bash
# The one test command (README "Test it"; .ci/run calls it). Installs what the tests need on a
# fresh Debian machine, then checks formatting, the web client's types (tsc), the dependency
# policy (cargo deny) and lints (clippy), and runs every Rust test, the browser client's unit
# tests and the end-to-end tests in a real headless Chromium. PROPTEST_CASES, when set, sets
# the property tests' case count.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 \
  || [ ! -x /usr/sbin/nginx ] || [ ! -x /usr/sbin/haproxy ] || [ ! -x /usr/bin/caddy ] \
  || ! command -v openssl >/dev/null 2>&1 || ! command -v certutil >/dev/null 2>&1; then
  echo "== installing chromium, nginx, caddy, haproxy, openssl, certutil (Debian packages)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver nginx caddy haproxy openssl libnss3-tools >/dev/null
fi

echo "== cargo fmt --check"
cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
cargo fmt --all --check

echo "== tsc: the web client's JSDoc types"
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
tests/browser/node_modules/.bin/tsc -p web-client

echo "== cargo deny: licences, duplicate and banned crates, sources"
# Pinned so a fresh machine builds the same checker (about 2-5 minutes, once).
command -v cargo-deny >/dev/null 2>&1 || cargo install --locked cargo-deny@0.20.2
cargo deny --locked check licenses bans sources

echo "== cargo clippy"
cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo test"
cargo test --workspace --locked

echo "== building the server for the browser tests"
cargo build --locked -p hotseat-server

echo "== browser client unit tests and end-to-end tests"
node --test web-client/test/ tests/browser/
