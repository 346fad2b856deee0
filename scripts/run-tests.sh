#!/usr/bin/env bash
# Builds with AddressSanitizer + UndefinedBehaviorSanitizer and runs every suite:
# the layer check, the C++ suites (CTest) and the browser tests; ends with one line
# "tests: N passed, N failed" counting them all.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

scripts/check-layers.sh

cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DGAZETTE_SANITIZE=ON -DGAZETTE_TESTS=ON >/dev/null
cmake --build build/asan -j "$jobs"

# A real PostgreSQL for the suites parametrized over backends (each test makes its own
# database in it) and the cluster test; stopped however this script ends.
read -r pg_base GAZETTE_TEST_PG_URL < <(scripts/pg-test-server.sh start)
[ -n "${GAZETTE_TEST_PG_URL:-}" ] || { echo "could not start the test PostgreSQL server" >&2; exit 1; }
export GAZETTE_TEST_PG_URL
trap 'scripts/pg-test-server.sh stop "$pg_base"; rm -rf "$logs"' EXIT

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp
status=0
ctest --test-dir build/asan --output-on-failure -j "$jobs" 2>&1 | tee "$logs/ctest.txt" || status=1

if [ -f tests/browser/run.sh ]; then
  tests/browser/run.sh build/asan/src/cli/gazette 2>&1 | tee "$logs/browser.txt" || status=1
fi

# "N% tests passed, F tests failed out of T" from CTest; "# pass N" / "# fail N" from node.
read -r ctest_failed ctest_total < <(sed -nE 's/.*tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\1 \2/p' "$logs/ctest.txt" | tail -1)
browser_passed=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$logs/browser.txt" 2>/dev/null | tail -1)
browser_failed=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$logs/browser.txt" 2>/dev/null | tail -1)
passed=$(( ${ctest_total:-0} - ${ctest_failed:-0} + ${browser_passed:-0} ))
failed=$(( ${ctest_failed:-0} + ${browser_failed:-0} ))
[ -n "${ctest_total:-}" ] || { echo "CTest printed no summary"; status=1; }
# A stage that stopped before counting (a crash while setting up) is one failure more.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "tests: $passed passed, $failed failed"
exit $status
