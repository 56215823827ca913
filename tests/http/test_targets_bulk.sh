#!/usr/bin/env bash
# test_targets_bulk.sh - POST /api/targets/bulk (the plans page's import): a
# JSON array or a CSV file of targets, administrators only, a dry run that
# writes nothing and lists the changes (old and new figures), every row
# checked before any write, all or nothing (one bad row, a key given twice, a
# unit that did not exist in those years: nothing written), errors naming the
# row and field, Vietnamese CSV headers and numbers, the evaluation seeing an
# applied import.
. "$(dirname "$0")/lib.sh"

has_route /api/targets/bulk || skip_all "POST /api/targets/bulk is not in this build"

demo_db
add_user admin1 admin --view VN
add_user ward1 ward --enter 01837
start_server
login admin1
login ward1

# target value of (indicator, unit, 2022, source) as the API lists it
tval() {
  as admin1 GET "/api/targets?indicator=$1&unit=$2&year=2022"
  jq -r --arg s "${3:-assigned}" '[.items[] | select(.source == $s and .year_from == 2022 and .year_to == 2022) | .value][0]' <<<"$BODY"
}
KT01_OLD=$(tval KT01 01837)
eq "demo has the ward's 2022 retail target" 508 "$KT01_OLD"

# ---- who may call it
ROWS='[{"indicator":"KT01","unit":"01837","year":2022,"source":"assigned","value":"520,5","note":"điều chỉnh"},
       {"indicator":"KT04","unit":"01837","year":2022,"source":"own","value":3,"kind":"at_least"}]'
req POST /api/targets/bulk -H 'Content-Type: application/json' --data-binary "$ROWS"
error "anonymous" 401 unauthorized
send ward1 POST /api/targets/bulk "$ROWS"
error "ward officer" 403 forbidden
as admin1 POST /api/targets/bulk -H 'Content-Type: application/json' --data-binary "$ROWS"
status "no CSRF token" 403
eq "nothing written by refused calls" 508 "$(tval KT01 01837)"

# ---- dry run: the changes, nothing written
send admin1 POST '/api/targets/bulk?dryRun=true' "$ROWS"
status "dry run" 200
js "dry run status" .status SUCCESS
js "dry run flag" .dryRun true
js "dry run counts" '.importCount | "\(.imported) \(.updated) \(.ignored)"' "1 1 0"
js "dry run: the update shows old and new" \
  '.changes[] | select(.indicator == "KT01") | "\(.result) \(.old.value) \(.new.value) \(.new.note)"' \
  "updated 508 520.5 điều chỉnh"
js "dry run: the insert has no old" '.changes[] | select(.indicator == "KT04") | "\(.result) \(.old)"' \
  "inserted null"
eq "dry run wrote nothing" 508 "$(tval KT01 01837)"
eq "dry run inserted nothing" null "$(tval KT04 01837 own)"

# ---- apply, then again (unchanged), history names the administrator, eval sees it
send admin1 POST /api/targets/bulk "$ROWS"
status "apply" 200
js "apply counts" '.importCount | "\(.imported) \(.updated) \(.ignored)"' "1 1 0"
eq "applied update" 520.5 "$(tval KT01 01837)"
eq "applied insert" 3 "$(tval KT04 01837 own)"
send admin1 POST /api/targets/bulk "$ROWS"
js "re-applying changes nothing" '.importCount | "\(.imported) \(.updated) \(.ignored)"' "0 0 2"
js "unchanged rows are not listed as changes" '.changes | length' 0
as admin1 GET '/api/targets/history?indicator=KT01&unit=01837&year=2022'
js "history: the administrator changed it" '[.items[] | select(.new.value == 520.5) | .by][0]' admin1
as admin1 GET '/api/eval?unit=01837&period=202206'
js "eval uses the imported target" '.indicators[] | select(.code == "KT01") | .assigned_target' 520.5

# ---- all or nothing: one bad row refuses every row, naming row and field
BAD='[{"indicator":"KT01","unit":"01837","year":2022,"source":"assigned","value":600},
      {"indicator":"KT02","unit":"01837","year":2022,"source":"assigned","value":7},
      {"indicator":"KHONGCO","unit":"01837","year":2022,"value":1}]'
send admin1 POST /api/targets/bulk "$BAD"
status "a bad row" 409
js "status ERROR" .status ERROR
js "nothing counted" '.importCount | "\(.imported) \(.updated)"' "0 0"
js "the bad row and field" '.conflicts[0] | "\(.row) \(.field) \(.object)"' "2 indicator KHONGCO"
js "message names the code" '.conflicts[0].value | test("KHONGCO")' true
eq "good rows not written" 520.5 "$(tval KT01 01837)"
eq "second good row not written" 6.31 "$(tval KT02 01837)"

