#!/usr/bin/env bash
# test_http_dhis2_mapping.sh - the DHIS2 mapping (issue #18): DHIS2 orgUnit
# uids/codes/names to chitieu units, dataElement + categoryOptionCombo (+
# attributeOptionCombo) to chitieu indicators. Managed with `chitieu mapping`
# and GET/PUT/DELETE /api/exchange/mapping (administrators only; bad rows
# 400/404 naming the field); used by POST /api/dataValueSets (a DHIS2 file
# with uids, a set-level orgUnit/period, idScheme CODE and NAME; a
# disaggregated data element lands on two indicators; an unmapped combo or
# name is a 409 conflict naming it, nothing written) and by GET
# /api/dataValueSets and `chitieu export` (the DHIS2 identifiers written
# back, in JSON, CSV and ADX; idScheme=CODE). The export imported back
# through the mapping finds every value unchanged.
. "$(dirname "$0")/lib.sh"
DATA=$(cd "$(dirname "$0")/../data/dhis2" && pwd)

has_route "/api/exchange/mapping" || skip_all "no mapping route"

demo_db
add_user adm1 admin --view VN
add_user ward1 ward --enter 01837
export CHITIEU_TODAY=2022-06-20

# ---- the CLI --------------------------------------------------------------------
"$BIN" mapping --help >"$TMP/h" 2>&1; grep -q "mapping set" "$TMP/h" && ok || bad "mapping --help lists set: $(cat "$TMP/h")"
"$BIN" mapping set --help >"$TMP/h" 2>&1; grep -q -- "--coc" "$TMP/h" && ok || bad "mapping set --help: $(cat "$TMP/h")"
"$BIN" mapping list >"$TMP/o" 2>&1; grep -q "Chưa có ánh xạ" "$TMP/o" && ok || bad "empty list: $(cat "$TMP/o")"
"$BIN" mapping set --kind orgUnit --uid DiszpKrYNg8 --code OU_01837 --name "Phường Sông Cầu" --target 01837 >/dev/null \
  && ok || bad "mapping set orgUnit"
"$BIN" mapping set --kind dataElement --uid fbfJHSPpUQD --coc pq2XI5kz2BY --code DE_GRDP --name "GRDP tổng" \
  --target KT01 >/dev/null && ok || bad "mapping set dataElement + coc"
"$BIN" mapping set --kind de --uid fbfJHSPpUQD --coc PT59n8BQbqM --target KT02 >/dev/null \
  && ok || bad "mapping set second combo (kind de)"
"$BIN" mapping set --kind dataElement --uid x9Qq1Zz0aaa --coc default --target KT03 >/dev/null \
  && ok || bad "mapping set default combo"
"$BIN" mapping set --kind orgUnit --uid Abc --target 99999 >"$TMP/o" 2>&1 && bad "unknown unit accepted" || ok
grep -q "99999" "$TMP/o" && ok || bad "unknown unit named: $(cat "$TMP/o")"
"$BIN" mapping set --kind orgUnit --uid Abc --coc X --target 01837 >"$TMP/o" 2>&1 && bad "coc on orgUnit accepted" || ok
"$BIN" mapping set --kind colour --uid Abc --target 01837 >"$TMP/o" 2>&1 && bad "bad kind accepted" || ok
grep -q "kind" "$TMP/o" && ok || bad "bad kind named: $(cat "$TMP/o")"
"$BIN" mapping list >"$TMP/o" 2>&1
eq "four rows listed" 4 "$(grep -c -E '^(orgUnit|dataElement)' "$TMP/o")"
eq "the default combo stored as default" 1 "$(db_sql "SELECT count(*) FROM exchange_map WHERE uid = 'x9Qq1Zz0aaa' AND coc = ''")"
"$BIN" mapping delete --kind dataElement --uid x9Qq1Zz0aaa >/dev/null && ok || bad "mapping delete (default combo)"
"$BIN" mapping delete --kind dataElement --uid x9Qq1Zz0aaa >"$TMP/o" 2>&1 && bad "second delete succeeded" || ok
eq "three rows left" 3 "$(db_sql "SELECT count(*) FROM exchange_map")"

start_server
for u in adm1 ward1; do login $u; done

