#!/usr/bin/env bash
# run.sh - every benchmark of chitieu in one command; results go to stdout
# and bench/out/. See docs/PERFORMANCE.md for what each measures and the
# figures to reach. Timings are compared as ratios within this one run.
#
#   bench/run.sh            # all benchmarks
#   bench/run.sh eval       # only the evaluation
#   bench/run.sh import [N] # only the CSV import (N values, default 1000000)
#   bench/run.sh http       # only the HTTP server (wrk, against nginx)
#   bench/run.sh nation     # national scale against sqlite3, DuckDB, PostgreSQL (bench/nation.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
if [ "$what" = nation ]; then
  # national scale (issue #7): bench/nation.sh at each scale, then the tables
  for sc in ${NATION_SCALES:-city province nation}; do
    if [ "$sc" = nation ]; then bash bench/nation.sh nation ${NATION_ARGS:---commune-targets no}
    else bash bench/nation.sh "$sc"; fi
  done
  cat bench/out/nation-*/results.md
  exit 0
fi
bash scripts/deps.sh --test
command -v hyperfine >/dev/null || { SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo; $SUDO apt-get install -y -qq hyperfine; }
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCHITIEU_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target chitieu bench_eval >/dev/null
mkdir -p bench/out
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(uname -sr)"

if [ "$what" = all ] || [ "$what" = eval ]; then
  db=bench/out/demo.db
  rm -f "$db" "$db-wal" "$db-shm"
  CHITIEU_NO_PROGRESS=1 ./build-bench/chitieu --db "$db" demo --quiet
  echo "== evaluation: demo city 058 (8 wards), all indicators, one month =="
  ./build-bench/bench_eval "$db" 058 202206 500
  ./build-bench/bench_eval "$db" 058 2020 500
  ./build-bench/bench_eval "$db" 01837 202206 500
  echo "== the whole command (process start, open, evaluate, print), hyperfine =="
  hyperfine -N --warmup 5 --runs 50 \
    "./build-bench/chitieu --db $db eval --unit 058 --period 202206 --json" \
    "./build-bench/chitieu --db $db unit show 058" 2>/dev/null | grep -E 'Time|±|chitieu' || true
fi

if [ "$what" = all ] || [ "$what" = import ]; then
  echo "== CSV import vs sqlite3 .import =="
  bash bench/bench_import.sh "${2:-1000000}"
fi

if [ "$what" = all ] || [ "$what" = http ]; then
  echo "== HTTP: GET /api/eval for the demo city with wrk, against nginx (same file size) =="
  bash bench/bench_http.sh build-bench/chitieu 10s
fi
