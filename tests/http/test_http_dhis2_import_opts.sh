#!/usr/bin/env bash
# test_http_dhis2_import_opts.sh - DHIS2's import options and summary on
# POST /api/dataValueSets (issue #18): importStrategy DELETE (really deleted,
# audited, a missing value ignored), UPDATE (only existing values), CREATE
# (only new ones), dryRun with DELETE (nothing changes), atomicMode NONE
# (good rows written, 200 WARNING, the bad ones reported) against ALL (409,
# nothing written), periods chitieu cannot hold (daily, weekly, financial
# years) as conflicts saying so, storedBy/created in the audit trail, and
# DHIS2's importSummary shape (httpStatus, response.importCount, conflicts
# with object, value, errorCode, property, indexes 0-based for JSON and CSV
# alike; rows and badRows counted past the 100-conflict cap); followup kept
# with the value (exported in JSON and CSV, cleared by false and by a delete).
. "$(dirname "$0")/lib.sh"

has_route "/api/exchange/mapping" || skip_all "no DHIS2 import options"

demo_db
add_user ward1 ward --enter 01837
export CHITIEU_TODAY=2022-06-20
start_server
login ward1

dv() { # dv DE VALUE [extra fields]: one dataValue of 01837 in June 2022
  printf '{"dataElement":"%s","period":"202206","orgUnit":"01837","value":"%s"%s}' "$1" "$2" "${3:-}"
}
value_of() { as ward1 GET "/api/values?indicator=$1&unit=01837&period=202206"; }
audits() { db_sql "SELECT count(*) FROM value_audit a JOIN indicator i ON i.id = a.indicator_id
  WHERE i.code = '$1' AND a.year = 2022 AND a.month = 6"; }

# ---- DELETE -----------------------------------------------------------------------------
a0=$(audits KT01)
before=$(db_fp)
send ward1 POST '/api/dataValueSets?importStrategy=DELETE&dryRun=true' "{\"dataValues\":[$(dv KT01 '')]}"
status "DELETE dry run" 200
js "a dry run counts the delete" '.importCount.deleted' 1
eq "a dry run deletes nothing" "$before" "$(db_fp)"
send ward1 POST '/api/dataValueSets?importStrategy=DELETE' "{\"dataValues\":[$(dv KT01 '')]}"
status "DELETE" 200
js "deleted 1" '.importCount | "\(.imported) \(.updated) \(.ignored) \(.deleted)"' "0 0 0 1"
js "DHIS2's response.importCount too" '.response.importCount.deleted' 1
js "the import options echoed" '.response.importOptions.importStrategy' DELETE
value_of KT01
status "the value is gone" 404
eq "the delete is audited" $((a0 + 1)) "$(audits KT01)"
eq "the audit keeps the old value and no new one" "429000|" \
  "$(db_sql "SELECT a.old_amount, a.new_amount FROM value_audit a JOIN indicator i ON i.id = a.indicator_id
     WHERE i.code = 'KT01' AND a.year = 2022 AND a.month = 6 ORDER BY a.id DESC LIMIT 1" | sed 's/|$/|/')"
send ward1 POST '/api/dataValueSets?importStrategy=DELETE' "{\"dataValues\":[$(dv KT01 '')]}"
js "deleting a missing value is ignored" '.importCount | "\(.ignored) \(.deleted)"' "1 0"

# ---- UPDATE and CREATE ------------------------------------------------------------------
send ward1 POST '/api/dataValueSets?importStrategy=UPDATE' "{\"dataValues\":[$(dv KT01 50)]}"
js "UPDATE of a missing value is ignored" '.importCount | "\(.imported) \(.ignored)"' "0 1"
value_of KT01
status "UPDATE created nothing" 404
send ward1 POST '/api/dataValueSets?importStrategy=CREATE' "{\"dataValues\":[$(dv KT01 50)]}"
js "CREATE of a new value" '.importCount.imported' 1
send ward1 POST '/api/dataValueSets?importStrategy=CREATE' "{\"dataValues\":[$(dv KT01 51)]}"
js "CREATE of an existing value is ignored" '.importCount | "\(.updated) \(.ignored)"' "0 1"
value_of KT01
js "CREATE left it" .value 50
send ward1 POST '/api/dataValueSets?importStrategy=UPDATE' "{\"dataValues\":[$(dv KT01 52)]}"
js "UPDATE of an existing value" '.importCount.updated' 1
send ward1 POST '/api/dataValueSets?importStrategy=NEW_AND_UPDATES' "{\"dataValues\":[$(dv KT01 53)]}"
js "DHIS2's older name NEW_AND_UPDATES" '.importCount.updated' 1
send ward1 POST '/api/dataValueSets?importStrategy=MERGE' '{"dataValues":[]}'
error "an unknown importStrategy" 400 invalid importStrategy
send ward1 POST '/api/dataValueSets?atomicMode=SOME' '{"dataValues":[]}'
error "an unknown atomicMode" 400 invalid atomicMode

# ---- storedBy and created to the audit trail ---------------------------------------------
send ward1 POST '/api/dataValueSets' \
  "{\"dataValues\":[$(dv KT01 54 ',"storedBy":"dhis2.nguyen","created":"2022-06-19T08:00:00.000+0000","followup":false')]}"
status "storedBy and created" 200
eq "storedBy and created in the audit's reason" 1 \
  "$(db_sql "SELECT count(*) FROM value_audit WHERE reason LIKE '%storedBy dhis2.nguyen, created 2022-06-19T08:00:00.000+0000%'")"

send ward1 POST '/api/dataValueSets' "{\"dataValues\":[$(dv KT01 54 ',"storedBy":5')]}"
status "storedBy that is not a string" 409
js "the conflict names storedBy and its value" '.conflicts[0] | "\(.field) \(.object)"' "storedBy 5.0"
send ward1 POST '/api/dataValueSets' "{\"dataValues\":[$(dv KT01 54 ',"categoryOptionCombo":true')]}"
status "a combo that is not a string" 409
js "the conflict names categoryOptionCombo" '.conflicts[0].field' "categoryOptionCombo"
send ward1 POST '/api/dataValueSets' "{\"dataValues\":[$(dv KT01 54 ',"storedBy":null,"lastUpdated":null,"comment":null')]}"
status "null storedBy, lastUpdated and comment are as absent" 200

# ---- followup kept with the value -------------------------------------------------------
send ward1 POST '/api/dataValueSets' "{\"dataValues\":[$(dv KT01 54 ',"followup":true')]}"
status "followup true" 200
as ward1 GET '/api/dataValueSets?orgUnit=01837&period=202206&dataElement=KT01'
js "followup kept and exported" '.dataValues[0].followup' true
as ward1 GET '/api/dataValueSets.csv?orgUnit=01837&period=202206&dataElement=KT01'
eq "the CSV's followup column" true "$(sed -n 2p <<<"$BODY" | awk -F, '{print $NF}')"
send ward1 POST '/api/dataValueSets' "{\"dataValues\":[$(dv KT01 54 ',"followup":false')]}"
as ward1 GET '/api/dataValueSets?orgUnit=01837&period=202206&dataElement=KT01'
js "followup false clears it" '.dataValues[0].followup' false
send ward1 POST '/api/dataValueSets' "{\"dataValues\":[$(dv KT01 55 ',"followup":true')]}"
send ward1 POST '/api/dataValueSets?importStrategy=DELETE' "{\"dataValues\":[$(dv KT01 '')]}"
eq "a deleted value loses its followup" 0 "$(db_sql "SELECT count(*) FROM value_followup")"
send ward1 POST '/api/dataValueSets' "{\"dataValues\":[$(dv KT01 54)]}"
status "KT01 back" 200

# ---- atomicMode -----------------------------------------------------------------------
BAD3="{\"dataValues\":[$(dv KT02 0.61),$(dv KT02 abc),$(dv KT03 3936)]}"
before=$(db_fp)
send ward1 POST '/api/dataValueSets' "$BAD3"
status "atomicMode ALL (default): a bad row refuses all" 409
js "ERROR" '"\(.status) \(.response.status) \(.httpStatus) \(.httpStatusCode)"' "ERROR ERROR Conflict 409"
eq "nothing written" "$before" "$(db_fp)"
send ward1 POST '/api/dataValueSets?atomicMode=NONE' "$BAD3"
status "atomicMode NONE" 200
js "WARNING" '"\(.status) \(.response.status) \(.httpStatus)"' "WARNING WARNING OK"
js "the good rows counted, the bad one ignored" '.importCount | "\(.imported + .updated) \(.ignored)"' "2 1"
js "the bad row reported" '.response.conflicts[0] | "\(.object) \(.property) \(.errorCode) \(.indexes)"' "abc value invalid [1]"
value_of KT02
js "a good row written" .value 0.61
value_of KT03
js "the row after the bad one written" .value 3936

# ---- periods chitieu cannot hold ------------------------------------------------------
P='{"dataValues":[
 {"dataElement":"KT01","period":"20220615","orgUnit":"01837","value":"1"},
 {"dataElement":"KT01","period":"2022W24","orgUnit":"01837","value":"1"},
 {"dataElement":"KT01","period":"2022April","orgUnit":"01837","value":"1"},
 {"dataElement":"KT01","period":"2022BiW12","orgUnit":"01837","value":"1"},
 {"dataElement":"KT01","period":"2022AprilS1","orgUnit":"01837","value":"1"}]}'
