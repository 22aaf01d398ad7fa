#!/usr/bin/env bash
# Installs what the tests need, builds, starts one set of servers for the whole run, runs every suite and ends with
# "N passed, N failed" (", N skipped" when any were skipped).
set -uo pipefail
cd "$(dirname "$0")"
ROOT="$PWD"

./scripts/prerequisites.sh test || { echo "0 passed, 1 failed"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
RUN_DIR="$(mktemp -d /tmp/runwarecloud-test.XXXXXX)"
chmod 755 "$RUN_DIR"
RESULTS="$RUN_DIR/results"; mkdir -p "$RESULTS"
passed=0; failed=0; skipped=0

summary() {
  if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
}

echo "== build"
if ! dotnet build RunwareCloud.sln -c Debug -v minimal -nologo > "$RUN_DIR/build.log" 2>&1; then
  grep -E 'error' "$RUN_DIR/build.log" | sort -u | head -40
  failed=1; summary; exit 1
fi
if [ -f src/RunwareCloud.Web/package.json ]; then
  (cd src/RunwareCloud.Web && npm run build --silent) > "$RUN_DIR/web-build.log" 2>&1 || { cat "$RUN_DIR/web-build.log"; failed=1; summary; exit 1; }
fi

echo "== servers"
INFRA_ENV="$RUN_DIR/infra.env"
dotnet "${RUNWARECLOUD_ARTIFACTS:-artifacts}/bin/RunwareCloud.AppHost/debug/RunwareCloud.AppHost.dll" --infrastructure-only \
  --data-dir "$RUN_DIR/data" --env-file "$INFRA_ENV" > "$RUN_DIR/infra.log" 2>&1 &
INFRA_PID=$!
stop_infra() {
  kill -TERM "$INFRA_PID" 2>/dev/null && wait "$INFRA_PID" 2>/dev/null
  return 0
}
trap stop_infra EXIT
for _ in $(seq 1 1200); do
  [ -s "$INFRA_ENV" ] && break
  kill -0 "$INFRA_PID" 2>/dev/null || break
  sleep 0.1
done
if [ ! -s "$INFRA_ENV" ]; then
  cat "$RUN_DIR/infra.log"; failed=1; summary; exit 1
fi
set -a; . "$INFRA_ENV"; set +a

echo "== .NET test suites"
mapfile -t projects < <(ls tests/*/*.Tests.csproj 2>/dev/null)
run_project() {
  local project="$1" name
  name="$(basename "$project" .csproj)"
  timeout 900 dotnet test "$project" --no-build -nologo -v quiet --logger "console;verbosity=normal" \
    --results-directory "$RESULTS/$name" > "$RESULTS/$name.log" 2>&1
}
export -f run_project
export RESULTS
# Two suites at a time: one per core. Each suite isolates itself (database, vhost, key prefix), so they never collide.
printf '%s\n' "${projects[@]}" | xargs -P 2 -I{} bash -c 'run_project "$@"' _ {}
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  log="$RESULTS/$name.log"
  # The console logger ends with "Total tests: N" followed by "Passed: N", "Failed: N", "Skipped: N" lines.
  line="$(grep -E '^Total tests: [0-9]+' "$log" | tail -1)"
  p=$(sed -nE 's/^ +Passed: *([0-9]+)$/\1/p' "$log" | tail -1); f=$(sed -nE 's/^ +Failed: *([0-9]+)$/\1/p' "$log" | tail -1)
  s=$(sed -nE 's/^ +Skipped: *([0-9]+)$/\1/p' "$log" | tail -1)
  p=${p:-0}; f=${f:-0}; s=${s:-0}
  if [ -z "$line" ]; then f=1; echo "  $name: no result (see below)"; tail -30 "$log"; fi
  if [ "$f" -gt 0 ]; then grep -E '^\s+Failed |Error Message' -A2 "$log" | head -60; fi
  echo "  $name: $p passed, $f failed, $s skipped"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done

for suite in tests/*/run-suite.sh; do
  [ -x "$suite" ] || continue
  name="$(basename "$(dirname "$suite")")"
  log="$RESULTS/$name.log"
  "$suite" > "$log" 2>&1
  code=$?
  p=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$log" | tail -1); f=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$log" | tail -1)
  p=${p:-0}; f=${f:-0}
  if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  [ "$f" -gt 0 ] && tail -40 "$log"
  echo "  $name: $p passed, $f failed"
  passed=$((passed + p)); failed=$((failed + f))
done

stop_infra; trap - EXIT
summary
[ "$failed" -eq 0 ]
