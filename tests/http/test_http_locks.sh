#!/usr/bin/env bash
# test_http_locks.sh - period locking over HTTP on the demo database, with the
# server's day pinned by CHITIEU_TODAY: a ward officer's PUT into a closed
# month gets 409 with the message naming the period, the dates and the unit;
# an open month is written; GET /api/locks shows the deadline; a non-admin
# cannot reopen; the administrator reopens the city (the ward under it opens);
# the PUT then succeeds; after `until` (server restarted on a later day) it is
# closed again; reopen input errors name the field; the lock settings (grace
# days, off switch) take effect at once; an administrator closes an open
# month by hand for the city (its wards refused, a later reopening wins);
# the completeness table by scope, the same from the CLI; the CLI is never locked.
. "$(dirname "$0")/lib.sh"

has_route /api/locks || skip_all "the lock routes are not in this build yet"

demo_db
add_user admin1 admin --view VN
add_user ward1 ward --enter 01837
add_user ward2 ward --enter 01834
add_user viewer1 viewer --view 058

# 01/07/2022: June 2022 closed on 26/06 (due 25/06), July is open until 25/07.
export CHITIEU_TODAY=2022-07-01
start_server
for u in admin1 ward1 ward2 viewer1; do login $u; done
JUNE='{"indicator":"KT02","unit":"01837","period":"202206","value":"12,5","reason":"bổ sung"}'
MSG='kỳ tháng 6/2022 đã khóa từ 26/06/2022 (hạn báo cáo 25/06/2022); đề nghị quản trị mở lại cho đơn vị 01837'

# ---- a closed period is refused, an open one written
send ward1 PUT /api/values "$JUNE"
error "ward PUT into closed June" 409 conflict period
js "refusal names period, dates and unit" .error.message "$MSG"
as ward1 GET '/api/values?indicator=KT02&unit=01837&period=202206'
js "nothing written by the refused PUT" '.value != 12.5' true
send ward1 PUT /api/values '{"indicator":"KT02","unit":"01837","period":"202207","value":3}'
status "ward PUT into open July" 200
send ward1 PUT /api/values '{"indicator":"KT02","unit":"01837","period":"2022Q3","value":3}'
error "wrong frequency still named as such, not as a lock" 400 invalid period

# ---- status
as ward1 GET '/api/locks?unit=01837&period=202206'
status "lock status" 200
js "status closed" .closed true
js "status due" .due 2022-06-25
js "status deadline" .deadline 2022-06-25
js "status label" .label "tháng 6/2022"
js "status message is the refusal" .message "$MSG"
as ward1 GET '/api/locks?unit=01837&period=202207'
js "July open" .closed false
as ward1 GET '/api/locks?unit=01834&period=202206'
error "status of a ward outside the scope" 403 forbidden
as ward1 GET '/api/locks?unit=01837&period=202213'
error "status with a bad period" 400 invalid period
req GET '/api/locks?unit=01837&period=202206'
error "status without login" 401 unauthorized

# ---- reopening: administrators only
R='{"unit":"058","period":"202206","until":"05/07/2022","reason":"bổ sung số liệu thu ngân sách"}'
send ward1 POST /api/locks/reopen "$R"
error "ward cannot reopen" 403 forbidden
send viewer1 POST /api/locks/reopen "$R"
error "viewer cannot reopen" 403 forbidden
as admin1 POST /api/locks/reopen --data-binary "$R"
error "reopen without CSRF token" 403 csrf
send admin1 POST /api/locks/reopen '{"unit":"058","period":"202206","until":"2022-07-05"}'
error "reopen without a reason" 400 invalid reason
send admin1 POST /api/locks/reopen '{"unit":"058","period":"202206","until":"2022-06-30","reason":"x"}'
error "reopen until a past day" 400 invalid until
send admin1 POST /api/locks/reopen '{"unit":"058","period":"202206","until":"32/07/2022","reason":"x"}'
error "reopen until a bad date" 400 invalid until
send admin1 POST /api/locks/reopen '{"unit":"99999","period":"202206","reason":"x"}'
error "reopen an unknown unit" 404 not_found unit
send admin1 POST /api/locks/reopen '{"unit":"058","period":"2022X","reason":"x"}'
error "reopen a bad period" 400 invalid period
send ward1 PUT /api/values "$JUNE"
error "still closed after refused reopens" 409 conflict period

