#!/usr/bin/env bash
# The benchmark: builds the release binary, generates and imports a 100,000-article archive,
# serves it (with and without the page cache), and measures with wrk the article page, home,
# section page and RSS feed; in the same run nginx serves the same article's bytes as a static
# file, and every figure is printed as a ratio to nginx. Results go to build/bench/results.md.
# Environment: BENCH_ARTICLES (100000), BENCH_SECONDS (10), BENCH_CONNECTIONS (32).
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${BENCH_ARTICLES:-100000}
seconds=${BENCH_SECONDS:-10}
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

declare -A rps p99
measure() { local name=$1 url=$2; read -r rps[$name] p99[$name] < <(run_wrk "$url"); echo "  $name: ${rps[$name]} req/s, p99 ${p99[$name]} ms"; }
echo "measuring (${seconds}s each, $connections connections)..."
measure nginx "http://127.0.0.1:$port_nginx/article.html"
measure article_cached "http://127.0.0.1:$port_cached$article"
measure article_uncached "http://127.0.0.1:$port_uncached$article"
measure home_cached "http://127.0.0.1:$port_cached/fr/"
measure section_cached "http://127.0.0.1:$port_cached$section"
measure rss_cached "http://127.0.0.1:$port_cached/fr/feed.xml"
measure home_uncached "http://127.0.0.1:$port_uncached/fr/"
rss_kb=$(ps -o rss= -p "$pid_cached" | tr -d ' ')

ratio() { printf '%.3f' "$(echo "$1 / ${rps[nginx]}" | bc -l)"; }
{
  echo "# Benchmark results"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "- corpus: $articles generated articles (seed 7); wrk -t2 -c$connections -d${seconds}s, one run"
  echo
  echo "| what | requests/s | p99 (ms) | ratio to nginx |"
  echo "|---|---|---|---|"
  for name in nginx article_cached article_uncached home_cached section_cached rss_cached home_uncached; do
    echo "| $name | ${rps[$name]} | ${p99[$name]} | $(ratio "${rps[$name]}") |"
  done
  echo
  echo "- import of $articles articles: $(printf '%.1f' "$import_s") s ($(tail -1 "$work/import.txt"))"
  echo "- resident memory of the caching server after the runs: $((rss_kb / 1024)) MB"
  echo
  echo "Targets: article_cached >= 0.8x nginx; article_uncached >= 0.2x nginx; import < 30 s; memory < 200 MB."
} | tee "$out/results.md"

# Machine translation: 1,000 French articles to Spanish with the local Apertium.
[ "${BENCH_TRANSLATE:-1}" = 0 ] || bench/translate.sh
