#!/usr/bin/env bash
# test_http_bulk.sh - POST /api/dataValueSets on the demo database with the
# real server: JSON and CSV imports answer DHIS2-like summaries with counts,
# a dry run writes nothing, re-posting changes nothing (all "ignored"), every
# kind of bad row (number, unknown indicator or unit, wrong frequency, unit
# not valid yet, a duplicate key with another value, a closed period, an
# unknown field) answers 409 naming the row and field, a sibling ward or another
# agency's indicator 403 with the same summary, and in every case
# NOTHING written, CSRF is needed with a session and not with a token,
# bodies over 64 MiB or over 1.000.000 rows get 413, malformed JSON or CSV 400.
. "$(dirname "$0")/lib.sh"

has_users || skip_all "\`chitieu user add\` is not in this build yet"

# the demo as of the end of 2024 (its seed years): the months of 2025 are still empty
CHITIEU_TODAY=2024-12-31 demo_db
add_user admin1 admin --view VN
add_user ward1 ward --enter 01834
add_user dept1 department --agency TCKH --enter 058
# Locks are judged on 20/05/2025: May 2025 is open (due 25/05), April is closed.
export CHITIEU_TODAY=2025-05-20
start_server
for u in admin1 ward1 dept1; do login $u; done

# post LOGIN QUERY BODY: POST /api/dataValueSets as LOGIN with its CSRF token, as JSON; postcsv: as CSV.
post() { send "$1" POST "/api/dataValueSets$2" "$3"; }
postcsv() { send "$1" POST "/api/dataValueSets$2" "$3" text/csv; }
# nvalues: how many values the database holds for 2025 (the CLI on the same file).
nvalues() { "$BIN" value list --year 2025 | tail -1 | grep -o '[0-9]*' | head -1; }
# value IND UNIT PERIOD: the value as GET /api/values answers it ("" when none).
value() {
  req GET "/api/values?indicator=$1&unit=$2&period=$3" -b "$TMP/ck_admin1"
  if [ "$CODE" = 200 ]; then jq -r .value <<<"$BODY"; else echo ""; fi
}

eq "no 2025 values before" 0 "$(nvalues)"

GOOD='{"dataValues":[
 {"dataElement":"KT01","period":"202505","orgUnit":"01837","value":"285"},
 {"dataElement":"KT01","period":"202505","orgUnit":"01834","value":285.5,"estimate":true},
 {"indicator":"KT03","period":"202505","unit":"01837","value":"24252.92","estimate":false}]}'

# dry run: the counts a real run would give, nothing written
post admin1 '?dryRun=true' "$GOOD"
status "dry run" 200
js "dry run status" .status SUCCESS
js "dry run flag" .dryRun true
js "dry run counts" '.importCount | "\(.imported) \(.updated) \(.ignored) \(.deleted)"' "3 0 0 0"
eq "dry run wrote nothing" 0 "$(nvalues)"
eq "dry run: GET finds nothing" "" "$(value KT01 01837 202505)"

# the real import
post admin1 '?dryRun=false' "$GOOD"
status "JSON import" 200
js "JSON import status" .status SUCCESS
js "JSON import counts" '.importCount | "\(.imported) \(.updated) \(.ignored) \(.deleted)"' "3 0 0 0"
js "JSON import no conflicts" '.conflicts | length' 0
eq "JSON import wrote 3" 3 "$(nvalues)"
req GET '/api/values?indicator=KT01&unit=01834&period=202505' -b "$TMP/ck_admin1"
js "estimate kept" .estimate true
js "by is the logged-in user" .by admin1
eq "a DHIS2 number string, dot as decimal point" 24252.92 "$(value KT03 01837 202505)"

# re-post: nothing changes
post admin1 '' "$GOOD"
status "re-post" 200
js "re-post all ignored" '.importCount | "\(.imported) \(.updated) \(.ignored)"' "0 0 3"
eq "re-post wrote nothing new" 3 "$(nvalues)"

# CSV, with one update and one new row
CSV='indicator,unit,period,value,estimate
KT01,01837,202505,290.5,0
KT01,01840,202505,100,1
KT01,01834,202505,285.5,1'
postcsv admin1 '' "$CSV"
status "CSV import" 200
js "CSV import counts" '.importCount | "\(.imported) \(.updated) \(.ignored)"' "1 1 1"
eq "CSV import wrote 1 more" 4 "$(nvalues)"
eq "CSV updated the value" "290.5" "$(value KT01 01837 202505)"

