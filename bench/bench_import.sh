#!/usr/bin/env bash
# bench_import.sh - times a fresh import of N values (default 1,000,000) through
# chitieu's import (parse + validate + insert, all-or-nothing) against the
# sqlite3 shell's ".import" of the same file into a plain table, and prints
# values/s of both and their ratio (medians of 3 runs). Also times csv.h
# alone (fields/s). Usage: bench/bench_import.sh [N]
#
# Builds a release chitieu_core (cmake, or plain gcc when the cmake build of
# the whole tree fails), bench/gen_values.c and bench/bench_import.c itself.
# Not for: correctness (ctest) - it only checks the import reports N inserts.
set -euo pipefail
N=${1:-1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-import-release}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench_import.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
LIBS="$(pkg-config --libs sqlite3 libutf8proc) -lm"

echo "== building (release) in $BUILD"
LIB=""
if cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCHITIEU_SANITIZE=OFF \
	-DCHITIEU_TESTS=OFF >"$WORK/cmake.log" 2>&1 &&
	cmake --build "$BUILD" -j2 --target chitieu_core >>"$WORK/cmake.log" 2>&1; then
	LIB="$BUILD/libchitieu_core.a"
else
	echo "   cmake build failed (see below); compiling the core with plain gcc"
	tail -5 "$WORK/cmake.log" | sed 's/^/   | /'
	mkdir -p "$WORK/obj"
	for f in "$ROOT"/src/{util,core,store,demo}/*.c; do
		[ -f "$f" ] || continue
		gcc -std=c17 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -include stdint.h \
			-I"$ROOT/src" -c "$f" -o "$WORK/obj/$(basename "$f" .c).o"
	done
	ar rcs "$WORK/libcore.a" "$WORK"/obj/*.o
	LIB="$WORK/libcore.a"
fi
gcc -std=c17 -O2 -Wall -Wextra -o "$WORK/gen_values" "$ROOT/bench/gen_values.c"
gcc -std=c17 -O2 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -I"$ROOT/src" \
	-o "$WORK/bench_import" "$ROOT/bench/bench_import.c" "$LIB" $LIBS

CSV="$WORK/values.csv"
"$WORK/gen_values" "$N" "$CSV"
echo "== $N values, $(du -h "$CSV" | cut -f1) of CSV"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }

parse_t=() ; imp_t=() ; sql_t=() ; key_t=()
for run in 1 2 3; do
	out=$("$WORK/bench_import" parse "$CSV")
	fields=$(echo "$out" | awk '{print $2}')
	parse_t+=("$(echo "$out" | awk '{print $4}')")

	rm -f "$WORK/c.db"*
	"$WORK/bench_import" setup "$WORK/c.db"
	out=$("$WORK/bench_import" import "$WORK/c.db" "$CSV")
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
