#!/usr/bin/env bash
# test_http_dhis2_exchange.sh - DHIS2 exchange over HTTP (issue #18), on the
# demo database with the server's day pinned (20/06/2022: June open).
# GET /api/dataValueSets exports JSON, CSV (DHIS2's columns) and ADX with
# DHIS2's parameters (dataElement repeatable or a comma list, orgUnit,
# children, period, startDate/endDate, lastUpdated, format or Accept), dot
# decimals, only the units the user may view (a ward sees only its unit; an
# orgUnit out of scope is 403), comments included (an ADX annotation in, the
# comment of JSON and CSV, an annotation out). A round trip: a ward exports ADX, changes one
# value, imports it back: that value changed, the others did not. Malformed
# ADX (not XML, wrong namespace, a daily period, a missing value attribute,
# an unknown dataElement, a DOCTYPE, a quarter not starting a quarter, a
# disaggregation attribute, a unit out of scope) is refused naming the
# group/dataValue index and attribute, and nothing is written. The .json,
# .csv and .adx paths choose the format; more values than the cap is 413.
. "$(dirname "$0")/lib.sh"

has_route "GET */api/dataValueSets" || has_route "/api/dataValueSets" || skip_all "no dataValueSets route"

demo_db
add_user adm1 admin --view VN
add_user ward1 ward --enter 01837
export CHITIEU_TODAY=2022-06-20
start_server
SERVE_URL_MAIN=$URL
for u in adm1 ward1; do login $u; done
ADX_NS='urn:ihe:qrph:adx:2015'

# ---- JSON --------------------------------------------------------------------
as adm1 GET '/api/dataValueSets?orgUnit=01837&period=202206'
status "JSON export of a ward's June" 200
header "JSON content type" '^content-type: application/json'
js "only that unit and period" '[.dataValues[] | "\(.orgUnit) \(.period)"] | unique | join(",")' "01837 202206"
js "DHIS2's fields" '.dataValues[0] | keys | sort | join(",")' "dataElement,followup,lastUpdated,orgUnit,period,storedBy,value"
js "values as DHIS2 strings with a dot decimal" \
  '.dataValues[] | select(.dataElement == "KT03") | .value' "3935.87"
js "KT01 of the demo" '.dataValues[] | select(.dataElement == "KT01") | .value' "42.9"
js "lastUpdated is an ISO time" '.dataValues[0].lastUpdated | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$")' true

as ward1 GET '/api/dataValueSets'
status "a ward exports without orgUnit" 200
js "a ward sees only its unit" '[.dataValues[].orgUnit] | unique | join(",")' "01837"
js "and has values" '.dataValues | length > 50' true
as ward1 GET '/api/dataValueSets?orgUnit=058'
error "a ward asking for its city" 403 forbidden orgUnit
as ward1 GET '/api/dataValueSets?orgUnit=01837&orgUnit=01840'
error "a ward asking for its sibling too" 403 forbidden orgUnit
as ward1 GET '/api/dataValueSets?orgUnit=01837&children=true&period=202206'
js "children of a ward: itself" '[.dataValues[].orgUnit] | unique | join(",")' "01837"

as adm1 GET '/api/dataValueSets?orgUnit=058&children=true&period=202206&dataElement=KT02'
js "children=true: the city and its wards" '[.dataValues[].orgUnit] | unique | (index("058") != null and index("01837") != null and index("01840") != null)' true
as adm1 GET '/api/dataValueSets?orgUnit=058&period=202206&dataElement=KT02'
js "without children: the city alone" '[.dataValues[].orgUnit] | unique | join(",")' "058"
as adm1 GET '/api/dataValueSets?orgUnit=01837&period=202206&dataElement=KT01&dataElement=KT02'
js "dataElement repeated" '[.dataValues[].dataElement] | unique | join(",")' "KT01,KT02"
as adm1 GET '/api/dataValueSets?orgUnit=01837&period=202206,202205&dataElement=KT01,KT02'
js "comma lists" '[.dataValues[] | "\(.dataElement) \(.period)"] | unique | join(",")' \
  "KT01 202205,KT01 202206,KT02 202205,KT02 202206"
as adm1 GET '/api/dataValueSets?orgUnit=01837&period=2022-04-01/P3M&dataElement=KT09'
js "an ADX interval as the period" '[.dataValues[].period] | unique | join(",")' "2022Q2"
as adm1 GET '/api/dataValueSets?orgUnit=01837&period=2022-06-01/P1D'
error "a daily interval as the period" 400 invalid period
as adm1 GET '/api/dataValueSets?orgUnit=01837&startDate=2022-04-01&endDate=2022-06-30'
status "startDate/endDate" 200
js "only periods within April-June 2022" \
  '[.dataValues[].period] | unique | map(select(. != "202204" and . != "202205" and . != "202206" and . != "2022Q2")) | length' 0
