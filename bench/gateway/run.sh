#!/usr/bin/env bash
# Gateway overhead: the same small request (GET /api/generations/{id}: generation-api validates the JWT, reads the job
# from Postgres and checks its owner) straight to the service and through the gateway (JWT + user-status check + Redis
# rate limit + YARP), wrk at 64 connections, alternating rounds in one run, best round of each.
#   throughput: 64 connections closed loop (saturation);
#   latency:    64 connections each pausing PACE_MS between requests (~1,000 req/s offered), so p50 is a request's own
#               latency; at saturation p50 is mostly queueing and is recorded beside it for reference.
# Targets: the gateway adds <= 1 ms at p50 and keeps >= 60% of direct throughput. Writes bench/results/gateway.json and
# the gateway line of bench/README.md. Uses the dev servers from ConnectionStrings__postgres / __redis / __messaging.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DURATION="${GATEWAY_BENCH_DURATION:-10}"
ROUNDS="${GATEWAY_BENCH_ROUNDS:-2}"
CONNECTIONS=64
export PACE_MS="${GATEWAY_BENCH_PACE_MS:-64}"
: "${ConnectionStrings__postgres:=Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres;Database=postgres}"
: "${ConnectionStrings__redis:=127.0.0.1:56379}"
: "${ConnectionStrings__messaging:=amqp://guest:guest@127.0.0.1:55672}"
export RUNWARECLOUD_ARTIFACTS="${RUNWARECLOUD_ARTIFACTS:-/tmp/art-gateway-bench}"
artifacts="$RUNWARECLOUD_ARTIFACTS"
command -v wrk >/dev/null || { echo "Installing wrk..."; ${SUDO:-$( [ "$(id -u)" = 0 ] || echo sudo)} apt-get install -y -q wrk >/dev/null; }

work="$(mktemp -d /tmp/gateway-bench.XXXXXX)"
suffix="$(date +%s)$$"
gateway_db="gatewaybench_$suffix"; generation_db="generationbench_$suffix"
pids=()
pg() { sed -nE "s/.*(^|;)$1=([^;]*).*/\2/p" <<<"$ConnectionStrings__postgres"; }
export PGHOST="$(pg Host)" PGPORT="$(pg Port)" PGUSER="$(pg Username)" PGPASSWORD="$(pg Password)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  for db in "$gateway_db" "$generation_db"; do psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

