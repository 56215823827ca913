#!/usr/bin/env bash
# test_http_dhis2_formats.sh - POST /api/dataValueSets in DHIS2's CSV (issue
# #18): files written the way DHIS2 writes them (quoted header row, CRLF,
# the default combo's uid, a quoted comment with a comma) and without a
# header (DHIS2's column order), under application/csv and text/csv;
# chitieu's own CSV still recognised by its header; an unknown or repeated
# column and malformed CSV are 400; a bad followup or an unmapped
# non-default combo, or a row narrower or wider than its header (headerless:
# than the six columns up to value), is a 409 conflict naming the row and
# column, nothing written; the comment is kept and storedBy goes to the audit trail. DXF2
# XML (application/xml, text/xml) as DHIS2 writes it, with the set's
# period and orgUnit; an unknown attribute or bad followUp is a conflict,
# another root, malformed XML, a DOCTYPE or an unknown set attribute 400.
. "$(dirname "$0")/lib.sh"
DATA=$(cd "$(dirname "$0")/../data/dhis2" && pwd)

has_route "/api/exchange/mapping" || skip_all "no DHIS2 formats"

demo_db
add_user ward1 ward --enter 01837
export CHITIEU_TODAY=2022-06-20
start_server
login ward1
value_of() { as ward1 GET "/api/values?indicator=$1&unit=01837&period=202206"; }

send ward1 POST /api/dataValueSets "@$DATA/dvs_header.csv" application/csv
status "DHIS2 CSV with its header (application/csv)" 200
js "two values" '.importCount | .imported + .updated' 2
value_of KT01
js "KT01 from the DHIS2 CSV" .value 43.1
as ward1 GET '/api/dataValueSets?orgUnit=01837&period=202206&dataElement=KT01'
js "the comment kept with the value" '.dataValues[0].comment' 'theo báo cáo, "tháng 6"'
eq "storedBy in the audit trail (both values changed)" 2 "$(db_sql "SELECT count(*) FROM value_audit WHERE reason LIKE '%storedBy dhis2.nguyen%'")"

send ward1 POST /api/dataValueSets "@$DATA/dvs_noheader.csv" 'text/csv; charset=utf-8'
status "DHIS2 CSV without a header (text/csv)" 200
value_of KT02
js "KT02 from the headerless CSV" .value 0.67

send ward1 POST /api/dataValueSets $'indicator,unit,period,value\nKT02,01837,202206,0.68' text/csv
status "chitieu's own CSV still read by its header" 200
value_of KT02
js "KT02 from chitieu's CSV" .value 0.68

before=$(db_fp)
send ward1 POST /api/dataValueSets $'dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment,followup\nKT02,202206,01837,,,0.69,,,,false\nKT02,202206,01837,,,0.7,,,,maybe' application/csv
status "a bad followup" 409
js "names the row and column" '.conflicts[0] | "\(.indexes[0]) \(.property) \(.object)"' "1 followup maybe"
eq "nothing written" "$before" "$(db_fp)"
send ward1 POST /api/dataValueSets $'KT02,202206,01837,XyzCombo001,,0.69' application/csv
status "an unmapped combo in CSV" 409
js "names the data element" '.conflicts[0] | "\(.property) \(.object)"' "dataelement KT02"
send ward1 POST /api/dataValueSets $'KT02,202206,01837,,,0.69\nKT02,202206,01837,0.7' application/csv
status "a headerless row without its value column" 409
js "names the row and the first missing column" '.conflicts[0] | "\(.indexes[0]) \(.property) \(.value)"' \
  "1 attroptcombo dòng có 4 cột, cần ít nhất 6 (dataelement đến value)"
