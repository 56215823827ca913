#!/usr/bin/env bash
# nation.sh - the national-scale benchmark of issue #7 at one scale, in one
# run: nation_gen writes the data (CSV + a chitieu store through the bulk
# writer), then chitieu (nation_bench), the sqlite3 CLI, DuckDB (Node API)
# and PostgreSQL (normalised tables, and a DHIS2-style analytics table with
# one column per unit level, partitioned by year) answer the same four
# questions on the same data: bulk load, dashboard, 10-year series,
# freshness. Answers are compared; medians and ratios go to stdout and to
# bench/out/nation-SCALE/results.md (docs/PERFORMANCE.md explains them).
#
#   bench/nation.sh city|province|nation [nation_gen options...]
#   RUNS=20 PEERS="sqlite duckdb pg" ENGINES="sqlite pg" bench/nation.sh nation --years 3
#
# ENGINES names chitieu's own engines (issue #12): "sqlite" (the file) and
# "pg" (chitieu on a PostgreSQL database of a throwaway cluster,
# scripts/pg_cluster.sh): the same load, dashboard, series, freshness and
# server, answers checked equal to the file's, in a column of its own.
#
# Installs what it needs (scripts/deps.sh --bench, npm ci --prefix bench).
# Each PostgreSQL (the peer, and chitieu's own) is a throwaway cluster of
# scripts/pg_cluster.sh on 127.0.0.1 under /tmp, stopped and removed at the
# end, on failure too. Not for: the test suite (tests/cli/test_bench_nation.sh
# checks the answers at the smallest scale, without timings).
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:?usage: bench/nation.sh city|province|nation [nation_gen options]}
shift
RUNS=${RUNS:-20}
PEERS=${PEERS-"sqlite duckdb pg"}  # PEERS="" runs chitieu alone
ENGINES=${ENGINES-"sqlite pg"}     # chitieu's engines; the file is always measured
source bench/nation_lib.sh
B=build-bench-nation
OUT=bench/out/nation-$scale
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median() { LC_ALL=C sort -g | awk '{ v[NR] = $1 } END { if (NR) printf "%.3f\n", v[int((NR + 1) / 2)]; else print "n/a" }'; }
kv() { awk -v k="$1" '$1 == k { print $2; exit }' "$2"; }
field() { awk -v k="$1" -v f="$2" '$1 == k { for (i = 2; i < NF; i++) if ($i == f) { print $(i + 1); exit } }' "$3"; }

case $scale in
  city) top=058 child=058 commune=01837 ind=CT001 ;;
  province) top=VN child=04 commune=01840 ind=CT001 ;;
  nation) top=VN child=04 commune=01840 ind=CT001 ;;
  *) echo "unknown scale $scale" >&2; exit 2 ;;
esac
year=2025 month=6

bash scripts/deps.sh --bench
cmake -S . -B $B -DCMAKE_BUILD_TYPE=Release -DCHITIEU_TESTS=OFF \
  -DCMAKE_C_FLAGS=-Wno-error=format-truncation >/dev/null
cmake --build $B -j2 --target nation_gen nation_bench >/dev/null
case " $PEERS " in *" duckdb "*)
  [ -d bench/node_modules/@duckdb/node-api ] || npm ci --prefix bench --no-audit --no-fund >/dev/null ;;
esac
# the PostgreSQL clusters of this run (scripts/pg_cluster.sh), stopped at exit
CLUSTERS=()
trap 'for d in "${CLUSTERS[@]}"; do bash scripts/pg_cluster.sh stop "$d" >/dev/null 2>&1 || true; done' EXIT
trap 'exit 130' INT TERM HUP

rm -rf "$OUT"
mkdir -p "$OUT"
R=$OUT/results.txt
: >"$R"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem/ { print $2 }') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$R"
echo "== $scale: generating (nation_gen --scale $scale $*) ==" | tee -a "$R"
nice -n 10 ./$B/nation_gen --scale "$scale" "$@" --last-year $year --csv "$OUT/csv" --db "$OUT/c.db" | tee "$OUT/gen.txt" | tee -a "$R"
du -sh "$OUT/csv" "$OUT/c.db" | tee -a "$R"

