#!/usr/bin/env bash
# test_http_admin.sh - the administrator and account routes on the demo
# database: agencies, units (validity dates, merger links), indicators,
# targets (list filtered to the units a user may view, set, delete, history
# with the administrator as author), deleting a value, own password and API
# tokens, users (create with a password answered once, change, disable).
# For each route: the happy path, 401 without login, 403 for a non-admin on
# administrator routes, 403 across wards, 400 naming the field on a bad
# body, 403 csrf without the token on every state-changing route.
. "$(dirname "$0")/lib.sh"

has_route /api/users || skip_all "the admin routes are not in this build yet"

demo_db
add_user admin1 admin --view VN
add_user ward1 ward --enter 01834
add_user ward2 ward --enter 01837
add_user viewer1 viewer --view 058
# value writes in May 2025 are open on this day (period locks)
export CHITIEU_TODAY=2025-05-20
start_server
for u in admin1 ward1 ward2 viewer1; do login $u; done

# ---- every route: 401 without a session; writes: 403 for a non-admin, 403 csrf without the token
READS='GET /api/agencies
GET /api/units/01834/links
GET /api/targets
GET /api/targets/history?indicator=KT02&unit=01834&year=2020
GET /api/tokens
GET /api/users'
WRITES='POST /api/agencies
PUT /api/agencies/TCKH
POST /api/units
PUT /api/units/01834
POST /api/units/01834/links
POST /api/indicators
PUT /api/indicators/KT01
PUT /api/targets
DELETE /api/targets?indicator=KT02&unit=01834&year=2020
DELETE /api/values?indicator=KT02&unit=01834&period=202206
POST /api/password
POST /api/tokens
DELETE /api/tokens/x
POST /api/users
PUT /api/users/ward1'
while read -r m p; do
  req "$m" "$p" --data-binary '{}'
  error "no session $m $p" 401 unauthorized
done <<<"$READS
$WRITES"
while read -r m p; do
  as admin1 "$m" "$p" --data-binary '{}'
  error "no CSRF token $m $p" 403 csrf
done <<<"$WRITES"
ADMIN_ONLY='POST /api/agencies
PUT /api/agencies/TCKH
POST /api/units
PUT /api/units/01834
POST /api/units/01834/links
POST /api/indicators
PUT /api/indicators/KT01
PUT /api/targets
DELETE /api/targets?indicator=KT02&unit=01834&year=2020
POST /api/users
PUT /api/users/ward1'
while read -r m p; do
  send ward1 "$m" "$p" '{}'
  error "ward officer $m $p" 403 forbidden
done <<<"$ADMIN_ONLY"
as ward1 GET /api/users
error "ward officer lists users" 403 forbidden

# ---- the routes are in the OpenAPI document
req GET /api/openapi.json
for p in /api/agencies /api/agencies/{code} /api/units/{code}/links /api/targets /api/targets/history \
  /api/password /api/tokens /api/tokens/{name} /api/users /api/users/{login}; do
  js "OpenAPI has $p" ".paths[\"$p\"] != null" true
done
js "OpenAPI has DELETE /api/values" '.paths["/api/values"].delete != null' true

# ---- agencies
as viewer1 GET '/api/agencies?limit=2'
status "agencies list" 200
js "agencies page size" '.items | length' 2
js "agencies total" '.total > 2' true
send admin1 POST /api/agencies '{"code":"TDK","name":"Phòng Nội vụ"}'
status "agency created" 201
js "agency name" .name "Phòng Nội vụ"
send admin1 POST /api/agencies '{"code":"TDK","name":"Khác"}'
error "agency twice" 409 conflict code
send admin1 PUT /api/agencies/TDK '{"name":"Phòng Nội vụ (mới)"}'
status "agency renamed" 200
as viewer1 GET '/api/agencies?limit=1000'
js "renamed agency listed" '.items[] | select(.code=="TDK") | .name' "Phòng Nội vụ (mới)"
send admin1 PUT /api/agencies/TDK '{"name":"x","code":"TDK2"}'
error "agency code cannot change" 400 invalid code
send admin1 PUT /api/agencies/NOPE '{"name":"x"}'
error "unknown agency" 404 not_found code
send admin1 POST /api/agencies '{"code":"A B","name":"x"}'
error "agency code with a space" 400 invalid code
send admin1 POST /api/agencies '{"code":"TDK3","name":12}'
error "agency name not a string" 400 invalid name
send admin1 POST /api/agencies '{"code":"TDK3"}'
error "agency without a name" 400 invalid name

