#!/usr/bin/env bash
# Builds with AddressSanitizer + UndefinedBehaviorSanitizer and runs every suite:
# the layer check, the C++ suites (CTest) and the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

scripts/check-layers.sh

cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DGAZETTE_SANITIZE=ON -DGAZETTE_TESTS=ON >/dev/null
cmake --build build/asan -j "$jobs"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build/asan --output-on-failure -j "$jobs"

if [ -f tests/browser/run.sh ]; then
  tests/browser/run.sh build/asan/src/cli/gazette
fi
