#!/usr/bin/env bash
# Time for one 100-photo order (upscale x2 + caption, then PMR upload) from submit to completed, with the time per stage
# (validate event, processing, storing, PMR upload), against the same Runware tasks and PMR uploads made directly in the
# same run. history-api, processing-api and orders-api run in one process (Release) from their own Programs, on the run's
# Postgres, RabbitMQ and Redis, with the Runware emulator on its fast profile and the PMR emulator without faults.
# Needs the servers' connection strings in the environment (ConnectionStrings__postgres, ConnectionStrings__redis,
# ConnectionStrings__messaging, RUNWARECLOUD_RABBITMQ_MANAGEMENT), as ./test.sh and the dev servers provide.
# Writes bench/results/orders.json and prints the line for bench/README.md last.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
artifacts="${RUNWARECLOUD_ARTIFACTS:-$root/artifacts}"

RUNWARECLOUD_ARTIFACTS="$artifacts" dotnet build "$here/RunwareCloud.Bench.Orders.csproj" -c Release -nologo -v q
mkdir -p "$root/bench/results"
# WebApplicationFactory finds each service's content root through MvcTestingAppManifest.json in the current folder.
cd "$artifacts/bin/RunwareCloud.Bench.Orders/release"
dotnet RunwareCloud.Bench.Orders.dll "$root/bench/results/orders.json" "${BENCH_PHOTOS:-100}"
