#!/usr/bin/env bash
# ./bench/run.sh <name> runs bench/<name>/run.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name="${1:?usage: ./bench/run.sh <name>   (one of: $(cd "$here" && ls -d */ | grep -v results | tr -d / | tr '\n' ' '))}"
shift
[ -x "$here/$name/run.sh" ] || { echo "No benchmark '$name' (expected $here/$name/run.sh)" >&2; exit 1; }
exec "$here/$name/run.sh" "$@"