# ---- units
send admin1 POST /api/units '{"code":"99001","name":"Phường Thử","type":"ward","parent":"19","valid_from":"2025-07-01"}'
status "unit created" 201
js "unit valid_from" .valid_from 2025-07-01
js "unit parent" .parent 19
send admin1 POST /api/units '{"code":"99001","name":"Lại","type":"ward","parent":"058"}'
error "unit twice" 409 conflict code
send admin1 PUT /api/units/99001 '{"name":"Phường Thử Mới","valid_to":"2030-12-31"}'
status "unit updated" 200
as admin1 GET /api/units/99001
js "unit name saved" .name "Phường Thử Mới"
js "unit valid_to saved" .valid_to 2030-12-31
js "unit valid_from kept" .valid_from 2025-07-01
send admin1 PUT /api/units/99001 '{"code":"99002"}'
error "unit code cannot change" 400 invalid code
send admin1 PUT /api/units/99001 '{"valid_from":"31/02/2025"}'
error "unit bad date" 400 invalid valid_from
send admin1 PUT /api/units/99001 '{"valid_from":"2031-01-01"}'
error "unit valid_from after valid_to" 400 invalid valid_to
send admin1 POST /api/units '{"code":"99003","name":"X","type":"planet","parent":"058"}'
error "unit bad type" 400 invalid type
send admin1 POST /api/units '{"code":"99003","name":"X","type":"ward","parent":"77777"}'
error "unit unknown parent" 404 not_found parent
send admin1 POST /api/units '{"code":"99003","type":"ward","parent":"058"}'
error "unit without name" 400 invalid name
send admin1 PUT /api/units/058 '{"parent":"01834"}'
error "unit under its own child" 409 conflict parent
send admin1 POST /api/units/99001/links '{"from":"01834","date":"2025-07-01"}'
status "link created" 201
js "link from" .from 01834
send admin1 POST /api/units/99001/links '{"from":"99001","date":"2025-07-01"}'
error "link to itself" 400 invalid from
send admin1 POST /api/units/99001/links '{"from":"01834","date":"hôm qua"}'
error "link bad date" 400 invalid date
send admin1 POST /api/units/99001/links '{"from":"01834"}'
error "link without date" 400 invalid date
as admin1 GET /api/units/99001/links
status "links list" 200
js "links: predecessor" '.items[0].from + " " + .items[0].relation + " " + .items[0].date' "01834 predecessor 2025-07-01"
as admin1 GET /api/units/01834/links
js "links: successor seen from the old unit" '[.items[] | select(.relation=="successor") | .code] | index("99001") != null' true
as ward1 GET /api/units/01834/links
status "ward reads its unit's links" 200
js "ward does not see the successor outside its scope" '.total' 0
as ward1 GET /api/units/01837/links
error "ward reads a sibling's links" 403 forbidden