js "startDate/endDate finds the quarter" '[.dataValues[].period] | index("2022Q2") != null' true
as adm1 GET '/api/dataValueSets?orgUnit=01837&lastUpdated=2030-01-01'
js "nothing changed since 2030" '.dataValues | length' 0
as adm1 GET '/api/dataValueSets?orgUnit=01837&lastUpdated=2022-12-01'
js "lastUpdated keeps the recent values" '[.dataValues[].lastUpdated | . >= "2022-11-30"] | all' true

as adm1 GET '/api/dataValueSets?period=2022-13'
error "a bad period" 400 invalid period
as adm1 GET '/api/dataValueSets?dataElement=ZZ99'
error "an unknown dataElement" 404 not_found dataElement
as adm1 GET '/api/dataValueSets?format=xls'
error "an unknown format" 400 invalid format
as adm1 GET '/api/dataValueSets?startDate=01/02/2022'
error "startDate not ISO" 400 invalid startDate
as adm1 GET '/api/dataValueSets?orgUnit=ZZ9'
error "an unknown orgUnit" 404 not_found orgUnit

# ---- CSV -----------------------------------------------------------------------
as adm1 GET '/api/dataValueSets?orgUnit=01837&period=202206' -H 'Accept: application/csv'
status "CSV by Accept" 200
header "CSV content type" '^content-type: application/csv'
eq "DHIS2's CSV columns" "dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment,followup" \
  "$(head -1 <<<"$BODY")"
eq "a CSV row" "KT03,202206,01837,,,3935.87,demo," "$(grep '^KT03,' <<<"$BODY" | cut -d, -f1-8 | sed 's/,[^,]*$/,/')"
as adm1 GET '/api/dataValueSets?orgUnit=01837&period=202206&format=csv'
eq "CSV by format=csv: one line a value and a header" "$(as adm1 GET '/api/dataValueSets?orgUnit=01837&period=202206'; jq '.dataValues | length' <<<"$BODY")" \
  "$(($(printf '%s\n' "$BODY" | wc -l) - 1))"

as adm1 GET '/api/dataValueSets.csv?orgUnit=01837&period=202206'
header "CSV by the .csv path" '^content-type: application/csv'
eq "the .csv path: DHIS2's header" "dataelement" "$(head -1 <<<"$BODY" | cut -d, -f1)"
as adm1 GET '/api/dataValueSets.json?orgUnit=01837&period=202206' -H 'Accept: application/csv'
js "the .json path wins over Accept" '.dataValues | length > 0' true
as ward1 GET '/api/dataValueSets.csv?orgUnit=01840'
error "the .csv path keeps the scopes" 403 forbidden orgUnit

# ---- a row limit with a clear error (a server with a test cap of 3 values) --------
export CHITIEU_TEST_DVS_MAX_ROWS=3
start_another capped
unset CHITIEU_TEST_DVS_MAX_ROWS
URL=$capped
as adm1 GET '/api/dataValueSets?orgUnit=01837&period=202206'
error "more values than the cap" 413 too_big
js "the refusal says how to narrow" '.error.message | test("quá 3 số liệu.*dataElement, orgUnit, period")' true
as adm1 GET '/api/dataValueSets?orgUnit=01837&period=202206&dataElement=KT01,KT02'
status "under the cap" 200
URL=$SERVE_URL_MAIN

# ---- ADX -------------------------------------------------------------------------
as ward1 GET '/api/dataValueSets?orgUnit=01837&period=202206' -H 'Accept: application/adx+xml'
status "ADX by Accept" 200
header "ADX content type" '^content-type: application/adx\+xml'
printf '%s' "$BODY" >"$TMP/export.xml"
grep -q "<adx [^>]*xmlns=\"$ADX_NS\"" "$TMP/export.xml" && ok || bad "ADX root and namespace: $BODY"
grep -q '<group orgUnit="01837" period="2022-06-01/P1M" dataSet="chitieu">' "$TMP/export.xml" && ok || bad "ADX group: $BODY"
grep -q '<dataValue dataElement="KT01" value="42.9"/>' "$TMP/export.xml" && ok || bad "ADX dataValue: $BODY"
if command -v xmllint >/dev/null; then
  xmllint --noout "$TMP/export.xml" && ok || bad "the ADX export is not well-formed XML"
