#!/usr/bin/env bash
# Runs the web app's Vitest suite and reports node-test-style "# pass N" / "# fail N" lines for test.sh.
set -uo pipefail
web="$(cd "$(dirname "$0")/../../src/RunwareCloud.Web" && pwd)"
cd "$web"
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1
output="$(NO_COLOR=1 FORCE_COLOR=0 npx --no-install vitest run --reporter=default 2>&1)"
status=$?
echo "$output"
line="$(printf '%s\n' "$output" | sed 's/\x1b\[[0-9;]*m//g' | grep -E '^ *Tests +' | tail -1)"
pass="$(printf '%s' "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)"
fail="$(printf '%s' "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)"
if [ "$status" -ne 0 ] && [ "${fail:-0}" -eq 0 ]; then fail=1; fi
echo "# pass ${pass:-0}"
echo "# fail ${fail:-0}"
[ "$status" -eq 0 ]
