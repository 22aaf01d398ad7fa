#!/usr/bin/env bash
# Gateway overhead: the same small authenticated GET (a JWT-validating stand-in service answering ~100 bytes of JSON)
# straight to the service and through the gateway (JWT validation, user-status check, Redis rate limit, YARP), wrk at
# 64 connections, alternating rounds in one run, best round of each. Targets: gateway adds <= 1 ms at p50 and keeps
# >= 60% of direct throughput. Writes bench/results/gateway.json and the gateway line of bench/README.md.
# Uses the dev servers from ConnectionStrings__postgres / ConnectionStrings__redis.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DURATION="${GATEWAY_BENCH_DURATION:-10}"
ROUNDS="${GATEWAY_BENCH_ROUNDS:-2}"
CONNECTIONS=64
: "${ConnectionStrings__postgres:=Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres;Database=postgres}"
: "${ConnectionStrings__redis:=127.0.0.1:56379}"
export RUNWARECLOUD_ARTIFACTS="${RUNWARECLOUD_ARTIFACTS:-/tmp/art-gateway-bench}"
artifacts="$RUNWARECLOUD_ARTIFACTS"

work="$(mktemp -d /tmp/gateway-bench.XXXXXX)"
database="gatewaybench_$(date +%s)$$"
backend_pid=""; gateway_pid=""
pg() { sed -nE "s/.*(^|;)$1=([^;]*).*/\2/p" <<<"$ConnectionStrings__postgres"; }
export PGHOST="$(pg Host)" PGPORT="$(pg Port)" PGUSER="$(pg Username)" PGPASSWORD="$(pg Password)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cleanup() {
  [ -n "$gateway_pid" ] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null
  [ -n "$backend_pid" ] && kill "$backend_pid" 2>/dev/null && wait "$backend_pid" 2>/dev/null
  psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_healthy() {
  for _ in $(seq 1 300); do curl -sf "$1/health" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "$1 did not become healthy" >&2; cat "$work"/*.log >&2; exit 1
}

echo "== build (Release)"
dotnet build "$root/src/RunwareCloud.Gateway" -c Release -v q -nologo > "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
dotnet build "$here/RunwareCloud.Bench.GatewayBackend.csproj" -c Release -v q -nologo >> "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }

signing_key="bench-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')-signing-key"
admin_password="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
backend_port="$(free_port)"; gateway_port="$(free_port)"
backend="http://127.0.0.1:$backend_port"; gateway="http://127.0.0.1:$gateway_port"
psql -q -d postgres -c "CREATE DATABASE \"$database\"" >/dev/null
# GATEWAY_BENCH_NO_REDIS=1 counts rate limits in the gateway process instead, to see what the Redis round trip costs.
redis_connection="$ConnectionStrings__redis"; [ -n "${GATEWAY_BENCH_NO_REDIS:-}" ] && redis_connection=""

echo "== start service and gateway"
(cd "$artifacts/bin/RunwareCloud.Bench.GatewayBackend/release" && \
  ASPNETCORE_URLS="$backend" ASPNETCORE_ENVIRONMENT=Production Identity__SigningKey="$signing_key" \
  exec dotnet RunwareCloud.Bench.GatewayBackend.dll) > "$work/backend.log" 2>&1 &
backend_pid=$!
(cd "$artifacts/bin/RunwareCloud.Gateway/release" && \
  exec env ASPNETCORE_URLS="$gateway" ASPNETCORE_ENVIRONMENT=Production Identity__SigningKey="$signing_key" \
  ConnectionStrings__gatewaydb="$ConnectionStrings__postgres;Database=$database" ConnectionStrings__redis="$redis_connection" \
  Redis__KeyPrefix="gatewaybench:$$:" Bootstrap__AdminPassword="$admin_password" Gateway__RateLimit__PermitLimit=1000000000 \
  "services__generation-api__http__0=$backend" Logging__LogLevel__Default=Warning \
  dotnet RunwareCloud.Gateway.dll) > "$work/gateway.log" 2>&1 &
gateway_pid=$!
wait_healthy "$backend"; wait_healthy "$gateway"

token="$(curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" "$gateway/api/auth/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')"
path="/api/generations/0195f2c4-bench"
for target in "$backend" "$gateway"; do
  status="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$target$path")"
  [ "$status" = 200 ] || { echo "GET $target$path answered $status" >&2; exit 1; }
done

echo "== warm-up"
wrk -t2 -c"$CONNECTIONS" -d3s -H "Authorization: Bearer $token" "$backend$path" > /dev/null
wrk -t2 -c"$CONNECTIONS" -d3s -H "Authorization: Bearer $token" "$gateway$path" > /dev/null

# CPU seconds each process spends per request are recorded too: unlike latency and throughput, they hold up when other
# work shares the cores.
measure() {
  local kind="$1" target="$2" round="$3" backend_before gateway_before
  backend_before="$(cpu_ticks "$backend_pid")"; gateway_before="$(cpu_ticks "$gateway_pid")"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $token" "$target$path" > "$work/$kind-$round.txt"
  echo "$(( $(cpu_ticks "$backend_pid") - backend_before )) $(( $(cpu_ticks "$gateway_pid") - gateway_before )) $(getconf CLK_TCK)" \
    > "$work/$kind-$round.cpu"
}

load="$(cut -d' ' -f1 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round"
  measure direct "$backend" "$round"
  measure gateway "$gateway" "$round"
  grep -E 'Requests/sec|  50%' "$work/direct-$round.txt" "$work/gateway-$round.txt"
done

mkdir -p "$root/bench/results"
command="./bench/run.sh gateway: wrk -t2 -c$CONNECTIONS -d${DURATION}s, $ROUNDS alternating rounds (best of each), GET with a Bearer JWT to a JWT-validating stand-in service directly vs through the gateway (Release; JWT + user-status check + Redis rate limit + YARP), wrk + gateway + service + Redis on the same cores; 1-minute load average at start: $load"
summary="$(python3 "$here/report.py" "$work" "$ROUNDS" "$DURATION" "$root/bench/results/gateway.json" "$command")"
echo "$summary"

readme="$root/bench/README.md"
[ -f "$readme" ] || echo "# Benchmarks (run with ./bench/run.sh <name>; results in bench/results/<name>.json)" > "$readme"
grep -v '^- gateway: ' "$readme" > "$readme.tmp" || true
mv "$readme.tmp" "$readme"
echo "- gateway: $(date -u +%F), $(nproc) cores (1-minute load average $load at start), wrk -c$CONNECTIONS, same small authenticated GET direct vs through the gateway: $summary" >> "$readme"
