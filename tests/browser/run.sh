#!/usr/bin/env bash
# Browser tests: creates a demo site, serves it on a free loopback port, drives Debian's
# Chromium with playwright-core (node's test runner), then stops the server.
# Usage: tests/browser/run.sh path/to/gazette
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=$(realpath "$1")

if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$binary" init --data "$work/site" --demo >/dev/null
# Newsroom accounts for the admin tests (newsroom.test.mjs).
"$binary" user add reporter --data "$work/site" --role reporter --password "reporter password 1" >/dev/null
"$binary" user add editor --data "$work/site" --role editor --password "editor password 1" >/dev/null
# A second editor, for the stale-save check (newsroom-flow.test.mjs).
"$binary" user add editor2 --data "$work/site" --role editor --password "editor password 2" >/dev/null
# Port 0: the kernel picks a free port; the server logs the one it got.
"$binary" serve --data "$work/site" --listen 127.0.0.1:0 --quiet >"$work/serve.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 1 100); do
  port=$(grep -oE 'http://127\.0\.0\.1:[0-9]+/' "$work/serve.log" | head -1 | grep -oE '[0-9]+/$' | tr -d / || true)
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "server did not start"; cat "$work/serve.log"; exit 1; }

mkdir -p "$here/screenshots"
cd "$here"
GAZETTE_URL="http://127.0.0.1:$port" SCREENSHOT_DIR="$here/screenshots" node --test
