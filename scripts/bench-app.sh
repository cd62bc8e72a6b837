#!/usr/bin/env bash
# Prints the desktop app's figures next to the issues' goals: cold start, idle memory,
# F12 → Swish QR, paid → "Betalt", the .deb's size and the trips of one payment (bench binary:
# tests/src/bin/kassa-bench).
#   bash scripts/bench-app.sh             builds the release .deb with the Tauri CLI first
#                                         (several minutes on 2 cores), then measures it
#   bash scripts/bench-app.sh --no-build  measures the release build already in target/
# The release binary (UI embedded) runs under Xvfb with a private session bus and keyring,
# launched through tauri-driver like the end-to-end tests, then (idle memory once more)
# launched directly, with no WebDriver in it, as a till runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=1
[ "${1:-}" = --no-build ] && build=0

bash scripts/setup.sh test
if [ "$build" = 1 ]; then
  npm --prefix ui run build --silent
  echo "bench: release build and .deb with the Tauri CLI (several minutes on 2 cores)"
  started=$SECONDS
  # The UI was just built: the config's beforeBuildCommand is skipped rather than run from
  # a folder its relative path was not written for.
  (cd src-tauri && "$root/ui/node_modules/.bin/tauri" build --bundles deb \
    --config '{"build":{"beforeBuildCommand":""}}')
  export KASSA_BUILD_SECONDS=$((SECONDS - started))
fi
app="$root/target/release/kassa"
deb=$(ls -t "$root"/target/release/bundle/deb/*.deb 2>/dev/null | head -n 1 || true)
[ -x "$app" ] && [ -n "$deb" ] || { echo "bench: no release build; run without --no-build" >&2; exit 1; }
cargo build -q -p kassa-e2e --bin kassa-bench

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -m 700 "$work/run"
export XDG_RUNTIME_DIR="$work/run" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" \
  XDG_CONFIG_HOME="$work/config" NO_AT_BRIDGE=1 KASSA_E2E=1 \
  KASSA_APP_BINARY="$app" KASSA_DEB="$deb"
export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"
echo "bench: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) before the runs"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  set -euo pipefail
  echo -n bench-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  "$0"
' "$root/target/debug/kassa-bench"
echo "bench: load $(cut -d' ' -f1-3 /proc/loadavg) after the runs"
