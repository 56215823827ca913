#!/usr/bin/env bash
# bench_import.sh - times a fresh import of N values (default 1,000,000) through
# chitieu's import (parse + validate + insert, all-or-nothing) against the
# sqlite3 shell's ".import" of the same file into a plain table, and prints
# values/s of both and their ratio (medians of 3 runs). Also times csv.h
# alone (fields/s).
#
#   bench/bench_import.sh [N]
#   bench/bench_import.sh validate [N] [RUNS] [CONNINFO]
#
# "validate" measures what validation costs the import (issue #13): in one
# run, alternating, the same file is imported into fresh databases (a) as
# always (no rules between indicators, indicators without bounds) and (b)
# with every indicator given a minimum and a maximum and 27 rules between
# indicators (validate_rules below, written with "chitieu rule add"),
# none broken by the data; it prints values/s of each run, the medians and
# the ratio (b)/(a) (goal >= 0.90). RUNS pairs (default 3). On SQLite, or on
# PostgreSQL when CONNINFO (libpq key=value, e.g. what scripts/pg_cluster.sh
# start prints) is given: each import then gets a fresh database of that
# server (CREATE DATABASE via psql).
#
# Builds chitieu and bench/bench_import.c (cmake, Release, in $BUILD), or
# compiles the core with plain gcc when the cmake build fails (the import
# mode only), and bench/gen_values.c.
# Not for: correctness (ctest) - it only checks the import reports N inserts.
set -euo pipefail
MODE=import
if [ "${1:-}" = validate ]; then
	MODE=validate
	shift
fi
N=${1:-1000000}
RUNS=${2:-3}
PG=${3:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-import-release}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench_import.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "== building (release) in $BUILD"
BIN=""
if cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCHITIEU_SANITIZE=OFF \
	-DCHITIEU_TESTS=OFF >"$WORK/cmake.log" 2>&1 &&
	cmake --build "$BUILD" -j2 --target bench_import chitieu >>"$WORK/cmake.log" 2>&1; then
	BENCH="$BUILD/bench_import"
	BIN="$BUILD/chitieu"
