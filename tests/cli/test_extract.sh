#!/usr/bin/env bash
# test_extract.sh - black-box tests of `chitieu extract` (issue #19) on the
# demo (SQLite, or PostgreSQL with CHITIEU_TEST_PG): the corpus report as a
# file, from standard input and as a DOCX gives the same proposals; --json has
# exactly the issue's fields; the table is Vietnamese; the demo's synonyms are
# matched; a sentence naming no indicator proposes nothing; an old .doc, a
# PDF, another encoding, a DOCX without text and a 50 MB file are refused
# with a clear message; extraction writes nothing. Review, then import: the
# --csv review file, refused until every row has a decision; a dry run
# writes nothing; accepted values go through the importer with the audit
# reason naming the document, a cumulative made monthly (said), a corrected
# target to the target table, derived figures not imported; a cumulative
# whose months before are missing refuses the whole file; a refused row is
# named by the review's line; a repeated figure is imported once.
set -e
. "$(dirname "$0")/lib.sh"
D=$(cd "$(dirname "$0")/../data/extract" && pwd)

expect_ok "demo" demo
expect_ok "extract --help" extract --help
has "help names --json" "--json"
has "help says code points" "code point"

expect_ok "extract json" extract "$D/report.txt" --unit 058 --year 2022 --json
J=$OUT
eq "ten proposals" 10 "$(jq length <<<"$J")"
eq "exactly the issue's fields (target where given)" \
  "approx,confidence,end,indicator,measure,period,start,text,unit,value" \
  "$(jq -r '[.[] | select(.measure != "achieved_of_target") | keys | join(",")] | unique | join(";")' <<<"$J")"
eq "achieved_of_target has a target" "35 33" \
  "$(jq -r '.[] | select(.measure == "achieved_of_target") | "\(.value) \(.target)"' <<<"$J")"
eq "the tourism sentence's four measures" "value 6.2 true|cumulative 48.7 true|percent_of_plan 76.1 false|change_on_last_year 9.3 false" \
  "$(jq -r '[.[] | select(.indicator == "KT15") | "\(.measure) \(.value) \(.approx)"] | join("|")' <<<"$J")"
eq "periods: the month of 'lũy kế 9 tháng'" "202209" "$(jq -r '[.[] | select(.indicator == "KT15") | .period] | unique | join(",")' <<<"$J")"
eq "named communes, each its own unit" "01846,01849,01852" \
  "$(jq -r '[.[] | select(.indicator == "MT04") | .unit] | sort | join(",")' <<<"$J")"
eq "targets of 2023 through synonyms (tỷ đồng kept, the uom is tỷ đồng)" "KT14 2023 1650|VX04 2023 0.9" \
  "$(jq -r '[.[] | select(.measure == "target") | "\(.indicator) \(.period) \(.value)"] | join("|")' <<<"$J")"
eq "the figure's place in its sentence (code points)" "6,2 tỷ đồng" \
  "$(jq -r '.[0] | .text[.start:.end]' <<<"$J")"
eq "the meeting count proposes nothing" 0 "$(jq '[.[] | select(.text | test("cuộc họp"))] | length' <<<"$J")"
eq "confidence within 0..1" 0 "$(jq '[.[] | select(.confidence < 0 or .confidence > 1)] | length' <<<"$J")"

run extract - --unit 058 --year 2022 --json <"$D/report.txt"
eq "standard input gives the same" "$J" "$OUT"
python3 "$D/mkdocx.py" "$D/report.txt" "$TMP/report.docx"
expect_ok "extract docx" extract "$TMP/report.docx" --unit 058 --year 2022 --json
eq "DOCX gives the same proposals" "$(jq -c 'map(del(.text))' <<<"$J")" "$(jq -c 'map(del(.text))' <<<"$OUT")"

expect_ok "table" extract "$D/report.txt" --unit 058 --year 2022
has "Vietnamese header" "Chỉ tiêu +Đơn vị +Kỳ +Loại số liệu"
has "measure label" "lũy kế"
has "Vietnamese number" "~48,7"
has "the count line" "10 số liệu đề xuất"

# bad input
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1old' >"$TMP/old.doc"
expect_fail "an old .doc" "Word cũ \(.doc\)" extract "$TMP/old.doc" --unit 058
printf '%%PDF-1.4 ...' >"$TMP/r.pdf"
expect_fail "a PDF" "PDF" extract "$TMP/r.pdf" --unit 058
printf 'Doanh thu du l\xe1ch' >"$TMP/latin1.txt"
expect_fail "another encoding" "không phải .docx cũng không phải văn bản UTF-8" extract "$TMP/latin1.txt" --unit 058
printf '' >"$TMP/empty.txt"
python3 "$D/mkdocx.py" "$TMP/empty.txt" "$TMP/empty.docx"
expect_fail "a DOCX without text" "không có chữ nào" extract "$TMP/empty.docx" --unit 058
truncate -s 50M "$TMP/big.txt"
expect_fail "a 50 MB file refused by size" "quá giới hạn 20 MiB" extract "$TMP/big.txt" --unit 058
expect_fail "an unknown unit" "XYZ" extract "$D/report.txt" --unit XYZ
expect_fail "a bad year" "year" extract "$D/report.txt" --year 20
# ---- review, then import (item 3) ------------------------------------------------
expect_ok "review file" extract "$D/report.txt" --unit 058 --year 2022 --csv
printf '%s\n' "$OUT" >"$TMP/review.csv"
eq "review header" "quyet_dinh,indicator,unit,period,measure,value,target,approx,confidence,text" \
  "$(head -1 "$TMP/review.csv")"
