#!/usr/bin/env bash
# Event-to-client latency (p99) of notifications-api with many Server-Sent Events connections on one instance while
# events fan out at a fixed rate, plus its memory. Uses the Postgres, Redis and RabbitMQ named by ConnectionStrings__*
# (as ./test.sh exports them). Writes bench/results/notifications.json and the notifications line of bench/README.md.
# Usage: ./bench/run.sh notifications [connections=10000] [events/s=1000] [seconds=20] [baseline connections=100]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
artifacts="${RUNWARECLOUD_ARTIFACTS:-$root/artifacts}"
for variable in ConnectionStrings__postgres ConnectionStrings__redis ConnectionStrings__messaging RUNWARECLOUD_RABBITMQ_MANAGEMENT; do
  [ -n "${!variable:-}" ] || { echo "$variable is not set (start the servers with the AppHost's --infrastructure-only, or see README)" >&2; exit 1; }
done

# Each stream is a socket on both sides; the API and the client each need one descriptor per connection.
ulimit -n "$(ulimit -Hn)"

echo "Building notifications-api and the load client (Release)..."
RUNWARECLOUD_ARTIFACTS="$artifacts" dotnet build "$root/src/RunwareCloud.Notifications.Api/RunwareCloud.Notifications.Api.csproj" -c Release -v q -nologo >/dev/null
RUNWARECLOUD_ARTIFACTS="$artifacts" dotnet build "$here/RunwareCloud.Bench.Notifications.csproj" -c Release -v q -nologo >/dev/null

mkdir -p "$root/bench/results"
summary=$(dotnet "$artifacts/bin/RunwareCloud.Bench.Notifications/release/RunwareCloud.Bench.Notifications.dll" \
  "$artifacts/bin/RunwareCloud.Notifications.Api/release/RunwareCloud.Notifications.Api.dll" \
  "$root/bench/results/notifications.json" "$@" | tee /dev/stderr | tail -n 1)

readme="$root/bench/README.md"
[ -f "$readme" ] || echo "# Benchmarks (run with ./bench/run.sh <name>; results in bench/results/<name>.json)" > "$readme"
grep -v '^- notifications: ' "$readme" > "$readme.tmp" || true
mv "$readme.tmp" "$readme"
echo "- notifications: $(date -u +%F), $(nproc) cores, one notifications-api instance, SSE clients + bus publisher in one process on the same machine: $summary" >> "$readme"