echo "== chitieu ==" | tee -a "$R"
NB=./$B/nation_bench
$NB dash "$OUT/c.db" $top $year $month "$RUNS" "$OUT/ch_dash.raw" | tee "$OUT/ch.txt"
CHITIEU_ROLLUP=0 $NB dash "$OUT/c.db" $top $year $month 3 | sed 's/^/norollup_/' | tee -a "$OUT/ch.txt"
$NB series "$OUT/c.db" $child $ind 2000 $year "$RUNS" "$OUT/ch_series.raw" | tee -a "$OUT/ch.txt"
CHITIEU_ROLLUP=0 $NB series "$OUT/c.db" $child $ind 2000 $year 3 | sed 's/^/norollup_/' | tee -a "$OUT/ch.txt"
$NB fresh "$OUT/c.db" $commune $top $ind $year $month "$RUNS" | tee -a "$OUT/ch.txt"
$NB states "$OUT/c.db" $top $year $month "$RUNS" | tee -a "$OUT/ch.txt"
cat "$OUT/ch.txt" >>"$R"
# the server's memory at this scale: chitieu serve is not built here (CLI
# build flags of other modules); the evaluation's own peak is nation_bench's
/usr/bin/time -f "chitieu_dash_maxrss_kb %M" $NB dash "$OUT/c.db" $top $year $month 5 2>&1 >/dev/null | tee -a "$R"
nl_norm_dash <"$OUT/ch_dash.raw" >"$OUT/ch_dash"
nl_norm_series <"$OUT/ch_series.raw" >"$OUT/ch_series"

if [[ " $ENGINES " == *" pg "* ]]; then
  # chitieu itself on PostgreSQL: its own cluster, the same generator and questions
  CHPG=$(mktemp -d /tmp/chpg.bench.XXXXXX)
  CLUSTERS+=("$CHPG")
  CONN=$(bash scripts/pg_cluster.sh start "$CHPG")
  echo "== chitieu on PostgreSQL ($CONN) ==" | tee -a "$R"
  nice -n 10 ./$B/nation_gen --scale "$scale" "$@" --last-year $year --db "$CONN" | sed 's/^/pgc_/' | tee "$OUT/gen_pg.txt" | tee -a "$R"
  $NB dash "$CONN" $top $year $month "$RUNS" "$OUT/chpg_dash.raw" | sed 's/^/pgc_/' | tee "$OUT/chpg.txt"
  $NB series "$CONN" $child $ind 2000 $year "$RUNS" "$OUT/chpg_series.raw" | sed 's/^/pgc_/' | tee -a "$OUT/chpg.txt"
  $NB fresh "$CONN" $commune $top $ind $year $month "$RUNS" | sed 's/^/pgc_/' | tee -a "$OUT/chpg.txt"
  $NB states "$CONN" $top $year $month "$RUNS" | sed 's/^/pgc_/' | tee -a "$OUT/chpg.txt"
  cat "$OUT/chpg.txt" >>"$R"
  /usr/bin/time -f "pgc_dash_maxrss_kb %M" $NB dash "$CONN" $top $year $month 5 2>&1 >/dev/null | tee -a "$R"
  nl_norm_dash <"$OUT/chpg_dash.raw" >"$OUT/chpg_dash"
  nl_norm_series <"$OUT/chpg_series.raw" >"$OUT/chpg_series"
  nl_compare "$OUT/ch_dash" "$OUT/chpg_dash" && echo "answers dashboard chitieu on SQLite = chitieu on PostgreSQL" | tee -a "$R"
  nl_compare "$OUT/ch_series" "$OUT/chpg_series" && echo "answers series chitieu on SQLite = chitieu on PostgreSQL" | tee -a "$R"
fi