# ---- the API ---------------------------------------------------------------------
as adm1 GET /api/exchange/mapping
status "GET mapping" 200
js "three rows" '.mappings | length' 3
js "the orgUnit row" '.mappings[] | select(.kind == "orgUnit") | "\(.uid) \(.code) \(.target)"' "DiszpKrYNg8 OU_01837 01837"
as adm1 GET '/api/exchange/mapping?kind=dataElement'
js "kind= filters" '[.mappings[].kind] | unique | join(",")' dataElement
as ward1 GET /api/exchange/mapping
status "a ward may not read the mapping" 403
send ward1 PUT /api/exchange/mapping '{"kind":"orgUnit","uid":"Zz","target":"01837"}'
status "a ward may not write the mapping" 403
send adm1 PUT /api/exchange/mapping '{"kind":"orgUnit","uid":"ImspTQPwCqd","code":"OU_058","name":"TP Bắc Kạn","target":"058"}'
status "PUT mapping" 200
js "answers the row" '"\(.kind) \(.uid) \(.target) \(.changed_by)"' "orgUnit ImspTQPwCqd 058 adm1"
send adm1 PUT /api/exchange/mapping '{"kind":"dataElement","uid":"Y1","target":"ZZ99"}'
error "PUT with an unknown indicator" 404 not_found target
send adm1 PUT /api/exchange/mapping '{"kind":"dataElement","uid":" Y1","target":"KT01"}'
error "PUT with a blank at the start of uid" 400 invalid uid
send adm1 PUT /api/exchange/mapping '{"kind":"dataElement","target":"KT01"}'
error "PUT without uid" 400 invalid uid
send adm1 PUT /api/exchange/mapping '{"kind":"dataElement","uid":"Y1","target":"KT01","colour":1}'
status "PUT with an unknown field" 400
send adm1 PUT /api/exchange/mapping '{"kind":"dataElement","uid":"TmpDel1","target":"KT05"}'
status "PUT a row to delete" 200
send adm1 DELETE '/api/exchange/mapping?kind=dataElement&uid=TmpDel1'
status "DELETE mapping" 200
send adm1 DELETE '/api/exchange/mapping?kind=dataElement&uid=TmpDel1'
error "DELETE again" 404 not_found uid
send adm1 DELETE '/api/exchange/mapping?kind=orgUnit&uid=TmpDel1&categoryOptionCombo=abc'
error "DELETE of an orgUnit with a combo" 400 invalid categoryOptionCombo

# ---- import through the mapping ---------------------------------------------------------
before=$(db_fp)
send ward1 POST '/api/dataValueSets' "@$DATA/mapped_rows.json"
status "a DHIS2 file with uids and combos" 200
js "two values" '.importCount | .imported + .updated' 2
as ward1 GET '/api/values?indicator=KT01&unit=01837&period=202206'
js "fbfJHSPpUQD/pq2XI5kz2BY landed on KT01" '.value' 41.5
as ward1 GET '/api/values?indicator=KT02&unit=01837&period=202206'
js "fbfJHSPpUQD/PT59n8BQbqM landed on KT02" '.value' 0.7

send ward1 POST '/api/dataValueSets' "@$DATA/set_level.json"
status "set-level orgUnit, period and attributeOptionCombo" 200
as ward1 GET '/api/values?indicator=KT02&unit=01837&period=202206'
js "the set's period and orgUnit apply" '.value' 0.65

# an unmapped combo: 409 naming it, nothing written (atomic)
before=$(db_fp)
send ward1 POST '/api/dataValueSets' '{"dataValues":[
 {"dataElement":"fbfJHSPpUQD","categoryOptionCombo":"pq2XI5kz2BY","period":"202206","orgUnit":"DiszpKrYNg8","value":"1"},
 {"dataElement":"fbfJHSPpUQD","categoryOptionCombo":"UNMAPPED01a","period":"202206","orgUnit":"DiszpKrYNg8","value":"2"}]}'
status "an unmapped combo" 409
js "the conflict names the data element" '.conflicts[0].object' fbfJHSPpUQD
js "and the combo" '.conflicts[0].value | test("UNMAPPED01a")' true
js "on row 1" '.conflicts[0].row' 1
eq "nothing written" "$before" "$(db_fp)"

# idScheme CODE and NAME
send ward1 POST '/api/dataValueSets?idScheme=CODE' '{"dataValues":[
 {"dataElement":"DE_GRDP","categoryOptionCombo":"pq2XI5kz2BY","period":"202206","orgUnit":"OU_01837","value":"39"}]}'
