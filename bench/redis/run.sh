#!/usr/bin/env bash
# GET/SET throughput of RunwareCloud.Redis (64 concurrent callers on its one connection) against
# redis-benchmark -c 64 on a dedicated redis-server started for this run. Writes bench/results/redis.json
# and the redis line of bench/README.md.
set -euo pipefail
load="$(cut -d' ' -f1-3 /proc/loadavg)"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
artifacts="${RUNWARECLOUD_ARTIFACTS:-$root/artifacts}"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 56399)
dir=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" --daemonize yes \
  --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
trap 'redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

echo "Building RunwareCloud.Bench.Redis (Release)..."
RUNWARECLOUD_ARTIFACTS="$artifacts" dotnet build "$here/RunwareCloud.Bench.Redis.csproj" -c Release -v q -nologo >/dev/null

mkdir -p "$root/bench/results"
summary=$(dotnet "$artifacts/bin/RunwareCloud.Bench.Redis/release/RunwareCloud.Bench.Redis.dll" "$port" "$root/bench/results/redis.json" "$@" | tee /dev/stderr | tail -n 1)

readme="$root/bench/README.md"
[ -f "$readme" ] || echo "# Benchmarks (run with ./bench/run.sh <name>; results in bench/results/<name>.json)" > "$readme"
grep -v '^- redis: ' "$readme" > "$readme.tmp" || true
mv "$readme.tmp" "$readme"
echo "- redis: $(date -u +%F), $(nproc) cores (load average $load from other work), 64 callers on one pipelined RunwareCloud.Redis connection vs redis-benchmark -c 64 without pipelining (best of 3 alternating rounds): $summary, target >= 1.0x" >> "$readme"
