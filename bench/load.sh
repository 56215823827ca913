#!/usr/bin/env bash
# load.sh - the 25th's benchmark of issue #14: every ward enters its figures
# while leaders read their dashboards. wrk with CONNS connections (default
# 256) and bench/load25.lua, on each engine and scale, in one run:
#   1. the reads alone (67 % dashboards, 33 % due lists): the read-only rate;
#   2. the 25th's mix: 40 % value writes spread over the wards (communes),
#      40 % dashboard reads, 20 % due lists.
# Then every acknowledged write is looked for in the values' history
# (value_audit) and the current value of every written cell is the last the
# history holds; a missing one fails the run.
#
#   bench/load.sh [DURATION] [CONNS]      # defaults 20s and 256
#   SCALES="city province" ENGINES="sqlite pg" bench/load.sh 20s 256
#   bench/load.sh soak [DURATION] [CONNS] # the mix alone for DURATION (default
#                                         # 30m) on the city, the server's RSS
#                                         # sampled every 10 s: growth and errors
#
# city: the demo (Bắc Kạn, 8 wards, the city's dashboard). province:
# nation_gen --scale province (a province of cities and communes; writes over
# its communes, reads of the province's and its cities' dashboards).
# PostgreSQL: a throwaway cluster (scripts/pg_cluster.sh) the data is copied
# into with `chitieu db copy`, stopped at the end. Figures go to stdout and
# to bench/out/load.txt; docs/PERFORMANCE.md explains them.
set -euo pipefail
cd "$(dirname "$0")/.."
SOAK=
if [ "${1:-}" = soak ]; then SOAK=1; shift; fi
DUR=${1:-$([ -n "$SOAK" ] && echo 30m || echo 20s)}
CONNS=${2:-256}
[ -n "$SOAK" ] && SCALES=${SCALES:-city} && ENGINES=${ENGINES:-sqlite}
SCALES=${SCALES:-city province}
ENGINES=${ENGINES:-sqlite pg}
THREADS=${THREADS:-2}
B=build-bench
bash scripts/deps.sh --bench >/dev/null
cmake -S . -B $B -DCMAKE_BUILD_TYPE=Release -DCHITIEU_TESTS=OFF >/dev/null
cmake --build $B -j2 --target chitieu nation_gen >/dev/null
BIN=$(readlink -f $B/chitieu)

