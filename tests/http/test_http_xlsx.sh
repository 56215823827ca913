#!/usr/bin/env bash
# test_http_xlsx.sh - the sheet routes over HTTP: GET /api/sheet/template gives a
# real workbook (or CSV) for a unit the user may view and 403/404/400
# otherwise; POST /api/sheet/import takes the filled file as the body: a dry
# run writes nothing, an import writes and shows in /api/eval at once (the
# cache is bumped), re-importing is all "ignored"; bad cells answer 409 with
# conflicts naming the cell; rows of another unit 403; a closed period 409
# naming the period cell; targets only for administrators; files that are no
# sheet 400 with the reason.
. "$(dirname "$0")/lib.sh"
DATA="${CHITIEU_SRC:-$(dirname "$0")/../..}/tests/data/xlsx"

has_users || skip_all "needs \`chitieu user add\`"
has_route /api/sheet/import || skip_all "no /api/sheet/import in this build"
# the demo as of the end of 2024 (its seed years): the months of 2025 are still empty
CHITIEU_TODAY=2024-12-31 demo_db
add_user s_admin admin --view VN
add_user s_ward ward --enter 01837
add_user s_viewer viewer --view 01840
export CHITIEU_TODAY=2025-05-20
start_server
for u in s_admin s_ward s_viewer; do login $u; done
XLSX_T='application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

# ---- templates --------------------------------------------------------------------
as s_ward GET "/api/sheet/template?unit=01837&period=202505" 2>/dev/null # binary: bash warns of NUL bytes
status "template" 200
header "template is a workbook" "^Content-Type: $XLSX_T"
header "template downloads under its unit and period" \
  '^Content-Disposition: attachment; filename="bieu-so-lieu-01837-202505.xlsx"'
cp "$TMP/body" "$TMP/t.xlsx"
if command -v unzip >/dev/null; then
  unzip -Z1 "$TMP/t.xlsx" | grep -qx xl/worksheets/sheet1.xml && ok || bad "template: not an xlsx"
  unzip -p "$TMP/t.xlsx" xl/workbook.xml | grep -q 'name="Số liệu"' && ok || bad "template: no sheet 'Số liệu'"
fi
as s_ward GET "/api/sheet/template?unit=01837&period=202505&format=csv"
status "csv template" 200
header "csv type" "^Content-Type: text/csv"
eq "csv header" 1 "$(head -1 "$TMP/body" | grep -c 'Mã chỉ tiêu,Tên chỉ tiêu,Đơn vị tính,Số liệu')"
cp "$TMP/body" "$TMP/t.csv"
as s_ward GET "/api/sheet/template?unit=01840&period=202505"
error "another ward's template" 403 forbidden unit
as s_viewer GET "/api/sheet/template?unit=01840&period=202505&kind=targets" 2>/dev/null
status "a viewer reads the targets template of its unit" 200
as s_ward GET "/api/sheet/template?unit=09999&period=202505"
error "unknown unit" 404 not_found unit
as s_ward GET "/api/sheet/template?unit=01837&period=202505&kind=lung_tung"
error "bad kind" 400 invalid kind
req GET "/api/sheet/template?unit=01837&period=202505"
status "anonymous" 401

# ---- import -------------------------------------------------------------------------
sed -e 's/^\(1,KT01,[^,]*,[^,]*,\),/\1"41,5",/' -e 's/^\(3,KT03,[^,]*,[^,]*,\),,/\1"4.200,25",x,/' \
  "$TMP/t.csv" >"$TMP/f.csv"
