#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: initdb in a temporary folder, loopback only, a free
# port chosen at run time, no systemd. fsync is off: test data need not survive a crash.
#   scripts/pg-test-server.sh start   prints "BASE URL" (the folder to pass to stop, the URL)
#   scripts/pg-test-server.sh stop BASE
#   scripts/pg-test-server.sh pause BASE | resume BASE   stop and start again on the same port
#                                                       (for tests of a restarted server)
# Runs the server as the "postgres" user when started as root (initdb refuses root).
set -euo pipefail

pgbin=${PGBIN:-}
if [ -z "$pgbin" ]; then
  for v in 17 16 15; do
    if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then pgbin=/usr/lib/postgresql/$v/bin; break; fi
  done
fi
[ -n "$pgbin" ] || { echo "pg-test-server: PostgreSQL server binaries not found (install postgresql-15)" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start_server() {  # start_server BASE PORT
  as_pg "$pgbin/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $2 -k $1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null 2>&1
}

case "${1:-}" in
  pause)
    base=${2:?usage: $0 pause BASE}
    as_pg "$pgbin/pg_ctl" -D "$base/data" -m fast -w stop >/dev/null
    ;;
  resume)
    base=${2:?usage: $0 resume BASE}
    start_server "$base" "$(cat "$base/port")"
    ;;
  start)
    base=$(mktemp -d "${TMPDIR:-/tmp}/gazette-pg.XXXXXX")
    chmod 755 "$base"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$base"
    as_pg "$pgbin/initdb" -D "$base/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 ||
      { cat "$base/initdb.log" >&2; rm -rf "$base"; exit 1; }
    for attempt in 1 2 3 4 5; do
      port=$(free_port)
      if start_server "$base" "$port"; then
        echo "$port" >"$base/port"
        echo "$base postgresql://postgres@127.0.0.1:$port/postgres"
        exit 0
      fi
    done
    cat "$base/server.log" >&2 || true
    rm -rf "$base"
    exit 1
    ;;
  stop)
    base=${2:?usage: $0 stop BASE}
    [ -d "$base/data" ] && as_pg "$pgbin/pg_ctl" -D "$base/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$base"
    ;;
  *)
    echo "usage: $0 start | stop BASE | pause BASE | resume BASE" >&2
    exit 2
    ;;
esac