# bad rows: 409, the summary names the row and field, nothing is written
before=$(nvalues)
# badrow NAME BODY ROW FIELD: posts BODY (JSON) and checks the 409 summary.
badrow() {
  post admin1 '' "$2"
  status "$1" 409
  js "$1 status" .status ERROR
  js "$1 counts zero" '.importCount | "\(.imported) \(.updated) \(.ignored)"' "0 0 0"
  js "$1 row" '.conflicts[0].row' "$3"
  js "$1 field" '.conflicts[0].field' "$4"
  js "$1 reason" '.conflicts[0].value | length > 10' true
  eq "$1 wrote nothing" "$before" "$(nvalues)"
}
OK1='{"dataElement":"KT01","period":"202506","orgUnit":"01843","value":"1"}'
badrow "ambiguous number" "{\"dataValues\":[$OK1,{\"dataElement\":\"KT01\",\"period\":\"202505\",\"orgUnit\":\"01846\",\"value\":\"1,739.5\"}]}" 1 value
js "ambiguous number object" '.conflicts[0].object' "1,739.5"
# issue #13: -120 of an amount was accepted; now the row and the field are named, nothing written
badrow "negative amount" "{\"dataValues\":[$OK1,{\"dataElement\":\"KT01\",\"period\":\"202505\",\"orgUnit\":\"01846\",\"value\":-120}]}" 1 value
js "negative amount: the reason" '.conflicts[0].value | test("-120 không được âm")' true
# DHIS2's numbers (issue #13): the Vietnamese form is refused with the reason, in JSON and CSV
badrow "Vietnamese decimal comma" "{\"dataValues\":[$OK1,{\"dataElement\":\"KT01\",\"period\":\"202505\",\"orgUnit\":\"01846\",\"value\":\"1.739,5\"}]}" 1 value
js "Vietnamese form: the reason names DHIS2's dot" '.conflicts[0].value | test("dấu chấm là dấu thập phân")' true
postcsv admin1 '' $'indicator,unit,period,value\nKT01,01843,202506,"1,5"'
status "CSV Vietnamese decimal comma" 409
eq "CSV Vietnamese decimal comma wrote nothing" "$before" "$(nvalues)"
badrow "unknown indicator" "{\"dataValues\":[$OK1,{\"dataElement\":\"ZZ99\",\"period\":\"202505\",\"orgUnit\":\"01846\",\"value\":1}]}" 1 dataElement
badrow "unknown unit" "{\"dataValues\":[$OK1,$OK1,{\"dataElement\":\"KT01\",\"period\":\"202505\",\"orgUnit\":\"99999\",\"value\":1}]}" 2 orgUnit
badrow "wrong frequency" "{\"dataValues\":[{\"dataElement\":\"KT07\",\"period\":\"202505\",\"orgUnit\":\"01846\",\"value\":1},$OK1]}" 0 period
badrow "unit not valid yet" "{\"dataValues\":[$OK1,{\"dataElement\":\"KT01\",\"period\":\"202505\",\"orgUnit\":\"BK2025\",\"value\":1}]}" 1 orgUnit
badrow "duplicate key, another value" "{\"dataValues\":[$OK1,{\"dataElement\":\"KT01\",\"period\":\"202506\",\"orgUnit\":\"01843\",\"value\":\"2\"}]}" 1 value
badrow "unknown field" "{\"dataValues\":[$OK1,{\"dataElement\":\"KT01\",\"period\":\"202505\",\"orgUnit\":\"01846\",\"value\":1,\"colour\":true}]}" 1 colour
badrow "a comment that is not text" "{\"dataValues\":[$OK1,{\"dataElement\":\"KT01\",\"period\":\"202505\",\"orgUnit\":\"01846\",\"value\":1,\"comment\":[1]}]}" 1 comment
badrow "closed period" "{\"dataValues\":[$OK1,{\"dataElement\":\"KT01\",\"period\":\"202504\",\"orgUnit\":\"01846\",\"value\":1}]}" 1 period
badrow "value of the wrong type" "{\"dataValues\":[{\"dataElement\":\"KT01\",\"period\":\"202505\",\"orgUnit\":\"01846\",\"value\":[1]}]}" 0 value
# every bad row is listed, not only the first
post admin1 '' "{\"dataValues\":[{\"dataElement\":\"ZZ99\",\"period\":\"202505\",\"orgUnit\":\"01846\",\"value\":1},$OK1,{\"dataElement\":\"KT01\",\"period\":\"2025-13\",\"orgUnit\":\"01846\",\"value\":1}]}"
status "two bad rows" 409
js "two bad rows listed" '[.conflicts[] | "\(.row):\(.field)"] | join(",")' "0:dataElement,2:period"
eq "two bad rows wrote nothing" "$before" "$(nvalues)"
# a CSV conflict names the file's line and the column as the header spells it
postcsv admin1 '' $'chi_tieu,don_vi,ky,gia_tri\nKT01,01843,202506,1\nKT01,01843,202505,abc'
status "CSV bad number" 409
js "CSV bad number line and column" '"\(.conflicts[0].row):\(.conflicts[0].field):\(.conflicts[0].object)"' "3:gia_tri:abc"
eq "CSV bad number wrote nothing" "$before" "$(nvalues)"
postcsv admin1 '' $'indicator,unit,period,value,by\nKT01,01843,202506,1,someone'
status "CSV by column refused" 400
eq "CSV by column wrote nothing" "$before" "$(nvalues)"

