#!/usr/bin/env bash
# test.sh - the README's second command: installs what is missing, builds
# chitieu with AddressSanitizer and UndefinedBehaviorSanitizer, and runs every
# test (cmocka unit tests, black-box CLI tests, the style check) with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh --test
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DCHITIEU_SANITIZE=ON >/dev/null
cmake --build build-test -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-test --output-on-failure -j"$(nproc)"