send ward1 POST /api/dataValueSets $'dataelement,period,orgunit,value\nKT02,202206,01837,0.69,0.7' application/csv
status "a row wider than its header" 409
js "names the row, the last column and the extra field" '.conflicts[0] | "\(.indexes[0]) \(.property) \(.object)"' "0 value 0.7"
eq "the rows of the wrong width: nothing written" "$before" "$(db_fp)"
send ward1 POST /api/dataValueSets $'dataelement,period,orgunit,colour,value\nKT02,202206,01837,red,1' application/csv
error "an unknown column" 400 invalid body
send ward1 POST /api/dataValueSets $'dataelement,period,orgunit,value,value\nKT02,202206,01837,1,1' application/csv
error "a repeated column" 400 invalid body
send ward1 POST /api/dataValueSets $'dataelement,period,orgunit,value\nKT02,202206,"01837,1' application/csv
error "an unterminated quote" 400 invalid body
send ward1 POST /api/dataValueSets $'KT02,20220615,01837,,,1' application/csv
status "a daily period in CSV" 409
js "says chitieu cannot hold it" '.conflicts[0].value | test("ngày")' true
eq "still nothing written" "$before" "$(db_fp)"

# ---- DXF2 XML --------------------------------------------------------------------------
send ward1 POST /api/dataValueSets "@$DATA/dvs_dxf2.xml" application/xml
status "DXF2 XML as DHIS2 writes it (application/xml)" 200
js "two values" '.importCount | .imported + .updated' 2
value_of KT01
js "KT01 from DXF2 with the set's period and orgUnit" .value 43.3
value_of KT02
js "KT02 from DXF2" .value 0.71
eq "storedBy of DXF2 in the audit trail" 1 "$(db_sql "SELECT count(*) FROM value_audit WHERE reason LIKE '%storedBy dhis2.tran%'")"
DX='<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" period="202206" orgUnit="01837">'
before=$(db_fp)
send ward1 POST /api/dataValueSets "$DX<dataValue dataElement=\"KT02\" value=\"0.72\"/><dataValue dataElement=\"KT02\" value=\"0.73\" colour=\"red\"/></dataValueSet>" application/xml
status "DXF2: an unknown attribute" 409
js "names it on row 1" '.conflicts[0] | "\(.indexes[0]) \(.property)"' "1 colour"
eq "nothing written" "$before" "$(db_fp)"
send ward1 POST /api/dataValueSets "$DX<dataValue dataElement=\"KT02\" value=\"0.72\" followUp=\"often\"/></dataValueSet>" text/xml
status "DXF2: a bad followUp (text/xml)" 409
send ward1 POST /api/dataValueSets '<adx xmlns="urn:ihe:qrph:adx:2015"/>' application/xml
error "DXF2: another root" 400 invalid body
send ward1 POST /api/dataValueSets "$DX<dataValue dataElement=\"KT02\" value=\"0.72\">" application/xml
error "DXF2: not well formed" 400 invalid body
send ward1 POST /api/dataValueSets '<!DOCTYPE x [<!ENTITY a "b">]><dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0"/>' application/xml
error "DXF2: a DOCTYPE" 400 invalid body
send ward1 POST /api/dataValueSets '<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" colour="x"/>' application/xml
error "DXF2: an unknown set attribute" 400 invalid body
send ward1 POST /api/dataValueSets "$DX<dataValue dataElement=\"KT02\" period=\"2022W24\" value=\"1\"/></dataValueSet>" application/xml
status "DXF2: a weekly period" 409
js "says chitieu cannot hold it" '.conflicts[0].value | test("tuần")' true
eq "still nothing written" "$before" "$(db_fp)"

# ---- SDMX-CSV out --------------------------------------------------------------------------
as ward1 GET '/api/dataValueSets?format=sdmx-csv&orgUnit=01837&period=202206&dataElement=KT02'
status "GET format=sdmx-csv" 200
header "SDMX-CSV 2.0 content type" '^content-type: application/vnd.sdmx.data\+csv; version=2.0.0'
eq "SDMX 3.0 rows" $'STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE\ndataflow,CHITIEU:DF_CHITIEU(1.0),I,KT02,01837,2022-M06,0.71' "$BODY"
as ward1 GET '/api/dataValueSets?orgUnit=01837&period=202206&dataElement=KT02' -H 'Accept: application/vnd.sdmx.data+csv; version=1.0.0'
eq "SDMX 2.1 by Accept" $'DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE\nCHITIEU:DF_CHITIEU(1.0),KT02,01837,2022-06,0.71' "$BODY"
as ward1 GET '/api/dataValueSets?format=sdmx-csv&orgUnit=058'
status "SDMX keeps the user's scope" 403
finish
