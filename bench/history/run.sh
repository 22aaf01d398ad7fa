#!/usr/bin/env bash
# History benchmark: seeds 1,000,000 history rows, measures per-user search and filtered listing p95 through the HTTP API
# (target <= 20 ms) against naive SQL baselines (ILIKE search, OFFSET paging) run by pgbench at the same concurrency, and
# serves a 1 MB image to 64 concurrent clients (wrk) against a plain static file server (python http.server).
# Uses the dev servers from ConnectionStrings__postgres / ConnectionStrings__messaging / RUNWARECLOUD_RABBITMQ_MANAGEMENT.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ROWS="${HISTORY_BENCH_ROWS:-1000000}"
DURATION="${HISTORY_BENCH_DURATION:-10}"
LATENCY_CONNECTIONS="${HISTORY_BENCH_CONNECTIONS:-4}"
: "${ConnectionStrings__postgres:=Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres;Database=postgres}"
: "${ConnectionStrings__messaging:=amqp://guest:guest@127.0.0.1:55672/}"
: "${RUNWARECLOUD_RABBITMQ_MANAGEMENT:=http://guest:guest@127.0.0.1:55680/}"
export RUNWARECLOUD_ARTIFACTS="${RUNWARECLOUD_ARTIFACTS:-/tmp/art-history-bench}"

work="$(mktemp -d /tmp/history-bench.XXXXXX)"
suffix="$(date +%s)$$"
database="historybench_$suffix"
vhost="historybench-$suffix"
app_pid=""; static_pid=""
management="${RUNWARECLOUD_RABBITMQ_MANAGEMENT%/}"
management_auth="$(sed -E 's#^https?://([^@]*)@.*#\1#' <<<"$management")"
management_url="$(sed -E 's#^(https?://)[^@]*@#\1#' <<<"$management")"

pg() { sed -nE "s/.*(^|;)$1=([^;]*).*/\2/p" <<<"$ConnectionStrings__postgres"; }
export PGHOST="$(pg Host)" PGPORT="$(pg Port)" PGUSER="$(pg Username)" PGPASSWORD="$(pg Password)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cleanup() {
  local code=$?
  set +e
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  [ -n "$static_pid" ] && kill "$static_pid" 2>/dev/null && wait "$static_pid" 2>/dev/null
  psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null 2>&1 || true
  curl -s -u "$management_auth" -X DELETE "$management_url/api/vhosts/$vhost" >/dev/null || true
  rm -rf "$work"
  exit "$code"
}
trap cleanup EXIT

echo "== build (Release)"
dotnet build "$root/src/RunwareCloud.History.Api" -c Release -v q -nologo > "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
app_dll="$RUNWARECLOUD_ARTIFACTS/bin/RunwareCloud.History.Api/release/RunwareCloud.History.Api.dll"

echo "== database $database, vhost $vhost"
psql -q -d postgres -c "CREATE DATABASE \"$database\"" >/dev/null
curl -sf -u "$management_auth" -X PUT "$management_url/api/vhosts/$vhost" >/dev/null
curl -sf -u "$management_auth" -X PUT -H 'content-type: application/json' \
  -d '{"configure":".*","write":".*","read":".*"}' "$management_url/api/permissions/$vhost/${management_auth%%:*}" >/dev/null

signing_key="history-bench-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
port="$(free_port)"
echo "== start history-api on 127.0.0.1:$port"
ConnectionStrings__historydb="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;Database=$database;Maximum Pool Size=64" \
ConnectionStrings__messaging="$(python3 -c "import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p._replace(path='/'+sys.argv[2]).geturl())" "$ConnectionStrings__messaging" "$vhost")" \
Identity__SigningKey="$signing_key" History__AssetRoot="$work/assets" ASPNETCORE_URLS="http://127.0.0.1:$port" \
ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  dotnet "$app_dll" > "$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/alive" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/alive" >/dev/null || { cat "$work/app.log"; exit 1; }

echo "== seed $ROWS rows"
seed_start=$(date +%s.%N)
psql -q -d "$database" -v rows="$ROWS" -f "$here/seed.sql" >/dev/null
seed_seconds=$(python3 -c "print(round($(date +%s.%N) - $seed_start, 1))")
echo "   seeded in ${seed_seconds}s"

python3 "$here/bench.py" tokens "$signing_key" "$work/tokens.lua"
export HISTORY_BENCH_TOKENS="$work/tokens.lua"
url="http://127.0.0.1:$port"

wrk_result() { # script connections threads -> "RESULT ..." line
  wrk -t"$3" -c"$2" -d"${DURATION}s" --timeout 10s -s "$here/$1" "$url" | grep '^RESULT'
}
field() { sed -nE "s/.* $1=([0-9.]+).*/\1/p" <<<" $2"; }
pgbench_p95() { # script -> p95 ms
  rm -f "$work"/pgb.*
  (cd "$work" && pgbench -n -c "$LATENCY_CONNECTIONS" -j 1 -T "$DURATION" -f "$here/$1" -l --log-prefix=pgb "$database" >/dev/null 2>&1)
  python3 "$here/bench.py" p95 "$work/pgb."
}

