#!/usr/bin/env bash
# test_http_approval_accept.sh - acceptance where the configuration asks for
# it (issue #13 item 3; core/approval.h), on the demo database with the
# server's day pinned (20/06/2022): by default acceptance is optional and an
# approved ward's June counts; only the administrator sets the unit types
# that must be accepted (a leader 403, an unknown type 400 naming "accept");
# then a ward's approved June is not final: the city's evaluation of approved
# figures only leaves it out, the completeness table marks it waiting, the
# province cannot approve the city's June before accepting it (409 naming the
# ward); once the province accepts, all of it follows; "none" turns it off;
# the CLI shows and sets the same setting. GET /api/approval/children, the
# dashboard's list of the wards' states, follows each step.
. "$(dirname "$0")/lib.sh"

has_route /api/approval/config || skip_all "acceptance is not configurable in this build yet"

demo_db
add_user adm admin
add_user ward1 ward --enter 01837
add_user city1 leader --view 058
add_user prov1 leader --view 06

export CHITIEU_TODAY=2022-06-20
start_server
for u in adm ward1 city1 prov1; do login $u; done
S='{"unit":"01837","period":"202206"}'
C='{"unit":"058","period":"202206"}'
kt01() { as city1 GET '/api/eval?unit=058&period=202206&approved=1'; jq -r '.indicators[] | select(.code == "KT01") | .value' <<<"$BODY"; }
cell() { as city1 GET '/api/completeness?unit=058&year=2022'; jq -r '.units[] | select(.code == "01837") | .cells[5] | "\(.approval) \(.final) \(.accept_due)"' <<<"$BODY"; }

as city1 GET /api/approval/config
js "acceptance optional by default" '.accept | length' 0
as city1 GET '/api/approval/children?unit=058&period=202206'
js "the dashboard's list before anything: all draft" '[.children[].state] | unique | join(",")' draft

# the ward submits June, the city approves: final while acceptance is optional
send ward1 POST /api/approval/submit "$S"
status "ward submits" 200
send city1 POST /api/approval/approve "$S"
status "the city approves" 200
eq "completeness: approved is final by default" "approved true false" "$(cell)"
ward_value=$(kt01)
[ "$ward_value" != null ] && ok || bad "approved figures only: the approved ward's June counts ($ward_value)"

# only the administrator configures it
send city1 PUT /api/approval/config '{"accept":"ward"}'
error "a leader cannot configure acceptance" 403 forbidden
send adm PUT /api/approval/config '{"accept":"ward,hành tinh"}'
error "an unknown unit type" 400 invalid accept
js "the refusal names the type" '.error.message | test("hành tinh")' true
send adm PUT /api/approval/config '{"accept":"ward, xã"}'
status "the administrator asks wards and communes to be accepted" 200
js "stored as codes, with labels" '"\(.accept | join(",")) \(.labels | join(","))"' "ward,commune phường,xã"

# the ward's approved June now waits for the province
eq "completeness: approved, waiting for acceptance" "approved false true" "$(cell)"
as city1 GET '/api/approval/children?unit=058&period=202206'
js "the dashboard's list: the ward approved, waiting" \
  '.children[] | select(.code == "01837") | "\(.state) \(.final) \(.accept_due)"' "approved false true"
js "the dashboard's list: every ward of the city, none final" '"\(.children | length) \(.final)"' "8 0"
eq "approved figures only: the ward's June is left out until accepted (not the cached answer)" null "$(kt01)"
"$BIN" approval submit --unit 058 --period 202206 >"$TMP/sub.out" 2>&1 || bad "CLI: the city submits June: $(cat "$TMP/sub.out")"
send prov1 POST /api/approval/approve "$C"
error "the city's June waits for the ward's acceptance" 409 conflict
js "the refusal names the ward waiting" '.error.message | test("01837.*chấp nhận|chấp nhận.*01837")' true
send prov1 POST /api/approval/accept "$S"
status "the province accepts the ward's June" 200
eq "completeness: final once accepted" "accepted true false" "$(cell)"
as city1 GET '/api/approval/children?unit=058&period=202206'
js "the dashboard's list: final once accepted" \
  '"\(.final) \(.children[] | select(.code == "01837") | "\(.state) \(.final)")"' "1 accepted true"
as city1 GET '/api/approval/children?unit=058&period=2022Q2'
error "the children's states are by month" 400 invalid period
eq "approved figures only: the accepted ward's June counts" "$ward_value" "$(kt01)"
send prov1 POST /api/approval/approve "$C"
status "then the province approves the city's June" 200
js "approved" .state approved

# off again, from the CLI too
send adm PUT /api/approval/config '{"accept":"none"}'
status "none turns acceptance off" 200
js "no type" '.accept | length' 0
"$BIN" approval config --accept commune >"$TMP/cfg.out" 2>&1 || bad "CLI config: $(cat "$TMP/cfg.out")"
grep -q "bắt buộc với xã (commune)" "$TMP/cfg.out" && ok || bad "CLI says what it set: $(cat "$TMP/cfg.out")"
as adm GET /api/approval/config
js "the API reads what the CLI set" '.accept | join(",")' commune
"$BIN" approval config --accept planet >"$TMP/bad.out" 2>&1 && bad "CLI took an unknown type" || ok
grep -q "planet" "$TMP/bad.out" && ok || bad "CLI names the unknown type: $(cat "$TMP/bad.out")"

grep -q ' 500 ' "$TMP/srv.err" && bad "a 500 in the log" || ok
stop_server
eq "SIGTERM exits 0" 0 "$SRV_RC"
finish