send admin1 POST /api/locks/reopen "$R"
status "admin reopens the city" 200
js "reopened" .status.reopened true
js "reopened until" .status.reopen.until 2022-07-05
js "reopened by" .status.reopen.by admin1
as ward1 GET '/api/locks?unit=01837&period=202206'
js "the ward under the city is open" .closed false
js "status shows the reopening" .reopen.reason "bổ sung số liệu thu ngân sách"
send ward1 PUT /api/values "$JUNE"
status "ward PUT after the reopening" 200
js "written" .value.value 12.5
send ward1 PUT /api/values '{"indicator":"KT02","unit":"01837","period":"202205","value":1}'
error "May stays closed" 409 conflict period
"$BIN" lock list --all >"$TMP/list.out" 2>&1
grep -q 'admin1' "$TMP/list.out" && grep -q 'bổ sung số liệu thu ngân sách' "$TMP/list.out" && ok ||
  bad "lock list does not show the reopening: $(cat "$TMP/list.out")"

# ---- after `until` the period is closed again
stop_server
export CHITIEU_TODAY=2022-07-06
start_server
send ward1 PUT /api/values "$JUNE"
error "closed again after until" 409 conflict period
js "same refusal" .error.message "$MSG"

# ---- the settings: admin only, checked, and they take effect
as ward1 GET /api/locks/config
error "ward reads config" 403 forbidden
as admin1 GET /api/locks/config
status "config" 200
js "default due day" .due_day 25
js "default cutoff" .cutoff_day 14
js "default grace" .grace_days 0
js "default enabled" .enabled true
send ward1 PUT /api/locks/config '{"grace_days":30}'
error "ward changes config" 403 forbidden
send admin1 PUT /api/locks/config '{"due_day":40}'
error "due day out of range" 400 invalid due_day
send admin1 PUT /api/locks/config '{"grace_days":1.5}'
error "grace not whole" 400 invalid grace_days
send admin1 PUT /api/locks/config '{"grace_days":3,"color":"red"}'
error "unknown config field" 400 invalid color
as admin1 GET /api/locks/config
js "refused changes left nothing" .grace_days 0
send admin1 PUT /api/locks/config '{"grace_days":15}'
status "admin sets 15 grace days" 200
js "grace saved" .grace_days 15
js "other settings kept" .due_day 25
send ward1 PUT /api/values "$JUNE"
status "June open again within the grace (25/06 + 15 days)" 200
as ward1 GET '/api/locks?unit=01837&period=202206'
js "deadline moved" .deadline 2022-07-10
send ward1 PUT /api/values '{"indicator":"KT02","unit":"01837","period":"202201","value":1}'
error "January still closed" 409 conflict period
grep -q 'gia hạn thêm 15 ngày' <<<"$BODY" && ok || bad "refusal does not mention the grace: $BODY"
send admin1 PUT /api/locks/config '{"enabled":false}'
js "switched off" .enabled false
send ward1 PUT /api/values '{"indicator":"KT02","unit":"01837","period":"202201","value":1}'
status "locking off: January written" 200
"$BIN" lock config >"$TMP/cfg.out" 2>&1
grep -q 'tắt' "$TMP/cfg.out" && grep -q '15' "$TMP/cfg.out" && ok ||
  bad "the CLI does not see the API's settings: $(cat "$TMP/cfg.out")"
send admin1 PUT /api/locks/config '{"enabled":true,"grace_days":0}'
send ward1 PUT /api/values '{"indicator":"KT02","unit":"01837","period":"202201","value":2}'
error "locking on again" 409 conflict period

# ---- closing by hand (issue #13): July is open (due 25/07); the administrator closes it for the city
JULY='{"indicator":"KT02","unit":"01837","period":"202207","value":4}'
C='{"unit":"058","period":"202207","reason":"đã chốt số báo cáo tỉnh"}'
send ward1 POST /api/locks/close "$C"
error "a ward cannot close" 403 forbidden
send admin1 POST /api/locks/close '{"unit":"058","period":"202207"}'
error "close without a reason" 400 invalid reason
send admin1 POST /api/locks/close '{"unit":"99999","period":"202207","reason":"x"}'
error "close an unknown unit" 404 not_found unit
send admin1 POST /api/locks/close '{"unit":"058","period":"202208","reason":"x"}'
error "close a period not begun" 400 invalid period
send ward1 PUT /api/values "$JULY"
status "July open before the closing" 200
send admin1 POST /api/locks/close "$C"
status "admin closes July for the city" 200
js "closed by hand" .status.closed_by_hand true
js "closing by" .status.close.by admin1
js "closing reason" .status.close.reason "đã chốt số báo cáo tỉnh"
send ward1 PUT /api/values "$JULY"
error "the ward under the city is closed before the deadline" 409 conflict period
js "the refusal names the closing (the day of the closing is the clock's, not CHITIEU_TODAY's)" \
  '.error.message | test("^kỳ tháng 7/2022 đã được khóa sổ ngày [0-9]{2}/[0-9]{2}/[0-9]{4} cho đơn vị 058 \\(admin1: đã chốt số báo cáo tỉnh\\); đề nghị quản trị mở lại cho đơn vị 01837$")' true
