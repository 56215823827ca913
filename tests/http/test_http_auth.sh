#!/usr/bin/env bash
# test_http_auth.sh - the API with users on the demo database: login (one
# message for unknown login and wrong password; cookie HttpOnly,
# SameSite=Strict), /api/me, 401 without a session, CSRF required on PUT,
# a ward officer writes its own ward and is refused its sibling, a viewer is
# refused any write, input errors name the field, the evaluation equals
# `chitieu eval --json`, logout ends the session, throttling answers 429.
. "$(dirname "$0")/lib.sh"

has_users || skip_all "\`chitieu user add\` is not in this build yet"

# value writes in May 2025 are open on this day (period locks: docs/internals/lock.md)
export CHITIEU_TODAY=2025-05-20
# the demo as of the end of 2024 (its seed years): the months of 2025 are still empty
CHITIEU_TODAY=2024-12-31 demo_db
add_user admin1 admin --view VN
add_user ward1 ward --enter 01834
add_user viewer1 viewer --view 058
add_user dept1 department --agency TCKH --enter 058
start_server

# put LOGIN JSON: PUT /api/values with the user's CSRF token.
put() { send "$1" PUT /api/values "$2"; }

# wrong password and unknown login: same status, same message
req POST /api/login -H 'Content-Type: application/json' --data-binary '{"login":"ward1","password":"sai-mat-khau-123"}'
error "wrong password" 401 unauthorized
m1=$(jq -r .error.message <<<"$BODY")
req POST /api/login -H 'Content-Type: application/json' --data-binary '{"login":"khong-co-ai","password":"sai-mat-khau-123"}'
error "unknown login" 401 unauthorized
eq "same message for unknown login and wrong password" "$m1" "$(jq -r .error.message <<<"$BODY")"

for u in admin1 ward1 viewer1 dept1; do login $u; done
login ward1
header "session cookie HttpOnly" '^Set-Cookie: chitieu_session=[^;]+;.*HttpOnly'
header "session cookie SameSite=Strict" '^Set-Cookie: .*SameSite=Strict'
header "session cookie Path=/" '^Set-Cookie: .*Path=/'
js "login answers the user" .user.login ward1
js "login answers a csrf token" '.csrf | length > 20' true

as ward1 GET /api/me
status "me" 200
js "me role" .role ward
js "me scope" '.scopes[0].unit + ":" + .scopes[0].kind' 01834:enter
js "me csrf is the login's" .csrf "$(cat "$TMP/csrf_ward1")"

# no session: 401 on every non-public route
for p in /api/me /api/units /api/units/058 /api/indicators /api/indicators/KT02 \
  '/api/eval?unit=058&period=202206' '/api/values?indicator=KT02&unit=01834&period=202206' \
  '/api/values/history?indicator=KT02&unit=01834&period=202206'; do
  req GET "$p"
  error "no session $p" 401 unauthorized
done
req GET /api/me -H 'Cookie: chitieu_session=forged'
error "forged session" 401 unauthorized
req PUT /api/values --data-binary '{}'
error "PUT without session" 401 unauthorized

# units a user may view
as ward1 GET /api/units
status "ward units" 200
js "ward sees only its ward" '[.items[].code] | join(",")' 01834
as admin1 GET '/api/units?limit=3&offset=1'
js "admin pagination total" .total 17
js "admin pagination page" '[.items[].code] | join(",")' 06,058,01834
as ward1 GET /api/units/01837
error "ward reads sibling unit" 403 forbidden
as ward1 GET /api/units/99999
error "unknown unit" 404 not_found
as viewer1 GET /api/indicators/KT02
js "indicator" .frequency month
as viewer1 GET '/api/units?limit=0'
error "limit out of range" 400 invalid limit

# CSRF on PUT
V='{"indicator":"KT02","unit":"01834","period":"202505","value":"36,5","estimate":true,"reason":"báo cáo tháng"}'
as ward1 PUT /api/values -H 'Content-Type: application/json' --data-binary "$V"
error "PUT without CSRF header" 403 csrf
as ward1 PUT /api/values -H 'X-CSRF-Token: wrong' --data-binary "$V"
error "PUT with a wrong CSRF token" 403 csrf
as ward1 PUT /api/values -H "X-CSRF-Token: $(cat "$TMP/csrf_viewer1")" --data-binary "$V"
error "PUT with another session's token" 403 csrf

# a ward officer writes its own ward
put ward1 "$V"
status "ward PUT own ward" 200
js "inserted" .result inserted
js "stored amount" .value.value 36.5
js "stored estimate" .value.estimate true
js "author is the user" .value.by ward1
put ward1 "$V"
js "same value again: unchanged" .result unchanged
put ward1 '{"indicator":"KT02","unit":"01834","period":"202505","value":37,"reason":"số chính thức"}'
js "changed: updated" .result updated
as ward1 GET '/api/values?indicator=KT02&unit=01834&period=202505'
js "GET value" .value 37
as ward1 GET '/api/values/history?indicator=KT02&unit=01834&period=202505'
js "history has the change" '.items[-1].old' 36.5
js "history author" '.items[-1].by' ward1
js "history new amount" '.items[-1].new' 37
js "history reason" '.items[-1].reason' "số chính thức"
"$BIN" value get --indicator KT02 --unit 01834 --period 202505 >"$TMP/cli.out" 2>&1
grep -q '37' "$TMP/cli.out" && ok || bad "the CLI does not see the API's value: $(cat "$TMP/cli.out")"

