#!/usr/bin/env bash
# Throughput, p99 latency and client CPU per task of the RunwareCloud.Runware pool against the official
# @runware/sdk-js, both driving the same Runware emulator (fast profile, its own process) with imageInference
# at 1, 16 and 256 concurrent tasks. Writes bench/results/pool.json and the pool line of bench/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
artifacts="${RUNWARECLOUD_ARTIFACTS:-$root/artifacts}"

sdk="$root/tests/RunwareCloud.Runware.Conformance/node_modules/@runware/sdk-js"
if [ ! -f "$sdk/dist/index.js" ]; then
  echo "Installing @runware/sdk-js into bench/pool/node_modules..."
  (cd "$here" && npm install --no-audit --no-fund --silent)
  sdk="$here/node_modules/@runware/sdk-js"
fi

(cd "$root" && bash scripts/prerequisites.sh >/dev/null)
echo "Building the emulator and RunwareCloud.Bench.Pool (Release)..."
RUNWARECLOUD_ARTIFACTS="$artifacts" dotnet build "$root/src/RunwareCloud.Runware.Emulator/RunwareCloud.Runware.Emulator.csproj" -c Release -v q -nologo >/dev/null
RUNWARECLOUD_ARTIFACTS="$artifacts" dotnet build "$here/RunwareCloud.Bench.Pool.csproj" -c Release -v q -nologo >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
key="bench-key-$RANDOM$RANDOM"
log=$(mktemp)
Emulator__LatencyProfile=Fast Emulator__MaxConcurrentTasksPerApiKey=1024 Logging__LogLevel__Default=Warning \
  dotnet "$artifacts/bin/RunwareCloud.Runware.Emulator/release/RunwareCloud.Runware.Emulator.dll" --urls "http://127.0.0.1:$port" >"$log" 2>&1 &
emulator=$!
trap 'kill "$emulator" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/alive" >/dev/null 2>&1 && break; sleep 0.2; done

mkdir -p "$root/bench/results"
summary=$(dotnet "$artifacts/bin/RunwareCloud.Bench.Pool/release/RunwareCloud.Bench.Pool.dll" "ws://127.0.0.1:$port/v1" "$key" "$sdk" \
  "$root/bench/results/pool.json" "$@" | tee /dev/stderr | tail -n 1)

readme="$root/bench/README.md"
[ -f "$readme" ] || echo "# Benchmarks (run with ./bench/run.sh <name>; results in bench/results/<name>.json)" > "$readme"
grep -v '^- pool: ' "$readme" > "$readme.tmp" || true
mv "$readme.tmp" "$readme"
echo "- pool: $(date -u +%F), $(nproc) cores, imageInference 128x128 on the emulator's fast profile (results by URL, not fetched), RunwarePool vs @runware/sdk-js 1.3.2 (best of alternating rounds): $summary" >> "$readme"
