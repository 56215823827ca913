#!/usr/bin/env bash
# test_http_approval.sh - figures on their way up over HTTP (issue #13), on the
# demo database with the server's day pinned (20/06/2022: June still open): a
# ward officer enters and submits June; the figure is then read-only (PUT and
# dataValueSets 409); the city's leader returns it without a reason (400),
# then with one; the ward fixes and submits again; the ward cannot approve
# (403); the city approves; the province's leader accepts (the city's cannot:
# 403); approving a draft is refused (409); every step is listed with who and
# when; the CLI shows the same state; the city's evaluation of approved
# figures only takes the ward's June once it is approved; a bulk set with one
# row in the approved month is refused whole (the good row not written), and
# so is a row of the quarter that ends with it.
. "$(dirname "$0")/lib.sh"

has_route /api/approval || skip_all "the approval routes are not in this build yet"

demo_db
add_user ward1 ward --enter 01837
add_user city1 leader --view 058
add_user prov1 leader --view 06
add_user viewer2 viewer --view 01834
add_user city2 department --agency TCKH --enter 058

export CHITIEU_TODAY=2022-06-20
start_server
for u in ward1 city1 prov1 viewer2 city2; do login $u; done
JUNE='{"indicator":"KT02","unit":"01837","period":"202206","value":"12,5","reason":"bổ sung"}'
S='{"unit":"01837","period":"202206"}'

send ward1 PUT /api/values "$JUNE"
status "ward enters June" 200
as ward1 GET '/api/approval?unit=01837&period=202206'
js "a draft to begin with" '"\(.state) \(.locked)"' "draft false"

# the ward submits: read-only until returned
send ward1 POST /api/approval/submit "$S"
status "ward submits" 200
js "submitted" '"\(.state) \(.locked) \(.by)"' "submitted true ward1"
send ward1 POST /api/approval/submit "$S"
error "submitting twice" 409 conflict
send ward1 PUT /api/values "$JUNE"
error "a submitted month is read-only" 409 conflict period
js "the refusal says why and what to do" '.error.message | test("đã nộp.*đề nghị cấp trên trả lại")' true

# the city returns it, with a reason
send ward1 POST /api/approval/approve "$S"
error "the ward cannot approve its own figures" 403 forbidden unit
send city1 POST /api/approval/return "$S"
error "returning without a reason" 400 invalid comment
send city1 POST /api/approval/return '{"unit":"01837","period":"202206","comment":"thiếu số khách du lịch"}'
status "the city returns it" 200
js "returned with the reason" '"\(.state) \(.comment)"' "returned thiếu số khách du lịch"
send ward1 PUT /api/values '{"indicator":"KT02","unit":"01837","period":"202206","value":13,"reason":"sửa theo ý kiến"}'
status "a returned month is writable again" 200
send ward1 POST /api/approval/submit "$S"
status "the ward submits again" 200

# the city approves; the province accepts
send prov1 POST /api/approval/approve "$S"
error "the province is not the level just above" 403 forbidden unit
as city1 GET '/api/eval?unit=058&period=202206&approved=1'
js "approved figures only: no ward's June is approved yet" '.indicators[] | select(.code == "KT01") | .value' null
send city1 POST /api/approval/approve "$S"
status "the city approves" 200
js "approved" .state approved
as city1 GET '/api/values?indicator=KT01&unit=01837&period=202206'
ward_kt01=$(jq -r .value <<<"$BODY")
as city1 GET '/api/eval?unit=058&period=202206&approved=1'
js "approved figures only: the approved ward's June, not the cached answer" \
  '.indicators[] | select(.code == "KT01") | "\(.value) \(.partial)"' "$ward_kt01 true"
as city1 GET '/api/eval?unit=058&period=202206&approved=maybe'
error "approved takes 1 or 0" 400 invalid approved
send ward1 POST /api/dataValueSets '{"dataValues":[{"dataElement":"KT02","period":"202206","orgUnit":"01837","value":14}]}'
status "dataValueSets into an approved month" 409
js "dataValueSets: the conflict names the state" '.conflicts[0].value | test("đã duyệt")' true
# a set with a good row (another ward's open June) and a row of the approved month: refused whole
as city2 GET '/api/values?indicator=KT02&unit=01834&period=202206'
before_01834=$(jq -r .value <<<"$BODY")
send city2 POST /api/dataValueSets '{"dataValues":[{"dataElement":"KT02","period":"202206","orgUnit":"01834","value":77},{"dataElement":"KT02","period":"202206","orgUnit":"01837","value":14}]}'
status "a bulk import into an approved month" 409
js "the conflict is the approved row's" '"\(.conflicts[0].row) \(.conflicts[0].value | test("đã duyệt"))"' "1 true"
as city2 GET '/api/values?indicator=KT02&unit=01834&period=202206'
js "the good row was not written either" .value "$before_01834"
# a quarter is read-only once its last month is approved (the bulk path reads the unit's approvals once:
# it must look them up by that month, not by the quarter's own code)
send ward1 POST /api/dataValueSets '{"dataValues":[{"dataElement":"ANDT","period":"2022Q2","orgUnit":"01837","value":3}]}'
status "dataValueSets: the quarter of an approved June" 409
js "the quarter's conflict names the state" '.conflicts[0].value | test("đã duyệt")' true
send city1 POST /api/approval/accept "$S"
error "the city cannot accept what it approved" 403 forbidden unit
send prov1 POST /api/approval/accept "$S"
status "the province accepts" 200
js "accepted" .state accepted

# the history, by scope
as ward1 GET '/api/approval?unit=01837&period=202206'
js "every step kept" '[.events[] | "\(.from)>\(.to):\(.by)"] | join(",")' \
  "draft>submitted:ward1,submitted>returned:city1,returned>submitted:ward1,submitted>approved:city1,approved>accepted:prov1"
as ward1 GET '/api/values/history?indicator=KT02&unit=01837&period=202206'
js "the value's history shows the month's steps" '[.approval[] | "\(.to):\(.by)"] | join(",")' \
  "submitted:ward1,returned:city1,submitted:ward1,approved:city1,accepted:prov1"
js "with the return's reason" '.approval[1].comment' "thiếu số khách du lịch"
as viewer2 GET '/api/approval?unit=01837&period=202206'
error "out of scope" 403 forbidden
as city1 GET '/api/approval?unit=01837&period=2022Q2'
error "approval is by month" 400 invalid period
send city1 POST /api/approval/approve '{"unit":"01834","period":"202206"}'
error "approving a draft" 409 conflict
"$BIN" approval status --unit 01837 --period 202206 >"$TMP/st.out" 2>&1
grep -q "đã chấp nhận" "$TMP/st.out" && grep -q "prov1" "$TMP/st.out" && ok || bad "CLI status: $(cat "$TMP/st.out")"

grep -q ' 500 ' "$TMP/srv.err" && bad "a 500 in the log" || ok
stop_server
eq "SIGTERM exits 0" 0 "$SRV_RC"
finish