if [[ " $PEERS " == *" sqlite "* ]]; then
  echo "== sqlite3 CLI $(sqlite3 --version | cut -d' ' -f1) ==" | tee -a "$R"
  t0=$(now)
  nice -n 10 bash -c "source bench/nation_lib.sh; nl_sqlite_load '$OUT/peer.sqlite' '$OUT/csv'"
  t1=$(now)
  n=$(kv values "$OUT/gen.txt")
  echo "sqlite_load_seconds $(secs "$t0" "$t1")" | tee -a "$R"
  echo "sqlite_values_per_second $(awk -v n="$n" -v s="$(secs "$t0" "$t1")" 'BEGIN { printf "%.0f", n / s }')" | tee -a "$R"
  sruns=$RUNS
  [ "$scale" = nation ] && sruns=5
  { echo ".mode csv"; echo ".output $OUT/sq_dash.raw"; nl_dash_sql sqlite $year $month; echo ".output /dev/null"; echo ".timer on"
    for _ in $(seq "$sruns"); do nl_dash_sql sqlite $year $month; done; } |
    sqlite3 "$OUT/peer.sqlite" 2>&1 | awk '/Run Time/ { print $4 * 1000 }' | median | sed 's/^/sqlite_dashboard median_ms /' | tee -a "$R"
  { echo ".mode csv"; echo ".output $OUT/sq_series.raw"; nl_fill bench/nation_sql/series.sql "UNIT=$child" "IND=$ind"; echo ".output /dev/null"; echo ".timer on"
    for _ in $(seq "$sruns"); do nl_fill bench/nation_sql/series.sql "UNIT=$child" "IND=$ind"; done; } |
    sqlite3 "$OUT/peer.sqlite" 2>&1 | awk '/Run Time/ { print $4 * 1000 }' | median | sed 's/^/sqlite_series median_ms /' | tee -a "$R"
  { echo ".output /dev/null"; echo ".timer on"
    for _ in $(seq "$sruns"); do nl_fill bench/nation_sql/fresh.sql "COMMUNE=$commune" "IND=$ind" "Y=$year" "M=$month"; done; } |
    sqlite3 "$OUT/peer.sqlite" 2>&1 | awk '/Run Time/ { t += $4 * 1000; if (++k % 2 == 0) { print t; t = 0 } }' | median |
    sed 's/^/sqlite_fresh_write_then_read median_ms /' | tee -a "$R"
  nl_norm_dash <"$OUT/sq_dash.raw" >"$OUT/sq_dash"
  nl_norm_series <"$OUT/sq_series.raw" >"$OUT/sq_series"
  nl_compare "$OUT/ch_dash" "$OUT/sq_dash" && echo "answers dashboard chitieu = sqlite3" | tee -a "$R"
  nl_compare "$OUT/ch_series" "$OUT/sq_series" && echo "answers series chitieu = sqlite3" | tee -a "$R"
fi

if [[ " $PEERS " == *" duckdb "* ]]; then
  echo "== DuckDB (@duckdb/node-api $(node -p "require('./bench/node_modules/@duckdb/node-api/package.json').version")) ==" | tee -a "$R"
  mkdir -p "$OUT/duck"
  (cd bench && nice -n 10 node nation_duck.mjs "$PWD/../$OUT/csv" "$PWD/../$OUT/peer.duckdb" $year $month $child $ind $commune "$RUNS" "$PWD/../$OUT/duck") | tee -a "$R"
  nl_norm_dash <"$OUT/duck/duck_dash.txt" >"$OUT/dk_dash"
  nl_norm_series <"$OUT/duck/duck_series.txt" >"$OUT/dk_series"
  nl_compare "$OUT/ch_dash" "$OUT/dk_dash" && echo "answers dashboard chitieu = DuckDB" | tee -a "$R"
  nl_compare "$OUT/ch_series" "$OUT/dk_series" && echo "answers series chitieu = DuckDB" | tee -a "$R"
fi

if [[ " $PEERS " == *" pg "* ]]; then
  # the peer: a cluster of its own, tuned for analytics (durability off as in every
  # cluster of pg_cluster.sh); its tables in the database "postgres"
  PGD=$(mktemp -d /tmp/chpg.peer.XXXXXX)
  CLUSTERS+=("$PGD")
  CHITIEU_PG_SETTINGS="shared_buffers = 2GB
