#!/usr/bin/env bash
# The cluster benchmark: the same archive on one SQLite node and on PostgreSQL with one and two
# nodes (nginx balancing the two), measured with wrk on the uncached article page; write
# throughput (re-imports) on each; and publish-to-visible latency across nodes (an import
# committed, then node B polled until the page shows it), p50 and p99. Results go to
# build/bench/cluster.md. PostgreSQL is the throwaway test server (fsync off).
# Environment: BENCH_ARTICLES (20000), BENCH_SECONDS (8), BENCH_CONNECTIONS (16),
# BENCH_WRITES (600), BENCH_LATENCY_SAMPLES (40).
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${BENCH_ARTICLES:-20000}
seconds=${BENCH_SECONDS:-8}
connections=${BENCH_CONNECTIONS:-16}
writes=${BENCH_WRITES:-600}
samples=${BENCH_LATENCY_SAMPLES:-40}

make --no-print-directory build >/dev/null
bin=$(realpath build/gazette)
out=build/bench
mkdir -p "$out"
work=$(mktemp -d)
pids=()
pg_base=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -n "$pg_base" ] && scripts/pg-test-server.sh stop "$pg_base"
  rm -rf "$work"
}
trap cleanup EXIT

. scripts/bench-lib.sh
serve() { serve_site "$work/site" "$@"; }  # serve PORT [flags...]
# A file re-importing the first N articles of the corpus with a new title each.
rewrite() {  # rewrite N TAG FILE
  head -n "$1" "$work/corpus.jsonl" | sed -E "s/\"title\":\"/\"title\":\"$2 /" >"$3"
}
import_rate() {  # import_rate DATABASE FILE... -> articles per second (files imported at once)
  local db=$1; shift
  local t0 t1 n=0 ps=()
  t0=$(now)
  for f in "$@"; do
    "$bin" import --quiet --data "$work/site" --database "$db" "$f" >/dev/null 2>&1 & ps+=($!)
    n=$((n + $(wc -l <"$f")))
  done
  for p in "${ps[@]}"; do wait "$p"; done
  t1=$(now)
  printf '%.0f' "$(echo "$n / ($t1 - $t0)" | bc -l)"
}

read -r pg_base pg_url < <(scripts/pg-test-server.sh start)
psql -q -X "$pg_url" -c "CREATE DATABASE bench" >/dev/null
db_pg=${pg_url%/postgres}/bench
db_sqlite=$work/site/gazette.db

echo "generating and importing $articles articles..."
"$bin" generate --count "$articles" --seed 7 --out "$work/corpus.jsonl" 2>/dev/null
"$bin" init --data "$work/site" >/dev/null
"$bin" import --quiet --data "$work/site" "$work/corpus.jsonl" >/dev/null 2>&1
"$bin" migrate-db --quiet --data "$work/site" --to "$db_pg" >/dev/null

