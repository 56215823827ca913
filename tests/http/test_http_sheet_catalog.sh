#!/usr/bin/env bash
# test_http_sheet_catalog.sh - the catalogue workbook over HTTP (issue #13:
# rules are managed from the catalogue workbook): GET /api/sheet/catalog
# gives any logged-in user the .xlsx (sheets "Quy tắc kiểm tra" and "Chỉ
# tiêu") or the CSV; POST /api/sheet/catalog is for administrators only
# (403 for a ward, and nothing changes): a dry run lists what would change
# and writes nothing, an import adds and changes rules (GET /api/rules shows
# them), replace=true removes the rules left out; a bad row answers 409 with
# conflicts naming the cell and the rule, and writes nothing, the good rows
# of the same file included; a file that is no such sheet is 400.
. "$(dirname "$0")/lib.sh"

has_users || skip_all "needs \`chitieu user add\`"
has_route /api/sheet/catalog || skip_all "no /api/sheet/catalog in this build"
demo_db
add_user c_admin admin --view VN
add_user c_ward ward --enter 01837
start_server
for u in c_admin c_ward; do login $u; done
XLSX_T='application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

# ---- download ------------------------------------------------------------------------
as c_ward GET "/api/sheet/catalog" 2>/dev/null # binary: bash warns of NUL bytes
status "a ward downloads the workbook" 200
header "a workbook" "^Content-Type: $XLSX_T"
header "named" '^Content-Disposition: attachment; filename="bieu-danh-muc.xlsx"'
cp "$TMP/body" "$TMP/c.xlsx"
if command -v python3 >/dev/null; then
  python3 -c "import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read('xl/workbook.xml').decode())" "$TMP/c.xlsx" \
    >"$TMP/wb.xml" 2>&1
  grep -q 'name="Quy tắc kiểm tra"' "$TMP/wb.xml" && grep -q 'name="Chỉ tiêu"' "$TMP/wb.xml" && ok ||
    bad "the workbook's sheets: $(cat "$TMP/wb.xml")"
fi
as c_ward GET "/api/sheet/catalog?format=csv"
status "csv" 200
header "csv type" "^Content-Type: text/csv"
eq "csv header" 1 "$(head -1 "$TMP/body" | grep -c 'Mã quy tắc,Tên,Vế trái,Phép so sánh,Vế phải,Mức độ')"
grep -q '^KT15_KT01,.*,KT15,<=,KT01,cảnh báo' "$TMP/body" && ok || bad "csv: no KT15_KT01 row: $BODY"
cp "$TMP/body" "$TMP/c.csv"
as c_ward GET "/api/sheet/catalog?format=pdf"
error "a bad format" 400 invalid format
req GET "/api/sheet/catalog"
status "anonymous" 401

# ---- import ----------------------------------------------------------------------------
sed -e 's/^\(KT15_KT01,.*,\)cảnh báo\r\?$/\1lỗi/' "$TMP/c.csv" >"$TMP/e.csv"
printf 'KT02_TRAN,Thu ngân sách một phường dưới 10 tỷ đồng một tháng,KT02,<=,10,warning\r\n' >>"$TMP/e.csv"
send c_ward POST "/api/sheet/catalog" "@$TMP/e.csv" text/csv
error "a ward cannot import the catalogue" 403 forbidden
as c_ward GET /api/rules/KT02_TRAN
status "nothing added by the ward" 404
send c_admin POST "/api/sheet/catalog?dryRun=true" "@$TMP/e.csv" text/csv
status "dry run" 200
js "dry run counts" '"\(.status) \(.dryRun) \(.importCount.imported) \(.importCount.updated) \(.importCount.deleted)"' \
  "SUCCESS true 1 1 0"
js "dry run lists the changes" '[.changes[] | "\(.action):\(.code)"] | sort | join(",")' \
  "added:KT02_TRAN,updated:KT15_KT01"
as c_admin GET /api/rules/KT15_KT01
js "the dry run wrote nothing" .importance warning
send c_admin POST "/api/sheet/catalog" "@$TMP/e.csv" text/csv
status "import" 200
js "import counts" '"\(.importCount.imported) \(.importCount.updated)"' "1 1"
as c_ward GET /api/rules/KT15_KT01
js "the rule changed" .importance error
as c_ward GET /api/rules/KT02_TRAN
js "the rule added" '"\(.left) \(.op) \(.right) \(.importance)"' "KT02 <= 10 warning"
send c_admin POST "/api/sheet/catalog" "@$TMP/c.xlsx" "$XLSX_T"
status "the downloaded workbook sent back" 200
js "it puts KT15_KT01 back, keeps the rule it does not list" \
  '"\(.importCount.imported) \(.importCount.updated) \(.importCount.deleted)"' "0 1 0"
send c_admin POST "/api/sheet/catalog?replace=true&dryRun=true" "@$TMP/c.xlsx" application/octet-stream
js "replace=true would remove the rule left out" '[.changes[] | select(.action == "removed") | .code] | join(",")' KT02_TRAN
send c_admin POST "/api/sheet/catalog?replace=true" "@$TMP/c.xlsx" "$XLSX_T"
js "replace=true removes it" .importCount.deleted 1
as c_admin GET /api/rules/KT02_TRAN
status "removed" 404

# ---- refusals --------------------------------------------------------------------------
printf 'code,name,left,op,right,importance\nKT15_KT01,Đổi tên,KT15,<=,KT01,lỗi\nX1,Sai,KT99,<=,1,lỗi\nX2,Sai,KT01,=<,1,lỗi\n' \
  >"$TMP/bad.csv"
send c_admin POST "/api/sheet/catalog" "@$TMP/bad.csv" text/csv
status "bad rows" 409
js "status ERROR, nothing imported" '"\(.status) \(.importCount.imported) \(.importCount.updated)"' "ERROR 0 0"
js "the unknown indicator's cell" '.conflicts[0] | "\(.row) \(.field) \(.object)"' "3 C3 X1"
js "its reason" '.conflicts[0].value | test("không có chỉ tiêu mã .KT99.")' true
js "the bad operator's cell" '.conflicts[1] | "\(.row) \(.field) \(.object)"' "4 D4 X2"
js "the description names the file, the cell and the rule" \
  '.description | test("^Tệp danh-muc.csv, dòng 3, cột C: quy tắc X1")' true
as c_admin GET /api/rules/KT15_KT01
js "all or nothing: the good row was not written" .name \
  "Doanh thu du lịch thường không vượt tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng"
send c_admin POST "/api/sheet/catalog" "@$TMP/c.csv" application/json
error "JSON is not a sheet" 400 invalid Content-Type
send c_admin POST "/api/sheet/catalog" "" text/csv
error "empty body" 400 invalid body
printf 'a,b\n1,2\n' >"$TMP/nohead.csv"
send c_admin POST "/api/sheet/catalog" "@$TMP/nohead.csv" text/csv
error "no header row" 400 invalid body
send c_admin POST "/api/sheet/catalog?replace=maybe" "@$TMP/c.csv" text/csv
error "a bad replace" 400 invalid replace
alive "after all that"
stop_server
eq "SIGTERM exits 0" 0 "$SRV_RC"
finish
