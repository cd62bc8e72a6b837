#!/usr/bin/env bash
# Runs the end-to-end tests for real: the app binary (cargo build -p kassa-app) under Xvfb,
# on a private D-Bus session with an unlocked gnome-keyring, with every XDG folder in a
# temp dir so nothing lands in the home folder. scripts/test.sh calls this.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -m 700 "$work/run"
export XDG_RUNTIME_DIR="$work/run" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" \
  XDG_CONFIG_HOME="$work/config" NO_AT_BRIDGE=1
export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin" KASSA_E2E=1
exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  set -euo pipefail
  echo -n e2e-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  cargo test -p kassa-e2e --locked "$@"
' e2e "$@"
