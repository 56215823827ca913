#!/usr/bin/env bash
# bench_dvs.sh - the DHIS2 exchange both ways (issue #18: importing 1 M
# DHIS2 JSON values >= 500 k values/s, exporting 1 M values >= 1 M
# values/s), each against a peer in the same run.
#
# Import: N values (default 1,000,000) of bench/gen_values.c (65 indicators
# x 9 units x months), as chitieu's CSV (the peer; numbers with a dot, as
# the endpoint reads them) and as a dataValueSets JSON document (dot
# decimals, the estimate flag as a boolean), each POSTed to
# /api/dataValueSets by an administrator into a fresh database of
# bench_import's catalogue (period locks off), alternating, RUNS times
# (default 3). A POST's body is at most 64 MiB (1 M values of DHIS2 JSON are
# ~93 MB), so both kinds go in POSTs of 500.000 values, one after the other
# into the same database; the time is their curl totals summed: upload,
# reading, checks, the write.
#
# Export, from the database the last JSON import filled (N values): the
# same N values as DHIS2 JSON, DHIS2 CSV and ADX through GET
# /api/dataValueSets (in slices of 25 years by startDate/endDate: the server
# answers at most 200.000 values a request; the time is the slices' curl
# totals summed), and through `chitieu export --format dhis2-json|dhis2-csv|adx`
# into a file (the whole command: process start, reading, writing). The
# peers: `chitieu export` (chitieu's own CSV) and, on SQLite, the sqlite3
# shell dumping the stored rows (`sqlite3 -csv`, one line per stored
# indicator x unit x year: the floor of reading them, no formatting of the
# twelve months). RUNS times each, alternating the order.
#
# Prints values/s of each run, the medians and the ratios. Checks each
# import reports N inserts and each export writes N values.
#
#   bench/bench_dvs.sh [N] [RUNS] [pg|CONNINFO]
#
# "pg" starts a throwaway PostgreSQL cluster (scripts/pg_cluster.sh); a
# libpq key=value CONNINFO uses that server (a fresh database per import).
# Builds chitieu and bench_import (Release) in $BUILD (default build-bench);
# BIN=path BUILD=dir NO_BUILD=1 measure other binaries (e.g. an older build).
# Not for: correctness (the tests).
set -euo pipefail
N=${1:-1000000}
RUNS=${2:-3}
PG=${3:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench_dvs.XXXXXX")
SRV=
PGDIR=
cleanup() {
	[ -n "$SRV" ] && kill "$SRV" 2>/dev/null
	[ -n "$PGDIR" ] && bash "$ROOT/scripts/pg_cluster.sh" stop "$PGDIR" >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${NO_BUILD:-}" ]; then
	cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCHITIEU_SANITIZE=OFF -DCHITIEU_TESTS=OFF >/dev/null
	cmake --build "$BUILD" -j2 --target chitieu bench_import >/dev/null
fi
BIN=${BIN:-$BUILD/chitieu}
if [ "$PG" = pg ]; then
	PGDIR=$(mktemp -d /tmp/chpg-bench.XXXXXX)
	PG=$(bash "$ROOT/scripts/pg_cluster.sh" start "$PGDIR")
fi
ENGINE=${PG:+PostgreSQL}
ENGINE=${ENGINE:-SQLite}
gcc -std=c17 -O2 -Wall -Wextra -o "$WORK/gen_values" "$ROOT/bench/gen_values.c"
"$WORK/gen_values" "$N" "$WORK/v.csv"
# the body of one POST is at most 64 MiB (HTTP_BODY_BULK_MAX): the values go in PARTS
# POSTs of at most 500.000 values each (both kinds alike), one after the other, timed together
PART=500000
PARTS=$(((N + PART - 1) / PART))
tail -n +2 "$WORK/v.csv" | split -l "$PART" -d -a 2 - "$WORK/part."
for f in "$WORK"/part.[0-9][0-9]; do
	k=${f##*.}
	# the same values as DHIS2 writes them: "853.585,12" -> "853585.12"
	awk -F'"' '{ split($1, a, ","); v = $2; gsub(/\./, "", v); sub(/,/, ".", v); est = ($3 ~ /1/) ? "true" : "false";
	    printf "%s{\"dataElement\":\"%s\",\"orgUnit\":\"%s\",\"period\":\"%s\",\"value\":\"%s\",\"estimate\":%s}",
	      (NR > 1 ? ",\n" : ""), a[1], a[2], a[3], v, est }
	  BEGIN { printf "{\"dataValues\":[\n" } END { printf "\n]}\n" }' "$f" >"$WORK/v.json.$k"
	# the endpoint reads numbers as DHIS2 writes them in CSV bodies too: the same values with a dot
	{ head -1 "$WORK/v.csv"; awk -F'"' '{ v = $2; gsub(/\./, "", v); sub(/,/, ".", v); print $1 v $3 }' "$f"; } \
		>"$WORK/v.csv.$k"
	rm "$f"
done
echo "== $N values on $ENGINE ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)):" \
	"CSV $(du -ch "$WORK"/v.csv.* | tail -1 | cut -f1), JSON $(du -ch "$WORK"/v.json.* | tail -1 | cut -f1) in $PARTS POST(s)"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f\n", n / t }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# fresh DB NAME: a path under $WORK on SQLite, a new database of $PG's server on PostgreSQL
fresh() {
	if [ -z "$PG" ]; then
		rm -f "$WORK/$1.db"*
		echo "$WORK/$1.db"
	else
		psql "$PG" -qAt -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
			-c "DROP DATABASE IF EXISTS bench_dvs_$1" -c "CREATE DATABASE bench_dvs_$1" >/dev/null
		echo "$PG dbname=bench_dvs_$1"
	fi
}

# serve DB: starts a server on DB (SRV, URL, TOK)
serve() {
	TOK=$("$BIN" --db "$1" user token bench --name "b$RANDOM" 2>/dev/null | tail -1)
	: >"$WORK/srv.out"
	"$BIN" --db "$1" serve --port 0 --web "$WORK" >"$WORK/srv.out" 2>"$WORK/srv.err" &
	SRV=$!
	URL=""
	for _ in $(seq 1 100); do
		URL=$(grep -o 'http://[0-9.:]*' "$WORK/srv.out" | head -1 || true)
		[ -n "$URL" ] && break
		sleep 0.1
	done
	[ -n "$URL" ] || { echo "the server did not start: $(cat "$WORK/srv.err")" >&2; exit 1; }
}
unserve() {
	kill "$SRV"
	wait "$SRV" 2>/dev/null || true
	SRV=
}

# one KIND (csv|json): a fresh database, a server, one POST; prints values/s
# (the database is kept as $WORK/last_KIND for the export)
one() {
	local db type body out t n x
	db=$(fresh "$1")
	"$BUILD/bench_import" setup "$db" >/dev/null
	"$BIN" --db "$db" lock config --enabled no >/dev/null
	printf 'mat-khau-dai-123\n' | "$BIN" --db "$db" user add bench --role admin --name Bench --password-stdin >/dev/null
	serve "$db"
	if [ "$1" = csv ]; then type=text/csv; else type=application/json; fi
	t=0; n=0
	for body in "$WORK/v.$1".*; do
		out=$(curl -s --max-time 900 -w '\n%{time_total}' -H "Authorization: Bearer $TOK" -H "Content-Type: $type" \
			--data-binary "@$body" "$URL/api/dataValueSets")
		t=$(awk -v a="$t" -v b="$(tail -1 <<<"$out")" 'BEGIN { print a + b }')
		x=$(head -1 <<<"$out" | jq -r .importCount.imported)
		[[ "$x" =~ ^[0-9]+$ ]] || { echo "$1: $(head -c 300 <<<"$out")" >&2; unserve; exit 1; }
		n=$((n + x))
	done
	unserve
	[ "$n" = "$N" ] || { echo "$1: imported $n, not $N" >&2; exit 1; }
	echo "$db" >"$WORK/last_$1"
	rate "$N" "$t"
}

echo "== import: POST /api/dataValueSets, $RUNS runs alternating (values/s)"
c=(); j=()
for run in $(seq 1 "$RUNS"); do
	if [ $((run % 2)) -eq 1 ]; then c+=("$(one csv)"); j+=("$(one json)"); else j+=("$(one json)"); c+=("$(one csv)"); fi
	echo "run $run: chitieu CSV ${c[-1]}, dataValueSets JSON ${j[-1]}"
done
mc=$(printf '%s\n' "${c[@]}" | median)
mj=$(printf '%s\n' "${j[@]}" | median)
echo "import median: chitieu CSV $mc values/s, dataValueSets JSON $mj values/s, JSON/CSV $(ratio "$mj" "$mc")"

# ---- export -------------------------------------------------------------------
DB=$(cat "$WORK/last_json")
# the values in slices of 25 years (startDate/endDate; gen_values' months run from 2000 on, 585
# series): at most 175.500 values each, under the server's 200.000 values a request
SLICES=()
for y in $(seq 2000 25 $((2000 + (N / 585 + 1) / 12))); do
	SLICES+=("startDate=$y-01-01&endDate=$((y + 24))-12-31")
done

# count FMT FILE: the values in an export file
count() {
	case $1 in
	json) grep -c '"dataElement"' "$2" || true ;;
	csv | chitieu) echo $(($(wc -l <"$2") - 1)) ;;
	adx) grep -c '<dataValue ' "$2" || true ;;
	esac
}

