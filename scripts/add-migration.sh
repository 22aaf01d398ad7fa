#!/usr/bin/env bash
# Adds an EF Core migration to one service, beside its DbContext in a Migrations folder:
#   scripts/add-migration.sh RunwareCloud.Orders.Api AddOrderNotes
# The service applies it at start (MigrateAsync). dotnet ef runs with src/RunwareCloud.DesignTime as its startup project,
# which carries the EF Core design-time assembly so the services do not.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 2 ]; then
  echo "usage: $0 <service project folder under src/, e.g. RunwareCloud.Orders.Api> <MigrationName>" >&2
  exit 2
fi
service="${1%/}"; service="${service#src/}"; name="$2"
project="src/$service"
if [ ! -f "$project/$service.csproj" ]; then
  echo "no project $project/$service.csproj" >&2
  exit 2
fi

# The service's DbContext: the one class deriving from DbContext outside Migrations (and build output).
mapfile -t files < <(grep -rlE --include='*.cs' --exclude-dir=Migrations --exclude-dir=obj --exclude-dir=bin \
  'class [A-Za-z0-9_]+\(.*\) *: *DbContext\(|class [A-Za-z0-9_]+ *: *DbContext\b' "$project")
if [ "${#files[@]}" -ne 1 ]; then
  echo "expected one DbContext in $project, found ${#files[@]}: ${files[*]:-none}" >&2
  exit 1
fi
context="$(sed -nE 's/.*class ([A-Za-z0-9_]+).*: *DbContext\b.*/\1/p' "${files[0]}" | head -1)"
folder="$(dirname "${files[0]#"$project"/}")/Migrations"

dotnet tool restore > /dev/null
dotnet restore src/RunwareCloud.DesignTime -v quiet > /dev/null
dotnet tool run dotnet-ef migrations add "$name" \
  --project "$project" --startup-project src/RunwareCloud.DesignTime \
  --context "$context" --output-dir "$folder"
echo "Added $name to $project/$folder ($context); it is applied when the service starts."
