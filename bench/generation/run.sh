#!/usr/bin/env bash
# Submit → succeeded latency and sustained throughput of generation-api (with history-api keeping the outputs), against
# the same tasks sent straight through the Runware pool in the same run. The whole system runs under the AppHost's own
# graph (Release builds) with the Runware emulator on its fast profile. Writes bench/results/generation.json and the
# generation line of bench/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
artifacts="${RUNWARECLOUD_ARTIFACTS:-$root/artifacts}"

echo "Building the system and RunwareCloud.Bench.Generation (Release)..."
RUNWARECLOUD_ARTIFACTS="$artifacts" dotnet build "$here/RunwareCloud.Bench.Generation.csproj" -c Release -v q -nologo >/dev/null

mkdir -p "$root/bench/results"
# The services inherit these from the AppHost: only the emulator reads them.
summary=$(Emulator__LatencyProfile=Fast Emulator__MaxConcurrentTasksPerApiKey=1024 \
  dotnet "$artifacts/bin/RunwareCloud.Bench.Generation/release/RunwareCloud.Bench.Generation.dll" \
  "$root/bench/results/generation.json" "$@" | tee /dev/stderr | tail -n 1)

readme="$root/bench/README.md"
grep -v '^- generation: ' "$readme" > "$readme.tmp" || true
mv "$readme.tmp" "$readme"
echo "- generation: $(date -u +%F), $(nproc) cores, $summary" >> "$readme"
