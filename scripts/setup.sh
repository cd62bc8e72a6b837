#!/usr/bin/env bash
# Installs what Kassa needs to build, run and test on Debian/Ubuntu.
# Idempotent: only missing packages are installed. Works as root or through sudo.
#   scripts/setup.sh run    packages to build and start the app
#   scripts/setup.sh test   also what the tests need (Xvfb, WebDriver, a keyring)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

build_pkgs=(build-essential pkg-config file curl libssl-dev
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  librsvg2-dev libayatana-appindicator3-dev libxdo-dev)
test_pkgs=(xvfb xauth webkit2gtk-driver gnome-keyring libsecret-tools dbus-daemon
  imagemagick librsvg2-bin poppler-utils cups printer-driver-cups-pdf zbar-tools python3)

pkgs=("${build_pkgs[@]}")
[ "$mode" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v cargo >/dev/null || { echo "setup: Rust (cargo) is required: https://rustup.rs" >&2; exit 1; }
echo "setup: system packages ready"

# The UI's npm packages (npm ci from ui/package-lock.json when stale).
bash scripts/ui-deps.sh
# The end-to-end tests drive the real window through tauri-driver.
if [ "$mode" = test ] && ! command -v tauri-driver >/dev/null \
  && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  echo "setup: cargo install tauri-driver (about a minute)"
  cargo install tauri-driver --locked --version '^2' --quiet
fi