load="$(cut -d' ' -f1 /proc/loadavg)"
echo "== warm up (load average $load)"
wrk -t1 -c2 -d3s -s "$here/search.lua" "$url" >/dev/null
wrk -t1 -c2 -d3s -s "$here/listing.lua" "$url" >/dev/null

echo "== per-user search"
search="$(wrk_result search.lua "$LATENCY_CONNECTIONS" 1)"; echo "   $search"
search_base="$(pgbench_p95 baseline-search.sql)"; echo "   baseline ILIKE p95 ${search_base} ms"
echo "== per-user filtered listing"
listing="$(wrk_result listing.lua "$LATENCY_CONNECTIONS" 1)"; echo "   $listing"
listing_base="$(pgbench_p95 baseline-listing.sql)"; echo "   baseline OFFSET p95 ${listing_base} ms"
echo "== search across all users (admin)"
admin="$(wrk_result admin-search.lua "$LATENCY_CONNECTIONS" 1)"; echo "   $admin"
admin_base="$(pgbench_p95 baseline-admin-search.sql)"; echo "   baseline ILIKE p95 ${admin_base} ms"

echo "== asset serving (1 MB image, 64 connections)"
python3 "$here/bench.py" png "$work/image.png" 1048576
owner_token="$(python3 -c "import sys; sys.path.insert(0, sys.argv[1]); import bench; print(bench.token(sys.argv[2], bench.user_id(4242), 'user'))" "$here" "$signing_key")"
asset_path="$(curl -sf -H "Authorization: Bearer $owner_token" --data-binary @"$work/image.png" "$url/api/assets" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["url"])')"
HISTORY_BENCH_ASSET_TOKEN="$owner_token" HISTORY_BENCH_ASSET_PATH="$asset_path" wrk -t2 -c64 -d3s -s "$here/asset.lua" "$url" >/dev/null
asset="$(HISTORY_BENCH_ASSET_TOKEN="$owner_token" HISTORY_BENCH_ASSET_PATH="$asset_path" wrk_result asset.lua 64 2)"; echo "   $asset"
static_port="$(free_port)"
mkdir -p "$work/static" && cp "$work/image.png" "$work/static/image.png"
(cd "$work/static" && exec python3 -m http.server "$static_port" --bind 127.0.0.1 >/dev/null 2>&1) &
static_pid=$!
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$static_port/image.png" && break; sleep 0.1; done
static="$(HISTORY_BENCH_ASSET_PATH=/image.png wrk -t2 -c64 -d"${DURATION}s" --timeout 10s -s "$here/asset.lua" "http://127.0.0.1:$static_port" | grep '^RESULT')"
echo "   baseline python http.server: $static"

python3 - "$work/results.json" <<PY
import json, sys
def r(metric, unit, value, baseline, target, met, lower_is_better=True):
    value, baseline = round(float(value), 2), round(float(baseline), 2)
    ratio = round((baseline / value) if lower_is_better else (value / baseline), 2) if value and baseline else None
    return {"metric": metric, "unit": unit, "value": value, "baseline": baseline, "ratio": ratio, "target": target, "met": met}
search, listing, admin = float("$(field p95_ms "$search")"), float("$(field p95_ms "$listing")"), float("$(field p95_ms "$admin")")
rps, static_rps = float("$(field rps "$asset")"), float("$(field rps "$static")")
results = [
    r("per-user search p95 (HTTP, q = 1-2 words, ts_rank)", "ms", search, "$search_base", "<= 20 ms", search <= 20),
    r("per-user filtered listing p95 (HTTP, keyset)", "ms", listing, "$listing_base", "<= 20 ms", listing <= 20),
    r("search across all users p95 (HTTP, admin, rare word)", "ms", admin, "$admin_base", "<= 20 ms", admin <= 20),
    r("1 MB asset serving, 64 connections", "req/s", rps, static_rps, ">= 1.0x python http.server", rps >= static_rps, lower_is_better=False),
]
json.dump(results, open(sys.argv[1], "w"))
PY
HISTORY_BENCH_ROWS="$ROWS" python3 "$here/bench.py" report "$work/results.json" "$root/bench/results/history.json" "$root/bench/README.md" \
  "./bench/run.sh history: $ROWS rows over 1,000 users (seeded in ${seed_seconds}s), wrk -t1 -c$LATENCY_CONNECTIONS -d${DURATION}s for latency vs pgbench -c$LATENCY_CONNECTIONS of naive SQL (ILIKE, OFFSET), wrk -t2 -c64 -d${DURATION}s for a 1 MB PNG vs python3 -m http.server, Release, history-api + Postgres 15 + wrk on the same cores, load average $load when measuring started"
