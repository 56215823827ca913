#!/usr/bin/env bash
# test_bench_nation.sh - the national-scale benchmark (bench/nation.sh)
# answers the same as its peers at the smallest scale: nation_gen writes a
# city (8 wards) and a small nation (3 provinces, 12 communes); chitieu's
# answers (nation_bench: eval_run dashboard with its child breakdown, the
# rolled-up series, freshness after a write) must equal the sqlite3 CLI's
# running bench/nation_sql/*.sql on the generated CSV, with and without
# roll-ups, and DuckDB's when bench/node_modules exists (npm ci --prefix
# bench; said in the output). Timings are not checked here.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SRC=${CHITIEU_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$SRC/bench/nation_lib.sh"
BDIR=$(dirname "$BIN")
GEN=$BDIR/nation_gen
NB=$BDIR/nation_bench
[ -x "$GEN" ] && [ -x "$NB" ] || { echo "nation_gen/nation_bench not built next to $BIN"; exit 1; }
DUCK=no
if [ -d "$SRC/bench/node_modules/@duckdb/node-api" ] && command -v node >/dev/null; then DUCK=yes; fi
# scripts/test.sh installs bench/ from its lock file and asks for DuckDB: a lock
# file that no longer installs fails here instead of rotting unnoticed
if [ "${CHITIEU_BENCH_DUCKDB:-}" = required ] && [ $DUCK = no ]; then
  echo "FAIL: DuckDB required (CHITIEU_BENCH_DUCKDB=required) but bench/node_modules has no @duckdb/node-api"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "peers compared: sqlite3 CLI$( [ $DUCK = yes ] && echo ', DuckDB (bench/node_modules present)' || echo '; DuckDB skipped (no bench/node_modules)')"

# check NAME GENARGS TOP CHILD COMMUNE
check() {
  local name=$1 args=$2 top=$3 child=$4 commune=$5 d=$TMP/$1
  mkdir -p "$d"
  set +e
  # shellcheck disable=SC2086
  "$GEN" $args --last-year 2025 --db "$d/c.db" --csv "$d/csv" >"$d/gen.out" 2>&1
  local rc=$?
  set -e
  if [ $rc -ne 0 ]; then bad "$name: nation_gen failed: $(cat "$d/gen.out")"; return; fi
  ok
  grep -q '^values [1-9]' "$d/gen.out" && ok || bad "$name: no values written"

  # chitieu: with roll-ups, and without (CHITIEU_ROLLUP=0): the same answers
  "$NB" dash "$d/c.db" "$top" 2025 6 1 "$d/ch_dash.raw" >"$d/nb.out" 2>&1 || bad "$name: dash: $(cat "$d/nb.out")"
  CHITIEU_ROLLUP=0 "$NB" dash "$d/c.db" "$top" 2025 6 1 "$d/ch0_dash.raw" >/dev/null 2>&1 || bad "$name: dash without roll-ups"
  "$NB" series "$d/c.db" "$child" CT001 2024 2025 1 "$d/ch_series.raw" >/dev/null 2>&1 || bad "$name: series"
  CHITIEU_ROLLUP=0 "$NB" series "$d/c.db" "$child" CT001 2024 2025 1 "$d/ch0_series.raw" >/dev/null 2>&1 || bad "$name: series without roll-ups"
  nl_norm_dash <"$d/ch_dash.raw" >"$d/ch_dash"
  nl_norm_dash <"$d/ch0_dash.raw" >"$d/ch0_dash"
  nl_norm_series <"$d/ch_series.raw" >"$d/ch_series"
  nl_norm_series <"$d/ch0_series.raw" >"$d/ch0_series"
  [ "$(wc -l <"$d/ch_dash")" -gt 100 ] && ok || bad "$name: too few dashboard figures"
  grep -q '^child,CT009,' "$d/ch_dash" && ok || bad "$name: no child breakdown of the ratio CT009"
  cmp -s "$d/ch_dash" "$d/ch0_dash" && ok || bad "$name: dashboard differs with and without roll-ups"
  cmp -s "$d/ch_series" "$d/ch0_series" && ok || bad "$name: series differs with and without roll-ups"

  # the sqlite3 CLI on the same data
  nl_sqlite_load "$d/peer.sqlite" "$d/csv"
  { echo ".mode csv"; nl_dash_sql sqlite 2025 6; } | sqlite3 "$d/peer.sqlite" | nl_norm_dash >"$d/sq_dash"
  { echo ".mode csv"; nl_fill "$NL_SQL_DIR/series.sql" "UNIT=$child" "IND=CT001"; } |
    sqlite3 "$d/peer.sqlite" | awk -F, '$2 >= 2024' | nl_norm_series >"$d/sq_series"
  if nl_compare "$d/ch_dash" "$d/sq_dash" >"$d/diff" 2>&1; then ok; else bad "$name: dashboard chitieu vs sqlite3: $(cat "$d/diff")"; fi
  if nl_compare "$d/ch_series" "$d/sq_series" >"$d/diff" 2>&1; then ok; else bad "$name: series chitieu vs sqlite3: $(cat "$d/diff")"; fi

  if [ $DUCK = yes ]; then
    mkdir -p "$d/duck"
    if (cd "$SRC/bench" && node nation_duck.mjs "$d/csv" :memory: 2025 6 "$child" CT001 "$commune" 1 "$d/duck") >"$d/duck.out" 2>&1; then ok; else bad "$name: duckdb: $(cat "$d/duck.out")"; fi
    nl_norm_dash <"$d/duck/duck_dash.txt" >"$d/dk_dash"
    awk -F, '$2 >= 2024' "$d/duck/duck_series.txt" | nl_norm_series >"$d/dk_series"
    if nl_compare "$d/ch_dash" "$d/dk_dash" >"$d/diff" 2>&1; then ok; else bad "$name: dashboard chitieu vs DuckDB: $(cat "$d/diff")"; fi
    if nl_compare "$d/ch_series" "$d/dk_series" >"$d/diff" 2>&1; then ok; else bad "$name: series chitieu vs DuckDB: $(cat "$d/diff")"; fi
  fi

  # freshness: a commune's write is in the top's figure at once (nation_bench checks it)
  if "$NB" fresh "$d/c.db" "$commune" "$top" CT001 2025 6 3 >"$d/fresh.out" 2>&1 &&
     grep -q '^fresh_ok 1' "$d/fresh.out"; then ok; else bad "$name: freshness: $(cat "$d/fresh.out")"; fi
}

check city "--scale city --years 2 --indicators 30" 058 058 01837
check nation "--provinces 3 --communes 12 --indicators 30 --years 2" VN 04 01840

# the comparison itself catches a wrong figure
cp "$TMP/city/sq_dash" "$TMP/wrong"
sed -i '1s/,[0-9.]*$/,1.00/' "$TMP/wrong"
if nl_compare "$TMP/city/ch_dash" "$TMP/wrong" >/dev/null 2>&1; then bad "nl_compare missed a wrong figure"; else ok; fi
finish