send s_ward POST "/api/sheet/import?dryRun=true" "@$TMP/f.csv" text/csv
status "dry run" 200
js "dry run status" .status SUCCESS
js "dry run flag" .dryRun true
js "dry run counts" .importCount.imported 2
as s_ward GET "/api/values?indicator=KT01&unit=01837&period=202505"
status "dry run wrote nothing" 404
as s_ward GET "/api/eval?unit=01837&period=202505"
status "eval before" 200
before=$(jq -c '.indicators[] | select(.code == "KT01") | .value' <<<"$BODY")
eq "KT01 has no value before" null "$before"
send s_ward POST "/api/sheet/import" "@$TMP/f.csv" text/csv
status "import" 200
js "import counts" '"\(.importCount.imported) \(.importCount.updated) \(.importCount.ignored)"' "2 0 0"
js "import names the input" .kind values
as s_ward GET "/api/values?indicator=KT03&unit=01837&period=202505"
status "value stored" 200
js "value and estimate" '"\(.value) \(.estimate) \(.by)"' "4200.25 true s_ward"
as s_ward GET "/api/eval?unit=01837&period=202505"
js "eval shows the import at once (cache bumped)" '.indicators[] | select(.code == "KT01") | .value' 41.5
send s_ward POST "/api/sheet/import" "@$TMP/f.csv" text/csv
js "re-import changes nothing" '"\(.importCount.imported) \(.importCount.updated) \(.importCount.ignored)"' "0 0 2"
send s_ward POST "/api/sheet/import?dryRun=true" "@$TMP/f.csv" application/octet-stream
status "octet-stream: the bytes tell CSV" 200

# ---- refusals -------------------------------------------------------------------------
send s_ward POST "/api/sheet/import" "@$DATA/text_in_number.xlsx" "$XLSX_T"
status "text in a number cell" 409
js "conflict names the cell" '.conflicts[0].field' E7
js "conflict row" '.conflicts[0].row' 7
js "conflict reason" '.conflicts[0].value' "'abc' không phải là số"
js "description" .description "Sheet 'Số liệu', ô E7: 'abc' không phải là số"
send s_ward POST "/api/sheet/import" "@$DATA/formula.xlsx" "$XLSX_T"
status "formula" 409
js "formula refused" '.conflicts[0].value | test("công thức")' true
printf 'indicator,unit,period,value\nKT01,01837,202505,50\nKT01,01840,202505,60\n' >"$TMP/scope.csv"
send s_ward POST "/api/sheet/import" "@$TMP/scope.csv" text/csv
status "a row of another ward" 403
js "scope conflict on the unit cell" '.conflicts[0].field' B3
as s_ward GET "/api/values?indicator=KT01&unit=01837&period=202505"
js "all or nothing: KT01 kept" .value 41.5
send s_ward POST "/api/sheet/import" "@$DATA/plain_ok.xlsx" "$XLSX_T"
status "a closed period" 409
js "lock conflict on the period cell" '.conflicts[0].field' C2
send s_ward POST "/api/sheet/import" "@$DATA/not_a_zip.xlsx" "$XLSX_T"
error "not a zip" 400 invalid body
js "says so" '.error.message | test("không phải tệp Excel")' true
send s_ward POST "/api/sheet/import" "@$DATA/truncated.xlsx" "$XLSX_T"
error "truncated" 400 invalid body
send s_ward POST "/api/sheet/import" "@$DATA/wrong_sheet.xlsx" "$XLSX_T"
error "wrong sheet" 400 invalid body
send s_ward POST "/api/sheet/import?sheet=Sheet2&dryRun=true" "@$DATA/wrong_sheet.xlsx" "$XLSX_T"
status "?sheet= picks one (then the closed period refuses it)" 409
send s_ward POST "/api/sheet/import" '{"dataValues":[]}' application/json
error "JSON is not a sheet" 400 invalid Content-Type
send s_ward POST "/api/sheet/import" "" text/csv
error "empty body" 400 invalid body

# ---- targets ---------------------------------------------------------------------------
as s_admin GET "/api/sheet/template?unit=058&period=2023&kind=targets&format=csv"
status "targets template" 200
sed -e 's/^\(3,KT02,[^,]*,[^,]*,\)178,/\1180,/' "$TMP/body" >"$TMP/k.csv"
send s_ward POST "/api/sheet/import?kind=targets" "@$TMP/k.csv" text/csv
error "targets for administrators only" 403 forbidden kind
send s_admin POST "/api/sheet/import?kind=targets" "@$TMP/k.csv" text/csv
status "targets import" 200
js "one target updated" .importCount.updated 1
as s_admin GET "/api/targets?indicator=KT02&unit=058&year=2023"
js "target stored" '[.items[] | select(.source == "assigned") | .value] | .[0]' 180
alive "after all that"
stop_server
eq "SIGTERM exits 0" 0 "$SRV_RC"
finish
