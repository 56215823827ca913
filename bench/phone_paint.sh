#!/usr/bin/env bash
# phone_paint.sh - the phone dashboard's first paint under a throttled "Fast 3G"
# network, in one command from a fresh clone (issue #17; docs/PERFORMANCE.md):
# installs the Debian packages of the tests (chromium among them), builds the
# Release binary, installs tests/browser's and web/'s npm packages from their lock
# files, then runs bench/phone_paint.mjs (RUNS, default 7). Exits non-zero when the
# median dashboard paint misses its budget (1000 ms; PHONE_PAINT_BUDGET_MS).
#
#   bash bench/phone_paint.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --test
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCHITIEU_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target chitieu >/dev/null
npm ci --prefix web --no-audit --no-fund --loglevel=error
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(uname -sr)"
CHITIEU_BIN=build-bench/chitieu node bench/phone_paint.mjs "${1:-7}"
