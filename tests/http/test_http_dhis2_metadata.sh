#!/usr/bin/env bash
# test_http_dhis2_metadata.sh - DHIS2 metadata in (issue #18 item 5), POST
# /api/exchange/metadata (administrators only): a dry run (the default)
# says what it would create and writes nothing; a file with conflicts is a
# 409 naming each object, its DHIS2 id and the field, nothing written; an
# unreadable body a 400; the real import (dryRun=false) creates the units
# (3 levels, kinds from the names and levels, parents resolved within the
# file and against the existing root VN by code), the indicators (a
# disaggregated data element becomes one indicator per categoryOptionCombo,
# a text one is skipped with its reason) and the mapping, so a
# dataValueSets import with DHIS2's UIDs lands on them; a re-run changes
# nothing; update=true updates a renamed unit, without it it is kept; an
# update the store refuses (a kind locked by values) is a conflict naming
# aggregationType, in the dry run too.
. "$(dirname "$0")/lib.sh"
DATA=$(cd "$(dirname "$0")/../data/dhis2_meta" && pwd)

has_route "/api/exchange/metadata" || skip_all "no metadata route"

demo_db
add_user adm1 admin --view VN --enter VN
add_user ward1 ward --enter 01837
export CHITIEU_TODAY=2026-01-20
start_server
for u in adm1 ward1; do login $u; done

# ---- dry run first ---------------------------------------------------------------
before=$(db_fp)
send adm1 POST /api/exchange/metadata "@$DATA/metadata.json"
status "a dry run by default" 200
js "says it is a dry run" '"\(.dryRun) \(.written) \(.status)"' "true false OK"
js "would create three units" .units.created 3
js "would keep VN and 19 (matched by code)" \
  '[.objects[] | select(.object == "organisationUnit" and .action == "skip") | .target] | sort | join(",")' "19,VN"
js "would create three indicators" .indicators.created 3
js "would keep DS (matched by code)" '.objects[] | select(.id == "PopTotal001") | "\(.action) \(.target)"' "skip DS"
js "skips the text data element with its reason" \
  '.objects[] | select(.id == "NoteText001") | "\(.action) \(.property) \(.value)"' "ignore valueType LONG_TEXT"
js "would write nine mapping rows" .mappings.written 9
eq "a dry run writes nothing" "$before" "$(db_fp)"
send adm1 POST '/api/exchange/metadata?dryRun=true' "@$DATA/metadata.json"
status "dryRun=true" 200
eq "dryRun=true writes nothing" "$before" "$(db_fp)"
send adm1 POST '/api/exchange/metadata?maxLevel=2' "@$DATA/metadata.json"
status "maxLevel=2" 200
js "skips the three level-3 units, naming the level" \
  '"\(.units.ignored) \(.units.created) " + ([.objects[] | select(.action == "ignore" and .object == "organisationUnit") | .property] | unique | join(","))' \
  "3 0 level"

# ---- who may, bad input ------------------------------------------------------------
send ward1 POST '/api/exchange/metadata?dryRun=false' "@$DATA/metadata.json"
status "a ward may not import metadata" 403
send adm1 POST '/api/exchange/metadata?dryRun=false' "@$DATA/bad.json"
status "a file with conflicts" 409
js "six conflicts" '.conflicts | length' 6
js "an orphan's parent named" '.conflicts[] | select(.id == "OrphanOu001") | "\(.property) \(.value)"' \
  "parent NoSuchPar01"
js "an unknown aggregationType named" '.conflicts[] | select(.id == "BadAgg00001") | "\(.property) \(.value)"' \
  "aggregationType MEDIAN"
js "a missing id named by index" '.conflicts[] | select(.id == "#1") | .property' id
js "a combo without options named" '.conflicts[] | select(.id == "NoCombo0001") | .property' categoryCombo
eq "nothing written on conflicts" "$before" "$(db_fp)"
send adm1 POST '/api/exchange/metadata?dryRun=false' '{"organisationUnits":'
error "unreadable JSON" 400 invalid
send adm1 POST '/api/exchange/metadata?dryRun=false' '{"organisationUnits":{}}'
error "organisationUnits not an array" 400 invalid
send adm1 POST '/api/exchange/metadata?dryRun=maybe' "@$DATA/metadata.json"
error "a bad dryRun" 400 invalid dryRun
send adm1 POST '/api/exchange/metadata?dryRun=false&sector=weather' "@$DATA/metadata.json"
error "a bad sector" 400 invalid sector
send adm1 POST '/api/exchange/metadata?dryRun=false&maxLevel=0' "@$DATA/metadata.json"
error "a bad maxLevel" 400 invalid maxLevel
eq "nothing written by bad requests" "$before" "$(db_fp)"

