#!/usr/bin/env bash
# nation_server.sh - the server at national scale (issue #7): starts
# `chitieu serve` on a store written by nation_gen, asks GET /api/eval for
# the root unit and one month (the dashboard over HTTP) with an API token,
# then a value written by another process (the CLI) and the same GET again
# (it must show the new figure: the eval cache notices the other writer),
# and reports times and the server's memory (VmRSS, peak VmHWM).
#
#   bench/nation_server.sh BIN DB [UNIT PERIOD COMMUNE IND]
#
# Not for: throughput (bench_http.sh) or correctness of the figures
# (tests/cli/test_bench_nation.sh).
set -euo pipefail
BIN=$(readlink -f "$1")
# a file path is made absolute; a PostgreSQL conninfo or URI is kept as it is
case $2 in *=*|postgres*://*) DB=$2 ;; *) DB=$(readlink -f "$2") ;; esac
UNIT=${3:-VN} PERIOD=${4:-202506} COMMUNE=${5:-01840} IND=${6:-CT001}
W=$(mktemp -d)
SRV=
cleanup() { [ -n "$SRV" ] && kill "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT
pw=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
login=bench$$
printf '%s\n' "$pw" | "$BIN" --db "$DB" user add "$login" --role admin --name "Đo hiệu năng" --view "$UNIT" --password-stdin >/dev/null
TOKEN=$("$BIN" --db "$DB" user token "$login" --name bench 2>/dev/null | tail -1)
"$BIN" --db "$DB" serve --port 0 --threads 2 >"$W/srv.out" 2>/dev/null &
SRV=$!
URL=
for _ in $(seq 1 200); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$W/srv.out" | head -1 || true)
  [ -n "$URL" ] && break
  sleep 0.05
done
[ -n "$URL" ] || { echo "chitieu serve did not start" >&2; exit 1; }
rss() { awk -v k="$2:" '$1==k {print int($2/1024+0.5)}' "/proc/$1/status"; }
get() { curl -sf -o "$W/eval.json" -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$URL/api/eval?unit=$UNIT&period=$PERIOD"; }
echo "server_start_rss_mb $(rss $SRV VmRSS)"
t=$(get)
echo "server_eval_first_ms $(awk -v t="$t" 'BEGIN { printf "%.1f", t * 1000 }') bytes $(stat -c %s "$W/eval.json")"
for _ in $(seq 20); do get; done | sort -g | awk '{ v[NR] = $1 } END { printf "server_eval_cached_median_ms %.2f\n", v[int((NR + 1) / 2)] * 1000 }'
before=$(grep -o "\"$IND\"[^}]*" "$W/eval.json" | head -1 | grep -o '"value":[^,]*' | head -1)
# another process writes one commune's value; the next GET must include it
y=${PERIOD:0:4} m=$((10#${PERIOD:4:2}))
old=$("$BIN" --db "$DB" value get --indicator "$IND" --unit "$COMMUNE" --period "$PERIOD" 2>/dev/null | tail -1 || true)
"$BIN" --db "$DB" value set --indicator "$IND" --unit "$COMMUNE" --period "$PERIOD" --value 123456 \
  --reason "bench" >/dev/null 2>&1 || echo "note: could not write with the CLI (value set)"
t=$(get)
after=$(grep -o "\"$IND\"[^}]*" "$W/eval.json" | head -1 | grep -o '"value":[^,]*' | head -1)
echo "server_eval_after_write_ms $(awk -v t="$t" 'BEGIN { printf "%.1f", t * 1000 }') ($IND of $UNIT $y/$m: $before -> $after; commune had $old)"
echo "server_rss_mb $(rss $SRV VmRSS) server_peak_rss_mb $(rss $SRV VmHWM)"