eq "a row per proposal, no decision yet" 10 "$(grep -c '^,' "$TMP/review.csv")"
expect_fail "nothing is imported before the review" "dòng 2, cột quyet_dinh.*nhận.*bỏ" \
  extract import "$TMP/review.csv"
run value get --indicator KT15 --unit 058 --period 202209
BEFORE=$OUT
# the reviewer: drops the month's value (the cumulative gives it), accepts the cumulative, the
# % of plan (not imported: derived), the X/Y, one commune, the 2023 target of KT14 (corrected to
# 1.660); drops the rest
python3 - "$TMP/review.csv" "$TMP/reviewed.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
take = {("KT15", "cumulative"), ("KT15", "percent_of_plan"), ("TDPVH", "achieved_of_target"), ("KT14", "target")}
for r in rows[1:]:
    r[0] = "nhận" if (r[1], r[4]) in take or (r[1] == "MT04" and r[2] == "01846") else "bỏ"
    if r[1] == "KT14":
        r[5] = "1.660"  # corrected by the reviewer
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
PY
expect_ok "dry run" extract import "$TMP/reviewed.csv" --file bao-cao-thang-9.docx --dry-run
has "dry run says so" "Chạy thử, không ghi gì"
has "the cumulative made monthly, and said" "lũy kế 48,7 trừ 44,5 đã có \(tháng 1-8\) = 4,2 cho tháng"
has "a derived figure is not imported" "% kế hoạch là số suy ra"
run value get --indicator KT15 --unit 058 --period 202209
eq "the dry run wrote nothing" "$BEFORE" "$OUT"
expect_ok "import" extract import "$TMP/reviewed.csv" --file bao-cao-thang-9.docx
has "counts" "5 dòng nhận, 5 dòng bỏ; số liệu: 1 thêm mới, 2 cập nhật, 0 không đổi; 1 chỉ tiêu kế hoạch; 1 không nhập"
expect_ok "history" value history --indicator KT15 --unit 058 --period 202209
has "the audit reason names the document" "4,2 \(ước\) +trích từ văn bản bao-cao-thang-9.docx"
expect_ok "target" target list --indicator KT14 --unit 058
has "the 2023 target, as corrected" "KT14 +058 +2023 +at_least .* 1.660"
expect_ok "commune value" value get --indicator MT04 --unit 01846 --period 2022
has "the commune's figure, an estimate (dưới)" "^60	ước tính"
# a cumulative whose earlier months are missing is refused, nothing written
printf 'quyet_dinh,indicator,unit,period,measure,value,target\nnhận,KT14,058,2023,target,"1.700",\nnhận,KT15,01846,203003,cumulative,"9",\n' \
  >"$TMP/missing.csv"
expect_fail "a cumulative without the months before" "chưa có tháng 1/2030" extract import "$TMP/missing.csv"
expect_ok "target after the refusal" target list --indicator KT14 --unit 058
has "the refused import wrote no target" "2023 +at_least .* 1.660"
# the importer's refusal names the review's line, not its count of the values handed to it
printf 'quyet_dinh,indicator,unit,period,measure,value,target\nbỏ,KT15,058,202209,value,"1",\nnhận,KT15,058,202209,percent_of_plan,"1",\nnhận,KT15,058,202209,value,"5",\nnhận,KT15,NOPE,202209,value,"9",\n' \
  >"$TMP/badunit.csv"
expect_fail "a bad unit named by the review's line and column" "dòng 5, cột unit: .*NOPE" extract import "$TMP/badunit.csv"
# the same indicator, unit and period twice: the first accepted row wins, the other is said
printf 'quyet_dinh,indicator,unit,period,measure,value,target\nnhận,KT15,058,202209,value,"4,3",\nbỏ,KT15,058,202208,value,"1",\nnhận,KT15,058,202209,cumulative,"48,7",\n' \
  >"$TMP/repeat.csv"
expect_ok "a repeated figure" extract import "$TMP/repeat.csv" --dry-run
has "the repeat is said, by its line" "dòng 4: KT15 058 202209 đã có số liệu từ dòng trước"
has "one value counted" "số liệu: 0 thêm mới, 1 cập nhật"
# ---- measured (item 5): precision and recall over the passages with expected figures ------
for set in corpus heldout blind; do
  expect_ok "evaluate $set" extract --evaluate "$D/$set"
  p=$(grep -oE 'precision\): [0-9]+,[0-9]+' <<<"$OUT" | grep -oE '[0-9]+,[0-9]+' | tr , .)
  r=$(grep -oE 'recall\): [0-9]+,[0-9]+' <<<"$OUT" | grep -oE '[0-9]+,[0-9]+' | tr , .)
  awk -v p="$p" -v r="$r" 'BEGIN { exit !(p >= 0.9 && r >= 0.8) }' && ok || bad "$set: precision $p, recall $r: $OUT"
done
mkdir -p "$TMP/none"
expect_fail "evaluate a folder without passages" "không có tệp .txt" extract --evaluate "$TMP/none"
expect_fail "a passage without its expected figures" "big.json" extract --evaluate "$TMP"
finish