else
	echo "   cmake build failed (see below); compiling the core with plain gcc"
	tail -5 "$WORK/cmake.log" | sed 's/^/   | /'
	[ "$MODE" = import ] || { echo "the validate mode needs the chitieu binary of the cmake build" >&2; exit 1; }
	mkdir -p "$WORK/obj"
	for f in "$ROOT"/src/{util,core,db,store,demo,auth,http,api,report,office}/*.c; do
		[ -f "$f" ] || continue
		gcc -std=c17 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -include stdint.h \
			$(pkg-config --cflags libxml-2.0) -I"$ROOT/src" -c "$f" -o "$WORK/obj/$(basename "$f" .c).o"
	done
	ar rcs "$WORK/libcore.a" "$WORK"/obj/*.o
	gcc -std=c17 -O2 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -I"$ROOT/src" \
		-o "$WORK/bench_import" "$ROOT/bench/bench_import.c" "$WORK/libcore.a" \
		$(pkg-config --libs sqlite3 libpq libutf8proc libsodium libmicrohttpd jansson xlsxwriter libzip \
			libxml-2.0) -lpthread -lm
	BENCH="$WORK/bench_import"
fi
gcc -std=c17 -O2 -Wall -Wextra -o "$WORK/gen_values" "$ROOT/bench/gen_values.c"

CSV="$WORK/values.csv"
"$WORK/gen_values" "$N" "$CSV"
echo "== $N values, $(du -h "$CSV" | cut -f1) of CSV"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }

# ---- validate: what validation costs the import (issue #13) ----
# gen_values' values are independent, uniform in [0; 1.000.000), so its 65
# indicators have no real parts and totals; the rules keep the shapes of real
# ones (a part <= its total, parts <= a total, a ratio of a count to a
# population, a change, a mean), each given a slack of the bound so that the
# data satisfy them. Their cost is that of the real shapes: it depends on
# the indicators a rule names (2 to 4) and the cells written, not on the
# values. 27 rules, 22 errors and 5 warnings, naming all 65 indicators.
validate_rules() {
	local k
	for k in 1 3 5 7 9 11 13 15; do
		printf 'P%02d|KT%03d (phần) không vượt KT%03d (tổng) + 1000000|KT%03d|<=|KT%03d + 1000000|error\n' \
			"$k" $((k + 1)) "$k" $((k + 1)) "$k"
	done
	for k in 17 21 25 29 33 37; do
		printf 'S%02d|KT%03d + KT%03d + KT%03d (các phần) không vượt KT%03d (tổng) + 3000000|KT%03d + KT%03d + KT%03d|<=|KT%03d + 3000000|error\n' \
			"$k" "$k" $((k + 1)) $((k + 2)) $((k + 3)) "$k" $((k + 1)) $((k + 2)) $((k + 3))
	done
	for k in 41 43 45 47 49; do
		printf 'R%02d|KT%03d trên (KT%03d + 1) không âm|KT%03d * 100 / (KT%03d + 1)|>=|0|error\n' \
			"$k" "$k" $((k + 1)) "$k" $((k + 1))
	done
	for k in 51 53 55; do
		printf 'D%02d|KT%03d hơn KT%03d dưới 1000000|KT%03d - KT%03d|<|1000000|error\n' \
			"$k" "$k" $((k + 1)) "$k" $((k + 1))
	done
	for k in 57 59 61 63; do
		printf 'M%02d|trung bình KT%03d và KT%03d không vượt 1000000|(KT%03d + KT%03d) / 2|<=|1000000|warning\n' \
			"$k" "$k" $((k + 1)) "$k" $((k + 1))
	done
	printf 'W65|KT065 không vượt 1000000 lần KT064 + 1000000|KT065|<=|1000000 * KT064 + 1000000|warning\n'
}

# setup DB KIND: a fresh database of gen_values' catalogue; KIND b adds the
# bounds (0 to 1.000.000 on every indicator) and the rules, with the CLI
setup() {
	"$BENCH" setup "$1" >/dev/null
	[ "$2" = b ] || return 0
	local i
	for i in $(seq 1 65); do
		"$BIN" --db "$1" indicator update "$(printf 'KT%03d' "$i")" --min 0 --max 1000000 >/dev/null
	done
	validate_rules | while IFS='|' read -r code name left op right imp; do
		"$BIN" --db "$1" rule add --code "$code" --name "$name" --left "$left" --op "$op" \
			--right "$right" --importance "$imp" >/dev/null
	done
}

# fresh DB NAME: a path under $WORK on SQLite, a new database of $PG's server on PostgreSQL
fresh() {
	if [ -z "$PG" ]; then
		rm -f "$WORK/$1.db"*
		echo "$WORK/$1.db"
	else
		psql "$PG" -qAt -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS bench_$1" \
			-c "CREATE DATABASE bench_$1" >/dev/null
		echo "$PG dbname=bench_$1"
	fi
}

if [ "$MODE" = validate ]; then
	echo "== validation's cost: the same file into fresh databases, (a) no bounds, no rules;" \
		"(b) bounds on 65 indicators, $(validate_rules | wc -l) rules; ${PG:+PostgreSQL}${PG:-SQLite}"
	a_t=() ; b_t=() ; a_c=() ; b_c=() ; r_t=()
	for run in $(seq 1 "$RUNS"); do
		# alternate which goes first, so neither always has the warmer cache
		order="a b"
		[ $((run % 2)) -eq 0 ] && order="b a"
		for k in $order; do
			db=$(fresh "$k")
			setup "$db" "$k"
			out=$("$BENCH" import "$db" "$CSV")
			ins=$(echo "$out" | awk '{print $6}')
			if [ "$ins" != "$N" ]; then
				echo "import ($k) inserted $ins of $N values: $out" >&2
				exit 1
			fi
			t=$(echo "$out" | awk '{print $4}')
			c=$(echo "$out" | awk '{print $12}')
			if [ "$k" = a ]; then a_t+=("$t"); a_c+=("$c"); else b_t+=("$t"); b_c+=("$c"); fi
			if [ "$k" = b ] && [ "$run" = 1 ]; then
				# the import passing proves no rule broken (an error refuses the file, a
				# warning without a comment too); the analysis of a period agrees
				v=$("$BIN" --db "$db" validate --unit 06 --period 200001 --json)
				echo "   chitieu validate --unit 06 --period 200001:" \
					"$(echo "$v" | grep -o '"values":[0-9]*,"errors":[0-9]*,"warnings":[0-9]*')"
			fi
		done
		awk -v n="$N" -v a="${a_t[-1]}" -v b="${b_t[-1]}" -v ac="${a_c[-1]}" -v bc="${b_c[-1]}" -v r="$run" 'BEGIN {
			printf "   run %d: (a) %9.0f values/s (%.3f s, cpu %.3f s)  (b) %9.0f values/s (%.3f s, cpu %.3f s)  b/a %.2f, cpu %.2f\n",
				r, n / a, a, ac, n / b, b, bc, a / b, ac / bc }'
		r_t+=("$(awk -v a="${a_t[-1]}" -v b="${b_t[-1]}" 'BEGIN { printf "%.4f", a / b }')")
	done
	a=$(printf '%s\n' "${a_t[@]}" | median)
	b=$(printf '%s\n' "${b_t[@]}" | median)
	ac=$(printf '%s\n' "${a_c[@]}" | median)
	bc=$(printf '%s\n' "${b_c[@]}" | median)
	r=$(printf '%s\n' "${r_t[@]}" | median)
	# the CPU time is the importing process's: the whole import on SQLite, only the client on PostgreSQL
	awk -v n="$N" -v a="$a" -v b="$b" -v ac="$ac" -v bc="$bc" -v r="$r" -v runs="$RUNS" 'BEGIN {
		printf "(a) no validation rules, no bounds : %10.0f values/s (median of %d, %.3f s; cpu %.3f s)\n", n / a, runs, a, ac
		printf "(b) bounds and rules               : %10.0f values/s (median of %d, %.3f s; cpu %.3f s)\n", n / b, runs, b, bc
		printf "ratio (b)/(a)                      : %10.2f of the medians, %.2f the median of the runs (goal >= 0.90);" \
			" by the process CPU time %.2f\n", a / b, r, ac / bc
	}'
	if [ -n "$PG" ]; then
		psql "$PG" -qAt -c "DROP DATABASE IF EXISTS bench_a" -c "DROP DATABASE IF EXISTS bench_b" >/dev/null
	fi
	exit 0
fi

parse_t=() ; imp_t=() ; sql_t=() ; key_t=()
for run in 1 2 3; do
	out=$("$BENCH" parse "$CSV")
	fields=$(echo "$out" | awk '{print $2}')
	parse_t+=("$(echo "$out" | awk '{print $4}')")

	rm -f "$WORK/c.db"*
	"$BENCH" setup "$WORK/c.db"
	out=$("$BENCH" import "$WORK/c.db" "$CSV")
	ins=$(echo "$out" | awk '{print $6}')
	if [ "$ins" != "$N" ]; then
		echo "import inserted $ins of $N values: $out" >&2
		exit 1
	fi
	imp_t+=("$(echo "$out" | awk '{print $4}')")

	rm -f "$WORK/s.db"*
	sqlite3 "$WORK/s.db" "CREATE TABLE t(indicator TEXT, unit TEXT, period TEXT, value TEXT, estimate INTEGER);"
	t0=$(now)
	sqlite3 "$WORK/s.db" ".mode csv" ".import --skip 1 $CSV t"
	t1=$(now)
	sql_t+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f", b - a}')")

	# the like-for-like peer: a keyed table (one row per indicator, unit and
	# period, as chitieu keeps it) in WAL mode, still without any validation
	rm -f "$WORK/k.db"*
	sqlite3 "$WORK/k.db" "PRAGMA journal_mode=WAL;" "CREATE TABLE t(indicator TEXT, unit TEXT, period TEXT, value TEXT, estimate INTEGER, PRIMARY KEY (unit, period, indicator)) WITHOUT ROWID;" >/dev/null
	t0=$(now)
	sqlite3 "$WORK/k.db" ".mode csv" ".import --skip 1 $CSV t"
	t1=$(now)
	key_t+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f", b - a}')")
	echo "   run $run: csv ${parse_t[-1]}s, chitieu import ${imp_t[-1]}s, sqlite3 .import plain ${sql_t[-1]}s, keyed+WAL ${key_t[-1]}s"
done
rows=$(sqlite3 "$WORK/s.db" "SELECT count(*) FROM t")
[ "$rows" = "$N" ] || { echo "sqlite3 imported $rows rows" >&2; exit 1; }

p=$(printf '%s\n' "${parse_t[@]}" | median)
i=$(printf '%s\n' "${imp_t[@]}" | median)
s=$(printf '%s\n' "${sql_t[@]}" | median)
k=$(printf '%s\n' "${key_t[@]}" | median)
awk -v n="$N" -v f="$fields" -v p="$p" -v i="$i" -v s="$s" -v k="$k" 'BEGIN {
	printf "csv.h parse only      : %12.0f fields/s (%.3f s)\n", f / p, p
	printf "chitieu import        : %12.0f values/s (%.3f s)\n", n / i, i
	printf "sqlite3 .import plain : %12.0f values/s (%.3f s)  (rowid table, no key, rollback journal)\n", n / s, s
	printf "sqlite3 .import keyed : %12.0f values/s (%.3f s)  (WITHOUT ROWID key, WAL, like chitieu)\n", n / k, k
	printf "chitieu / sqlite3 plain: %11.2f\n", (n / i) / (n / s)
	printf "chitieu / sqlite3 keyed: %11.2f\n", (n / i) / (n / k)
}'
