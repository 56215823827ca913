#!/usr/bin/env bash
# bench_dvs.sh - the import rate of POST /api/dataValueSets in DHIS2's JSON
# against chitieu's own CSV through the same endpoint, in the same run
# (issue #18): N values (default 100,000) of bench/gen_values.c (65
# indicators x 9 units x months), the CSV as generated and the same values
# as a dataValueSets JSON document (dot decimals, the estimate flag as a
# boolean), each POSTed by an administrator into a fresh database of
# bench_import's catalogue (period locks off; the CSV's numbers written
# with a dot, as the endpoint reads them), alternating, RUNS times
# (default 3). Prints values/s of each run and the medians, and the ratio
# JSON/CSV. The time is curl's total: upload, reading, checks, the write.
#
#   bench/bench_dvs.sh [N] [RUNS]
#
# Not for: correctness (the tests); it only checks each import reports N inserts.
set -euo pipefail
N=${1:-100000}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-rel}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench_dvs.XXXXXX")
SRV=
trap '[ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$WORK"' EXIT

[ -n "${NO_BUILD:-}" ] || cmake --build "$BUILD" -j2 --target chitieu bench_import >/dev/null
BIN=${BIN:-$BUILD/chitieu}
gcc -std=c17 -O2 -Wall -Wextra -o "$WORK/gen_values" "$ROOT/bench/gen_values.c"
"$WORK/gen_values" "$N" "$WORK/v.csv"
# the same values as DHIS2 writes them: "853.585,12" -> "853585.12"
awk -F'"' 'NR == 1 { next }
  { split($1, a, ","); v = $2; gsub(/\./, "", v); sub(/,/, ".", v); est = ($3 ~ /1/) ? "true" : "false";
    printf "%s{\"dataElement\":\"%s\",\"orgUnit\":\"%s\",\"period\":\"%s\",\"value\":\"%s\",\"estimate\":%s}",
      (NR > 2 ? ",\n" : ""), a[1], a[2], a[3], v, est }
  BEGIN { printf "{\"dataValues\":[\n" } END { printf "\n]}\n" }' "$WORK/v.csv" >"$WORK/v.json"
# the endpoint reads numbers as DHIS2 writes them in CSV bodies too: the same values with a dot
awk -F'"' 'NR == 1 { print; next } { v = $2; gsub(/\./, "", v); sub(/,/, ".", v); print $1 v $3 }' \
	"$WORK/v.csv" >"$WORK/v_dot.csv"
echo "== $N values: CSV $(du -h "$WORK/v.csv" | cut -f1), JSON $(du -h "$WORK/v.json" | cut -f1)"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# one KIND (csv|json): a fresh database, a server, one POST; prints values/s
one() {
	local db=$WORK/$1.db type body
	rm -f "$db"*
	"$BUILD/bench_import" setup "$db" >/dev/null
	"$BIN" --db "$db" lock config --enabled no >/dev/null
	printf 'mat-khau-dai-123\n' | "$BIN" --db "$db" user add bench --role admin --name Bench --password-stdin >/dev/null
	local tok
	tok=$("$BIN" --db "$db" user token bench --name b 2>/dev/null | tail -1)
	"$BIN" --db "$db" serve --port 0 --web "$WORK" >"$WORK/srv.out" 2>"$WORK/srv.err" &
	SRV=$!
	local url="" i
	for i in $(seq 1 100); do
		url=$(grep -o 'http://[0-9.:]*' "$WORK/srv.out" | head -1 || true)
		[ -n "$url" ] && break
		sleep 0.1
	done
	if [ "$1" = csv ]; then type=text/csv; body=$WORK/v_dot.csv; else type=application/json; body=$WORK/v.json; fi
	local out t
	out=$(curl -s --max-time 600 -w '\n%{time_total}' -H "Authorization: Bearer $tok" -H "Content-Type: $type" \
		--data-binary "@$body" "$url/api/dataValueSets")
	t=$(tail -1 <<<"$out")
	kill "$SRV"
	wait "$SRV" 2>/dev/null || true
	SRV=
	local n
	n=$(head -1 <<<"$out" | jq -r .importCount.imported)
	[ "$n" = "$N" ] || { echo "$1: imported $n, not $N: $(head -c 300 <<<"$out")" >&2; exit 1; }
	awk -v n="$N" -v t="$t" 'BEGIN { printf "%.0f\n", n / t }'
}

c=(); j=()
for run in $(seq 1 "$RUNS"); do
	if [ $((run % 2)) -eq 1 ]; then c+=("$(one csv)"); j+=("$(one json)"); else j+=("$(one json)"); c+=("$(one csv)"); fi
	echo "run $run: chitieu CSV ${c[-1]} values/s, dataValueSets JSON ${j[-1]} values/s"
done
mc=$(printf '%s\n' "${c[@]}" | median)
mj=$(printf '%s\n' "${j[@]}" | median)
echo "median: chitieu CSV $mc values/s, dataValueSets JSON $mj values/s, JSON/CSV $(awk -v a="$mj" -v b="$mc" 'BEGIN { printf "%.2f", a / b }')"
