#!/usr/bin/env bash
# test.sh - the README's second command: installs what is missing, then
#  1. builds chitieu with AddressSanitizer and UndefinedBehaviorSanitizer and
#     runs every test with ctest (cmocka unit tests, black-box CLI tests on a
#     temporary database, the style check);
#  2. builds the Release configuration that scripts/demo.sh uses (optimised
#     builds see warnings, treated as errors, that debug builds do not) and
#     runs the black-box CLI tests against that binary too;
#  3. installs the npm packages of web/ and tests/browser/ and runs the browser
#     tests (node --test tests/browser/) against the release binary;
#  4. starts a throwaway PostgreSQL 15 cluster (scripts/pg_cluster.sh, on
#     127.0.0.1 only, as an unprivileged user) and runs the same suites on it:
#     the unit tests (sanitizers on; each store test on a fresh schema), the
#     CLI and HTTP black-box tests (the release binary), and tests/pg/ (two
#     servers on one database, failover to a standby). The cluster is always
#     stopped and removed, whatever fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh --test
jobs=$(nproc)

# the national benchmark's peer (DuckDB) from bench/'s lock file: its small-scale
# comparison (tests/cli/test_bench_nation.sh) then runs against DuckDB too
npm ci --prefix bench --no-audit --no-fund --loglevel=error
export CHITIEU_BENCH_DUCKDB=required

cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DCHITIEU_SANITIZE=ON >/dev/null
cmake --build build-test -j"$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-test --output-on-failure -j"$jobs"

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCHITIEU_TESTS=OFF >/dev/null
cmake --build build -j"$jobs"
pass=0 fail=0
for t in tests/cli/test_*.sh tests/http/test_*.sh; do
  if out=$(bash "$t" build/chitieu 2>&1); then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "release build: $t failed:"
    echo "$out" | tail -20
  fi
done
echo "release: $pass passed, $fail failed"

# 3. the browser tests (tests/browser, docs/web.md): playwright-core from npm drives
# Debian's chromium against the release binary serving web/ on 127.0.0.1.
npm ci --prefix web --no-audit --no-fund --loglevel=error
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
browser_rc=0
CHITIEU_BIN=build/chitieu node --test --test-concurrency=1 tests/browser/ || browser_rc=$?
# 4. PostgreSQL (docs/internals/store.md): the same suites on the second engine.
PGDIR=$(mktemp -d /tmp/chpg.XXXXXX)
PGRES=$(mktemp)
trap 'bash scripts/pg_cluster.sh stop "$PGDIR" >/dev/null 2>&1 || true; rm -f "$PGRES"' EXIT
pg_rc=0
if CHITIEU_TEST_PG=$(bash scripts/pg_cluster.sh start "$PGDIR"); then
  export CHITIEU_TEST_PG
  echo "PostgreSQL: $CHITIEU_TEST_PG"
  ctest --test-dir build-test --output-on-failure -j"$jobs" -R '^unit\.' || pg_rc=1
  # the black-box scripts wait on the server more than they compute: three at a time
  ls tests/cli/test_*.sh tests/http/test_*.sh tests/pg/test_*.sh |
    grep -v test_bench_nation |
    xargs -P3 -I{} bash -c 'if out=$(bash "{}" build/chitieu 2>&1); then echo "pass {}: $(tail -1 <<<"$out")";
      else echo "FAIL {}:"; tail -20 <<<"$out"; exit 1; fi' >"$PGRES" 2>&1 || pg_rc=1
  cat "$PGRES"
  pg_pass=$(grep -c '^pass ' "$PGRES" || true)
  pg_fail=$(grep -c '^FAIL ' "$PGRES" || true)
  echo "postgresql: $pg_pass passed, $pg_fail failed"
  unset CHITIEU_TEST_PG
else
  echo "PostgreSQL test cluster did not start"
  pg_rc=1
fi
[ "$fail" -eq 0 ] && [ "$browser_rc" -eq 0 ] && [ "$pg_rc" -eq 0 ]
