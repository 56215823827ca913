#!/usr/bin/env bash
# test_xlsx.sh - `chitieu sheet template` and `chitieu sheet import` on the
# demo database: the .xlsx template is a well-formed workbook; a CSV template
# filled in (by sed, as a department would in Excel) imports, a dry run
# writes nothing, re-importing changes nothing; a targets template read back
# unchanged is "không đổi" and an edited one updates exactly one target; the
# malformed samples of tests/data/xlsx (not a zip, truncated, a damaged
# entry, old .xls, no workbook, DOCTYPE, wrong sheet, text in a number cell, a formula) each get
# their own clear message naming the sheet and cell, and write nothing; a
# template re-saved by LibreOffice (another writer: its own shared strings
# and styles) reads back, when soffice is installed.
. "$(dirname "$0")/lib.sh"
DATA="${CHITIEU_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/data/xlsx"

# the demo as of the end of 2024 (its seed years only): the old ward 01837's
# months of 2025 are still empty, a clean period to fill in
CHITIEU_TODAY=2024-12-31 "$BIN" demo >/dev/null || { bad "demo failed"; finish; exit; }
cd "$TMP"

# the number of values of ward 01837 in 2025 (none in the demo above: a clean period)
count_2025() { "$BIN" value list --unit 01837 --year 2025 | tail -1; }

# ---- the values template --------------------------------------------------------
expect_ok "template xlsx" sheet template --unit 01837 --period 202505 --out t.xlsx
# files the CLI writes get the usual permissions (umask), not a temporary file's 0600
(umask 022 && "$BIN" sheet template --unit 01837 --period 202505 --out perm.xlsx >/dev/null &&
  "$BIN" report --unit 058 --period 202206 --format xlsx --out perm-report.xlsx >/dev/null)
eq "an xlsx template is readable by others under umask 022" 644 "$(stat -c %a perm.xlsx)"
eq "an xlsx report is readable by others under umask 022" 644 "$(stat -c %a perm-report.xlsx)"
[ -s t.xlsx ] && ok || bad "template xlsx: no file"
ls t.xlsx.tmp-* >/dev/null 2>&1 && bad "template xlsx: a temporary file was left" || ok
if command -v unzip >/dev/null; then
  parts=$(unzip -Z1 t.xlsx)
  for p in xl/workbook.xml xl/worksheets/sheet1.xml xl/styles.xml xl/sharedStrings.xml; do
    grep -qx "$p" <<<"$parts" && ok || bad "template xlsx: no part $p"
  done
  unzip -p t.xlsx xl/workbook.xml | grep -q 'name="Số liệu"' && ok || bad "template: no sheet 'Số liệu'"
  for c in 8 9; do
    unzip -p t.xlsx xl/worksheets/sheet1.xml | grep -q "<col min=\"$c\" max=\"$c\"[^>]*hidden=\"1\"" && ok ||
      bad "template: key column $c is not hidden"
  done
  unzip -p t.xlsx xl/worksheets/sheet1.xml | grep -q 'state="frozen"' && ok || bad "template: header not frozen"
  if command -v xmllint >/dev/null; then
    for p in $(grep '\.xml$\|\.rels$' <<<"$parts"); do
      unzip -p t.xlsx "$(sed 's/[][]/\\&/g' <<<"$p")" | xmllint --noout - 2>/dev/null && ok ||
        bad "template: $p is not well-formed XML"
    done
  fi
fi
expect_fail "template needs --out" "--out" sheet template --unit 01837 --period 202505
expect_fail "template of an unknown unit" "01999" sheet template --unit 01999 --period 202505 --out x.xlsx
[ -e x.xlsx ] && bad "a failed template left x.xlsx" || ok
expect_fail "xlsx cannot go to stdout" "csv" sheet template --unit 01837 --period 202505 --out - --format xlsx
expect_ok "--out - prints the CSV template, as its help says" sheet template --unit 01837 --period 202505 --out -
has "the CSV template on the screen" "Mã chỉ tiêu"
expect_fail "no indicator is entered by nine months" "không có chỉ tiêu nào nhập số liệu theo loại kỳ này" \
  sheet template --unit 01837 --period 2022N9 --out n.xlsx
