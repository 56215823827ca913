#!/usr/bin/env bash
# test_http_approval_agency.sh - approval per agency over HTTP (issue #13 item
# 3), on the demo database with the server's day pinned (20/06/2022: June
# still open): at the city 058, the department KT (Phòng Kinh tế) submits its
# part of June 2022 (its indicator KT01): a PUT of KT01 at 058 is then 409,
# while TCKH's KT02 is still 200 and the whole unit is still a draft; TCKH
# cannot submit KT's part, nor the whole unit (403); the province's leader
# returns KT's part without a reason (400), then with one, and KT may write
# again; TCKH submits and the province approves its part, which locks KT02
# only; GET /api/approval names the part, its steps and the whole unit's
# state; the CLI with --agency shows the same; an unknown agency is 404.
. "$(dirname "$0")/lib.sh"

has_route /api/approval || skip_all "the approval routes are not in this build yet"

demo_db
add_user kt1 department --agency KT --enter 058
add_user tc1 department --agency TCKH --enter 058
add_user prov1 leader --view 06
add_user ward1 ward --enter 01837

export CHITIEU_TODAY=2022-06-20
start_server
for u in kt1 tc1 prov1 ward1; do login $u; done
KT='{"indicator":"KT01","unit":"058","period":"202206","value":40,"reason":"bổ sung"}'
TC='{"indicator":"KT02","unit":"058","period":"202206","value":"12,5","reason":"bổ sung"}'
S_KT='{"unit":"058","period":"202206","agency":"KT"}'
S_TC='{"unit":"058","period":"202206","agency":"TCKH"}'

send kt1 PUT /api/values "$KT"
status "KT enters its indicator at the city" 200
send tc1 PUT /api/values "$TC"
status "TCKH enters its indicator at the city" 200
as kt1 GET '/api/approval?unit=058&period=202206&agency=KT'
js "KT's part is a draft to begin with" '"\(.agency) \(.state) \(.locked) \(.unit_state.state)"' "KT draft false draft"

# who submits which part
send tc1 POST /api/approval/submit "$S_KT"
error "TCKH cannot submit KT's part" 403 forbidden unit
send kt1 POST /api/approval/submit '{"unit":"058","period":"202206"}'
error "a department does not submit the whole unit" 403 forbidden unit
send ward1 POST /api/approval/submit '{"unit":"01837","period":"202206","agency":"KT"}'
error "a ward submits its whole unit, not an agency's part" 403 forbidden unit
send kt1 POST /api/approval/submit '{"unit":"06","period":"202206","agency":"KT"}'
error "KT submits only at a unit it enters" 403 forbidden unit

# KT submits its part: KT01 read-only at 058, KT02 not, the whole unit still a draft
send kt1 POST /api/approval/submit "$S_KT"
status "KT submits its part" 200
js "KT's part submitted" '"\(.agency) \(.state) \(.locked) \(.by) \(.unit_state.state)"' "KT submitted true kt1 draft"
send kt1 PUT /api/values "$KT"
error "a KT indicator of a submitted part is read-only" 409 conflict period
js "the refusal names the agency's part" '.error.message | test("cơ quan KT tại đơn vị 058 đã nộp")' true
send tc1 PUT /api/values "$TC"
status "a TCKH indicator is still writable" 200
send kt1 POST /api/dataValueSets '{"dataValues":[{"dataElement":"KT01","period":"202206","orgUnit":"058","value":41}]}'
status "dataValueSets into KT's submitted part" 409
send tc1 POST /api/dataValueSets '{"dataValues":[{"dataElement":"KT02","period":"202206","orgUnit":"058","value":13}]}'
status "dataValueSets of TCKH's indicator still goes in" 200
as kt1 GET '/api/approval?unit=058&period=202206'
js "the whole unit is still a draft" '"\(.agency) \(.state)"' " draft"
as kt1 GET '/api/approval?unit=058&period=202206&agency=TCKH'
js "TCKH's part is still a draft" .state draft
send kt1 POST /api/approval/submit "$S_KT"
error "submitting a part twice" 409 conflict

# the province returns KT's part with a reason; KT writes again
send kt1 POST /api/approval/approve "$S_KT"
error "KT cannot approve its own part" 403 forbidden unit
send prov1 POST /api/approval/return "$S_KT"
error "returning a part without a reason" 400 invalid comment
send prov1 POST /api/approval/return '{"unit":"058","period":"202206","agency":"KT","comment":"thiếu số doanh nghiệp"}'
status "the province returns KT's part" 200
js "returned with the reason" '"\(.agency) \(.state) \(.comment)"' "KT returned thiếu số doanh nghiệp"
send kt1 PUT /api/values "$KT"
status "KT's returned part is writable again" 200

# TCKH's part: submitted and approved apart from KT's
send tc1 POST /api/approval/submit "$S_TC"
status "TCKH submits its part" 200
send prov1 POST /api/approval/approve "$S_TC"
status "the province approves TCKH's part" 200
js "TCKH's part approved" '"\(.agency) \(.state) \(.by)"' "TCKH approved prov1"
send tc1 PUT /api/values "$TC"
error "TCKH's approved part is read-only" 409 conflict period
send kt1 PUT /api/values "$KT"
status "KT's indicator is not in TCKH's part" 200
as prov1 GET '/api/approval?unit=058&period=202206&agency=KT'
js "KT's part keeps its steps" '[.events[] | "\(.from)>\(.to):\(.by)"] | join(",")' \
  "draft>submitted:kt1,submitted>returned:prov1"
as prov1 GET '/api/approval?unit=058&period=202206'
js "the whole unit has no steps of its own" '.events | length' 0
as prov1 GET '/api/approval?unit=058&period=202206&agency=ZZ'
error "an unknown agency" 404 not_found agency

"$BIN" approval status --unit 058 --period 202206 --agency TCKH >"$TMP/st.out" 2>&1
grep -q "cơ quan TCKH: đã duyệt" "$TMP/st.out" && grep -q "Cả đơn vị: đang nhập" "$TMP/st.out" && ok ||
  bad "CLI status --agency: $(cat "$TMP/st.out")"
"$BIN" approval submit --unit 058 --period 202206 --agency KT --by kt1 >"$TMP/sub.out" 2>&1
grep -q "cơ quan KT: đã nộp" "$TMP/sub.out" && ok || bad "CLI submit --agency: $(cat "$TMP/sub.out")"
send kt1 PUT /api/values "$KT"
error "what the CLI submitted is read-only over HTTP too" 409 conflict period

grep -q ' 500 ' "$TMP/srv.err" && bad "a 500 in the log" || ok
stop_server
eq "SIGTERM exits 0" 0 "$SRV_RC"
finish
