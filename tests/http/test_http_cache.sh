#!/usr/bin/env bash
# test_http_cache.sh - the evaluation cache (src/api/api_cache.c) never
# answers stale: a value written through the API, then one written by the
# CLI (another process) while the server runs, show in the very next
# GET /api/eval, which stays equal to `chitieu eval --json`; answers differ
# per as_of date and lag threshold; a refused reader gets no cached answer.
. "$(dirname "$0")/lib.sh"

has_users || skip_all "\`chitieu user add\` is not in this build yet"
demo_db --quiet
# Entry for June 2022 is open on this day (period locks read $CHITIEU_TODAY).
export CHITIEU_TODAY=2022-06-20
PW='mat-khau-bo-dem-123'
add_user c_admin admin --view VN
add_user c_ward ward --enter 01834
make_token c_admin cache; ADM=$TOKEN
make_token c_ward cache; WARD=$TOKEN
# one worker thread: its own writes and another process's tell apart at once
# (with two, a move of the database's counter while this process writes too is
# marked API_CACHE_AMBIGUOUS_MS later; the end of this test checks that)
start_server --threads 1 --no-notify

EVAL='/api/eval?unit=058&period=202206&as_of=01/07/2022'
# eval_kt01: GET the evaluation as the administrator; KT01 gets the city's retail figure of the month
eval_kt01() { req GET "$EVAL" -H "Authorization: Bearer $ADM"; KT01=$(jq -r '.indicators[] | select(.code=="KT01") | .value' <<<"$BODY"); }
same_as_cli() { # NAME: the last answer equals the CLI's evaluation, field for field
  printf '%s\n' "$BODY" | jq -S . >"$TMP/api.json"
  "$BIN" eval --unit 058 --period 202206 --as-of 01/07/2022 --json | jq -S . >"$TMP/cli.json"
  cmp -s "$TMP/api.json" "$TMP/cli.json" && ok || bad "$1: eval differs from the CLI: $(diff "$TMP/api.json" "$TMP/cli.json" | head -4)"
}

eval_kt01; v0=$KT01
status "eval" 200
eval_kt01; v0b=$KT01
eq "the second (cached) answer is the first" "$v0" "$v0b"
same_as_cli "cached answer"

# a ward officer may not read the city: refused even though the answer is cached
req GET "$EVAL" -H "Authorization: Bearer $WARD"
error "cached answer still refused out of scope" 403 forbidden

# a write through the API shows in the next evaluation
req GET '/api/values?indicator=KT01&unit=01837&period=202206' -H "Authorization: Bearer $ADM"
w=$(jq -r .value <<<"$BODY")
req PUT /api/values -H "Authorization: Bearer $ADM" \
  --data-binary "{\"indicator\":\"KT01\",\"unit\":\"01837\",\"period\":\"202206\",\"value\":$(jq -n "$w + 10")}"
status "PUT through the API" 200
eval_kt01; v1=$KT01
eq "API write shows at once" "$(jq -n "$v0 + 10")" "$v1"
same_as_cli "after an API write"

# a write by another process (the CLI) while the server runs shows too
eval_kt01 # cached again
"$BIN" value set --indicator KT01 --unit 01837 --period 202206 --value "$(jq -n "$w + 15" | tr . ,)" \
  --reason "sửa từ dòng lệnh" >"$TMP/set.out" 2>&1 || bad "value set: $(cat "$TMP/set.out")"
eval_kt01; v2=$KT01
eq "CLI write shows at once" "$(jq -n "$v0 + 15")" "$v2"
same_as_cli "after a CLI write"

# the key holds the as_of date and the lag threshold
req GET '/api/eval?unit=058&period=202206&as_of=01/03/2022' -H "Authorization: Bearer $ADM"
a=$BODY
req GET "$EVAL" -H "Authorization: Bearer $ADM"
[ "$a" != "$BODY" ] && ok || bad "as_of is not part of the key"
req GET "$EVAL&lag_threshold=0" -H "Authorization: Bearer $ADM"
t0=$BODY
req GET "$EVAL&lag_threshold=100" -H "Authorization: Bearer $ADM"
[ "$t0" != "$BODY" ] && ok || bad "lag_threshold is not part of the key"

