#!/usr/bin/env bash
# bench_gzip.sh - GET /api/eval of the demo city (058, June 2022, an API
# token) with wrk -t2 -c64 -d10s, twice with `Accept-Encoding: gzip` and twice
# without, alternating: what compressing the cached answer costs
# (src/http/http_gzip.c keeps the compressed copy; docs/PERFORMANCE.md).
#
#   bench/bench_gzip.sh [BIN]   # BIN default build-rel/chitieu
#
# Not for: correctness (tests/http/test_http_gzip.sh, tests/unit/test_http_gzip.c).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(readlink -f "${1:-build-rel/chitieu}"); W=$(mktemp -d); SRV=
trap '[ -n "$SRV" ] && kill $SRV 2>/dev/null; wait 2>/dev/null; rm -rf $W' EXIT
db=$W/demo.db
CHITIEU_NO_PROGRESS=1 "$BIN" --db "$db" demo --quiet
pw=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$pw" | "$BIN" --db "$db" user add bench --role admin --name B --view VN --password-stdin >/dev/null
TOKEN=$("$BIN" --db "$db" user token bench --name bench 2>/dev/null | tail -1)
"$BIN" --db "$db" serve --port 0 --threads 2 >"$W/srv.out" 2>/dev/null & SRV=$!
for _ in $(seq 1 100); do URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$W/srv.out" | head -1 || true); [ -n "$URL" ] && break; sleep 0.05; done
p='/api/eval?unit=058&period=202206'
curl -sf -H "Authorization: Bearer $TOKEN" -H 'Accept-Encoding: gzip' -D - "$URL$p" -o $W/gz | grep -i 'content-encoding\|content-length'
echo "gz bytes $(stat -c %s $W/gz)"
for r in 1 2; do
wrk -t2 -c64 -d10s -H "Authorization: Bearer $TOKEN" -H 'Accept-Encoding: gzip' "$URL$p" | grep -E 'Requests/sec|Latency|Transfer'
wrk -t2 -c64 -d10s -H "Authorization: Bearer $TOKEN" "$URL$p" | grep -E 'Requests/sec'
done