W=$(mktemp -d)
PGD=
SRV=
cleanup() {
  [ -n "$SRV" ] && kill "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null
  [ -n "$PGD" ] && bash scripts/pg_cluster.sh stop "$PGD" >/dev/null 2>&1
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
mkdir -p bench/out
R=bench/out/load.txt
: >"$R"
say() { echo "$*" | tee -a "$R"; }
export CHITIEU_NO_PROGRESS=1
say "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); wrk -c$CONNS -d$DUR, server --threads $THREADS"

source bench/wrk_lib.sh
serve() { wrk_serve serve "$1" --threads "$THREADS"; }
stop() { kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null || true; SRV=; }
# run NAME WRITES READS [ACK_DIR]: wrk's figures into $W/NAME
run() {
  WRITES=$2 READS=$3 ACK_DIR=${4:-} wrk -t2 -c"$CONNS" -d"$DUR" --timeout 10s --latency \
    -s bench/load25.lua "$URL" >"$W/$1" 2>&1
}
rps() { wrk_rps "$W/$1"; }
p() { wrk_pct "$1" "$W/$2"; }
bad() { wrk_bad "$W/$1"; }

# check DB ACKDIR: every acknowledged write is in the history; every written
# cell's current value is the history's last. Prints the counts.
check() {
  local db=$1 dir=$2
  cat "$dir"/ack-*.csv >"$W/acks.csv" 2>/dev/null || : >"$W/acks.csv"
  local n
  n=$(wc -l <"$W/acks.csv")
  # the history's rows of the run's cells, by code and amount, indexed: each
  # acknowledged write is then one index probe (a million acks in seconds)
  local sql_aud="CREATE TEMP TABLE aud AS SELECT i.code AS ind, u.code AS unit, x.year AS year,
      x.month AS month, x.new_amount AS amount FROM value_audit x
      JOIN indicator i ON i.id = x.indicator_id JOIN unit u ON u.id = x.unit_id
      WHERE x.new_amount IS NOT NULL AND x.year * 100 + x.month IN
        (SELECT DISTINCT CAST(period AS INTEGER) FROM ack);
    CREATE INDEX aud_k ON aud(ind, unit, year, month, amount)"
  local sql_missing="SELECT count(*) FROM ack a WHERE NOT EXISTS (SELECT 1 FROM aud x
      WHERE x.ind = a.ind AND x.unit = a.unit AND x.year = CAST(substr(a.period, 1, 4) AS INTEGER)
        AND x.month = CAST(substr(a.period, 5, 2) AS INTEGER)
        AND x.amount = CAST(round(CAST(a.v AS NUMERIC) * 10000) AS BIGINT))"
  local sql_cells="SELECT DISTINCT ind || ' ' || unit || ' ' || period FROM ack"
  local missing cells
  if [ "${db#postgres}" != "$db" ] || [ "${db#host=}" != "$db" ]; then
    missing=$(psql -qAt "$db" -c "CREATE TEMP TABLE ack(ind TEXT, unit TEXT, period TEXT, v TEXT)" \
      -c "\\copy ack FROM '$W/acks.csv' WITH (FORMAT csv)" -c "$sql_aud" -c "ANALYZE aud" -c "ANALYZE ack" \
      -c "$sql_missing")
    cells=$(psql -qAt "$db" -c "CREATE TEMP TABLE ack(ind TEXT, unit TEXT, period TEXT, v TEXT)" \
      -c "\\copy ack FROM '$W/acks.csv' WITH (FORMAT csv)" -c "$sql_cells")
  else
    missing=$(sqlite3 "$db" "CREATE TEMP TABLE ack(ind TEXT, unit TEXT, period TEXT, v TEXT);" \
      ".import --csv $W/acks.csv ack" "$sql_aud;" "$sql_missing")
    cells=$(sqlite3 "$db" "CREATE TEMP TABLE ack(ind TEXT, unit TEXT, period TEXT, v TEXT);" \
      ".import --csv $W/acks.csv ack" "$sql_cells")
  fi
  # the current value of each written cell (through chitieu) = the last in its history
  local wrong=0 ncell=0
  while read -r ind unit period; do
    [ -n "$ind" ] || continue
    ncell=$((ncell + 1))
    local cur last
    cur=$("$BIN" --db "$db" value get --indicator "$ind" --unit "$unit" --period "$period" | cut -f1)
    last=$("$BIN" --db "$db" value history --indicator "$ind" --unit "$unit" --period "$period" |
      awk '/^Hiện tại/ { print prev; exit } { prev = $NF }')
    [ "$cur" = "$last" ] || { wrong=$((wrong + 1)); echo "cell $ind $unit $period: $cur, history $last" >&2; }
  done <<<"$cells"
  say "  acknowledged writes $n, missing from the history $missing; cells $ncell, current value not the last $wrong"
  [ "$missing" = 0 ] && [ "$wrong" = 0 ]
}

