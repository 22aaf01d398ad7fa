#!/usr/bin/env bash
# Runs the official Runware JavaScript SDK against the built emulator (fast profile) with node's test runner.
# Builds nothing: expects the emulator dll from a previous build and node_modules from `npm ci`.
set -uo pipefail
cd "$(dirname "$0")"
ROOT="$(cd ../.. && pwd)"
DLL="${RUNWARECLOUD_ARTIFACTS:-$ROOT/artifacts}/bin/RunwareCloud.Runware.Emulator/debug/RunwareCloud.Runware.Emulator.dll"

if [ ! -f "$DLL" ]; then echo "emulator not built: $DLL"; echo "# pass 0"; echo "# fail 1"; exit 1; fi
if [ ! -d node_modules/@runware/sdk-js ]; then npm ci --no-audit --no-fund --loglevel=error || { echo "# pass 0"; echo "# fail 1"; exit 1; }; fi

PORT="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
LOG="$(mktemp /tmp/runware-conformance.XXXXXX.log)"
ASPNETCORE_URLS="http://127.0.0.1:$PORT" Emulator__LatencyProfile=Fast OTEL_EXPORTER_OTLP_ENDPOINT= \
  dotnet "$DLL" > "$LOG" 2>&1 &
EMULATOR_PID=$!
stop() { kill "$EMULATOR_PID" 2>/dev/null; wait "$EMULATOR_PID" 2>/dev/null; return 0; }
trap stop EXIT

for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "$EMULATOR_PID" 2>/dev/null || break
  sleep 0.1
done
if ! curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; then
  cat "$LOG"; echo "# pass 0"; echo "# fail 1"; exit 1
fi

RUNWARE_EMULATOR_URL="http://127.0.0.1:$PORT" node --test --test-concurrency=1 --test-timeout=120000 test/
code=$?
stop; trap - EXIT
[ "$code" -ne 0 ] && tail -20 "$LOG"
rm -f "$LOG"
exit "$code"