# ---- the import --------------------------------------------------------------------
send adm1 POST '/api/exchange/metadata?dryRun=false' "@$DATA/metadata.json"
status "the import" 200
js "written" '"\(.written) \(.units.created) \(.indicators.created) \(.mappings.written)"' "true 3 3 9"
as adm1 GET /api/units/OU_DX
js "a ward under the province, its type word taken off its name" '"\(.type) \(.parent) \(.name)"' \
  "ward 19 Đức Xuân"
as adm1 GET /api/units/NtComm00001
js "no code: the uid; no level: the path's; the deepest level: a commune" '"\(.type) \(.parent)"' "commune 19"
as adm1 GET /api/indicators/YT_TCDD.NAM
js "one indicator per combo, monthly from its dataSet, whole numbers summed" \
  '"\(.kind) \(.rollup) \(.frequency) \(.value_type)"' "flow sum month whole"
as adm1 GET /api/indicators/YT_HN
js "a percentage averaged in DHIS2: a level, not summed, yearly" '"\(.kind) \(.rollup) \(.frequency) \(.value_type)"' \
  "level none year percent"
as adm1 GET /api/indicators/YT_GC
status "the text data element was not imported" 404
as adm1 GET '/api/exchange/mapping?kind=dataElement'
js "the combos mapped" '[.mappings[] | select(.uid == "ImmFull0001") | "\(.categoryOptionCombo)=\(.target)"] | sort | join(",")' \
  "FemaleCoc01=YT_TCDD.NU,MaleCoc0001=YT_TCDD.NAM"

# ---- values with DHIS2's UIDs land on them -----------------------------------------
send adm1 POST '/api/dataValueSets' '{"dataValues":[
 {"dataElement":"ImmFull0001","categoryOptionCombo":"MaleCoc0001","period":"202601","orgUnit":"XdVtDlmEkXs","value":"12"},
 {"dataElement":"ImmFull0001","categoryOptionCombo":"FemaleCoc01","period":"202601","orgUnit":"XdVtDlmEkXs","value":"10"},
 {"dataElement":"PoorRate001","period":"2026","orgUnit":"TnProv00019","value":"1.8"}]}'
status "dataValueSets with DHIS2 UIDs" 200
js "three values" '.importCount | .imported + .updated' 3
as adm1 GET '/api/values?indicator=YT_TCDD.NAM&unit=OU_DX&period=202601'
js "MaleCoc0001 landed on YT_TCDD.NAM of OU_DX" .value 12
as adm1 GET '/api/values?indicator=YT_TCDD.NU&unit=OU_DX&period=202601'
js "FemaleCoc01 landed on YT_TCDD.NU" .value 10
as adm1 GET '/api/values?indicator=YT_HN&unit=19&period=2026'
js "the province's percentage" .value 1.8

# ---- idempotent, update ------------------------------------------------------------
after=$(db_fp)
send adm1 POST '/api/exchange/metadata?dryRun=false' "@$DATA/metadata.json"
status "a re-run" 200
js "creates nothing, writes no mapping row" '"\(.stats.created) \(.stats.updated) \(.mappings.written) \(.mappings.unchanged)"' \
  "0 0 0 9"
eq "a re-run changes nothing" "$after" "$(db_fp)"
sed 's/"Phường Bắc Kạn"/"Phường Bắc Kạn Mới"/' "$DATA/metadata.json" >"$TMP/renamed.json"
send adm1 POST '/api/exchange/metadata?dryRun=false' "@$TMP/renamed.json"
js "without update=true a renamed unit is kept" \
  '.objects[] | select(.id == "BkWard00001") | .action' skip
as adm1 GET /api/units/OU_BK
js "its name unchanged" .name "Bắc Kạn"
send adm1 POST '/api/exchange/metadata?dryRun=false&update=true' "@$TMP/renamed.json"
js "update=true updates it" '"\(.units.updated) \(.units.skipped)"' "1 4"
as adm1 GET /api/units/OU_BK
js "its new name" .name "Bắc Kạn Mới"
# the store's own rules apply: a kind locked by the values it has
before=$(db_fp)
sed 's/"aggregationType": "SUM"/"aggregationType": "LAST"/' "$DATA/metadata.json" >"$TMP/last.json"
send adm1 POST '/api/exchange/metadata?dryRun=false&update=true' "@$TMP/last.json"
status "a kind locked by values" 409
js "named on both combos, field aggregationType" \
  '[.conflicts[] | select(.id == "ImmFull0001") | .property] | join(",")' "aggregationType,aggregationType"
eq "nothing written" "$before" "$(db_fp)"
send adm1 POST '/api/exchange/metadata?update=true' "@$TMP/last.json"
status "the dry run finds the same conflict" 409
alive "after the imports"
finish