# scope: a ward officer may write its own ward, not its sibling; a department only its agency
post ward1 '' '{"dataValues":[{"dataElement":"KT01","period":"202505","orgUnit":"01834","value":"286"},
 {"dataElement":"KT01","period":"202505","orgUnit":"01837","value":"1"}]}'
status "ward1 posting a sibling ward: 403 with the summary" 403
js "sibling ward status" .status ERROR
js "sibling ward row and field" '"\(.conflicts[0].row):\(.conflicts[0].field)"' "1:orgUnit"
eq "sibling ward wrote nothing" "$before" "$(nvalues)"
eq "own ward row not written either" "285.5" "$(value KT01 01834 202505)"
post ward1 '' '{"dataValues":[{"dataElement":"KT01","period":"202505","orgUnit":"01834","value":"x"},
 {"dataElement":"KT01","period":"202505","orgUnit":"01837","value":"1"}]}'
status "a bad row and a forbidden row: 409" 409
js "both listed" '[.conflicts[] | "\(.row):\(.field)"] | join(",")' "0:value,1:orgUnit"
post ward1 '' '{"dataValues":[{"dataElement":"KT01","period":"202505","orgUnit":"01834","value":"286"}]}'
status "ward1 own ward" 200
js "ward1 own ward updated" .importCount.updated 1
eq "ward1 own ward value" 286 "$(value KT01 01834 202505)"
post dept1 '' '{"dataValues":[{"dataElement":"KT01","period":"202505","orgUnit":"058","value":"1"}]}'
status "department posting another agency's indicator" 403
js "department conflict names the indicator" '"\(.conflicts[0].row):\(.conflicts[0].field)"' "0:dataElement"
post dept1 '' '{"dataValues":[{"dataElement":"KT02","period":"202505","orgUnit":"058","value":"12.5"}]}'
status "department its own indicator" 200
js "department imported" .importCount.imported 1
before=$(nvalues)

# "1.234" from a DHIS2 client is one and 234 thousandths (it was stored as 1234), string or number
post admin1 '' '{"dataValues":[{"dataElement":"KT01","period":"202506","orgUnit":"01846","value":"1.234"},
 {"dataElement":"KT01","period":"202506","orgUnit":"01849","value":1.234},
 {"dataElement":"KT01","period":"202506","orgUnit":"01852","value":"1.5E3"}]}'
status "DHIS2 decimals" 200
eq "\"1.234\" is 1.234" 1.234 "$(value KT01 01846 202506)"
eq "1.234 is 1.234" 1.234 "$(value KT01 01849 202506)"
eq "\"1.5E3\" is 1500" 1500 "$(value KT01 01852 202506)"
postcsv admin1 '' $'indicator,unit,period,value\nKT01,01846,202506,2.5'
status "CSV DHIS2 decimal" 200
eq "CSV 2.5 is 2.5" 2.5 "$(value KT01 01846 202506)"
before=$(nvalues)

