#!/usr/bin/env bash
# The benchmark: builds the release binary, generates and imports a 100,000-article archive,
# serves it (with and without the page cache), and measures with wrk the article page, home,
# section page and RSS feed; in the same run nginx serves the same article's bytes as a static
# file, and every figure is printed as a ratio to nginx. Results go to build/bench/results.md.
# The machine is shared and noisy: the figures are measured in BENCH_ROUNDS rounds, nginx first
# in each, and each figure's ratio is the median of its rounds' ratios to that round's nginx
# (every round's ratio is printed too).
# Environment: BENCH_ARTICLES (100000), BENCH_SECONDS (5), BENCH_ROUNDS (3),
# BENCH_CONNECTIONS (32).
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${BENCH_ARTICLES:-100000}
seconds=${BENCH_SECONDS:-5}
rounds=${BENCH_ROUNDS:-3}
connections=${BENCH_CONNECTIONS:-32}

make --no-print-directory build >/dev/null
bin=$(realpath build/gazette)
out=build/bench
mkdir -p "$out"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

. scripts/bench-lib.sh

echo "generating $articles articles..."
"$bin" generate --count "$articles" --seed 7 --out "$work/corpus.jsonl" 2>/dev/null
"$bin" init --data "$work/site" >/dev/null
echo "importing..."
t0=$(now)
"$bin" import --quiet --data "$work/site" "$work/corpus.jsonl" >"$work/import.txt" 2>"$work/import-warnings.txt"
t1=$(now)
import_s=$(echo "$t1 - $t0" | bc -l)
cat "$work/import.txt"

port_cached=$(free_port)
pid_cached=$(serve_site "$work/site" "$port_cached"); pids+=("$pid_cached")
port_uncached=$(free_port)
pid_uncached=$(serve_site "$work/site" "$port_uncached" --no-cache); pids+=("$pid_uncached")

# The newest article's path, from the first sitemap part.
article=$(curl -fsS "http://127.0.0.1:$port_cached/sitemaps/fr-1.xml" | grep -oE '<loc>[^<]+</loc>' | sed -n 2p | sed -E 's#<loc>https?://[^/]+##; s#</loc>##')
section=$(echo "$article" | cut -d/ -f1-3)/
echo "article: $article"

# nginx serves the very same bytes as a static file.
curl -fsS "http://127.0.0.1:$port_cached$article" >"$work/article.html"
port_nginx=$(free_port)
cat >"$work/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$port_nginx;
    root $work;
    location = /article.html { default_type text/html; }
  }
}
NGINX
nginx -c "$work/nginx.conf"
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port_nginx/article.html" >/dev/null 2>&1 && break; sleep 0.05; done

names=(nginx article_cached article_uncached home_cached section_cached rss_cached home_uncached)
declare -A url=(
  [nginx]="http://127.0.0.1:$port_nginx/article.html"
  [article_cached]="http://127.0.0.1:$port_cached$article"
  [article_uncached]="http://127.0.0.1:$port_uncached$article"
  [home_cached]="http://127.0.0.1:$port_cached/fr/"
  [section_cached]="http://127.0.0.1:$port_cached$section"
  [rss_cached]="http://127.0.0.1:$port_cached/fr/feed.xml"
  [home_uncached]="http://127.0.0.1:$port_uncached/fr/"
)
declare -A rps p99 ratios  # per name: the rounds' values, space-separated
echo "measuring ($rounds rounds, ${seconds}s each, $connections connections)..."
for round in $(seq 1 "$rounds"); do
  for name in "${names[@]}"; do
    read -r r p < <(run_wrk "${url[$name]}")
    rps[$name]+="$r "
    p99[$name]+="$p "
    [ "$name" = nginx ] && nginx_rps=$r
    ratios[$name]+="$(printf '%.3f' "$(echo "$r / $nginx_rps" | bc -l)") "
    echo "  round $round $name: $r req/s, p99 $p ms"
  done
done
rss_kb=$(ps -o rss= -p "$pid_cached" | tr -d ' ')

median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
{
  echo "# Benchmark results"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "- corpus: $articles generated articles (seed 7); wrk -t2 -c$connections -d${seconds}s; $rounds rounds, nginx first in each"
  echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| what | requests/s (median) | p99 ms (median) | ratio to nginx (median) | ratio in each round |"
  echo "|---|---|---|---|---|"
  for name in "${names[@]}"; do
    printf '| %s | %s | %s | %.3f | %s |\n' "$name" "$(echo "${rps[$name]}" | median)" \
      "$(echo "${p99[$name]}" | median)" "$(echo "${ratios[$name]}" | median)" "${ratios[$name]% }"
  done
  echo
  echo "- import of $articles articles: $(printf '%.1f' "$import_s") s ($(tail -1 "$work/import.txt"))"
  echo "- resident memory of the caching server after the runs: $((rss_kb / 1024)) MB"
  echo
  echo "Targets: article_cached >= 0.8x nginx; article_uncached >= 0.2x nginx; import < 30 s; memory < 200 MB."
} | tee "$out/results.md"

# Machine translation: 1,000 French articles to Spanish with the local Apertium.
[ "${BENCH_TRANSLATE:-1}" = 0 ] || bench/translate.sh
