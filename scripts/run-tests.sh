#!/usr/bin/env bash
# Builds with AddressSanitizer + UndefinedBehaviorSanitizer and runs every suite:
# the layer check, the C++ suites (CTest) and the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

scripts/check-layers.sh

cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DGAZETTE_SANITIZE=ON -DGAZETTE_TESTS=ON >/dev/null
cmake --build build/asan -j "$jobs"

# A real PostgreSQL for the suites parametrized over backends (each test makes its own
# database in it) and the cluster test; stopped however this script ends.
read -r pg_base GAZETTE_TEST_PG_URL < <(scripts/pg-test-server.sh start)
[ -n "${GAZETTE_TEST_PG_URL:-}" ] || { echo "could not start the test PostgreSQL server" >&2; exit 1; }
export GAZETTE_TEST_PG_URL
trap 'scripts/pg-test-server.sh stop "$pg_base"' EXIT

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp
ctest --test-dir build/asan --output-on-failure -j "$jobs"

if [ -f tests/browser/run.sh ]; then
  tests/browser/run.sh build/asan/src/cli/gazette
fi