expect_fail "a ward merged in 2025 has no template after" "01837 \(Sông Cầu\) chỉ tồn tại đến 30/06/2025" \
  sheet template --unit 01837 --period 202608 --out m.xlsx
[ -e n.xlsx ] || [ -e m.xlsx ] && bad "a refused template left a file" || ok

# ---- CSV template filled in, imported ---------------------------------------------
expect_ok "template csv" sheet template --unit 01837 --period 202505 --out t.csv
has_header=$(head -1 t.csv | grep -c 'Mã chỉ tiêu,Tên chỉ tiêu,Đơn vị tính,Số liệu,Ước tính')
eq "csv template header" 1 "$has_header"
# KT01 41,5 (Vietnamese text), KT03 4.200,25 marked as an estimate
sed -e 's/^\(1,KT01,[^,]*,[^,]*,\),/\1"41,5",/' -e 's/^\(3,KT03,[^,]*,[^,]*,\),,/\1"4.200,25",x,/' t.csv >f.csv
eq "two rows filled" 2 "$(grep -c '"41,5"\|"4.200,25"' f.csv)"
before=$(count_2025)
expect_ok "dry run" sheet import f.csv --dry-run
has "dry run says so" "Chạy thử, không ghi gì"
has "dry run counts" "2 dòng: 2 thêm mới, 0 cập nhật, 0 không đổi"
eq "dry run wrote nothing" "$before" "$(count_2025)"
expect_ok "import" sheet import f.csv --by "Phòng Kinh tế"
has "import counts" "2 dòng: 2 thêm mới, 0 cập nhật, 0 không đổi"
run value get --indicator KT01 --unit 01837 --period 202505
has "KT01 stored" "^41,5"$'\t'"chính thức"$'\t'"Phòng Kinh tế"
run value get --indicator KT03 --unit 01837 --period 202505
has "KT03 stored as an estimate" "^4.200,25"$'\t'"ước tính"
expect_ok "re-import" sheet import f.csv
has "re-import changes nothing" "2 dòng: 0 thêm mới, 0 cập nhật, 2 không đổi"
sed -e 's/"41,5"/"42"/' f.csv >g.csv
expect_ok "changed file" sheet import g.csv
has "one value updated" "2 dòng: 0 thêm mới, 1 cập nhật, 1 không đổi"
run value history --indicator KT01 --unit 01837 --period 202505
has "the change is audited" "nhập từ bảng tính"

# a bad cell among good ones: nothing at all is written
sed -e 's/"42"/"43"/' -e 's/^\(2,KT02,[^,]*,[^,]*,\),/\1"mười",/' g.csv >h.csv
before=$(count_2025)
expect_fail "text in a number cell (csv)" "Tệp h.csv, dòng 3, cột E: 'mười' không phải là số" sheet import h.csv
run value get --indicator KT01 --unit 01837 --period 202505
has "all or nothing: KT01 kept" "^42"$'\t'
eq "nothing written" "$before" "$(count_2025)"

