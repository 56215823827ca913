#!/usr/bin/env bash
# test_extract.sh - black-box tests of `chitieu extract` (issue #19) on the
# demo (SQLite, or PostgreSQL with CHITIEU_TEST_PG): the corpus report as a
# file, from standard input and as a DOCX gives the same proposals; --json has
# exactly the issue's fields; the table is Vietnamese; the demo's synonyms are
# matched; a sentence naming no indicator proposes nothing; an old .doc, a
# PDF, another encoding, a DOCX without text and a 50 MB file are refused
# with a clear message; nothing is written.
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
finish