# ---- indicators
IND='{"code":"TEST01","name":"Số người thử","name_en":"Test people","uom":"người","sector":"social","kind":"count","frequency":"year","agency":"TCKH","decimals":0,"sort_order":99}'
send admin1 POST /api/indicators "$IND"
status "indicator created" 201
js "indicator kind" .kind count
js "indicator frequency" .frequency year
js "indicator agency" .agency TCKH
send admin1 POST /api/indicators "$IND"
error "indicator twice" 409 conflict code
send admin1 PUT /api/indicators/TEST01 '{"name_en":"Test persons","direction":"lower"}'
status "indicator updated" 200
as viewer1 GET /api/indicators/TEST01
js "indicator name_en saved" .name_en "Test persons"
js "indicator direction saved" .direction lower
js "indicator name kept" .name "Số người thử"
send admin1 PUT /api/indicators/TEST01 '{"decimals":5}'
error "decimals out of range" 400 invalid decimals
send admin1 PUT /api/indicators/TEST01 '{"decimals":"2"}'
error "decimals as a string" 400 invalid decimals
send admin1 PUT /api/indicators/TEST01 '{"decimals":1.5}'
error "decimals not whole" 400 invalid decimals
send admin1 PUT /api/indicators/TEST01 '{"code":"TEST02"}'
error "indicator code cannot change" 400 invalid code
# value type and bounds (issue #13): set, shown, checked, removed with null
as viewer1 GET /api/indicators/TEST01
js "no bounds: a count is non-negative" '"\(.value_type) \(.min) \(.max) \(.nonnegative)"' "number null null true"
send admin1 PUT /api/indicators/TEST01 '{"value_type":"whole","min":"-5","max":1000}'
status "bounds set" 200
js "bounds saved" '"\(.value_type) \(.min) \(.max) \(.nonnegative)"' "whole -5 1000 false"
send admin1 PUT /api/indicators/TEST01 '{"min":2000}'
error "min above max" 400 invalid min
send admin1 PUT /api/indicators/TEST01 '{"value_type":"fraction"}'
error "unknown value type" 400 invalid value_type
send admin1 PUT /api/indicators/TEST01 '{"min":null,"max":null,"value_type":"number"}'
js "bounds removed with null" '"\(.value_type) \(.min) \(.max)"' "number null null"
# other names (issue #19)
send admin1 PUT /api/indicators/TEST01 '{"synonyms":"chỉ tiêu thử; CTT"}'
status "synonyms set" 200
as viewer1 GET /api/indicators/TEST01
js "synonyms shown" '.synonyms' "chỉ tiêu thử; CTT"
send admin1 PUT /api/indicators/TEST01 '{"synonyms":5}'
error "synonyms not text" 400 invalid synonyms
send admin1 PUT /api/indicators/TEST01 '{"sector":"space"}'
error "indicator bad sector" 400 invalid sector
send admin1 PUT /api/indicators/TEST01 '{"agency":"NOPE"}'
error "indicator unknown agency" 404 not_found agency
send admin1 POST /api/indicators '{"code":"TEST03","name":"Tỷ lệ","uom":"%","sector":"social","kind":"ratio"}'
error "ratio without numerator" 400 invalid numerator
send admin1 POST /api/indicators '{"code":"TEST03","name":"x","uom":"%","sector":"social","freq":"year"}'
error "indicator unknown field" 400 invalid freq
send admin1 POST /api/indicators '{"code":"TEST03","name":"x","sector":"social"}'
error "indicator without uom" 400 invalid uom

# ---- targets: visibility
as admin1 GET '/api/targets?indicator=KT02&year=2020&limit=1000'
status "targets list" 200
js "admin sees the city's and the wards' targets" '[.items[].unit] | unique | length > 2' true
as ward1 GET '/api/targets?indicator=KT02&year=2020'
status "ward targets" 200
js "ward sees only its ward's targets" '[.items[].unit] | unique | join(",")' 01834
js "ward total counts only its ward" '.total == (.items | length)' true
as ward1 GET '/api/targets?unit=01837'
error "ward reads a sibling ward's targets" 403 forbidden unit
as ward1 GET '/api/targets/history?indicator=KT02&unit=01837&year=2020'
error "ward reads a sibling ward's target history" 403 forbidden unit
as admin1 GET '/api/targets?year=abc'
error "targets bad year" 400 invalid year
as admin1 GET '/api/targets?indicator=NOPE'
error "targets unknown indicator" 404 not_found indicator

