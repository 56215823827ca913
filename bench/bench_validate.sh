#!/usr/bin/env bash
# bench_validate.sh - what the central check of query and body (issue #18 item 6,
# docs/internals/http.md "Central validation") costs: requests per second with wrk on
# loopback (-t1 -c8, DURATION each) of PUT /api/values writing the same figure again
# ("unchanged": parse, check, one read) and GET /api/units?limit=10&offset=0 (query
# parameters checked), for each binary given, on the same demo database, in the same run.
#
#   bench/bench_validate.sh BIN [BIN...]   # DURATION=5s by default
#
# Not for: correctness (tests/http/test_http_schema.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${DURATION:-5s}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
W=$(mktemp -d)
SRV=
cleanup() {
  [ -n "$SRV" ] && kill "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null
  rm -rf "$W"
}
trap cleanup EXIT
FIRST=$(readlink -f "$1")
CHITIEU_NO_PROGRESS=1 "$FIRST" --db "$W/demo.db" demo --quiet
printf 'mat-khau-do-hieu-nang\n' | "$FIRST" --db "$W/demo.db" user add bench --role admin --name "Đo" --view VN \
  --password-stdin >/dev/null
TOKEN=$("$FIRST" --db "$W/demo.db" user token bench --name bench 2>/dev/null | tail -1)
cat >"$W/put.lua" <<EOF
wrk.method = "PUT"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"indicator":"KT01","unit":"01837","period":"202206","value":"123,5","estimate":false,"comment":"đo hiệu năng"}'
EOF
cat >"$W/get.lua" <<EOF
wrk.headers["Authorization"] = "Bearer $TOKEN"
EOF
for bin in "$@"; do
  bin=$(readlink -f "$bin")
  "$bin" --db "$W/demo.db" serve --port 0 --threads 2 >"$W/srv.out" 2>/dev/null &
  SRV=$!
  URL=
  for _ in $(seq 1 100); do
    URL=$(grep -o 'http://[0-9.:]*' "$W/srv.out" || true)
    [ -n "$URL" ] && break
    sleep 0.1
  done
  curl -s -o /dev/null -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data-binary '{"enabled":false}' "$URL/api/locks/config" # periods open: the write is judged, not refused
  code=$(curl -s -o "$W/first" -w '%{http_code}' -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data-binary '{"indicator":"KT01","unit":"01837","period":"202206","value":"123,5","estimate":false,"comment":"đo hiệu năng"}' \
    "$URL/api/values")
  [ "$code" = 200 ] || { echo "PUT /api/values answered $code: $(cat "$W/first")" >&2; exit 1; }
  put=$(wrk -t1 -c8 -d"$DUR" -s "$W/put.lua" "$URL/api/values" | awk '/Requests\/sec/ {print $2}')
  get=$(wrk -t1 -c8 -d"$DUR" -s "$W/get.lua" "$URL/api/units?limit=10&offset=0" | awk '/Requests\/sec/ {print $2}')
  printf '%-60s PUT /api/values %10s req/s   GET /api/units %10s req/s\n' "$bin" "$put" "$get"
  kill "$SRV"
  wait "$SRV" 2>/dev/null || true
  SRV=
done
