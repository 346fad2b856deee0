#!/usr/bin/env bash
# A node survives its PostgreSQL server going away and coming back: 503 while it is down,
# 200 again once it is back, and a clean stop. Uses a PostgreSQL server of its own (the
# shared test server cannot be stopped under the other suites).
# Usage: tests/cluster/pg_restart.sh GAZETTE_BINARY
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$1
work=$(mktemp -d)
pg_base=""
node=""
cleanup() {
  [ -n "$node" ] && kill "$node" 2>/dev/null && wait "$node" 2>/dev/null || true
  [ -n "$pg_base" ] && scripts/pg-test-server.sh stop "$pg_base"
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; cat "$work/node.log" >&2 || true; exit 1; }
status() { curl -s -o /dev/null -w '%{http_code}' "http://$address/fr/" || true; }

read -r pg_base url < <(scripts/pg-test-server.sh start)
[ -n "${url:-}" ] || fail "no PostgreSQL server"
psql -q -X "$url" -c "CREATE DATABASE restart" >/dev/null
db=${url%/postgres}/restart
"$bin" init --data "$work/site" >/dev/null
"$bin" serve --data "$work/site" --database "$db" --listen 127.0.0.1:0 --quiet --no-cache \
  >"$work/node.log" 2>&1 &
node=$!
address=""
for _ in $(seq 1 200); do
  address=$(grep -oE '127\.0\.0\.1:[0-9]+/' "$work/node.log" | head -1 | tr -d /) || true
  [ -n "$address" ] && break
  sleep 0.05
done
[ -n "$address" ] || fail "the node did not start"

[ "$(status)" = 200 ] || fail "expected 200 before the outage"
scripts/pg-test-server.sh pause "$pg_base"
[ "$(status)" = 503 ] || fail "expected 503 while the database is down, got $(status)"
kill -0 "$node" || fail "the node died with its database"
scripts/pg-test-server.sh resume "$pg_base"
ok=0
for _ in $(seq 1 20); do
  [ "$(status)" = 200 ] && { ok=1; break; }
  sleep 0.1
done
[ $ok = 1 ] || fail "expected 200 once the database is back, got $(status)"
kill "$node"
wait "$node" || fail "the node did not stop cleanly"
node=""
echo "pg_restart: 503 while down, 200 after the restart, clean stop"
