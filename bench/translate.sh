#!/usr/bin/env bash
# Translation benchmark (not a test): translates N generated French articles into the Spanish
# edition with the local Apertium (gazette translate, bulk mode, batches of 20 articles) and
# reports articles with any integrity error (target 0), protected items lost (target 0),
# words per second and time per article. Results go to build/bench/translate.md.
# Environment: BENCH_TRANSLATE_ARTICLES (1000), GAZETTE_BIN (default: the release build).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${BENCH_TRANSLATE_ARTICLES:-1000}
if [ -z "${GAZETTE_BIN:-}" ]; then
  make --no-print-directory build >/dev/null
  GAZETTE_BIN=build/gazette
fi
bin=$(realpath "$GAZETTE_BIN")
out=build/bench
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" generate --count "$count" --seed 7 --edition fr --out "$work/fr.jsonl" >/dev/null 2>&1
"$bin" init --data "$work/site" >/dev/null
"$bin" import --data "$work/site" --quiet "$work/fr.jsonl" >/dev/null 2>&1
# Words the translation reads: title, lead and the text of the body.
words=$(python3 - "$work/fr.jsonl" <<'PY'
import html, json, re, sys
total = 0
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    body = html.unescape(re.sub(r"<[^>]*>", " ", r.get("body_html", "")))
    total += len((r.get("title", "") + " " + r.get("lead", "") + " " + body).split())
print(total)
PY
)

start=$(date +%s.%N)
summary=$("$bin" translate --data "$work/site" --to es --since 1970-01-01 --quiet 2>"$work/problems.txt")
end=$(date +%s.%N)
seconds=$(echo "$end - $start" | bc -l)
translated=$(sed -n 's/^translated \([0-9]*\),.*/\1/p' <<<"$summary")
problems=$(sed -n 's/.*with integrity problems \([0-9]*\);.*/\1/p' <<<"$summary")
items=$(sed -n 's/.*protected items \([0-9]*\),.*/\1/p' <<<"$summary")
lost=$(sed -n 's/.*lost \([0-9]*\)$/\1/p' <<<"$summary")
{
  echo "# Translation benchmark"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m)"
  echo "- corpus: $count generated French articles (seed 7), $words words; fr→es, local Apertium $(dpkg-query -W -f='${Version}' apertium-fr-es 2>/dev/null || echo '?')"
  echo
  echo "| what | value |"
  echo "|---|---|"
  echo "| articles translated | $translated |"
  echo "| articles with any integrity error (target 0) | $problems |"
  echo "| protected items | $items |"
  echo "| protected items lost: missing + duplicated + altered (target 0) | $lost |"
  echo "| total time | $(printf '%.1f' "$seconds") s |"
  echo "| time per article | $(printf '%.1f' "$(echo "$seconds * 1000 / $translated" | bc -l)") ms |"
  echo "| throughput | $(printf '%.0f' "$(echo "$words / $seconds" | bc -l)") words/s |"
  if [ -s "$work/problems.txt" ]; then
    echo
    echo "First problems:"
    echo
    head -5 "$work/problems.txt" | sed 's/^/    /'
  fi
} | tee "$out/translate.md"