# CSRF: needed with a session cookie, not with an API token
req POST /api/dataValueSets -b "$TMP/ck_admin1" -H 'Content-Type: application/json' --data-binary "$GOOD"
error "session without CSRF" 403 csrf
req POST /api/dataValueSets -H 'Content-Type: application/json' --data-binary "$GOOD"
error "no session" 401 unauthorized
if make_token admin1 bulk; then
  req POST /api/dataValueSets -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary "$GOOD"
  status "token without CSRF" 200
  # since GOOD: ward1 changed 01834, the CSV changed 01837's KT01; KT03 is as posted
  js "token import counts" '.importCount | "\(.imported) \(.updated) \(.ignored)"' "0 2 1"
fi

# document errors: 400 / 413, plain JSON errors, nothing written
post admin1 '' '{"dataValues":[{"dataElement":"KT01"'
error "truncated JSON" 400 invalid body
post admin1 '' '{"dataValues":[{"dataElement":"KT01","period":"202506","orgUnit":"01843","value":1} {"x":1}]}'
error "missing comma" 400 invalid body
post admin1 '' '{"dataValues":[]'
error "unclosed document" 400 invalid body
post admin1 '' '{"dataValues":[],"dataSetX":"abc"}'
error "unknown top-level field" 400 invalid dataSetX
post admin1 '' '{"dataSetX":"abc","dataValues":[]}'
error "unknown first field" 400 invalid dataSetX
post admin1 '' '{}'
error "no dataValues" 400 invalid dataValues
post admin1 '' '[1,2]'
error "not an object" 400 invalid body
post admin1 '' $'{"dataValues":[{"dataElement":"KT\xff"}]}'
error "invalid UTF-8" 400 invalid body
post admin1 '?dryRun=maybe' "$GOOD"
error "bad dryRun" 400 invalid dryRun
send admin1 POST /api/dataValueSets '<x/>' application/pdf
error "unknown Content-Type" 400 invalid Content-Type
postcsv admin1 '' $'indicator,unit,period,value\nKT01,01843,"202506,1'
error "malformed CSV" 400 invalid body
postcsv admin1 '' $'indicator,unit,nonsense,value\nKT01,01843,202506,1'
error "CSV bad header" 400 invalid body
eq "document errors wrote nothing" "$before" "$(nvalues)"
head -c $((64 * 1024 * 1024 + 10)) /dev/zero | tr '\0' ' ' >"$TMP/big"
send admin1 POST /api/dataValueSets @"$TMP/big"
error "body over 64 MiB" 413 too_big
js "the limit said as people size files" .error.message "nội dung yêu cầu quá lớn: tối đa 64 MiB"
rm -f "$TMP/big"
# a body between 1 and 64 MiB is accepted by this route (the default limit is 1 MiB)
{
  printf '{"dataValues":['
  for i in $(seq 1 60); do printf '{"dataElement":"KT04","period":"202506","orgUnit":"01843","value":"1"},'; done
  printf '{"dataElement":"KT04","period":"202506","orgUnit":"01843","value":"1"}'
  head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' ' '
  printf ']}'
} >"$TMP/mid"
send admin1 POST '/api/dataValueSets?dryRun=true' @"$TMP/mid"
status "2 MiB body accepted" 200
js "2 MiB body rows" .rows 61

# more than 1.000.000 rows (in under 64 MiB): 413, nothing written
{
  printf '{"dataValues":['
  yes '{"indicator":"KT04","period":"202506","unit":"01843","value":1}' | head -n 1000001 | paste -sd, -
  printf ']}'
} >"$TMP/many"
# (no "Expect: 100-continue": under load curl could report the interim 100 as the status)
# (parsing 64 MiB of JSON in a sanitizer build on a busy machine can pass curl's usual 20 s)
as admin1 POST /api/dataValueSets -H "X-CSRF-Token: $(cat "$TMP/csrf_admin1")" \
  -H "Content-Type: application/json" -H "Expect:" --max-time 120 --data-binary @"$TMP/many"
error "over 1.000.000 rows" 413 too_big
eq "too many rows wrote nothing" "$before" "$(nvalues)"
rm -f "$TMP/many"

alive "after bulk imports"
finish