# get FMT: every value via GET /api/dataValueSets.FMT in slices; prints values/s
get() {
	local t=0 n=0 s x
	for s in "${SLICES[@]}"; do
		x=$(curl -s --max-time 600 -o "$WORK/out.$1" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $TOK" \
			"$URL/api/dataValueSets.$1?$s")
		[ "${x%% *}" = 200 ] || { echo "GET .$1: HTTP $x: $(head -c 300 "$WORK/out.$1")" >&2; exit 1; }
		t=$(awk -v a="$t" -v b="${x#* }" 'BEGIN { print a + b }')
		n=$((n + $(count "$1" "$WORK/out.$1")))
	done
	[ "$n" = "$N" ] || { echo "GET .$1: $n values, not $N" >&2; exit 1; }
	rate "$N" "$t"
}

# cli FMT: chitieu export --format FMT into a file; prints values/s
cli() {
	local t0 t1 f=$1
	[ "$f" = chitieu ] || f=dhis2-$f
	[ "$1" = adx ] && f=adx
	t0=$(now)
	"$BIN" --db "$DB" export "$WORK/cli.$1" --format "$f" >/dev/null 2>&1
	t1=$(now)
	local n
	n=$(count "$1" "$WORK/cli.$1")
	[ "$n" = "$N" ] || { echo "export --format $f: $n values, not $N" >&2; exit 1; }
	rate "$N" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
}

# the sqlite3 shell dumping the stored rows the export reads (SQLite only)
peer_sql() {
	local t0 t1
	t0=$(now)
	sqlite3 -csv "$DB" "SELECT i.code, u.code, i.freq, v.year, hex(v.months) FROM value_year v
		JOIN indicator i ON i.id = v.indicator_id JOIN unit u ON u.id = v.unit_id
		ORDER BY i.code, u.code, v.year" >"$WORK/sql.csv"
	t1=$(now)
	rate "$N" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
}

echo "== export of the $N values, $RUNS runs (values/s)"
declare -A R
KINDS=(get_json get_csv get_adx cli_json cli_csv cli_adx cli_chitieu)
[ -z "$PG" ] && KINDS+=(sqlite3)
serve "$DB"
for run in $(seq 1 "$RUNS"); do
	line="run $run:"
	order=("${KINDS[@]}")
	[ $((run % 2)) -eq 0 ] && order=($(printf '%s\n' "${KINDS[@]}" | tac))
	for k in "${order[@]}"; do
		case $k in
		get_*) v=$(get "${k#get_}") ;;
		cli_*) v=$(cli "${k#cli_}") ;;
		sqlite3) v=$(peer_sql) ;;
		esac
		R[$k]="${R[$k]:-} $v"
		line="$line $k $v"
	done
	echo "$line"
done
unserve
declare -A M
for k in "${KINDS[@]}"; do
	M[$k]=$(printf '%s\n' ${R[$k]} | median)
	printf 'export median %-12s %9s values/s  (runs:%s)\n' "$k" "${M[$k]}" "${R[$k]}"
done
echo "ratios: GET JSON / CLI chitieu CSV $(ratio "${M[get_json]}" "${M[cli_chitieu]}")," \
	"CLI dhis2-json / CLI chitieu CSV $(ratio "${M[cli_json]}" "${M[cli_chitieu]}")${M[sqlite3]:+, CLI dhis2-json / sqlite3 -csv $(ratio "${M[cli_json]}" "${M[sqlite3]}")}"
if [ -n "$PG" ]; then
	for k in csv json; do psql "$PG" -qAt -c "DROP DATABASE IF EXISTS bench_dvs_$k" >/dev/null 2>&1 || true; done
fi