port_sqlite=$(free_port); pids+=("$(serve "$port_sqlite" --no-cache)")
port_a=$(free_port); pids+=("$(serve "$port_a" --no-cache --database "$db_pg")")
port_b=$(free_port); pids+=("$(serve "$port_b" --no-cache --database "$db_pg")")
port_nginx=$(free_port)
cat >"$work/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  upstream gazette { server 127.0.0.1:$port_a; server 127.0.0.1:$port_b; keepalive 64; }
  server {
    listen 127.0.0.1:$port_nginx;
    location / { proxy_pass http://gazette; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work"
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port_nginx/healthz" >/dev/null 2>&1 && break; sleep 0.05; done

article=$(curl -fsS "http://127.0.0.1:$port_sqlite/sitemaps/fr-1.xml" | grep -oE '<loc>[^<]+</loc>' | sed -n 2p | sed -E 's#<loc>https?://[^/]+##; s#</loc>##')
echo "article: $article"

declare -A rps p99 wps
measure() { local name=$1 url=$2; read -r rps[$name] p99[$name] < <(run_wrk "$url"); echo "  $name: ${rps[$name]} req/s, p99 ${p99[$name]} ms"; }
echo "measuring the uncached article page (${seconds}s each, $connections connections)..."
measure sqlite_1 "http://127.0.0.1:$port_sqlite$article"
measure pg_1 "http://127.0.0.1:$port_a$article"
measure pg_2 "http://127.0.0.1:$port_nginx$article"

echo "measuring writes ($writes re-imported articles each)..."
rewrite "$writes" W1 "$work/w1.jsonl"
wps[sqlite_1]=$(import_rate "$db_sqlite" "$work/w1.jsonl")
wps[pg_1]=$(import_rate "$db_pg" "$work/w1.jsonl")
half=$((writes / 2))
rewrite "$writes" W2 "$work/w2.jsonl"
head -n "$half" "$work/w2.jsonl" >"$work/w2a.jsonl"; tail -n +"$((half + 1))" "$work/w2.jsonl" >"$work/w2b.jsonl"
wps[pg_2]=$(import_rate "$db_pg" "$work/w2a.jsonl" "$work/w2b.jsonl")
for k in sqlite_1 pg_1 pg_2; do echo "  $k: ${wps[$k]} articles/s"; done

echo "measuring publish-to-visible latency across nodes ($samples samples)..."
for p in "${pids[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
pids=()
port_a=$(free_port); pids+=("$(serve "$port_a" --database "$db_pg")")
port_b=$(free_port); pids+=("$(serve "$port_b" --database "$db_pg")")
: >"$work/latency.txt"
for i in $(seq 1 "$samples"); do
  # A new article dated now: it heads node B's (cached) home page once B has evicted it.
  printf '{"id":"latency-%d","title":"Latency %d","body_html":"<p>x</p>","section":"Politique","published_at":"%s"}\n' \
    "$i" "$i" "$(date -u -d '-1 second' +%Y-%m-%dT%H:%M:%SZ)" >"$work/one.jsonl"
  curl -fsS "http://127.0.0.1:$port_b/fr/" >/dev/null  # cached on node B before the change
  "$bin" import --quiet --data "$work/site" --database "$db_pg" "$work/one.jsonl" >/dev/null 2>&1
  t0=$(now)
  for _ in $(seq 1 2000); do
    curl -fsS "http://127.0.0.1:$port_b/fr/" 2>/dev/null | grep -q "Latency $i<" && break
  done
  t1=$(now)
  echo "($t1 - $t0) * 1000" | bc -l >>"$work/latency.txt"
done
sort -n "$work/latency.txt" >"$work/latency.sorted"
pct() { awk -v p="$1" '{a[NR]=$1} END {i=int((NR-1)*p/100)+1; printf "%.1f", a[i]}' "$work/latency.sorted"; }
lat50=$(pct 50); lat99=$(pct 99)
echo "  p50 ${lat50} ms, p99 ${lat99} ms"

ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
{
  echo "# Cluster benchmark results"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); every process on this one machine"
  echo "- corpus: $articles generated articles (seed 7); wrk -t2 -c$connections -d${seconds}s; PostgreSQL 15 with fsync off"
  echo
  echo "| setup | article uncached (req/s) | p99 (ms) | ratio to SQLite | writes (articles/s) | ratio to SQLite |"
  echo "|---|---|---|---|---|---|"
  for k in sqlite_1 pg_1 pg_2; do
    echo "| $k | ${rps[$k]} | ${p99[$k]} | $(ratio "${rps[$k]}" "${rps[sqlite_1]}") | ${wps[$k]} | $(ratio "${wps[$k]}" "${wps[sqlite_1]}") |"
  done
  echo
  echo "- publish-to-visible on node B (import exit to page showing it, page cache on): p50 ${lat50} ms, p99 ${lat99} ms over $samples changes"
} | tee "$out/cluster.md"