send admin1 POST /api/locks/close "$C"
error "closing twice" 409 conflict period
# the web's entry posts to dataValueSets: closed by hand there too, before the deadline
send ward1 POST /api/dataValueSets '{"dataValues":[{"dataElement":"KT02","period":"202207","orgUnit":"01837","value":5}]}'
status "dataValueSets into the month closed by hand" 409
js "dataValueSets: the conflict names the closing" '.conflicts[0].value | test("khóa sổ ngày")' true
as ward1 GET '/api/locks?unit=01837&period=202207'
js "status of the ward: closed by hand" '"\(.closed) \(.closed_by_hand) \(.past_deadline)"' "true true false"
send admin1 POST /api/locks/reopen '{"unit":"01837","period":"202207","until":"08/07/2022","reason":"sửa số"}'
status "reopened after the closing" 200
send ward1 PUT /api/values "$JULY"
status "the later reopening wins" 200
send ward2 PUT /api/values '{"indicator":"KT02","unit":"01834","period":"202207","value":4}'
error "another ward stays closed" 409 conflict period
"$BIN" lock list >"$TMP/list2.out" 2>&1
grep -q 'đã chốt số báo cáo tỉnh' "$TMP/list2.out" && ok || bad "lock list does not show the closing: $(cat "$TMP/list2.out")"

# ---- who has reported (issue #13, item 4): the city's wards by month, judged on the pinned day
as admin1 GET '/api/completeness?unit=058&year=2022'
status "completeness of the city" 200
js "the city's eight wards" '.units | length' 8
js "twelve months" '.months | length' 12
js "January: every ward owes, rate given" '.months[0] | (.owing > 0 and .rate != null)' true
js "a cell says what is owed and entered" '.units[0].cells[0] | (.owed >= .entered and (.state | test("^(all|partly|nothing)$")))' true
as ward1 GET '/api/completeness?unit=01837&year=2022'
status "a ward sees its own row" 200
js "its own row" '[.units[].code] | join(",")' 01837
as ward1 GET '/api/completeness?unit=058&year=2022'
error "a ward cannot see the city's table" 403 forbidden
as admin1 GET '/api/completeness?unit=058'
js "completeness without a year: this year, judged today" '"\(.year) \(.today)"' "2022 2022-07-06"
as admin1 GET '/api/completeness?unit=058&year=20x2'
error "completeness with a bad year" 400 invalid year
as admin1 GET '/api/completeness?unit=99999&year=2022'
error "completeness of an unknown unit" 404 not_found unit
"$BIN" completeness --unit 058 --year 2022 --json >"$TMP/compl.json" 2>&1
eq "the CLI's table is the API's" "$(jq -c '[.months[].on_time, .units[].cells[].state]' "$TMP/compl.json")" \
  "$(as admin1 GET '/api/completeness?unit=058&year=2022'; jq -c '[.months[].on_time, .units[].cells[].state]' <<<"$BODY")"
"$BIN" completeness --unit 058 --year 2022 >"$TMP/compl.txt" 2>&1
grep -q "^01837 " "$TMP/compl.txt" && grep -q "đơn vị gửi đủ số liệu tháng" "$TMP/compl.txt" && ok ||
  bad "completeness text: $(cat "$TMP/compl.txt")"

# ---- the validation analysis (issue #13): the city's values of June 2022, by scope
as admin1 GET '/api/validation?unit=058&period=202206'
status "validation of the city" 200
js "validation looked at the city and its wards" '"\(.units) \(.values > 0) \(.errors + .warnings == (.items | length))"' "9 true true"
as ward1 GET '/api/validation?unit=058&period=202206'
error "a ward cannot validate the city" 403 forbidden
as ward1 GET '/api/validation?unit=01837&period=202206'
status "a ward validates its own figures" 200
as admin1 GET '/api/validation?unit=058&period=202213'
error "validation with a bad period" 400 invalid period
as admin1 GET '/api/validation?unit=99999&period=202206'
error "validation of an unknown unit" 404 not_found unit
"$BIN" validate --unit 058 --period 202206 --json >"$TMP/val.json" 2>&1
eq "the CLI's validation is the API's" "$(jq -c . "$TMP/val.json")" \
  "$(as admin1 GET '/api/validation?unit=058&period=202206'; jq -c . <<<"$BODY")"

# ---- the CLI, the administrator's tool, is never locked
"$BIN" value set --indicator KT02 --unit 01837 --period 202201 --value 7 --reason "sửa trên máy chủ" \
  >"$TMP/cli.out" 2>&1 && ok || bad "CLI value set into a closed period: $(cat "$TMP/cli.out")"

grep -q ' 500 ' "$TMP/srv.err" && bad "a 500 in the log" || ok
stop_server
eq "SIGTERM exits 0" 0 "$SRV_RC"
finish
