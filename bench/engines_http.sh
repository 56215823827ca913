#!/usr/bin/env bash
# engines_http.sh - the HTTP load figure of issue #12: the 25th's request mix
# (bench/mix25.lua: 40 % value writes over the city's wards, 40 % dashboard
# reads, 20 % due lists) with wrk on loopback, in one run:
#   1. one server on the SQLite file;
#   2. one server on PostgreSQL;
#   3. two servers on the same PostgreSQL database, CONNS connections each
#      (two wrk processes at once; requests/s added, the worse p99 kept).
# Afterwards the city's evaluation with the roll-ups kept on write must equal
# a full recomputation (CHITIEU_ROLLUP=0): thousands of concurrent writes
# through two servers lost nothing.
#
#   bench/engines_http.sh [DURATION] [CONNS]   # defaults 10s and 64
#
# The demo is made on SQLite and copied into a throwaway PostgreSQL cluster
# (scripts/pg_cluster.sh) with `chitieu db copy`. Figures go to stdout and to
# bench/out/engines_http.txt; docs/PERFORMANCE.md explains them. Not for the
# test suite (tests/pg/test_pg_two_servers.sh proves the behaviour).
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10s}
CONNS=${2:-64}
B=build-bench
bash scripts/deps.sh --bench >/dev/null # wrk, PostgreSQL
cmake -S . -B $B -DCMAKE_BUILD_TYPE=Release -DCHITIEU_TESTS=OFF >/dev/null
cmake --build $B -j2 --target chitieu >/dev/null
BIN=$(readlink -f $B/chitieu)

W=$(mktemp -d)
PGD=$(mktemp -d /tmp/chpg.eng.XXXXXX)
rmdir "$PGD"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  bash scripts/pg_cluster.sh stop "$PGD" >/dev/null 2>&1 || true
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
mkdir -p bench/out
R=bench/out/engines_http.txt
: >"$R"
say() { echo "$*" | tee -a "$R"; }

export CHITIEU_NO_PROGRESS=1 CHITIEU_TODAY=2022-06-20 # June 2022 open for entry
db=$W/demo.db
"$BIN" --db "$db" demo --quiet
pw=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$pw" | "$BIN" --db "$db" user add bench --role admin --name "Đo hiệu năng" --view VN --password-stdin >/dev/null
TOKEN=$("$BIN" --db "$db" user token bench --name bench 2>/dev/null | tail -1)
[ -n "$TOKEN" ] || { echo "engines_http.sh: no API token" >&2; exit 1; }
export TOKEN
CONN=$(bash scripts/pg_cluster.sh start "$PGD")
"$BIN" db copy --from "$db" --to "$CONN" >/dev/null

say "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); wrk -c$CONNS -d$DUR, mix of bench/mix25.lua"

source bench/wrk_lib.sh
# serve NAME DB: starts a server on DB (its output in $W/NAME.out); sets URL
serve() { wrk_serve "$1" "$2" --threads 2; PIDS+=("$SRV"); }
# load NAME THREADS URL: wrk's figures into $W/NAME
load() { wrk -t"$2" -c"$CONNS" -d"$DUR" --latency -s bench/mix25.lua "$3" >"$W/$1" 2>&1; }
rps() { wrk_rps "$W/$1"; }
p99() { wrk_pct 99% "$W/$1"; }
bad() { wrk_bad "$W/$1"; }

serve s1 "$db"; load sqlite 2 "$URL"
say "sqlite_one_server rps $(rps sqlite) p99_ms $(p99 sqlite) non2xx $(bad sqlite)"
kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true

serve p1 "$CONN"; A=$URL; load pg1 2 "$A"
say "pg_one_server rps $(rps pg1) p99_ms $(p99 pg1) non2xx $(bad pg1)"
serve p2 "$CONN"; B2=$URL
load pgA 1 "$A" & la=$!
load pgB 1 "$B2" & lb=$!
wait $la $lb
two=$(awk -v a="$(rps pgA)" -v b="$(rps pgB)" 'BEGIN { printf "%.2f", a + b }')
worst=$(awk -v a="$(p99 pgA)" -v b="$(p99 pgB)" 'BEGIN { printf "%.1f", (a > b ? a : b) }')
say "pg_two_servers rps $two p99_ms $worst non2xx $(bad pgA)+$(bad pgB) (each: $(rps pgA), $(rps pgB))"
[ -n "$worst" ] || cat "$W/pgA" "$W/pgB"

# exactness after the storm: roll-ups kept on write = a recomputation, read
# once the servers have finished the requests wrk left in flight
for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
PIDS=()
"$BIN" --db "$CONN" eval --unit 058 --period 202206 --json >"$W/kept.json"
CHITIEU_ROLLUP=0 "$BIN" --db "$CONN" eval --unit 058 --period 202206 --json >"$W/full.json"
if cmp -s "$W/kept.json" "$W/full.json"; then say "exact: roll-ups after the load equal a recomputation"
else say "NOT EXACT: roll-ups after the load differ from a recomputation"; exit 1; fi
say "ratios: PostgreSQL one server / SQLite $(awk -v a="$(rps pg1)" -v b="$(rps sqlite)" 'BEGIN { printf "%.2f", a / b }'),"\
" two servers / one server $(awk -v a="$two" -v b="$(rps pg1)" 'BEGIN { printf "%.2f", a / b }')"
