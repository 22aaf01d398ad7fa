#!/usr/bin/env bash
# Installs what RunwareCloud needs on a Debian machine that has only the .NET SDK and Node.
# Usage: scripts/prerequisites.sh [run|test]   ("test" adds the browser the web tests drive)
set -euo pipefail

MODE="${1:-run}"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

need=()
[ -x /usr/lib/postgresql/15/bin/pg_ctl ] || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need+=(rabbitmq-server)
ldconfig -p | grep -q 'libturbojpeg.so.0 ' || need+=(libturbojpeg0)
ldconfig -p | grep -q 'libwebp.so.7 ' || need+=(libwebp7)
command -v ffmpeg >/dev/null || need+=(ffmpeg)
if [ "$MODE" = test ]; then
  command -v chromium >/dev/null || need+=(chromium)
  command -v wrk >/dev/null || need+=(wrk)
fi

if [ "${#need[@]}" -gt 0 ]; then
  echo "installing: ${need[*]}"
  $SUDO apt-get update -q >/dev/null
  # apt must not start the servers itself: the AppHost starts them on its own ports and folders.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}" >/dev/null
fi

for dir in src/RunwareCloud.Web tests/RunwareCloud.Runware.Conformance; do
  if [ -f "$dir/package-lock.json" ]; then
    stamp="$dir/node_modules/.package-lock.json"
    if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  fi
done
