#!/usr/bin/env bash
# The search benchmark: builds the release binary, generates a seeded archive
# (BENCH_SEARCH_ARTICLES, default 1,000,000), imports it (the index is kept up to date by
# every save), rebuilds the index with `gazette reindex`, reports the index size, the
# p50/p99 latency of a fixed set of 200 queries through /fr/search.json (bench/search_queries.py,
# one keep-alive connection) and the throughput of the search page under wrk.
# Results go to build/bench/search.md. Environment: BENCH_SEARCH_ARTICLES, BENCH_SECONDS (10),
# BENCH_CONNECTIONS (32).
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${BENCH_SEARCH_ARTICLES:-1000000}
seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-32}

make --no-print-directory build >/dev/null
bin=$(realpath build/gazette)
out=build/bench
mkdir -p "$out"
work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

echo "generating $articles articles..."
"$bin" generate --count "$articles" --seed 7 --out "$work/corpus.jsonl" 2>/dev/null
"$bin" init --data "$work/site" >/dev/null
echo "importing (articles and index)..."
t0=$(now)
"$bin" import --quiet --data "$work/site" "$work/corpus.jsonl" >"$work/import.txt" 2>/dev/null
t1=$(now)
import_s=$(echo "$t1 - $t0" | bc -l)
cat "$work/import.txt"
echo "reindexing..."
t0=$(now)
"$bin" reindex --quiet --data "$work/site" >/dev/null
t1=$(now)
reindex_s=$(echo "$t1 - $t0" | bc -l)
db_mb=$(echo "$(stat -c %s "$work/site/gazette.db") / 1048576" | bc -l)
index_mb=$(sqlite3 "$work/site/gazette.db" \
  "SELECT sum(pgsize) / 1048576.0 FROM dbstat WHERE name LIKE 'search\_%' ESCAPE '\\'")

python3 bench/search_queries.py queries "$work/corpus.jsonl" "$work/queries.txt"
port=$(free_port)
"$bin" serve --data "$work/site" --listen "127.0.0.1:$port" --quiet >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 200); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.05
done
read -r p50 p99 mean zero < <(python3 bench/search_queries.py latency "$port" "$work/queries.txt")
word=$(sed -n 25p "$work/queries.txt")
wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/fr/search?q=$word" >"$work/wrk.txt" 2>&1
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
wrk_p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")

{
  echo "| what | value |"
  echo "|---|---|"
  printf "| articles | %s |\n" "$articles"
  printf "| import with indexing | %.1f s |\n" "$import_s"
  printf "| reindex (index build) | %.1f s |\n" "$reindex_s"
  printf "| index size | %.0f MB (database %.0f MB) |\n" "$index_mb" "$db_mb"
  printf "| 200 queries via search.json, p50 | %s ms |\n" "$p50"
  printf "| 200 queries via search.json, p99 | %s ms |\n" "$p99"
  printf "| 200 queries, mean | %s ms (%s with no result) |\n" "$mean" "$zero"
  printf "| search page '%s', wrk -c%s | %s req/s, p99 %s |\n" "$word" "$connections" "$rps" "$wrk_p99"
} | tee "$out/search.md"
