#!/usr/bin/env bash
# Emulator capacity in the fast profile, driven by the official @runware/sdk-js: imageInference tasks/s at 128x128 and
# 512x512, against modelSearch (no image work) measured in the same run as the protocol-only baseline.
# Writes bench/results/emulator.json. Usage: ./bench/run.sh emulator [total-requests] [concurrency]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
artifacts="${RUNWARECLOUD_ARTIFACTS:-$root/artifacts}"
sdk_dir="$root/tests/RunwareCloud.Runware.Conformance"

[ -d "$sdk_dir/node_modules/@runware/sdk-js" ] || (cd "$sdk_dir" && npm ci --no-audit --no-fund --loglevel=error)
RUNWARECLOUD_ARTIFACTS="$artifacts" dotnet build "$root/src/RunwareCloud.Runware.Emulator" -c Release -v quiet -nologo >/dev/null
dll="$artifacts/bin/RunwareCloud.Runware.Emulator/release/RunwareCloud.Runware.Emulator.dll"

port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
log="$(mktemp /tmp/runware-emulator-bench.XXXXXX.log)"
ASPNETCORE_URLS="http://127.0.0.1:$port" Emulator__LatencyProfile=Fast Emulator__MaxConcurrentTasksPerApiKey=64 \
  Emulator__MediaTtl=00:05:00 Logging__LogLevel__Default=Warning dotnet "$dll" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done

node "$here/load.mjs" "ws://127.0.0.1:$port/v1" "$sdk_dir" "$root/bench/results/emulator.json" "${1:-300}" "${2:-16}"