# ---- targets: set, change, delete, history with the administrator as author
T='{"indicator":"KT02","unit":"01834","year":2024,"value":"12,5","note":"thử"}'
send admin1 PUT /api/targets "$T"
status "target set" 200
js "target inserted" .result inserted
js "target value" .target.value 12.5
js "target default source" .target.source own
send admin1 PUT /api/targets "$T"
js "same target again: unchanged" .result unchanged
send admin1 PUT /api/targets '{"indicator":"KT02","unit":"01834","year":2024,"value":13,"note":"thử"}'
js "target updated" .result updated
as ward1 GET '/api/targets?indicator=KT02&unit=01834&year=2024'
js "ward reads its own new target" '.items[] | select(.note=="thử") | .value' 13
as ward1 GET '/api/targets/history?indicator=KT02&unit=01834&year=2024'
status "target history" 200
js "history: old value" '.items[-1].old.value' 12.5
js "history: new value" '.items[-1].new.value' 13
js "history: the administrator is the author" '.items[-1].by' admin1
send admin1 PUT /api/targets '{"indicator":"VX04","unit":"058","year_from":2021,"year_to":2025,"kind":"reduce_to","value":"1,2","baseline":"1,53","source":"assigned"}'
status "term target reduce_to" 200
js "term target span" '"\(.target.year_from)-\(.target.year_to)"' 2021-2025
js "term target baseline" .target.baseline 1.53
send admin1 DELETE '/api/targets?indicator=KT02&unit=01834&year=2024'
status "target deleted" 200
as admin1 GET '/api/targets/history?indicator=KT02&unit=01834&year=2024'
js "history: deletion" '.items[-1].new' null
js "history: deletion author" '.items[-1].by' admin1
send admin1 DELETE '/api/targets?indicator=KT02&unit=01834&year=2024'
error "target deleted twice" 404 not_found
send admin1 DELETE '/api/targets?indicator=KT02&unit=01834'
error "delete without year" 400 invalid year
send admin1 PUT /api/targets '{"indicator":"KT02","unit":"01834","year":"2026","value":1}'
error "target year as a string" 400 invalid year
send admin1 PUT /api/targets '{"indicator":"KT02","unit":"01834","year":2024}'
error "target without value" 400 invalid value
send admin1 PUT /api/targets '{"indicator":"KT02","unit":"01834","year":2024,"value":"abc"}'
error "target bad value" 400 invalid value
send admin1 PUT /api/targets '{"indicator":"KT02","unit":"01834","value":1}'
error "target without year" 400 invalid year
send admin1 PUT /api/targets '{"indicator":"KT02","unit":"01834","year":2024,"year_from":2026,"year_to":2030,"value":1}'
error "target year and term" 400 invalid year
send admin1 PUT /api/targets '{"indicator":"VX04","unit":"01834","year":2024,"kind":"reduce_to","value":1}'
error "reduce_to without baseline" 400 invalid baseline
send admin1 PUT /api/targets '{"indicator":"KT02","unit":"01834","year":2024,"value":1,"kind":"most"}'
error "target bad kind" 400 invalid kind
send admin1 PUT /api/targets '{"indicator":"KT02","unit":"01834","year":2024,"value":1,"by":"x"}'
error "target unknown field" 400 invalid by
send admin1 PUT /api/targets '{"indicator":"KT02","unit":"77777","year":2024,"value":1}'
error "target unknown unit" 404 not_found unit

# ---- deleting a value
V='{"indicator":"KT02","unit":"01834","period":"202505","value":5}'
send ward1 PUT /api/values "$V"
status "ward enters a value" 200
send ward2 DELETE '/api/values?indicator=KT02&unit=01834&period=202505'
error "ward deletes a sibling ward's value" 403 forbidden unit
send viewer1 DELETE '/api/values?indicator=KT02&unit=01834&period=202505'
error "viewer deletes a value" 403 forbidden unit
send ward1 DELETE '/api/values?indicator=KT02&unit=01834&period=202513'
error "delete value bad period" 400 invalid period
send ward1 DELETE '/api/values?indicator=KT02&unit=01834&period=202505&reason=nh%E1%BA%A7m%20k%E1%BB%B3'
status "ward deletes its value" 200
js "deleted value answered" .value.value 5
as ward1 GET '/api/values?indicator=KT02&unit=01834&period=202505'
error "deleted value is gone" 404 not_found
as ward1 GET '/api/values/history?indicator=KT02&unit=01834&period=202505'
js "deletion in the value history" '.items[-1].new' null
js "deletion author" '.items[-1].by' ward1
js "deletion reason" '.items[-1].reason' "nhầm kỳ"
send ward1 DELETE '/api/values?indicator=KT02&unit=01834&period=202505'
error "value deleted twice" 404 not_found

# ---- API tokens (own)
send ward1 POST /api/tokens '{"name":"script","days":30}'
status "token created" 201
TOK=$(jq -r .token <<<"$BODY")
js "token answered once" '.token | length' 43
js "token expiry" '.expires_at > 0' true
send ward1 POST /api/tokens '{"name":"script"}'
error "token name twice" 409 conflict name
send ward1 POST /api/tokens '{"name":"x","days":-1}'
error "token bad days" 400 invalid days
send ward1 POST /api/tokens '{"days":1}'
error "token without name" 400 invalid name
as ward1 GET /api/tokens
js "token listed" '[.items[].name] | join(",")' script
js "token list has no secret" "[.. | strings | select(. == \"$TOK\")] | length" 0
as viewer1 GET /api/tokens
js "another user does not see it" .total 0
req GET /api/me -H "Authorization: Bearer $TOK"
status "the token works" 200
js "token principal" .user.login ward1
send viewer1 DELETE /api/tokens/script
error "another user cannot revoke it" 404 not_found name
send ward1 DELETE /api/tokens/script
status "token revoked" 200
req GET /api/me -H "Authorization: Bearer $TOK"
error "a revoked token no longer works" 401 unauthorized
send ward1 DELETE /api/tokens/script
error "token revoked twice" 404 not_found name