# ---- targets ----------------------------------------------------------------------
expect_ok "targets template" sheet template --unit 058 --period 2023 --kind targets --out k.csv
rows=$(($(wc -l <k.csv) - 1))
expect_ok "targets read back" sheet import k.csv --kind targets
has "targets unchanged" "dòng: 0 thêm mới, 0 cập nhật, [0-9]+ không đổi"
# KT02 assigned 178 -> 180
grep -q '^3,KT02,[^,]*,[^,]*,178,at_least,tỉnh giao,' k.csv && ok || bad "targets template: KT02 row not as expected"
sed -e 's/^\(3,KT02,[^,]*,[^,]*,\)178,/\1180,/' k.csv >k2.csv
expect_ok "targets dry run" sheet import k2.csv --kind targets --dry-run
has "targets dry run counts" "1 cập nhật"
run target list --indicator KT02 --unit 058 --year 2023
has "dry run kept 178" "178"
expect_ok "targets import" sheet import k2.csv --kind targets
has "one target updated" "0 thêm mới, 1 cập nhật"
run target list --indicator KT02 --unit 058 --year 2023
has "target now 180" "180"
sed -e 's/^\(3,KT02,[^,]*,[^,]*,\)180,at_least/\1181,gần_đạt/' k2.csv >k3.csv
expect_fail "bad target kind" "Tệp k3.csv, dòng 4, cột F: .*target kind" sheet import k3.csv --kind targets
run target list --indicator KT02 --unit 058 --year 2023
has "targets all or nothing" "180"
expect_fail "values file read as targets" "thiếu cột .*'Năm'" sheet import f.csv --kind targets
[ "$rows" -gt 60 ] && ok || bad "targets template has only $rows rows"

# ---- malformed samples ------------------------------------------------------------
before=$(count_2025)
expect_fail "not a zip" "not_a_zip.xlsx không phải tệp Excel .xlsx" sheet import "$DATA/not_a_zip.xlsx"
expect_fail "truncated" "truncated.xlsx bị hỏng hoặc không trọn vẹn" sheet import "$DATA/truncated.xlsx"
expect_fail "damaged entry (CRC)" "crc_error.xlsx bị hỏng.*CRC" sheet import "$DATA/crc_error.xlsx"
expect_fail "old .xls" "Excel cũ \(.xls\)" sheet import "$DATA/old_excel.xls"
expect_fail "zip without workbook" "không phải bảng tính Excel" sheet import "$DATA/no_workbook.xlsx"
expect_fail "DOCTYPE refused" "DOCTYPE" sheet import "$DATA/doctype.xlsx"
expect_fail "wrong sheet" "không có sheet 'Số liệu' \(các sheet: 'Sheet1', 'Sheet2'\)" \
  sheet import "$DATA/wrong_sheet.xlsx"
expect_fail "--sheet names a missing sheet" "không có sheet 'Khác'" sheet import "$DATA/wrong_sheet.xlsx" --sheet Khác
expect_fail "text in a number cell" "Sheet 'Số liệu', ô E7: 'abc' không phải là số" \
  sheet import "$DATA/text_in_number.xlsx"
expect_fail "formula" "Sheet 'Số liệu', ô E7: ô chứa công thức =SUM\(A1:A3\)" sheet import "$DATA/formula.xlsx"
eq "malformed files wrote nothing" "$before" "$(count_2025)"
expect_ok "--sheet picks a sheet" sheet import "$DATA/wrong_sheet.xlsx" --sheet Sheet2 --dry-run
has "sheet 2 read" "Sheet 'Sheet2'.*1 dòng"
expect_ok "plain layout (English header, numbers and text)" sheet import "$DATA/plain_ok.xlsx" --dry-run
has "plain layout counts" "2 dòng: 0 thêm mới, 2 cập nhật"

# ---- another writer: LibreOffice re-saves the templates ------------------------------
if command -v soffice >/dev/null; then
  expect_ok "targets template xlsx" sheet template --unit 058 --period 2023 --kind targets --out plan.xlsx
  mkdir -p lo
  HOME="$TMP" timeout 120 soffice --headless --norestore --convert-to xlsx --outdir lo plan.xlsx t.xlsx \
    >/dev/null 2>&1
  if [ -s lo/plan.xlsx ] && [ -s lo/t.xlsx ]; then
    expect_ok "LibreOffice's targets file" sheet import lo/plan.xlsx --kind targets
    has "LibreOffice's targets file changes nothing" "0 thêm mới, 0 cập nhật, [0-9]+ không đổi"
    expect_ok "LibreOffice's values template" sheet import lo/t.xlsx
    has "an empty template has no rows" "0 dòng"
  else
    bad "soffice did not convert the templates"
  fi
else
  echo "SKIP: soffice not installed (LibreOffice round trip)"
fi
finish
