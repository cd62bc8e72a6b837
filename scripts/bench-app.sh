#!/usr/bin/env bash
# Prints the app's start-up figures (cold start, idle memory) against the issue's goals:
# the debug app binary under Xvfb, through tauri-driver, like the end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
npm --prefix ui run build --silent
cargo build -p kassa-app
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -m 700 "$work/run"
export XDG_RUNTIME_DIR="$work/run" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" \
  XDG_CONFIG_HOME="$work/config" NO_AT_BRIDGE=1 KASSA_E2E=1
export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"
exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  set -euo pipefail
  echo -n bench-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  cargo run -q -p kassa-e2e --bin kassa-bench
'