# ... and is refused its sibling, the city, and reading the sibling's values
put ward1 '{"indicator":"KT02","unit":"01837","period":"202505","value":1}'
error "ward PUT sibling ward" 403 forbidden
put ward1 '{"indicator":"KT02","unit":"058","period":"202505","value":1}'
error "ward PUT parent city" 403 forbidden
as ward1 GET '/api/values?indicator=KT02&unit=01837&period=202206'
error "ward GET sibling value" 403 forbidden
as ward1 GET '/api/eval?unit=058&period=202206'
error "ward eval of the city" 403 forbidden

# viewer: no writes at all; department: only its agency's indicators
put viewer1 '{"indicator":"KT02","unit":"01834","period":"202505","value":1}'
error "viewer PUT" 403 forbidden
put dept1 '{"indicator":"KT01","unit":"058","period":"202505","value":1}'
error "department PUT another agency's indicator" 403 forbidden
put dept1 '{"indicator":"KT02","unit":"058","period":"202505","value":"1.234,5"}'
status "department PUT its own indicator" 200
js "Vietnamese number read" .value.value 1234.5

# input errors name the field
put ward1 '{"indicator":"KT02","unit":"01834","period":"202505","value":1e300}'
error "huge number" 400 invalid value
put ward1 '{"indicator":"KT02","unit":"01834","period":"202505","value":"999.999.999.999.999.999"}'
error "huge Vietnamese number" 400 invalid value
put ward1 '{"indicator":"KT02","unit":"01834","period":"202505","value":"abc"}'
error "not a number" 400 invalid value
put ward1 '{"indicator":"KT02","unit":"01834","period":"202213","value":1}'
error "bad period" 400 invalid period
put ward1 '{"indicator":"KT02","unit":"01834","period":"2022Q3","value":1}'
error "period of the wrong frequency" 400 invalid period
put ward1 '{"indicator":"NOPE","unit":"01834","period":"202505","value":1}'
error "unknown indicator" 404 not_found indicator
put ward1 '{"indicator":"KT02","unit":"01834","period":"202505","value":1,"estimate":"yes"}'
error "estimate not a boolean" 400 invalid estimate
put ward1 '{"indicator":"KT02","unit":"01834","period":"202505","value":1,"by":"admin1"}'
error "unknown field by" 400 invalid by
as ward1 GET "/api/values?indicator=KT02&unit=%ff&period=202505"
error "invalid UTF-8 in a query" 400 invalid unit
alive "after input errors"

# the evaluation is the CLI's, field for field
as admin1 GET '/api/eval?unit=058&period=202206'
status "eval" 200
printf '%s\n' "$BODY" | jq -S . >"$TMP/api.json"
"$BIN" eval --unit 058 --period 202206 --json | jq -S . >"$TMP/cli.json"
cmp -s "$TMP/api.json" "$TMP/cli.json" && ok || bad "eval JSON differs from chitieu eval --json: $(diff "$TMP/api.json" "$TMP/cli.json" | head -5)"
js "eval retail cumulative" '.indicators[] | select(.name | test("bán lẻ")) | .cumulative' 1739.5
as admin1 GET '/api/eval?unit=058&period=202213'
error "eval bad period" 400 invalid period
as admin1 GET '/api/eval?unit=058'
error "eval without period" 400 invalid period

# logout ends the session
send ward1 POST /api/logout
status "logout" 200
header "logout clears the cookie" '^Set-Cookie: chitieu_session=;.*Max-Age=0'
as ward1 GET /api/me
error "me after logout" 401 unauthorized

# an API token for scripts: Bearer, no cookie, so no CSRF token needed
if make_token dept1 script; then
  req GET /api/me -H "Authorization: Bearer $TOKEN"
  status "me with a token" 200
  js "token principal" .via_token true
  req PUT /api/values -H "Authorization: Bearer $TOKEN" \
    --data-binary '{"indicator":"KT02","unit":"058","period":"202505","value":2}'
  status "PUT with a token needs no CSRF header" 200
  req GET /api/me -H "Authorization: Bearer ${TOKEN}x"
  error "wrong token" 401 unauthorized
  grep -q -- "$TOKEN" "$TMP/srv.err" && bad "the log shows a token" || ok
fi

grep -q -- "$PW" "$TMP/srv.err" && bad "the log shows a password" || ok
grep -q ' 500 ' "$TMP/srv.err" && bad "a 500 in the log" || ok

# throttling: repeated failures, then 429 even with the right password
for i in 1 2 3 4 5 6; do
  req POST /api/login -H 'Content-Type: application/json' --data-binary '{"login":"viewer1","password":"sai-mat-khau-123"}'
done
error "throttled after failures" 429 throttled
req POST /api/login -H 'Content-Type: application/json' --data-binary "{\"login\":\"viewer1\",\"password\":\"$PW\"}"
error "throttled even with the right password" 429 throttled

stop_server
eq "SIGTERM exits 0" 0 "$SRV_RC"
finish
