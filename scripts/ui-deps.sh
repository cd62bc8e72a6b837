#!/usr/bin/env bash
# Installs the UI's npm packages from ui/package-lock.json when they are missing or stale.
set -euo pipefail
cd "$(dirname "$0")/../ui"
command -v npm >/dev/null || { echo "setup: Node.js 20+ with npm is required" >&2; exit 1; }
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci in ui/"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "setup: UI packages ready"