# ---- users
as admin1 GET '/api/users?limit=1000'
status "users list" 200
js "users list has ward1 with its scope" '.items[] | select(.login=="ward1") | .enter | join(",")' 01834
js "users list has no hash" '[.. | strings | select(startswith("$argon2"))] | length' 0
send admin1 POST /api/users '{"login":"NewBie","name":"Người Mới","role":"ward","enter":["01837"],"view":["058"]}'
status "user created" 201
NEWPW=$(jq -r .password <<<"$BODY")
js "login lower-cased" .user.login newbie
js "scopes saved" '.user.enter[0] + " " + .user.view[0]' "01837 058"
js "generated password is long" '.password | length >= 16' true
grep -aqF -- "$NEWPW" "$CHITIEU_DB" && bad "the generated password is stored in clear" || ok
grep -qF -- "$NEWPW" "$TMP/srv.err" && bad "the log shows the generated password" || ok
login newbie "$NEWPW"
as newbie GET /api/me
js "the new user is a ward officer" .role ward
send admin1 POST /api/users '{"login":"newbie","name":"x","role":"viewer"}'
error "user twice" 409 conflict login
send admin1 POST /api/users '{"login":"u2","name":"x","role":"boss"}'
error "user bad role" 400 invalid role
send admin1 POST /api/users '{"login":"u2","name":"x","role":"department"}'
error "department without agency" 400 invalid agency
send admin1 POST /api/users '{"login":"u2","name":"x","role":"ward","agency":"TCKH"}'
error "agency for a ward officer" 400 invalid agency
send admin1 POST /api/users '{"login":"u2","name":"x","role":"ward","enter":["77777"]}'
error "unknown scope unit" 404 not_found enter
send admin1 POST /api/users '{"login":"u2","name":"x","role":"ward","view":"058"}'
error "view not an array" 400 invalid view
send admin1 POST /api/users '{"login":"u2","name":"x","role":"ward","password":"chon-mat-khau-123"}'
error "password cannot be chosen" 400 invalid password
send admin1 POST /api/users '{"login":"u 2","name":"x","role":"ward"}'
error "bad login" 400 invalid login
send admin1 PUT /api/users/newbie '{"name":"Người Mới Đổi","role":"department","agency":"TCKH","enter":["058"]}'
status "user changed" 200
js "user role changed" .role department
js "enter scope replaced" '.enter | join(",")' 058
js "view scope kept" '.view | join(",")' 058
send admin1 PUT /api/users/newbie '{"active":"no"}'
error "active not a boolean" 400 invalid active
send admin1 PUT /api/users/admin1 '{"active":false}'
error "an administrator cannot disable itself" 409 conflict active
send admin1 PUT /api/users/nobody '{"name":"x"}'
error "unknown user" 404 not_found login
as newbie GET /api/me
status "session alive before disabling" 200
send admin1 PUT /api/users/newbie '{"active":false}'
status "user disabled" 200
js "user inactive" .active false
as newbie GET /api/me
error "a disabled user's session stops working" 401 unauthorized
send admin1 PUT /api/users/newbie '{"active":true}'
js "user enabled again" .active true

# ---- own password: keeps this session, ends the others
login ward2 "$PW" ward2b
send ward2 POST /api/password '{"old":"sai-mat-khau-999","new":"mat-khau-moi-456"}'
error "wrong old password" 403 forbidden old
send ward2 POST /api/password "{\"old\":\"$PW\",\"new\":\"ngan\"}"
error "weak new password" 400 invalid new
send ward2 POST /api/password "{\"old\":\"$PW\"}"
error "no new password" 400 invalid new
as ward2b GET /api/me
status "other session alive before the change" 200
send ward2 POST /api/password "{\"old\":\"$PW\",\"new\":\"mat-khau-moi-456\"}"
status "password changed" 200
as ward2 GET /api/me
status "the session that changed it keeps working" 200
as ward2b GET /api/me
error "the other session ended" 401 unauthorized
login ward2 mat-khau-moi-456 ward2c

alive "at the end"
grep -q ' 500 ' "$TMP/srv.err" && bad "a 500 in the log: $(grep ' 500 ' "$TMP/srv.err" | head -3)" || ok
grep -qF -- "$TOK" "$TMP/srv.err" && bad "the log shows a token" || ok
stop_server
eq "SIGTERM exits 0" 0 "$SRV_RC"
grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$TMP/srv.err" && bad "sanitizer report: $(grep -m3 -E 'Sanitizer|runtime error' "$TMP/srv.err")" || ok
finish