send ward1 POST '/api/dataValueSets' "$P"
status "periods chitieu cannot hold" 409
js "five conflicts on period" '[.conflicts[] | .property] | join(",")' "period,period,period,period,period"
js "daily named" '.conflicts[0].value | test("ngày \\(daily\\).*không lưu được")' true
js "weekly named" '.conflicts[1].value | test("tuần \\(weekly\\)")' true
js "financial year named" '.conflicts[2].value | test("năm tài chính")' true
js "bi-weekly named" '.conflicts[3].value | test("hai tuần")' true
js "six-monthly April named" '.conflicts[4].value | test("nửa năm tài chính")' true
js "indexes 0..4" '[.conflicts[].indexes[0]] | map(tostring) | join(",")' "0,1,2,3,4"

# ---- indexes and counts ---------------------------------------------------------------
send ward1 POST '/api/dataValueSets' $'indicator,unit,period,value\nKT02,01837,202206,0.62\nKT02,01837,202206x,1' text/csv
status "a CSV with a bad second row" 409
js "CSV: row is the line, indexes the 0-based data row" '.conflicts[0] | "\(.row) \(.indexes[0])"' "3 1"
rows=""
for i in $(seq 0 149); do rows="$rows${rows:+,}$(dv KT02 "x$i")"; done
send ward1 POST '/api/dataValueSets' "{\"dataValues\":[$rows]}"
status "150 bad rows" 409
js "rows and badRows count past the cap" '"\(.rows) \(.badRows) \(.conflicts | length)"' "150 150 100"
finish
