#!/bin/bash
# test_report.sh - black-box tests of `chitieu report` on the demo database:
# golden texts (June 2022, first half 2022, year 2020) regenerated and
# diffed, Markdown and HTML escaping, writing through --out, the editable
# wording (template list/show/set/reset, bad placeholders refused), and
# errors. DOCX structure: test_report_docx.sh; PDF: test_report_pdf.sh.
# Regenerate the golden files (then read them!) with: REPORT_GOLDEN_WRITE=1.
source "$(dirname "$0")/lib.sh"
SRC=${CHITIEU_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
G=$SRC/tests/golden/report

expect_ok demo demo

# golden: name, today, args...
golden() {
  local name=$1 today=$2; shift 2
  CHITIEU_TODAY=$today run report --unit 058 "$@"
  if [ $RC -ne 0 ]; then bad "golden $name: exit $RC: $ERR"; return; fi
  if [ -n "${REPORT_GOLDEN_WRITE:-}" ]; then cp "$TMP/out" "$G/$name.txt"; fi
  if diff -u "$G/$name.txt" "$TMP/out" >"$TMP/diff"; then ok; else bad "golden $name differs:"$'\n'"$(head -40 "$TMP/diff")"; fi
}
golden 058-202206 2022-07-05 --period 202206 --number 125/BC-UBND
golden 058-2022S1 2022-07-05 --period 2022S1
golden 058-2020 2021-01-15 --period 2020 --place "Bắc Kạn"

# the figures DOMAIN.md §3 reports, in the prose
CHITIEU_TODAY=2022-07-05 run report --unit 058 --period 202206
has retail_sentence "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng trong tháng đạt 285 tỷ đồng; lũy kế 06 tháng đạt 1\.739,5 tỷ đồng, bằng 50,58% kế hoạch năm, tăng 4,85% so với cùng kỳ\."
has industry_sentence "24\.252,92 triệu đồng; lũy kế 06 tháng đạt 145\.244,67 triệu đồng, bằng 51,69% kế hoạch năm, tăng 0,87% so với cùng kỳ"
has date_line "^Bắc Kạn, ngày 05 tháng 7 năm 2022$"
has next_period "^IV\. NHIỆM VỤ TRỌNG TÂM THÁNG 7/2022$"
CHITIEU_TODAY=2021-01-15 run report --unit 058 --period 2020
has count_65 "^Có 54/65 chỉ tiêu đạt và vượt kế hoạch; 11 chỉ tiêu không đạt\.$"
eq not_met_items 11 "$(sed -n '/^Các chỉ tiêu không đạt kế hoạch:/,/^Các đơn vị/p' <<<"$OUT" | grep -c '^  - ')"
has date_2021 "^Bắc Kạn, ngày 15 tháng 01 năm 2021$"
# --as-of judges the period as it stood then: June running on 20/06/2022
run report --unit 058 --period 202206 --as-of 2022-06-20 --date 2022-06-25
has provisional "Kỳ báo cáo chưa kết thúc"
has date_option "ngày 25 tháng 6 năm 2022"

# tasks of the demo, judged on as_of as the dashboard judges them (issue #17): June's
# two tasks due 30/06 and still open are overdue in a report written on 05/07, never
# "in progress" with 100% on time; the same report written on 30/06 has them in progress
CHITIEU_TODAY=2022-07-05 run report --unit 058 --period 202206
has tasks_june "^Trong kỳ có 03 nhiệm vụ phải thực hiện: 01 nhiệm vụ hoàn thành đúng hạn; 02 nhiệm vụ quá hạn chưa hoàn thành; tỷ lệ hoàn thành đúng hạn 33,33%\.$"
has tasks_june_overdue "^  - Đôn đốc các hộ kinh doanh nộp thuế khoán, thuế sử dụng đất phi nông nghiệp \(chủ trì: phường Sông Cầu; hạn 30/06/2022, quá hạn 5 ngày\)\.$"
# the dashboard's status of that task on the same day (task list, core task_status_on)
CHITIEU_TODAY=2022-07-05 run task list
if grep -q "Đôn đốc các hộ kinh doanh" <<<"$OUT" && grep "Đôn đốc các hộ kinh doanh" <<<"$OUT" | grep -q "Quá hạn"; then ok
else bad "tasks_same_as_dashboard: $(grep "Đôn đốc" <<<"$OUT")"; fi
CHITIEU_TODAY=2022-06-30 run report --unit 058 --period 202206
has tasks_june_on_30 "^Trong kỳ có 03 nhiệm vụ phải thực hiện: 01 nhiệm vụ hoàn thành đúng hạn; 02 nhiệm vụ đang thực hiện trong hạn; tỷ lệ hoàn thành đúng hạn 100,00%\.$"
run report --unit 058 --period 2022Q3 --as-of 2022-07-05
has tasks_overdue_head "^Các nhiệm vụ quá hạn chưa hoàn thành:$"
has tasks_overdue_item "^  - Đôn đốc các hộ kinh doanh nộp thuế khoán, thuế sử dụng đất phi nông nghiệp \(chủ trì: phường Sông Cầu; hạn 30/06/2022, quá hạn 5 ngày\)\.$"
has tasks_overdue_period_due "\(chủ trì: Phòng Quản lý đô thị; hạn tháng 6/2022 \(30/06/2022\), quá hạn 5 ngày\)\.$"

# Markdown and HTML
CHITIEU_TODAY=2022-07-05 run report --unit 058 --period 202206 --format md
has md_heading "^## I\. KẾT QUẢ"
has md_number_own_line "^\*\*THÀNH PHỐ BẮC KẠN\*\*\\\\$"
has md_section "^### 1\\\\\. Kinh tế$"
has md_item "^- Lao động được giải quyết việc làm mới"
CHITIEU_TODAY=2022-07-05 run report --unit 058 --period 202206 --format html
has html_doctype "^<!DOCTYPE html>"
has html_a4 "@page\{size:A4;margin:20mm 15mm 20mm 30mm\}"
has html_font "Times New Roman"
has html_retail "<p class=\"p\">Tổng mức bán lẻ .* 285 tỷ đồng; lũy kế 06 tháng đạt 1\.739,5 tỷ đồng"
CHITIEU_TODAY=2021-01-15 run report --unit 058 --period 2020 --format html
has html_quote_escaped "Tỷ lệ hộ gia đình đạt danh hiệu &quot;Gia đình văn hóa&quot; đạt 94%"

# --out writes through a temporary file and a rename
CHITIEU_TODAY=2022-07-05 expect_ok out_file report --unit 058 --period 202206 --out "$TMP/r.txt"
eq out_same "$(cat "$G/058-202206.txt" | grep -c 'bán lẻ')" "$(grep -c 'bán lẻ' "$TMP/r.txt")"
eq no_temp_left "" "$(ls "$TMP" | grep 'tmp' || true)"
expect_fail out_missing_dir "không tạo được tệp tạm" report --unit 058 --period 202206 --out "$TMP/no/such/r.txt"

# templates: list, show, set changes the output, reset restores it
run report template list
has tpl_list "^sentence\.flow +mặc định"
run report template show sentence.flow
has tpl_show "\{ten_chi_tieu\} \{trong_ky\} \{dat\} \{gia_tri_ky\}"
printf '%s\n' 'Về {ten_chi_tieu}: {gia_tri_ky}[ (lũy kế {so_thang} tháng {luy_ke})].' >"$TMP/t.txt"
expect_ok tpl_set report template set sentence.flow "$TMP/t.txt"
run report template list
has tpl_edited "^sentence\.flow +đã sửa"
CHITIEU_TODAY=2022-07-05 run report --unit 058 --period 202206
# (the year-end forecast's sentence follows in the same paragraph: forecast.sentence)
has tpl_used "^Về Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng: 285 tỷ đồng \(lũy kế 06 tháng 1\.739,5 tỷ đồng\)\.( Dự báo cả năm đạt khoảng .*, khả năng hoàn thành kế hoạch .*%\.)?$"
CHITIEU_TODAY=2022-07-05 run report --unit 058 --period 2022S1
has tpl_optional_dropped "^Về Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng: 1\.739,5 tỷ đồng\.( Dự báo cả năm đạt khoảng .*, khả năng hoàn thành kế hoạch .*%\.)?$"
# text from the template reaches HTML escaped
printf '%s' 'A <b>&</b> "{ky}"' | "$BIN" report template set doc.intro >/dev/null
CHITIEU_TODAY=2022-07-05 run report --unit 058 --period 202206 --format html
has html_escaped "A &lt;b&gt;&amp;&lt;/b&gt; &quot;tháng 6/2022&quot;"
if grep -q '<b>&</b>' <<<"$OUT"; then bad "html_not_raw: template markup reached the page"; else ok; fi
CHITIEU_TODAY=2022-07-05 run report --unit 058 --period 202206 --format md
has md_escaped 'A \\<b\\>\\&\\</b\\> "tháng 6/2022"'
expect_ok tpl_reset report template reset sentence.flow
expect_ok tpl_reset2 report template reset doc.intro
CHITIEU_TODAY=2022-07-05 run report --unit 058 --period 202206 --number 125/BC-UBND
if [ "$OUT" = "$(cat "$G/058-202206.txt")" ]; then ok; else bad "tpl_reset_restores: output differs from golden after reset"; fi

# bad templates are refused, naming what is wrong
expect_fail tpl_bad_placeholder "biến không được dùng ở mẫu này: \{gia_tri\}, \{abc\}; các biến được dùng: don_vi," \
  report template set sentence.flow - <<<'{ten_chi_tieu} {gia_tri} {abc} {gia_tri}'
expect_fail tpl_wrong_key_placeholder "biến không được dùng ở mẫu này: \{gia_tri_ky\}" \
  report template set doc.title - <<<'Báo cáo {gia_tri_ky}'
expect_fail tpl_unbalanced "thiếu dấu \]" report template set sentence.flow - <<<'{ten_chi_tieu}[, {luy_ke}'
expect_fail tpl_nested "lồng nhau" report template set sentence.flow - <<<'[a [b] c]'
expect_fail tpl_brace "dấu \{ không đóng" report template set sentence.flow - <<<'{Ten}'
expect_fail tpl_unknown_key "không có mẫu câu \"sentence.foo\"; các mẫu: doc.issuer" report template set sentence.foo - <<<'x'
expect_fail tpl_case_sensitive "không có mẫu câu" report template show Sentence.flow
run report template list
eq tpl_nothing_stored 0 "$(grep -c 'đã sửa' <<<"$OUT")"

# errors
expect_fail bad_format "định dạng \"odt\" không có" report --unit 058 --period 202206 --format odt
expect_fail bad_period "--period" report --unit 058 --period 202213
expect_fail unknown_unit "999" report --unit 999 --period 202206
expect_fail missing_unit "thiếu tùy chọn --unit" report --period 202206
expect_fail xlsx_needs_out "xlsx" report --unit 058 --period 202206 --format xlsx
# the Excel table is the sheets engineer's report_xlsx_write; here only that the CLI reaches it
CHITIEU_TODAY=2022-07-05 expect_ok xlsx_out report --unit 058 --period 202206 --format xlsx --out "$TMP/r.xlsx"
eq xlsx_zip "PK" "$(head -c 2 "$TMP/r.xlsx" 2>/dev/null)"

# approved figures only: nothing of the demo is approved, so June has no data, and the text says why
CHITIEU_TODAY=2022-07-05 expect_ok approved_only report --unit 058 --period 202206 --approved-only
has approved_only_said "chỉ gồm các tháng đã được cấp trên duyệt hoặc chấp nhận"
has approved_only_no_data "Có 0/[0-9]+ chỉ tiêu đạt"
CHITIEU_TODAY=2022-07-05 expect_ok all_figures report --unit 058 --period 202206
eq all_figures_silent 0 "$(grep -c 'đã được cấp trên duyệt' <<<"$OUT")"
CHITIEU_TODAY=2022-07-05 "$BIN" approval submit --unit 01837 --period 202206 >/dev/null 2>&1
CHITIEU_TODAY=2022-07-05 "$BIN" approval approve --unit 01837 --period 202206 >/dev/null 2>&1
CHITIEU_TODAY=2022-07-05 expect_ok approved_one_ward eval --unit 058 --period 202206 --approved-only --json
eq approved_one_ward_kt01 "$("$BIN" value get --indicator KT01 --unit 01837 --period 202206 | cut -f1 | tr , .)" \
  "$(jq -r '.indicators[] | select(.code == "KT01") | .value' <<<"$OUT")"
expect_fail approved_only_xlsx "xlsx chưa tách" report --unit 058 --period 202206 --format xlsx --out "$TMP/a.xlsx" --approved-only

finish
