#!/usr/bin/env bash
# test_pg_two_servers.sh - several `chitieu serve` processes on one PostgreSQL
# database behave as one system (issue #12, item 4 and 5):
#  - a value written through server A, or B, is in the very next evaluation
#    of server C, which had the answer cached: its evaluation cache notices
#    another server's commit (C has one worker thread, so its second answer
#    is a cache hit for sure and a cache that missed the commit would repeat
#    it);
#  - a session opened on A, with its CSRF token, works on B; a logout on B
#    ends it on A;
#  - failed logins counted by A throttle the same login on B;
#  - a period an administrator reopens through A takes entries on B;
#  - many writers on both servers at once, under the same parents: the
#    roll-ups kept on write stay equal to a full recomputation
#    (CHITIEU_ROLLUP=0), and no writer saw an error.
# Needs CHITIEU_TEST_PG (the conninfo of a test server; scripts/test.sh starts
# one); skips without it. Prints "N passed, N failed".
. "$(dirname "$0")/../http/lib.sh"

[ -n "$PG_SCHEMA" ] || skip_all "needs CHITIEU_TEST_PG (a PostgreSQL test server)"
has_users || skip_all "\`chitieu user add\` is not in this build"
demo_db --quiet
export CHITIEU_TODAY=2022-06-20
add_user s_admin admin --view VN
add_user s_ward ward --enter 01834
make_token s_admin two; ADM=$TOKEN

start_server                   # A
URL_A=$URL
start_another URL_B            # B
start_another URL_C --threads 1 # C: one worker thread, one cache it always looks in
on() { URL=$1; } # on URL: the next req goes to that server

EVAL='/api/eval?unit=058&period=202206&as_of=01/07/2022'
kt01() { req GET "$EVAL" -H "Authorization: Bearer $ADM"; jq -r '.indicators[] | select(.code=="KT01") | .value' <<<"$BODY"; }
# put_kt01 VALUE: sets KT01 of ward 01837 for June 2022 through the server in URL
put_kt01() {
  req PUT /api/values -H "Authorization: Bearer $ADM" \
    --data-binary "{\"indicator\":\"KT01\",\"unit\":\"01837\",\"period\":\"202206\",\"value\":$1}"
}

# ---- a write through A, then through B, is in C's next answer (C's answer cached before)
on "$URL_C"; v0=$(kt01); v0b=$(kt01)
eq "C answers the same twice" "$v0" "$v0b"
on "$URL_A"
req GET '/api/values?indicator=KT01&unit=01837&period=202206' -H "Authorization: Bearer $ADM"
w=$(jq -r .value <<<"$BODY")
put_kt01 "$(jq -n "$w + 10")"
status "PUT through A" 200
on "$URL_C"; v1=$(kt01)
eq "C's next evaluation has A's write" "$(jq -n "$v0 + 10")" "$v1"
eq "C answers the same again" "$v1" "$(kt01)"
on "$URL_B"
put_kt01 "$(jq -n "$w + 20")"
status "PUT through B" 200
on "$URL_C"; v2=$(kt01)
eq "C's next evaluation has B's write" "$(jq -n "$v0 + 20")" "$v2"
on "$URL_A"
eq "A's evaluation has B's write" "$(jq -n "$v0 + 20")" "$(kt01)"

# ---- a session and its CSRF token are the database's, not a server's
on "$URL_A"; login s_ward
on "$URL_B"
req PUT /api/values -b "$TMP/ck_s_ward" -H "X-CSRF-Token: $CSRF" \
  --data-binary '{"indicator":"KT01","unit":"01834","period":"202206","value":7}'
status "a session opened on A writes on B with its CSRF token" 200
req PUT /api/values -b "$TMP/ck_s_ward" -H "X-CSRF-Token: not-the-token" \
  --data-binary '{"indicator":"KT01","unit":"01834","period":"202206","value":8}'
status "B refuses a wrong CSRF token of that session" 403
req POST /api/logout -b "$TMP/ck_s_ward" -H "X-CSRF-Token: $CSRF"
on "$URL_A"
req GET /api/me -b "$TMP/ck_s_ward"
status "a logout on B ends the session on A" 401

# ---- failed logins counted on A throttle the login on B
on "$URL_A"
for i in $(seq 1 12); do
  req POST /api/login -H 'Content-Type: application/json' \
    --data-binary '{"login":"s_admin","password":"sai-mat-khau-123"}'
done
on "$URL_B"
req POST /api/login -H 'Content-Type: application/json' \
  --data-binary "{\"login\":\"s_admin\",\"password\":\"$PW\"}"
status "B throttles a login A saw fail again and again" 429

# ---- a period lock is the database's: May 2022 is closed on 20/06/2022; an
# administrator reopens it through A, and B takes the entry
on "$URL_B"
req PUT /api/values -H "Authorization: Bearer $ADM" \
  --data-binary '{"indicator":"KT01","unit":"01834","period":"202205","value":9}'
status "B refuses entry into a closed period" 409
on "$URL_A"
req POST /api/locks/reopen -H "Authorization: Bearer $ADM" \
  --data-binary '{"unit":"058","period":"202205","until":"2022-06-30","reason":"bổ sung số liệu"}'
status "A reopens May 2022 for the city" 200
on "$URL_B"
req PUT /api/values -H "Authorization: Bearer $ADM" \
  --data-binary '{"indicator":"KT01","unit":"01834","period":"202205","value":9}'
status "B takes the entry A reopened" 200

# ---- many writers on both servers under the same parents stay exact
export CHITIEU_TODAY=2022-06-20
"$BIN" eval --unit 058 --period 202206 --json | jq -S . >"$TMP/before.json" || bad "eval before"
wards=(01834 01837 01840 01843 01846 01849 01852 01855)
rm -f "$TMP/w_*"
for k in $(seq 0 15); do
  (
    u=${wards[$((k % ${#wards[@]}))]}
    url=$URL_A; [ $((k % 2)) -eq 1 ] && url=$URL_B
    for m in 1 2 3 4 5; do
      c=$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' -X PUT "$url/api/values" \
        -H "Authorization: Bearer $ADM" \
        --data-binary "{\"indicator\":\"KT01\",\"unit\":\"$u\",\"period\":\"202206\",\"value\":$((k * 10 + m))}")
      echo "$c" >>"$TMP/w_$k"
    done
  ) &
done
wait_writers() {
  local p
  for p in $(jobs -p); do
    case " $SRV_PID $URL_B_PID $URL_C_PID " in *" $p "*) ;; *) wait "$p" ;; esac
  done
}
wait_writers
codes=$(cat "$TMP"/w_* | sort | uniq -c | tr -s ' ' | tr '\n' ';')
eq "80 concurrent writes on two servers all answered 200" " 80 200;" "$codes"
"$BIN" eval --unit 058 --period 202206 --json | jq -S . >"$TMP/kept.json" || bad "eval with roll-ups"
CHITIEU_ROLLUP=0 "$BIN" eval --unit 058 --period 202206 --json | jq -S . >"$TMP/full.json" || bad "eval without"
if cmp -s "$TMP/kept.json" "$TMP/full.json"; then ok; else
  bad "roll-ups kept on write differ from a full recomputation: $(diff "$TMP/kept.json" "$TMP/full.json" | head -6)"
fi
cmp -s "$TMP/before.json" "$TMP/kept.json" && bad "the concurrent writes changed nothing in the city's June" || ok

on "$URL_B"; alive "server B"
on "$URL_C"; alive "server C"
on "$URL_A"; alive "server A"
finish
