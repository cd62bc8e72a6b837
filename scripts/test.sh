#!/usr/bin/env bash
# Sets up everything and runs every test, then prints a pass/fail summary.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test || exit 1

# A cold build of everything the tests need takes about 6 GB under target/; a full disk shows
# up later as linker bus errors and "No space left on device", so say it up front.
target=${CARGO_TARGET_DIR:-target}
mkdir -p "$target"
free_gb=$(df -Pk "$target" | awk 'NR==2 {print int($4 / 1048576)}')
if [ "${free_gb:-0}" -lt 8 ]; then
  echo "test: only ${free_gb} GB free beside $target; a cold build needs about 6 GB" >&2
fi

log_dir=${ARTIFACTS_DIR:-artifacts}/test-logs
mkdir -p "$log_dir"
passed=0 failed=0 failed_steps=()

# step NAME COMMAND...: runs one step, keeps its log, counts the Rust and vitest tests it ran.
step() {
  local name=$1; shift
  echo "== $name: $*"
  local log="$log_dir/$name.log"
  if "$@" 2>&1 | tee "$log"; then :; else failed_steps+=("$name"); fi
  local p f
  p=$(grep -Eo 'test result: [A-Za-z]+\. [0-9]+ passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed;' "$log" | awk '{s+=$1} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
  # vitest's summary: "Tests  2 failed | 9 passed (11)"
  p=$(grep -E '^ *Tests +[0-9]' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
  f=$(grep -E '^ *Tests +[0-9]' "$log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
}

export NO_COLOR=1 FORCE_COLOR=0
# The UI is built first: tauri's generate_context! embeds ui/dist into the app.
step ui-build npm --prefix ui run build
step ui-check npm --prefix ui run check
step ui-tests npm --prefix ui test

step fmt cargo fmt --all --check
# No import circles between modules beyond the one ARCHITECTURE.md names.
step import-circles python3 scripts/import-circles.py
step clippy cargo clippy --workspace --all-targets --locked -- -D warnings
# kassa-e2e needs Xvfb and a keyring session: it runs in its own step below.
step rust-tests cargo test --workspace --locked --exclude kassa-e2e
step app-build cargo build -p kassa-app --locked
step e2e bash scripts/e2e.sh

echo
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "failed steps: ${failed_steps[*]}"
  [ "$failed" -eq 0 ] && failed=${#failed_steps[@]}
fi
echo "tests: $passed passed, $failed failed"
[ ${#failed_steps[@]} -eq 0 ] && [ "$failed" -eq 0 ]