status "idScheme=CODE" 200
as ward1 GET '/api/values?indicator=KT01&unit=01837&period=202206'
js "codes found through the mapping" '.value' 39
send ward1 POST '/api/dataValueSets?dataElementIdScheme=NAME&orgUnitIdScheme=NAME' '{"dataValues":[
 {"dataElement":"GRDP tổng","categoryOptionCombo":"pq2XI5kz2BY","period":"202206","orgUnit":"Phường Sông Cầu","value":"38"}]}'
status "dataElementIdScheme=NAME, orgUnitIdScheme=NAME" 200
as ward1 GET '/api/values?indicator=KT01&unit=01837&period=202206'
js "names found through the mapping" '.value' 38
send ward1 POST '/api/dataValueSets?orgUnitIdScheme=NAME' '{"dataValues":[
 {"dataElement":"KT01","period":"202206","orgUnit":"Không có tên này","value":"38"}]}'
status "an unmapped name" 409
js "names it" '.conflicts[0] | "\(.field) \(.object)"' "orgUnit Không có tên này"
send ward1 POST '/api/dataValueSets?idScheme=ISBN' '{"dataValues":[]}'
error "a bad idScheme" 400 invalid idScheme
# chitieu's own codes still work without a mapping row
send ward1 POST '/api/dataValueSets' '{"dataValues":[{"dataElement":"KT03","period":"202206","orgUnit":"01837","value":"3935.87"}]}'
status "chitieu codes without a mapping" 200

# ---- export through the mapping ---------------------------------------------------------
as adm1 GET '/api/dataValueSets?orgUnit=DiszpKrYNg8&period=202206&dataElement=KT01,KT02,KT03'
status "export asked by the orgUnit's uid" 200
js "the mapped unit written as its uid" '[.dataValues[].orgUnit] | unique | join(",")' DiszpKrYNg8
js "KT01 written as the data element and its combo" \
  '.dataValues[] | select(.categoryOptionCombo == "pq2XI5kz2BY") | "\(.dataElement) \(.value)"' "fbfJHSPpUQD 38"
js "KT02 written with its combo" \
  '.dataValues[] | select(.categoryOptionCombo == "PT59n8BQbqM") | "\(.dataElement) \(.value)"' "fbfJHSPpUQD 0.65"
js "an unmapped indicator keeps its code" '[.dataValues[] | select(.dataElement == "KT03")] | length' 1
as adm1 GET '/api/dataValueSets?orgUnit=OU_01837&period=202206&dataElement=KT01&idScheme=CODE'
js "idScheme=CODE out" '.dataValues[0] | "\(.dataElement) \(.orgUnit)"' "DE_GRDP OU_01837"
as adm1 GET '/api/dataValueSets.csv?orgUnit=01837&period=202206&dataElement=KT02'
eq "CSV: catoptcombo column" "fbfJHSPpUQD,202206,DiszpKrYNg8,PT59n8BQbqM,,0.65" "$(sed -n 2p <<<"$BODY" | cut -d, -f1-6)"
as adm1 GET '/api/dataValueSets.adx?orgUnit=01837&period=202206&dataElement=KT03'
grep -q 'orgUnit="DiszpKrYNg8"' <<<"$BODY" && ok || bad "ADX: the mapped orgUnit: $BODY"

# round trip: the export through the mapping, imported back, lands on the same cells unchanged
as adm1 GET '/api/dataValueSets?orgUnit=DiszpKrYNg8&period=202206&dataElement=KT01,KT02'
printf '%s' "$BODY" >"$TMP/rt.json"
before=$(db_fp)
send ward1 POST '/api/dataValueSets' "@$TMP/rt.json"
status "the mapped export imported back" 200
js "every value found unchanged" '.importCount | "\(.imported) \(.updated) \(.ignored)"' "0 0 2"
eq "nothing changed" "$before" "$(db_fp)"
stop_server
"$BIN" export --format dhis2-json --unit 01837 --period 202206 --id-scheme CODE "$TMP/cli.json" 2>/dev/null
eq "CLI export through the mapping (CODE)" "DE_GRDP OU_01837" \
  "$(jq -r '.dataValues[] | select(.categoryOptionCombo == "pq2XI5kz2BY") | "\(.dataElement) \(.orgUnit)"' "$TMP/cli.json")"
"$BIN" export --format dhis2-json --id-scheme ISBN "$TMP/x.json" >/dev/null 2>&1 && bad "bad --id-scheme accepted" || ok
"$BIN" export --id-scheme CODE "$TMP/x.csv" >/dev/null 2>&1 && bad "--id-scheme with chitieu CSV accepted" || ok
finish
