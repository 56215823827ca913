# nation_lib.sh - shell helpers shared by bench/nation.sh (the national-scale
# benchmark) and tests/cli/test_bench_nation.sh (its answers checked at the
# smallest scale): loading nation_gen's CSV into the sqlite3 CLI, filling the
# placeholders of bench/nation_sql/*.sql, normalising answers and comparing
# them. Sourced, never run. Not for: timing logic (nation.sh has it).

NL_SQL_DIR=${NL_SQL_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/nation_sql}

# nl_fill FILE KEY=VALUE...: prints FILE with each @KEY replaced by VALUE.
nl_fill() {
  local f=$1 kv args=()
  shift
  for kv in "$@"; do args+=(-e "s|@${kv%%=*}|${kv#*=}|g"); done
  sed "${args[@]}" "$f"
}

# nl_dash_sql ENGINE YEAR MONTH: the dashboard SQL (ENGINE "analytics":
# PostgreSQL's DHIS2-style table, one column per unit level).
nl_dash_sql() {
  if [ "$1" = analytics ]; then
    nl_fill "$NL_SQL_DIR/dashboard.sql" "SRC=analytics v" "CHILD=v.uidlevel1" "Y=$2" "M=$3"
  else
    nl_fill "$NL_SQL_DIR/dashboard.sql" "SRC=vals v JOIN units u ON u.id = v.unit_id" \
      "CHILD=u.top_child_id" "Y=$2" "M=$3"
  fi
}

# nl_sqlite_schema: the peer's tables in the sqlite3 CLI, keyed like chitieu's.
nl_sqlite_schema() {
  cat <<'SQL'
CREATE TABLE units (id INTEGER PRIMARY KEY, code TEXT NOT NULL, parent_id INT, level INT NOT NULL,
  top_child_id INT);
CREATE TABLE indicators (id INTEGER PRIMARY KEY, code TEXT NOT NULL, kind TEXT NOT NULL, num_id INT,
  den_id INT, decimals INT);
CREATE TABLE targets (unit_id INT, indicator_id INT, year INT, amount BIGINT,
  PRIMARY KEY (unit_id, indicator_id, year)) WITHOUT ROWID;
CREATE TABLE vals (unit_id INT, year INT, indicator_id INT, month INT, amount BIGINT,
  PRIMARY KEY (unit_id, year, indicator_id, month)) WITHOUT ROWID;
SQL
}

# nl_sqlite_load DB CSVDIR: a fresh sqlite3 database with the CSV imported (WAL).
nl_sqlite_load() {
  rm -f "$1" "$1-wal" "$1-shm"
  { echo "PRAGMA journal_mode=WAL;"; nl_sqlite_schema; echo ".mode csv"
    for t in units indicators targets; do echo ".import --skip 1 $2/$t.csv $t"; done
    echo ".import --skip 1 $2/values.csv vals"; } | sqlite3 "$1" >/dev/null
}

# nl_norm_dash < raw rows (k,a,b,x): "k,a,b,x" with x to 2 places, sorted.
nl_norm_dash() { tr -d '"' | awk -F, 'NF == 4 { printf "%s,%s,%s,%.2f\n", $1, $2, $3, $4 }' | LC_ALL=C sort; }

# nl_norm_series < raw rows: "series,year,mm,x".
nl_norm_series() { tr -d '"' | awk -F, 'NF == 4 { printf "%s,%d,%02d,%.2f\n", $1, $2, $3, $4 }' | LC_ALL=C sort; }

# nl_compare A B: same keys, figures within 0.011 (rounding of a last digit);
# prints the differences (at most 10) and fails when there is any.
nl_compare() {
  awk -F, '
    FNR == NR { k = $1 "," $2 "," $3; a[k] = $4; next }
    { k = $1 "," $2 "," $3; if (!(k in a)) { if (bad++ < 10) print "only in " FILENAME ": " $0; next }
      d = a[k] - $4; if (d < 0) d = -d
      if (d > 0.011) { if (bad++ < 10) print "differs: " k ": " a[k] " vs " $4 }
      delete a[k] }
    END { for (k in a) if (bad++ < 10) print "only in " ARGV[1] ": " k "," a[k]; exit bad > 0 }
  ' "$1" "$2"
}