for sc in $SCALES; do
  case $sc in
    city)
      db=$W/city.db
      export CHITIEU_TODAY=2022-06-20
      "$BIN" --db "$db" demo --quiet
      export WARDS=01834,01837,01840,01843,01846,01849,01852,01855 INDS=KT01,KT02 DASH=058 PERIOD=202206
      ;;
    province)
      db=$W/province.db
      export CHITIEU_TODAY=2025-06-20
      ./$B/nation_gen --scale province --last-year 2025 --db "$db" >/dev/null
      # one province's communes and its dashboard, from the data itself
      DASH=$(sqlite3 "$db" "SELECT code FROM unit WHERE type = 'province' ORDER BY code LIMIT 1")
      WARDS=$(sqlite3 "$db" "SELECT group_concat(code) FROM (SELECT u.code FROM unit u JOIN unit p ON p.id = u.parent_id
        WHERE p.code = '$DASH' ORDER BY u.code)")
      INDS=$(sqlite3 "$db" "SELECT group_concat(code) FROM (SELECT code FROM indicator ORDER BY code LIMIT 4)")
      export WARDS DASH INDS PERIOD=202506
      ;;
    *) echo "load.sh: unknown scale $sc" >&2; exit 2 ;;
  esac
  pw=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  printf '%s\n' "$pw" | "$BIN" --db "$db" user add bench --role admin --name "Đo hiệu năng" --view VN --password-stdin >/dev/null 2>&1 ||
    printf '%s\n' "$pw" | "$BIN" --db "$db" user add bench --role admin --name "Đo hiệu năng" --password-stdin >/dev/null
  TOKEN=$("$BIN" --db "$db" user token bench --name bench 2>/dev/null | tail -1)
  export TOKEN
  # the writers: ward officers, up to 10 accounts, each entering its share of the wards
  # (on the 25th the figures come from many users; a user's own write always shows
  # in that user's next read, so one account writing and reading would test another thing)
  IFS=, read -r -a wl <<<"$WARDS"
  nw=${#wl[@]}; [ "$nw" -gt 10 ] && nw=10
  WTOKENS=
  for k in $(seq 0 $((nw - 1))); do
    mine=(); for j in "${!wl[@]}"; do [ $((j % nw)) -eq "$k" ] && mine+=("${wl[$j]}"); done
    list=$(IFS=,; echo "${mine[*]}")
    printf '%s\n' "$pw" | "$BIN" --db "$db" user add "ward$k" --role ward --name "Cán bộ $k" --enter "$list" \
      --password-stdin >/dev/null
    t=$("$BIN" --db "$db" user token "ward$k" --name bench 2>/dev/null | tail -1)
    for w in "${mine[@]}"; do WTOKENS+="${WTOKENS:+,}$w=$t"; done
  done
  export WTOKENS
  for eng in $ENGINES; do
    target=$db
    if [ "$eng" = pg ]; then
      [ -n "$PGD" ] || { PGD=$(mktemp -d /tmp/chpg.load.XXXXXX); rmdir "$PGD"; CONN=$(bash scripts/pg_cluster.sh start "$PGD"); }
      PGOPTIONS="-c client_min_messages=warning" psql -qAt "$CONN" -c "DROP SCHEMA public CASCADE" -c "CREATE SCHEMA public" >/dev/null
      "$BIN" db copy --from "$db" --to "$CONN" >/dev/null
      target=$CONN
    fi
    serve "$target"
    WRITES=0 READS=67 wrk -t2 -c32 -d3s -s bench/load25.lua "$URL" >/dev/null 2>&1 # warm up
    if [ -n "$SOAK" ]; then
      mkdir -p "$W/ack"; rm -f "$W/ack"/*
      rss() { awk '/^VmRSS/ { print $2 }' "/proc/$SRV/status"; }
      run mix 40 40 "$W/ack" &
      wp=$!
      : >"$W/rss"
      while kill -0 "$wp" 2>/dev/null; do echo "$(date +%s) $(rss)" >>"$W/rss"; sleep 10; done
      wait "$wp" || true
      stop
      cp "$W/rss" bench/out/soak-rss.txt
      # growth: the last minute's mean against the mean of the first minute after the first
      # (a warm server: caches and statement caches filled)
      growth=$(awk 'NR >= 7 && NR <= 12 { a += $2; na++ } { v[NR] = $2 } END {
        for (i = NR - 5; i <= NR; i++) if (i > 0) { b += v[i]; nb++ }
        if (!na) { na = 1; a = v[1] }
        printf "%.1f", (b / nb - a / na) * 100 / (a / na) }' "$W/rss")
      say "soak $sc $eng $DUR rps $(rps mix) p99_ms $(p 99% mix) non2xx $(bad mix)" \
        "rss_kb first $(awk 'NR == 1 { print $2 }' "$W/rss") max $(awk 'm < $2 { m = $2 } END { print m }' "$W/rss")" \
        "last $(tail -1 "$W/rss" | cut -d' ' -f2) growth_pct $growth (samples every 10 s: bench/out/soak-rss.txt)"
      check "$target" "$W/ack"
      continue
    fi
    run ro 0 67
    mkdir -p "$W/ack"; rm -f "$W/ack"/*
    run mix 40 40 "$W/ack"
    stop
    say "$sc $eng read_only rps $(rps ro) p50_ms $(p 50% ro) p99_ms $(p 99% ro) non2xx $(bad ro)"
    say "$sc $eng mix_25th rps $(rps mix) p50_ms $(p 50% mix) p99_ms $(p 99% mix) non2xx $(bad mix)" \
      "ratio_to_read_only $(awk -v a="$(rps mix)" -v b="$(rps ro)" 'BEGIN { printf "%.2f", a / b }')"
    check "$target" "$W/ack"
  done
done