fi
as adm1 GET '/api/dataValueSets?orgUnit=01837&period=2022Q2&format=adx'
grep -q 'period="2022-04-01/P3M"' <<<"$BODY" && ok || bad "a quarter as P3M: $BODY"
as adm1 GET '/api/dataValueSets?orgUnit=01837&period=2022&format=adx'
grep -q 'period="2022-01-01/P1Y"' <<<"$BODY" && ok || bad "a year as P1Y: $BODY"

# ---- the round trip: export ADX, change one value, import it back ------------------
as ward1 GET '/api/dataValueSets?orgUnit=01837&period=202206'
BEFORE=$(jq -c '[.dataValues[] | select(.dataElement != "KT01") | {dataElement, value}]' <<<"$BODY")
N_BEFORE=$(jq '.dataValues | length' <<<"$BODY")
sed 's/<dataValue dataElement="KT01" value="42.9"\/>/<dataValue dataElement="KT01" value="43.5"\/>/' \
  "$TMP/export.xml" >"$TMP/changed.xml"
grep -q 'value="43.5"' "$TMP/changed.xml" && ok || bad "the sample was not changed"
send ward1 POST /api/dataValueSets "@$TMP/changed.xml" application/adx+xml
status "the changed ADX goes back in" 200
js "one updated, the rest unchanged" '"\(.status) \(.importCount.updated) \(.importCount.ignored)"' "SUCCESS 1 $((N_BEFORE - 1))"
as ward1 GET '/api/dataValueSets?orgUnit=01837&period=202206&dataElement=KT01'
js "the value changed" '.dataValues[0].value' "43.5"
js "stored by the ward" '.dataValues[0].storedBy' "ward1"
as ward1 GET '/api/dataValueSets?orgUnit=01837&period=202206'
eq "the others did not" "$BEFORE" "$(jq -c '[.dataValues[] | select(.dataElement != "KT01") | {dataElement, value}]' <<<"$BODY")"
send ward1 POST /api/dataValueSets "@$TMP/changed.xml" application/adx+xml
js "the same ADX again changes nothing" '"\(.importCount.updated) \(.importCount.imported)"' "0 0"

# ---- an ADX annotation is the value's comment, exported in every format ----------------
send ward1 POST /api/dataValueSets "<adx xmlns=\"$ADX_NS\"><group orgUnit=\"01837\" period=\"2022-06-01/P1M\"><dataValue dataElement=\"KT02\" value=\"0.6\"><annotation>lễ hội, \"hoa\"</annotation></dataValue></group></adx>" application/adx+xml
js "a value with an annotation" '"\(.status) \(.importCount.updated)"' "SUCCESS 1"
as ward1 GET '/api/dataValueSets?orgUnit=01837&period=202206&dataElement=KT02'
js "the comment in JSON" '.dataValues[0].comment' 'lễ hội, "hoa"'
as ward1 GET '/api/dataValueSets.csv?orgUnit=01837&period=202206&dataElement=KT02'
eq "the comment in CSV (quoted)" 'KT02,202206,01837,,,0.6,ward1,"lễ hội, ""hoa""",false' \
  "$(sed -n 2p <<<"$BODY" | sed 's/,[0-9T:Z-]*,"/,"/')"
as ward1 GET '/api/dataValueSets.adx?orgUnit=01837&period=202206&dataElement=KT02'
grep -q '<annotation>lễ hội, &quot;hoa&quot;</annotation>' <<<"$BODY" && ok || bad "the comment in ADX: $BODY"
as ward1 GET '/api/dataValueSets?orgUnit=01837&period=202206&dataElement=KT01'
js "a value without a comment has no comment field" '.dataValues[0] | has("comment")' false

# ---- malformed ADX: refused, naming where, nothing written ---------------------------
FP=$(db_fp)
G='<group orgUnit="01837" period="2022-06-01/P1M" dataSet="chitieu">'
bad_adx() { # NAME STATUS PATTERN DOC: refused with STATUS, the answer matches PATTERN, nothing written
  send adm1 POST /api/dataValueSets "$4" application/adx+xml
  status "$1" "$2"
  if grep -qE -- "$3" <<<"$BODY"; then ok; else bad "$1: answer lacks /$3/: $BODY"; fi
  eq "$1: nothing written" "$FP" "$(db_fp)"
}
bad_adx "not XML" 400 'không phải XML hợp lệ' 'this is not xml <'
bad_adx "a wrong namespace" 400 'urn:ihe:qrph:adx:2015.*urn:example:other' \
  '<adx xmlns="urn:example:other"><group orgUnit="01837" period="2022-06-01/P1M"><dataValue dataElement="KT01" value="1"/></group></adx>'
