#!/usr/bin/env bash
# Installs what is missing, builds, and starts RunwareCloud: Postgres, Redis, RabbitMQ, the Runware and PMR emulators,
# every service and the gateway, supervised by the AppHost. Data and generated secrets live in .runwarecloud/.
# Ctrl+C stops everything it started. Extra arguments go to the AppHost (e.g. --no-dashboard).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
ARTIFACTS="${RUNWARECLOUD_ARTIFACTS:-$PWD/artifacts}"

./scripts/prerequisites.sh run

echo "== build"
dotnet build RunwareCloud.sln -c Debug -v quiet -nologo -clp:ErrorsOnly
if [ -f src/RunwareCloud.Web/package.json ]; then
  (cd src/RunwareCloud.Web && npm run build --silent)
fi

echo "== start"
exec dotnet "$ARTIFACTS/bin/RunwareCloud.AppHost/debug/RunwareCloud.AppHost.dll" --data-dir "$PWD/.runwarecloud" "$@"
