#!/usr/bin/env bash
# test_http_rules.sh - rules between indicators over HTTP (issue #13, item 1),
# on the demo database with the server's day pinned (20/06/2022: June open).
# Managing rules: anyone logged in reads them, only an administrator adds,
# changes or removes one, and a bad rule is refused naming its field. An
# error rule (BHYT <= DS) refuses the value with 409, names the rule, unit,
# period and both sides, and changes nothing, also as one row of a
# dataValueSets (the whole set refused). The journey of the issue: a ward
# enters June, gets a warning (KT15 <= KT01) and comments; a warning rule
# added afterwards blocks the submit until a comment explains it; the ward
# submits; the city returns it with a reason; the ward fixes it (the fixed
# value loses its old comment) and resubmits; the city approves; the ward's
# next write is refused (409); the province accepts. The validation lists
# the commented warning.
. "$(dirname "$0")/lib.sh"

has_route /api/rules || skip_all "the rules routes are not in this build yet"

demo_db
add_user adm1 admin --view VN
add_user ward1 ward --enter 01837
add_user city1 leader --view 058
add_user prov1 leader --view 06

export CHITIEU_TODAY=2022-06-20
start_server
for u in adm1 ward1 city1 prov1; do login $u; done
S='{"unit":"01837","period":"202206"}'

# ---- managing rules -----------------------------------------------------------
as ward1 GET /api/rules
status "a ward reads the rules" 200
js "the demo ships its rules" '[.items[].code] | index("BHYT_DS") != null and index("KT15_KT01") != null' true
as ward1 GET /api/rules/KT15_KT01
js "one rule" '"\(.left) \(.op) \(.right) \(.importance)"' "KT15 <= KT01 warning"
NEWRULE='{"code":"KT02_TRAN","name":"Thu ngân sách một phường hiếm khi quá 10 tỷ đồng một tháng","left":"KT02","op":"<=","right":"10","importance":"warning"}'
send ward1 POST /api/rules "$NEWRULE"
error "a ward cannot add a rule" 403 forbidden
send adm1 POST /api/rules '{"code":"BAD1","name":"Sai","left":"KT99","op":"<=","right":"KT01"}'
error "an unknown indicator is refused" 400 invalid left
js "the refusal names the indicator" '.error.message | test("KT99")' true
send adm1 POST /api/rules '{"code":"BAD2","name":"Sai","left":"KT01","op":"<=","right":"DS"}'
error "two frequencies are refused" 400 invalid
js "the refusal names both" '.error.message | test("KT01.*DS")' true
send adm1 POST /api/rules '{"code":"BAD3","name":"Sai","left":"KT01","op":"<=","right":"1.000"}'
error "a number with a dot is ambiguous" 400 invalid right
send adm1 POST /api/rules '{"code":"BAD4","name":"Sai","left":"KT01 +","op":"<=","right":"KT02"}'
error "a broken expression" 400 invalid left
send adm1 POST /api/rules '{"code":"BAD5","name":"Sai","left":"KT01","op":"=<","right":"KT02"}'
error "an unknown operator" 400 invalid op
send adm1 POST /api/rules '{"code":"BHYT_DS","name":"Lặp","left":"BHYT","op":"<=","right":"DS"}'
error "a code already there" 409 conflict code
as adm1 GET /api/rules
js "no refused rule was kept" '[.items[].code | select(startswith("BAD"))] | length' 0

# ---- an error rule refuses and changes nothing -------------------------------------
send ward1 PUT /api/values '{"indicator":"BHYT","unit":"01837","period":"2022","value":99999,"comment":"thử"}'
error "health insurance above the population" 409 conflict value
js "the refusal names the rule, unit, period and both sides" \
  '.error.message | test("BHYT_DS.*01837.*năm 2022.*BHYT = 99.999.*≤.*DS = 5.836")' true
as ward1 GET '/api/values?indicator=BHYT&unit=01837&period=2022'
js "the stored value did not change" '"\(.value) \(.comment)"' "5563 "
send ward1 POST /api/dataValueSets '{"dataValues":[{"dataElement":"KT02","period":"202206","orgUnit":"01837","value":"11"},{"dataElement":"BHYT","period":"2022","orgUnit":"01837","value":"99999"}]}'
status "dataValueSets with a row that breaks a rule" 409
js "the conflict names the row and the rule" '.conflicts[0] | "\(.object) \(.value | test("BHYT_DS"))"' "99999 true"
as ward1 GET '/api/values?indicator=KT02&unit=01837&period=202206'
js "the good row was not written either" .value 0.54