# several bad rows are all reported
send admin1 POST /api/targets/bulk '[{"indicator":"KT01","unit":"01837","year":2022,"value":"1,739.5"},
  {"indicator":"VX04","unit":"01837","year":2022,"kind":"reduce_to","value":1.5},
  {"indicator":"KT01","unit":"01837","value":1},
  {"indicator":"KT01","unit":"01837","year":2022,"value":1,"colour":"đỏ"},
  {"indicator":"KT01","unit":"01837","year":2022,"kind":"mostly","value":1}]'
status "several bad rows" 409
js "ambiguous number: field value" '.conflicts[] | select(.row == 0) | .field' value
js "reduce_to without baseline" '.conflicts[] | select(.row == 1) | .field' baseline
js "no year" '.conflicts[] | select(.row == 2) | .field' year
js "unknown field named" '.conflicts[] | select(.row == 3) | .field' colour
js "unknown kind" '.conflicts[] | select(.row == 4) | .field' kind
js "five bad rows counted" .bad 5

# a key twice: the later row is refused naming the first
send admin1 POST /api/targets/bulk '[{"indicator":"KT01","unit":"01837","year":2022,"source":"assigned","value":1},
  {"indicator":"KT01","unit":"01837","year":2022,"source":"assigned","value":2}]'
status "duplicate key" 409
js "duplicate names the first row" '.conflicts[0] | "\(.row) \(.value | test("dòng 0"))"' "1 true"
eq "duplicate: nothing written" 520.5 "$(tval KT01 01837)"

# the store's refusal in pass 2 (a unit that did not exist in 2020) rolls back the good rows too
send admin1 POST /api/targets/bulk '[{"indicator":"KT01","unit":"01837","year":2022,"source":"assigned","value":999},
  {"indicator":"KT01","unit":"BK2025","year":2020,"value":5}]'
status "unit not valid in those years" 409
js "field year on row 1" '.conflicts[0] | "\(.row) \(.field)"' "1 year"
eq "pass 2 rolled back" 520.5 "$(tval KT01 01837)"

# ---- CSV: Vietnamese header, ';' separator, Vietnamese numbers; rows are the file's lines
printf 'chi_tieu;don_vi;nam;nguon;gia_tri;ghi_chu\nKT01;01837;2022;assigned;1.739,5;"Nghị quyết HĐND"\n\nKT03;01837;2022;assigned;45.601,94;UBND thành phố giao\n' >"$TMP/t.csv"
send admin1 POST '/api/targets/bulk?dryRun=1' @"$TMP/t.csv" text/csv
status "CSV dry run" 200
js "CSV dry run counts" '.importCount | "\(.imported) \(.updated) \(.ignored)"' "0 1 1"
js "CSV change" '.changes[0] | "\(.row) \(.new.value) \(.new.note)"' "2 1739.5 Nghị quyết HĐND"
send admin1 POST /api/targets/bulk @"$TMP/t.csv" text/csv
status "CSV apply" 200
eq "CSV applied" 1739.5 "$(tval KT01 01837)"
printf 'indicator,unit,year,value\nKT01,01837,2022,"1.800"\nKT01,01837,năm nay,5\n' >"$TMP/bad.csv"
send admin1 POST /api/targets/bulk @"$TMP/bad.csv" text/csv
status "CSV bad year" 409
js "CSV conflict names line and field" '.conflicts[0] | "\(.row) \(.field)"' "3 year"
eq "CSV: nothing written" 1739.5 "$(tval KT01 01837)"
printf 'indicator,unit,year,mau\nKT01,01837,2022,1\n' >"$TMP/hdr.csv"
send admin1 POST /api/targets/bulk @"$TMP/hdr.csv" text/csv
error "CSV unknown column" 400 invalid body
js "message names the column" '.error.message | test("mau")' true

# ---- malformed documents
send admin1 POST /api/targets/bulk '{"indicator":"KT01"}'
error "not an array" 400 invalid body
send admin1 POST /api/targets/bulk '["KT01",{"indicator":"KT01","unit":"01837","year":2022,"value":[1]}]'
status "rows that are not objects" 409
js "a non-object row names its text" '.conflicts[0] | "\(.row) \(.object)"' "0 KT01"
js "a nested value names its field" '.conflicts[1] | "\(.row) \(.field)"' "1 value"
send admin1 POST /api/targets/bulk '[]'
error "no rows" 400 invalid body
send admin1 POST /api/targets/bulk '[{"indicator":'
error "broken JSON" 400 invalid body
send admin1 POST '/api/targets/bulk?dryRun=maybe' "$ROWS"
error "bad dryRun" 400 invalid dryRun
send admin1 POST /api/targets/bulk 'x' text/plain
error "bad content type" 400 invalid Content-Type
alive "after the bad documents"
finish
