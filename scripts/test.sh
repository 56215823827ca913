#!/usr/bin/env bash
# test.sh - the README's second command: installs what is missing, then
#  1. builds chitieu with AddressSanitizer and UndefinedBehaviorSanitizer and
#     runs every test with ctest (cmocka unit tests, black-box CLI and HTTP
#     tests on a temporary SQLite database, the style check);
#  2. builds the Release configuration that scripts/demo.sh uses (optimised
#     builds see warnings, treated as errors, that debug builds do not) and
#     runs the black-box CLI and HTTP tests against that binary too;
#  3. installs the npm packages of web/ and tests/browser/ and runs the browser
#     tests (node --test tests/browser/) against the release binary;
#  4. starts a throwaway PostgreSQL 15 cluster (scripts/pg_cluster.sh, on
#     127.0.0.1 only, as an unprivileged user) and runs the same suites on it:
#     the unit tests (sanitizers on; each store test on a fresh schema), the
#     CLI and HTTP black-box tests (the release binary), and tests/pg/ (two
#     servers on one database, failover to a standby). The cluster is always
#     stopped and removed, whatever fails, on Ctrl-C and kill too.
#  5. builds the libFuzzer harnesses of fuzz/ with clang (ASan, UBSan) and runs
#     each for 3 seconds on its seeds (the smoke run; fuzz/README.md has the long one).
# A failing stage does not stop the later ones; the script exits non-zero if
# any failed and ends with "stages: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh --test
jobs=$(nproc)
unset CHITIEU_TEST_PG # stages 1-3 are SQLite's, whatever the caller's environment says
failed=() # the stages that failed

# the national benchmark's peer (DuckDB) from bench/'s lock file: its small-scale
# comparison (tests/cli/test_bench_nation.sh) then runs against DuckDB too
npm ci --prefix bench --no-audit --no-fund --loglevel=error
export CHITIEU_BENCH_DUCKDB=required

# blackbox LABEL SCRIPT...: runs black-box test scripts on build/chitieu, three
# at a time (they wait on the server more than they compute), each stopped
# after 10 minutes; prints a line per script (the tail of its output when it
# failed) and "LABEL: N passed, N failed, N skipped" (a script that checked
# nothing and said SKIP is skipped); fails if one failed.
blackbox() {
  local label=$1 res p f s
  shift
  res=$(mktemp)
  printf '%s\n' "$@" | xargs -P3 -I{} bash -c 'if out=$(timeout -k 10 600 bash "$1" build/chitieu 2>&1); then
      if [ "$(tail -1 <<<"$out")" = "0 passed, 0 failed" ] && grep -q "^SKIP: " <<<"$out"; then
        echo "skip $1: $(grep -m1 "^SKIP: " <<<"$out")"
      else echo "pass $1: $(tail -1 <<<"$out")"; fi
    else echo "FAIL $1 (exit $?):"; tail -20 <<<"$out"; fi' _ {} >"$res" 2>&1
  cat "$res"
  p=$(grep -c '^pass ' "$res" || true)
  f=$(grep -c '^FAIL ' "$res" || true)
  s=$(grep -c '^skip ' "$res" || true)
  rm -f "$res"
  echo "$label: $p passed, $f failed, $s skipped"
  [ "$f" -eq 0 ] && [ "$((p + f + s))" -eq $# ]
}

# 1. sanitizers, SQLite
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DCHITIEU_SANITIZE=ON >/dev/null
cmake --build build-test -j"$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-test --output-on-failure -j"$jobs" || failed+=(sanitizers)

# 2. the release build, SQLite
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCHITIEU_TESTS=OFF >/dev/null
cmake --build build -j"$jobs"
blackbox release tests/cli/test_*.sh tests/http/test_*.sh || failed+=(release)

# 3. the browser tests (tests/browser, docs/web.md): playwright-core from npm drives
# Debian's chromium against the release binary serving web/ on 127.0.0.1.
npm ci --prefix web --no-audit --no-fund --loglevel=error
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
CHITIEU_BIN=build/chitieu node --test --test-concurrency=1 tests/browser/ || failed+=(browser)

# 4. PostgreSQL (docs/internals/store.md): the same suites on the second engine;
# test_bench_nation is left out (it reads files nation_gen writes, no database).
PGDIR=$(mktemp -d /tmp/chpg.XXXXXX)
trap 'bash scripts/pg_cluster.sh stop "$PGDIR" >/dev/null 2>&1 || true' EXIT
trap 'exit 130' INT TERM HUP
if CHITIEU_TEST_PG=$(bash scripts/pg_cluster.sh start "$PGDIR"); then
  export CHITIEU_TEST_PG
  echo "PostgreSQL: $CHITIEU_TEST_PG"
  pg_ok=1
  ctest --test-dir build-test --output-on-failure -j"$jobs" -R '^unit\.' || pg_ok=0
  pg_scripts=()
  for t in tests/cli/test_*.sh tests/http/test_*.sh tests/pg/test_*.sh; do
    [ "$t" = tests/cli/test_bench_nation.sh ] || pg_scripts+=("$t")
  done
  blackbox postgresql "${pg_scripts[@]}" || pg_ok=0
  [ "$pg_ok" = 1 ] || failed+=(postgresql)
  unset CHITIEU_TEST_PG
else
  echo "PostgreSQL test cluster did not start"
  failed+=(postgresql)
fi

# 5. the fuzzers' smoke run (fuzz/README.md): every libFuzzer harness built with
# clang under ASan and UBSan and run for 3 seconds on its seeds; a finding fails.
FUZZ_JOBS=$jobs bash fuzz/run.sh 3 || failed+=(fuzz)

[ ${#failed[@]} -eq 0 ] || echo "failed stages: ${failed[*]}"
echo "stages: $((5 - ${#failed[@]})) passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