bad_adx "a daily period" 409 '"field":"group\[1\]\.period".*ngày hoặc tuần' \
  "<adx xmlns=\"$ADX_NS\">$G<dataValue dataElement=\"KT01\" value=\"44\"/></group><group orgUnit=\"01837\" period=\"2022-06-01/P1D\"><dataValue dataElement=\"KT01\" value=\"1\"/></group></adx>"
js "a daily period: the bad row is the second" '.conflicts[0].row' 1
bad_adx "a missing value attribute" 409 '"field":"group\[0\]\.dataValue\[1\]\.value".*thiếu thuộc tính value' \
  "<adx xmlns=\"$ADX_NS\">$G<dataValue dataElement=\"KT01\" value=\"44\"/><dataValue dataElement=\"KT02\"/></group></adx>"
bad_adx "an unknown dataElement" 409 '"field":"group\[0\]\.dataValue\[0\]\.dataElement","object":"ZZ99"' \
  "<adx xmlns=\"$ADX_NS\">$G<dataValue dataElement=\"ZZ99\" value=\"1\"/><dataValue dataElement=\"KT01\" value=\"44\"/></group></adx>"
bad_adx "a DOCTYPE (entities)" 400 'DOCTYPE' \
  "<!DOCTYPE adx [<!ENTITY v \"44\">]><adx xmlns=\"$ADX_NS\">$G<dataValue dataElement=\"KT01\" value=\"&v;\"/></group></adx>"
bad_adx "a quarter not starting a quarter" 409 '"field":"group\[0\]\.period".*quý bắt đầu' \
  "<adx xmlns=\"$ADX_NS\"><group orgUnit=\"01837\" period=\"2022-05-01/P3M\"><dataValue dataElement=\"KT09\" value=\"1\"/></group></adx>"
bad_adx "a financial year" 409 'năm tài chính' \
  "<adx xmlns=\"$ADX_NS\"><group orgUnit=\"01837\" period=\"2022-04-01/P1Y\"><dataValue dataElement=\"BHYT\" value=\"1\"/></group></adx>"
bad_adx "a disaggregation attribute" 409 '"field":"group\[0\]\.dataValue\[0\]\.SEX".*phân tổ' \
  "<adx xmlns=\"$ADX_NS\">$G<dataValue dataElement=\"KT01\" SEX=\"F\" value=\"44\"/></group></adx>"
bad_adx "a group-level disaggregation" 409 '"field":"group\[0\]\.AGE".*phân tổ' \
  "<adx xmlns=\"$ADX_NS\"><group orgUnit=\"01837\" period=\"2022-06-01/P1M\" AGE=\"15-49\"><dataValue dataElement=\"KT01\" value=\"44\"/></group></adx>"
bad_adx "a bad number" 409 '"field":"group\[0\]\.dataValue\[0\]\.value","object":"1,5"' \
  "<adx xmlns=\"$ADX_NS\">$G<dataValue dataElement=\"KT01\" value=\"1,5\"/></group></adx>"
bad_adx "a group without orgUnit" 409 '"field":"group\[0\]\.orgUnit"' \
  "<adx xmlns=\"$ADX_NS\"><group period=\"2022-06-01/P1M\"><dataValue dataElement=\"KT01\" value=\"44\"/></group></adx>"
bad_adx "a stray element" 400 'group\[0\]' \
  "<adx xmlns=\"$ADX_NS\">$G<value dataElement=\"KT01\" value=\"44\"/></group></adx>"
send ward1 POST /api/dataValueSets "<adx xmlns=\"$ADX_NS\"><group orgUnit=\"01840\" period=\"2022-06-01/P1M\"><dataValue dataElement=\"KT01\" value=\"44\"/></group></adx>" application/adx+xml
status "a ward writing its sibling in ADX" 403
eq "the sibling: nothing written" "$FP" "$(db_fp)"
send adm1 POST '/api/dataValueSets?dryRun=true' "<adx xmlns=\"$ADX_NS\">$G<dataValue dataElement=\"KT01\" value=\"45\"><annotation>thử</annotation></dataValue></group></adx>" application/adx+xml
js "a dry run with an annotation is accepted" '"\(.status) \(.importCount.updated)"' "SUCCESS 1"
eq "a dry run writes nothing" "$FP" "$(db_fp)"

alive "after the exchange"
stop_server # under ASan, leaks found at exit make the status non-zero
eq "the server stops cleanly" 0 "$SRV_RC"
[ "$SRV_RC" = 0 ] || tail -40 "$TMP/srv.err" >&2
finish