work_mem = 256MB
maintenance_work_mem = 1GB
max_wal_size = 8GB
max_parallel_workers_per_gather = 2" bash scripts/pg_cluster.sh start "$PGD" >/dev/null
  PSQL=(psql -X -q -h 127.0.0.1 -p "$(cat "$PGD/port")" -U postgres -d postgres -v ON_ERROR_STOP=1)
  echo "== PostgreSQL $("${PSQL[@]}" -tAc 'SHOW server_version') (fsync off, shared_buffers 2GB, 2 parallel workers) ==" | tee -a "$R"
  "${PSQL[@]}" <<'SQL'
CREATE FUNCTION round(float8, int) RETURNS float8 AS 'SELECT round($1::numeric, $2)::float8'
  LANGUAGE sql IMMUTABLE;
CREATE TABLE units (id int PRIMARY KEY, code text COLLATE "C" NOT NULL, parent_id int, level int NOT NULL,
  top_child_id int);
CREATE TABLE indicators (id int PRIMARY KEY, code text COLLATE "C" NOT NULL, kind text NOT NULL,
  num_id int, den_id int, decimals int);
CREATE TABLE targets (unit_id int, indicator_id int, year int, amount bigint,
  PRIMARY KEY (unit_id, indicator_id, year));
CREATE TABLE vals (unit_id int, year int, indicator_id int, month int, amount bigint);
SQL
  t0=$(now)
  for t in units indicators targets; do "${PSQL[@]}" -c "\\copy $t FROM '$OUT/csv/$t.csv' (FORMAT csv, HEADER)"; done
  "${PSQL[@]}" -c "\\copy vals FROM '$OUT/csv/values.csv' (FORMAT csv, HEADER)"
  "${PSQL[@]}" -c "ALTER TABLE vals ADD PRIMARY KEY (unit_id, year, indicator_id, month)" -c "ANALYZE"
  t1=$(now)
  n=$(kv values "$OUT/gen.txt")
  echo "pg_load_seconds $(secs "$t0" "$t1")" | tee -a "$R"
  echo "pg_values_per_second $(awk -v n="$n" -v s="$(secs "$t0" "$t1")" 'BEGIN { printf "%.0f", n / s }')" | tee -a "$R"
  # DHIS2-style analytics: denormalised, one column per unit level, one partition per year
  years=$("${PSQL[@]}" -tAc "SELECT string_agg(DISTINCT year::text, ' ') FROM vals")
  t0=$(now)
  { echo "CREATE TABLE analytics (uidlevel0 int, uidlevel1 int, uidlevel2 int, indicator_id int, year int,"
    echo "  month int, amount bigint) PARTITION BY LIST (year);"
    for y in $years; do echo "CREATE TABLE analytics_$y PARTITION OF analytics FOR VALUES IN ($y);"; done
    echo "INSERT INTO analytics SELECT (SELECT id FROM units WHERE level = 0), u.top_child_id,"
    echo "  CASE WHEN u.level = 2 THEN u.id END, v.indicator_id, v.year, v.month, v.amount"
    echo "  FROM vals v JOIN units u ON u.id = v.unit_id;"
    echo "CREATE INDEX ON analytics (year, month, indicator_id); ANALYZE analytics;"; } | "${PSQL[@]}"
  t1=$(now)
  echo "pg_analytics_build_seconds $(secs "$t0" "$t1")" | tee -a "$R"
  pg_time() { awk '/^Time:/ { print $2 }' | median; }
  pruns=$RUNS
  [ "$scale" = nation ] && pruns=5
  { echo "\\o $OUT/pg_dash.raw"; echo "\\pset format csv"; echo "\\pset tuples_only on"; nl_dash_sql pg $year $month; echo "\\o /dev/null"; echo "\\timing on"
    for _ in $(seq "$pruns"); do nl_dash_sql pg $year $month; done; } | "${PSQL[@]}" | pg_time | sed 's/^/pg_dashboard median_ms /' | tee -a "$R"
  { echo "\\o $OUT/pga_dash.raw"; echo "\\pset format csv"; echo "\\pset tuples_only on"; nl_dash_sql analytics $year $month; echo "\\o /dev/null"; echo "\\timing on"
    for _ in $(seq "$pruns"); do nl_dash_sql analytics $year $month; done; } | "${PSQL[@]}" | pg_time | sed 's/^/pg_analytics_dashboard median_ms /' | tee -a "$R"
  { echo "\\o $OUT/pg_series.raw"; echo "\\pset format csv"; echo "\\pset tuples_only on"; nl_fill bench/nation_sql/series.sql "UNIT=$child" "IND=$ind"; echo "\\o /dev/null"; echo "\\timing on"
    for _ in $(seq "$pruns"); do nl_fill bench/nation_sql/series.sql "UNIT=$child" "IND=$ind"; done; } | "${PSQL[@]}" | pg_time | sed 's/^/pg_series median_ms /' | tee -a "$R"
  { echo "\\o /dev/null"; echo "\\timing on"
    for _ in $(seq "$pruns"); do nl_fill bench/nation_sql/fresh.sql "COMMUNE=$commune" "IND=$ind" "Y=$year" "M=$month"; done; } |
    "${PSQL[@]}" | awk '/^Time:/ { t += $2; if (++k % 2 == 0) { print t; t = 0 } }' | median | sed 's/^/pg_fresh_write_then_read median_ms /' | tee -a "$R"
  # the analytics table sees a write only after its year's partition is rebuilt (DHIS2's analytics run)
  { echo "\\o /dev/null"; echo "\\timing on"
    for _ in 1 2 3; do
      nl_fill bench/nation_sql/fresh.sql "COMMUNE=$commune" "IND=$ind" "Y=$year" "M=$month" | sed '/^SELECT/,$d'
      echo "TRUNCATE analytics_$year; INSERT INTO analytics SELECT (SELECT id FROM units WHERE level = 0), u.top_child_id, CASE WHEN u.level = 2 THEN u.id END, v.indicator_id, v.year, v.month, v.amount FROM vals v JOIN units u ON u.id = v.unit_id WHERE v.year = $year;"
      echo "SELECT sum(amount) FROM analytics WHERE year = $year AND month = $month AND indicator_id = (SELECT id FROM indicators WHERE code = '$ind');"
    done; } | "${PSQL[@]}" | awk '/^Time:/ { t += $2; if (++k % 4 == 0) { print t; t = 0 } }' | median |
    sed 's/^/pg_analytics_fresh_write_rebuild_read median_ms /' | tee -a "$R"
  nl_norm_dash <"$OUT/pg_dash.raw" >"$OUT/pg_dash"
  nl_norm_dash <"$OUT/pga_dash.raw" >"$OUT/pga_dash"
  nl_norm_series <"$OUT/pg_series.raw" >"$OUT/pg_series"
  nl_compare "$OUT/ch_dash" "$OUT/pg_dash" && echo "answers dashboard chitieu = PostgreSQL" | tee -a "$R"
  nl_compare "$OUT/ch_dash" "$OUT/pga_dash" && echo "answers dashboard chitieu = PostgreSQL analytics" | tee -a "$R"
  nl_compare "$OUT/ch_series" "$OUT/pg_series" && echo "answers series chitieu = PostgreSQL" | tee -a "$R"