# a warning in a dataValueSets: the conflict names the comment; ?comment= lets it in, kept
DVS='{"dataValues":[{"dataElement":"KT15","period":"202206","orgUnit":"01840","value":"500"}]}'
send adm1 POST /api/dataValueSets "$DVS"
status "dataValueSets breaking a warning rule" 409
js "the conflict asks for a comment" '.conflicts[0] | "\(.field) \(.value | test("KT15_KT01"))"' "comment true"
send adm1 POST '/api/dataValueSets?comment=h%E1%BB%99i%20ch%E1%BB%A3' "$DVS"
status "with ?comment= the set goes in" 200
as adm1 GET '/api/values?indicator=KT15&unit=01840&period=202206'
js "the comment is kept with the value" '"\(.value) \(.comment)"' "500 hội chợ"
# DHIS2's own per-value "comment" explains its row, in the same transaction
DVR='{"dataValues":[{"dataElement":"KT15","period":"202206","orgUnit":"01843","value":"600","comment":"lễ hội hoa"}]}'
send adm1 POST /api/dataValueSets "${DVR/,\"comment\":\"lễ hội hoa\"/}"
status "the same row without its comment breaks the warning rule" 409
send adm1 POST /api/dataValueSets "$DVR"
status "a row's own comment lets the warning in" 200
as adm1 GET '/api/values?indicator=KT15&unit=01843&period=202206'
js "the row's comment is kept with its value" '"\(.value) \(.comment)"' "600 lễ hội hoa"
send adm1 POST /api/dataValueSets '{"dataValues":[{"dataElement":"KT15","period":"202206","orgUnit":"01846","value":"700","comment":7}]}'
status "a comment that is not a string" 409
js "the conflict names the comment field of the row" '.conflicts[0] | "\(.row) \(.field)"' "0 comment"

# ---- the journey ------------------------------------------------------------------
send ward1 PUT /api/values '{"indicator":"KT02","unit":"01837","period":"202206","value":"12,5"}'
status "ward enters June" 200
send ward1 PUT /api/values '{"indicator":"KT15","unit":"01837","period":"202206","value":500}'
error "a warning asks for a comment" 400 invalid comment
js "the warning says why" '.error.message | test("KT15_KT01.*KT15 = 500.*≤.*KT01 = 42,9.*ghi chú")' true
as ward1 GET '/api/values?indicator=KT15&unit=01837&period=202206'
status "nothing written without the comment" 404
send ward1 PUT /api/values '{"indicator":"KT15","unit":"01837","period":"202206","value":500,"comment":"lễ hội đầu mùa: khách đông"}'
status "with a comment the value goes in" 200
js "the comment is kept with the value" .value.comment "lễ hội đầu mùa: khách đông"

# a warning rule added afterwards: the stored figures break it, unexplained
send adm1 POST /api/rules "$NEWRULE"
status "the administrator adds a rule" 201
send ward1 POST /api/approval/submit "$S"
error "an unexplained warning blocks the submit" 409 conflict
js "the refusal names the rule" '.error.message | test("KT02_TRAN")' true
send ward1 PUT /api/values '{"indicator":"KT02","unit":"01837","period":"202206","value":"12,5","comment":"thu tiền sử dụng đất một lần"}'
status "the ward explains the figure" 200
as ward1 GET '/api/validation?unit=01837&period=202206'
js "the validation lists both warnings, commented" \
  '[.items[] | select(.rule == "KT02_TRAN" or .rule == "KT15_KT01") | "\(.rule):\(.importance):\(.commented)"] | sort | join(",")' \
  "KT02_TRAN:warning:true,KT15_KT01:warning:true"
send ward1 POST /api/approval/submit "$S"
status "the ward submits" 200

send city1 POST /api/approval/return '{"unit":"01837","period":"202206","comment":"doanh thu du lịch gấp 10 lần bán lẻ, xem lại"}'
status "the city returns it with a reason" 200
send ward1 PUT /api/values '{"indicator":"KT15","unit":"01837","period":"202206","value":"40,5","reason":"gõ nhầm"}'
status "the ward fixes the figure (no warning now)" 200
js "the fixed value lost the old comment" .value.comment ""
send ward1 POST /api/approval/submit "$S"
status "the ward submits again" 200
send city1 POST /api/approval/approve "$S"
status "the city approves" 200
send ward1 PUT /api/values '{"indicator":"KT15","unit":"01837","period":"202206","value":41}'
error "the ward's next write is refused" 409 conflict period
send prov1 POST /api/approval/accept "$S"
status "the province accepts" 200
js "accepted" .state accepted

# ---- changing and removing a rule ---------------------------------------------------
send adm1 PUT /api/rules/KT02_TRAN '{"importance":"error","right":"20"}'
status "the administrator changes a rule" 200
js "changed" '"\(.right) \(.importance)"' "20 error"
send adm1 DELETE /api/rules/KT02_TRAN
status "the administrator removes it" 200
as adm1 GET /api/rules/KT02_TRAN
error "removed" 404 not_found
"$BIN" rule list >"$TMP/rl.out" 2>&1
grep -q "BHYT_DS" "$TMP/rl.out" && ! grep -q "KT02_TRAN" "$TMP/rl.out" && ok || bad "CLI rule list: $(cat "$TMP/rl.out")"

grep -q ' 500 ' "$TMP/srv.err" && bad "a 500 in the log" || ok
stop_server
eq "SIGTERM exits 0" 0 "$SRV_RC"
finish