# a value marks its unit and the unit's ancestors only: a ward of the city
# leaves another district's answer in the cache, not the city's nor the
# province's. The hits only on SQLite: PostgreSQL's change counter (its
# snapshot) moves with any write on the server, other tests' included, and
# a moved counter marks everything
hit() { if [ -n "${CHITIEU_TEST_PG:-}" ]; then ok; else header "$1" '^X-Chitieu-Cache: hit'; fi; }
# cached PATH NAME: reads PATH until it comes from the cache (a few reads at most: a write of
# this server's own is marked everywhere API_CACHE_AMBIGUOUS_MS after it, in case another
# process wrote meanwhile, and that may fall between two reads)
cached() {
  local i
  for i in 1 2 3 4 5 6; do
    req GET "$1" -H "Authorization: Bearer $ADM"
    grep -q '^X-Chitieu-Cache: hit' <<<"$HDRS" && break
    sleep 0.2
  done
  hit "$2"
}
req GET '/api/values?indicator=KT01&unit=01837&period=202206' -H "Authorization: Bearer $ADM"
w=$(jq -r .value <<<"$BODY")
eval_kt01; v0=$KT01
D060='/api/eval?unit=060&period=202206&as_of=01/07/2022'
P06='/api/eval?unit=06&period=202206&as_of=01/07/2022'
cached "$D060" "060 from the cache"
req GET "$P06" -H "Authorization: Bearer $ADM"
eval_kt01
cached "$EVAL" "the city's answer from the cache"
req PUT /api/values -H "Authorization: Bearer $ADM" \
  --data-binary "{\"indicator\":\"KT01\",\"unit\":\"01837\",\"period\":\"202206\",\"value\":$(jq -n "$w + 20")}"
status "PUT of a ward's value" 200
req GET "$D060" -H "Authorization: Bearer $ADM"
hit "another district stays cached after a ward's value"
req GET "$P06" -H "Authorization: Bearer $ADM"
header "the province is recomputed after its ward's value" '^X-Chitieu-Cache: miss'
eval_kt01
header "the city is recomputed after its ward's value" '^X-Chitieu-Cache: miss'
eq "and shows it" "$(jq -n "$v0 + 20")" "$KT01"
same_as_cli "after a ward's value"
# any other write (here a target) marks everything
cached "$D060" "060 cached before a target changes"
req PUT /api/targets -H "Authorization: Bearer $ADM" \
  --data-binary '{"indicator":"KT01","unit":"060","year":2022,"value":123}'
if [ "$CODE" = 200 ] || [ "$CODE" = 201 ]; then
  req GET "$D060" -H "Authorization: Bearer $ADM"
  header "060 recomputed after a target changed" '^X-Chitieu-Cache: miss'
else
  bad "PUT /api/targets answered $CODE: $BODY"
fi

grep -q ' 500 ' "$TMP/srv.err" && bad "a 500 in the log" || ok
stop_server
eq "SIGTERM exits 0" 0 "$SRV_RC"

# two worker threads, each writing and reading: another process's write shows
# within API_CACHE_AMBIGUOUS_MS (0.5 s) even while this process writes too (to
# another district: only telling the CLI's write can make the city recomputed)
start_server --threads 2
for i in 1 2 3 4; do
  req PUT /api/values -H "Authorization: Bearer $ADM" \
    --data-binary "{\"indicator\":\"KT01\",\"unit\":\"01837\",\"period\":\"202206\",\"value\":$(jq -n "$w + $i")}"
  eval_kt01
done
before=$KT01
"$BIN" value set --indicator KT01 --unit 01837 --period 202206 --value "$(jq -n "$w + 50" | tr . ,)" \
  --reason "sửa từ dòng lệnh" >"$TMP/set.out" 2>&1 || bad "value set: $(cat "$TMP/set.out")"
seen=
for i in $(seq 1 30); do
  req PUT /api/values -H "Authorization: Bearer $ADM" \
    --data-binary "{\"indicator\":\"KT02\",\"unit\":\"060\",\"period\":\"202206\",\"value\":$((100 + i))}"
  eval_kt01
  [ "$KT01" != "$before" ] && { seen=$i; break; }
  sleep 0.1
done
[ -n "$seen" ] && ok || bad "a CLI write did not show within 3 s while the server wrote too"
eq "the CLI's value" "$(jq -n "$before - 4 + 50")" "$KT01"
stop_server
finish
