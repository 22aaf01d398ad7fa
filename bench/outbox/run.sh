#!/usr/bin/env bash
# Transactional outbox publish→consume throughput against plain MassTransit publish→consume, in the same run.
# Needs the servers' connection strings in the environment (ConnectionStrings__postgres, ConnectionStrings__messaging,
# RUNWARECLOUD_RABBITMQ_MANAGEMENT), as ./test.sh and the dev servers provide.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dotnet build "$root/bench/outbox/RunwareCloud.Bench.Outbox.csproj" -c Release -nologo -v q
dotnet "${RUNWARECLOUD_ARTIFACTS:-$root/artifacts}/bin/RunwareCloud.Bench.Outbox/release/RunwareCloud.Bench.Outbox.dll" "$root" "${BENCH_MESSAGES:-10000}"