wait_healthy() {
  for _ in $(seq 1 600); do curl -sf "$1$2" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "$1 did not become healthy" >&2; tail -n 30 "$work"/*.log >&2; exit 1
}

echo "== build (Release)"
for project in RunwareCloud.Gateway RunwareCloud.Generation.Api RunwareCloud.Runware.Emulator; do
  dotnet build "$root/src/$project" -c Release -v q -nologo >> "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
done
bin() { echo "$artifacts/bin/$1/release"; }

signing_key="bench-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')-signing-key"
admin_password="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
runware_key="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
emulator_port="$(free_port)"; service_port="$(free_port)"; gateway_port="$(free_port)"
emulator="http://127.0.0.1:$emulator_port"; service="http://127.0.0.1:$service_port"; gateway="http://127.0.0.1:$gateway_port"
psql -q -d postgres -c "CREATE DATABASE \"$gateway_db\"" -c "CREATE DATABASE \"$generation_db\"" >/dev/null
# GATEWAY_BENCH_NO_REDIS=1 counts rate limits in the gateway process instead, to see what the Redis round trip costs.
redis_connection="$ConnectionStrings__redis"; [ -n "${GATEWAY_BENCH_NO_REDIS:-}" ] && redis_connection=""
common=(ASPNETCORE_ENVIRONMENT=Production Identity__SigningKey="$signing_key" Logging__LogLevel__Default=Warning)

echo "== start the Runware emulator, generation-api (API role only) and the gateway"
(cd "$(bin RunwareCloud.Runware.Emulator)" && exec env "${common[@]}" ASPNETCORE_URLS="$emulator" Emulator__AcceptedApiKeys__0="$runware_key" \
  dotnet RunwareCloud.Runware.Emulator.dll) > "$work/emulator.log" 2>&1 &
pids+=($!)
(cd "$(bin RunwareCloud.Generation.Api)" && exec env "${common[@]}" ASPNETCORE_URLS="$service" \
  ConnectionStrings__generationdb="$ConnectionStrings__postgres;Database=$generation_db" ConnectionStrings__redis="$ConnectionStrings__redis" \
  ConnectionStrings__messaging="$ConnectionStrings__messaging" ConnectionStrings__runware="Endpoint=ws://127.0.0.1:$emulator_port/v1;ApiKey=$runware_key" \
  Redis__KeyPrefix="gatewaybench:$$:" Generation__Worker__Enabled=false "services__history-api__http__0=http://127.0.0.1:9" \
  dotnet RunwareCloud.Generation.Api.dll) > "$work/service.log" 2>&1 &
service_pid=$!; pids+=($service_pid)
# The gateway runs with socket continuations inline, as the AppHost starts it (GatewayOptions.InlineIo).
(cd "$(bin RunwareCloud.Gateway)" && exec env "${common[@]}" ASPNETCORE_URLS="$gateway" DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 \
  ConnectionStrings__gatewaydb="$ConnectionStrings__postgres;Database=$gateway_db" ConnectionStrings__redis="$redis_connection" \
  Redis__KeyPrefix="gatewaybench:$$:" Bootstrap__AdminPassword="$admin_password" Gateway__RateLimit__PermitLimit=1000000000 \
  "services__generation-api__http__0=$service" dotnet RunwareCloud.Gateway.dll) > "$work/gateway.log" 2>&1 &
gateway_pid=$!; pids+=($gateway_pid)
wait_healthy "$emulator" /alive; wait_healthy "$service" /health; wait_healthy "$gateway" /health

token="$(curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" "$gateway/api/auth/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')"
job="$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"prompt":"a lighthouse at dusk","model":"runware:101@1","width":512,"height":512}' "$gateway/api/generations" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
path="/api/generations/$job"
for target in "$service" "$gateway"; do
  status="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$target$path")"
  [ "$status" = 200 ] || { echo "GET $target$path answered $status" >&2; exit 1; }
done

echo "== warm-up"
for target in "$service" "$gateway"; do wrk -t2 -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $token" "$target$path" > /dev/null; done

# CPU seconds each process spends per request are recorded too: unlike latency and throughput, they hold up when other
# work shares the cores.
measure() {
  local kind="$1" target="$2" round="$3" service_before gateway_before script=()
  [[ "$kind" == paced-* ]] && script=(-s "$here/paced.lua")
  service_before="$(cpu_ticks "$service_pid")"; gateway_before="$(cpu_ticks "$gateway_pid")"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${script[@]}" -H "Authorization: Bearer $token" "$target$path" > "$work/$kind-$round.txt"
  echo "$(( $(cpu_ticks "$service_pid") - service_before )) $(( $(cpu_ticks "$gateway_pid") - gateway_before )) $(getconf CLK_TCK)" \
    > "$work/$kind-$round.cpu"
}

load="$(cut -d' ' -f1 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round"
  measure direct "$service" "$round"
  measure gateway "$gateway" "$round"
  measure paced-direct "$service" "$round"
  measure paced-gateway "$gateway" "$round"
  grep -H -E 'Requests/sec|  50%' "$work"/*-"$round".txt | sed "s|$work/||"
done

mkdir -p "$root/bench/results"
command="./bench/run.sh gateway: wrk -t2 -c$CONNECTIONS -d${DURATION}s, $ROUNDS alternating rounds (best of each), GET /api/generations/{id} with a Bearer JWT to generation-api (JWT, Postgres read, owner check) directly vs through the gateway (Release; JWT + user-status check + Redis rate limit + YARP); throughput closed loop, latency with each connection pausing ${PACE_MS} ms between requests; wrk + gateway + service + Postgres + Redis on the same cores; 1-minute load average at start: $load"
summary="$(python3 "$here/report.py" "$work" "$ROUNDS" "$DURATION" "$root/bench/results/gateway.json" "$command")"
echo "$summary"

readme="$root/bench/README.md"
[ -f "$readme" ] || echo "# Benchmarks (run with ./bench/run.sh <name>; results in bench/results/<name>.json)" > "$readme"
grep -v '^- gateway: ' "$readme" > "$readme.tmp" || true
mv "$readme.tmp" "$readme"
echo "- gateway: $(date -u +%F), $(nproc) cores (1-minute load average $load at start), wrk -c$CONNECTIONS, GET /api/generations/{id} straight to generation-api vs through the gateway: $summary" >> "$readme"