fi

# the server on the same file, last (it adds a user and writes one value)
echo "== chitieu serve on this file (bench/nation_server.sh) ==" | tee -a "$R"
if cmake --build $B -j2 --target chitieu >/dev/null 2>&1; then
  bash bench/nation_server.sh ./$B/chitieu "$OUT/c.db" "$top" "$year$(printf %02d $month)" "$commune" "$ind" | tee -a "$R"
  if [[ " $ENGINES " == *" pg "* ]]; then
    echo "== chitieu serve on PostgreSQL ==" | tee -a "$R"
    bash bench/nation_server.sh ./$B/chitieu "$CONN" "$top" "$year$(printf %02d $month)" "$commune" "$ind" | sed 's/^/pgc_/' | tee -a "$R"
  fi
else
  echo "server: chitieu did not build here; skipped" | tee -a "$R"
fi

# the table: medians and chitieu / peer ratios (peer time / chitieu time = how many times faster)
{
  echo
  echo "| $scale: question | chitieu | sqlite3 | DuckDB | PostgreSQL | PG analytics | chitieu on PostgreSQL |"
  echo "|---|---|---|---|---|---|---|"
  pg_d=$(field pgc_dashboard median_ms "$R")
  pg_s=$(field pgc_series median_ms "$R")
  pg_f=$(field pgc_fresh_write_then_figure median_ms "$R")
  pgc() { [ -n "${1:-}" ] && echo "$1 ms${2:+ ($2)}" || echo "–"; }
  # chitieu on PostgreSQL beside DuckDB: how many times faster (DuckDB's time / chitieu's)
  vs_duck() { [ -n "${1:-}" ] && [ -n "${2:-}" ] && [ "$2" != n/a ] && awk -v c="$1" -v p="$2" 'BEGIN { printf "%.1f× DuckDB", p / c }'; }
  ch_d=$(field dashboard median_ms "$OUT/ch.txt")
  ch_s=$(field series median_ms "$OUT/ch.txt")
  ch_f=$(field fresh_write_then_figure median_ms "$OUT/ch.txt")
  ch_fd=$(field fresh_write_then_read median_ms "$OUT/ch.txt")
  ch_dc=$(field dashboard_cpu median_ms "$OUT/ch.txt")
  x() { [ -n "${2:-}" ] && [ "$2" != n/a ] && awk -v c="$1" -v p="$2" 'BEGIN { printf "%s ms (%.1f×)", p, p / c }' || echo "–"; }
  echo "| dashboard (median; chitieu CPU $ch_dc ms) | $ch_d ms | $(x "$ch_d" "$(field sqlite_dashboard median_ms "$R")") | $(x "$ch_d" "$(field duckdb_dashboard median_ms "$R")") | $(x "$ch_d" "$(field pg_dashboard median_ms "$R")") | $(x "$ch_d" "$(field pg_analytics_dashboard median_ms "$R")") | $(pgc "$pg_d" "$(vs_duck "$pg_d" "$(field duckdb_dashboard median_ms "$R")")") |"
  echo "| series (median) | $ch_s ms | $(x "$ch_s" "$(field sqlite_series median_ms "$R")") | $(x "$ch_s" "$(field duckdb_series median_ms "$R")") | $(x "$ch_s" "$(field pg_series median_ms "$R")") | – | $(pgc "$pg_s" "$(vs_duck "$pg_s" "$(field duckdb_series median_ms "$R")")") |"
  echo "| write, then the root's figure (median) | $ch_f ms | $(x "$ch_f" "$(field sqlite_fresh_write_then_read median_ms "$R")") | $(x "$ch_f" "$(field duckdb_fresh_write_then_read median_ms "$R")") | $(x "$ch_f" "$(field pg_fresh_write_then_read median_ms "$R")") | $(x "$ch_f" "$(field pg_analytics_fresh_write_rebuild_read median_ms "$R")") | $(pgc "$pg_f") |"
  echo "| write, then the whole dashboard (median) | $ch_fd ms | | | | | $(pgc "$(field pgc_fresh_write_then_read median_ms "$R")") |"
  echo "| bulk load (values/s; chitieu per CPU-second $(kv values_per_cpu_second "$OUT/gen.txt")) | $(kv values_per_second "$OUT/gen.txt") | $(kv sqlite_values_per_second "$R") | $(kv duckdb_values_per_second "$R") | $(kv pg_values_per_second "$R") | build $(kv pg_analytics_build_seconds "$R") s | $(kv pgc_values_per_second "$R") |"
  echo "| dashboard without roll-ups | $(field norollup_dashboard median_ms "$OUT/ch.txt") ms | | | | | |"
  echo "| server: first GET /api/eval, peak RSS | $(awk '$1 == "server_eval_first_ms" { print $2 }' "$R") ms, $(awk '$1 !~ /^pgc_/ { for (i = 1; i < NF; i++) if ($i == "server_peak_rss_mb") print $(i + 1) }' "$R") MB | | | | | $(awk '$1 == "pgc_server_eval_first_ms" { print $2 }' "$R") ms, $(awk '$1 ~ /^pgc_/ { for (i = 1; i < NF; i++) if ($i == "server_peak_rss_mb") print $(i + 1) }' "$R") MB |"
} | tee -a "$R" | tee "$OUT/results.md"
