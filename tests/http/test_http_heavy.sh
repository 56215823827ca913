#!/usr/bin/env bash
# test_http_heavy.sh - heavy requests do not stall light ones (issue #14 item
# 4): imports, exports and reports (routes marked HTTP_HEAVY in the table) run
# in the server's pool of heavy workers (serve --heavy N), never on the
# threads that read requests. Three concurrent dry-run imports of 100,000 rows
# (~2 s each; 20,000 on PostgreSQL) run while /api/health keeps answering at once; they finish one
# after another with the right answers; the OpenAPI document marks the heavy
# routes.
. "$(dirname "$0")/lib.sh"

has_users || skip_all "needs \`chitieu user add\`"
demo_db
add_user h_admin admin --view VN
make_token h_admin imp || { finish; exit; }
"$BIN" lock config --enabled no >/dev/null || bad "lock config"
# on PostgreSQL a row's checks are round trips to the server: fewer rows, the same point
if on_sqlite; then N=100000; else N=20000; fi
python3 -c "
out = open('$TMP/big.csv', 'w')
out.write('indicator,unit,period,value\n')
for i in range($N):
    out.write('KT01,01834,%d%02d,5\n' % (2020 + (i // 12) % 5, i % 12 + 1))
"
head -$((N / 10 + 1)) "$TMP/big.csv" >"$TMP/small.csv"
start_server --threads 2 --heavy 1
pids=()
for i in 1 2 3; do
  curl -s --max-time 300 -o "$TMP/imp$i.json" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: text/csv' --data-binary @"$TMP/big.csv" "$URL/api/dataValueSets?dryRun=true" >"$TMP/imp$i.code" &
  pids+=($!)
done
sleep 0.5
slow=0
for k in $(seq 1 10); do
  t=$(curl -s --max-time 20 -o /dev/null -w '%{http_code} %{time_total}' "$URL/api/health")
  echo "health: $t"
  set -- $t
  [ "$1" = 200 ] || slow=$((slow + 1))
  awk -v t="$2" 'BEGIN { exit !(t < 0.5) }' || slow=$((slow + 1))
  sleep 0.2
done
eq "/api/health answered within 0.5 s every time during the imports" 0 "$slow"
wait "${pids[@]}" # (not the server)
for i in 1 2 3; do
  echo "import $i: $(cat "$TMP/imp$i.code")"
  eq "import $i done" 200 "$(cut -d' ' -f1 "$TMP/imp$i.code")"
  BODY=$(cat "$TMP/imp$i.json")
  js "import $i read every row" .rows "$N"
done
req GET /api/openapi.json
js "openapi marks dataValueSets heavy" '.paths["/api/dataValueSets"].post["x-heavy"]' true
js "and health light" '.paths["/api/health"].get["x-heavy"] // false' false
# SIGTERM with an import waiting in the pool: it finishes, then the server exits 0
curl -s --max-time 300 -o "$TMP/last.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: text/csv' --data-binary @"$TMP/small.csv" "$URL/api/dataValueSets?dryRun=true" >"$TMP/last.code" &
last=$!
sleep 0.2
stop_server
wait "$last"
eq "the import in flight at SIGTERM is answered" 200 "$(cat "$TMP/last.code")"
eq "SIGTERM exits 0" 0 "$SRV_RC"
finish
