#!/bin/bash
# test_notice_office.sh - the meeting's conclusions notice as Word and PDF
# (issue #17), built by the same code as the text notice (a document model,
# core/report_doc.h) and laid out by the report's writers per Decree
# 30/2020: the DOCX header table (the issuing body "ỦY BAN NHÂN DÂN /
# THÀNH PHỐ BẮC KẠN" on two lines with its own short rule, the motto one
# underlined run), the number, the date line, "THÔNG BÁO", the tasks and
# the recipients; the PDF's header lines read back by `pdftotext -layout`,
# page 1 rendered non-blank by `pdftoppm`; the same texts as the text form
# (conclusions, tasks); user text escaped; the API serves both as downloads.
# Skipped, saying so, when unzip, xmllint or poppler-utils are missing.
source "$(dirname "$0")/lib.sh"
need_tools unzip xmllint pdftotext pdftoppm python3

expect_ok demo demo
export CHITIEU_TODAY=2022-07-05
printf 'Kết luận <b>&amp; thứ nhất.\nKết luận thứ hai.' >"$TMP/kl.txt"
expect_ok meeting meeting add --title "Giao ban UBND thành phố tháng 7/2022 <b>" --date 28/07/2022 --time 14:00 \
  --unit 058 --conclusions-file "$TMP/kl.txt" --notice-no 130/TB-UBND --chair "đồng chí Chủ tịch UBND thành phố"
ID=$(grep -oE '[0-9]+' <<<"$OUT" | head -1)
expect_ok task task add --meeting "$ID" --lead TCKH --coord 01837 --due 31/08/2022 --content "Rà soát nguồn thu ngân sách"

# ---- DOCX ----
expect_ok docx meeting notice "$ID" --format docx --out "$TMP/tb.docx"
mkdir -p "$TMP/x" && (cd "$TMP/x" && unzip -q ../tb.docx) || bad "unzip failed"
D=$TMP/x/word/document.xml
if xmllint --noout "$D"; then ok; else bad "document.xml not well-formed"; fi
xp() { eq "$1" "$2" "$(xmllint --xpath "$3" "$D" 2>/dev/null)"; }
L() { printf "*[local-name()='%s']" "$1"; }
H1="(//$(L tbl))[1]/$(L tr)[1]"
xp header_cols 2 "count((//$(L tbl))[1]/$(L tblGrid)/$(L gridCol))"
xp issuer "ỦY BAN NHÂN DÂNTHÀNH PHỐ BẮC KẠN" "string($H1/$(L tc)[1])"
xp issuer_lines 1 "count($H1/$(L tc)[1]/$(L p)[1]//$(L br))"
xp issuer_rule 1 "count($H1/$(L tc)[1]/$(L p)[2][string()=''][.//$(L pBdr)])"
xp header_text_unindented 0 "count($H1/$(L tc)/$(L p)[string()!=''][.//$(L ind)])"
xp motto "Độc lập - Tự do - Hạnh phúc" "string($H1/$(L tc)[2]/$(L p)[2]/$(L r)[$(L rPr)/$(L u)])"
xp number "Số: 130/TB-UBND" "string((//$(L tbl))[1]/$(L tr)[2]/$(L tc)[1])"
xp date_line "Bắc Kạn, ngày 28 tháng 7 năm 2022" "string((//$(L tbl))[1]/$(L tr)[2]/$(L tc)[2])"
xp doc_type 1 "count(//$(L body)/$(L p)[string()='THÔNG BÁO'][.//$(L b)])"
xp title 1 "count(//$(L body)/$(L p)[string()='Kết luận của đồng chí Chủ tịch UBND thành phố tại cuộc họp Giao ban UBND thành phố tháng 7/2022 <b>'])"
xp conclusion_1 1 "count(//$(L body)/$(L p)[string()='Kết luận <b>&amp; thứ nhất.'])"
xp conclusion_2 1 "count(//$(L body)/$(L p)[string()='Kết luận thứ hai.'])"
xp task 1 "count(//$(L body)/$(L p)[starts-with(string(),'1.1. Rà soát nguồn thu ngân sách. Phối hợp: UBND phường Sông Cầu. Thời hạn: 31/08/2022.')])"
xp signature "TL. CHỦ TỊCHCHÁNH VĂN PHÒNG" "string((//$(L tbl))[2]/$(L tr)[1]/$(L tc)[2])"
if xmllint --xpath "string((//$(L tbl))[2]/$(L tr)[1]/$(L tc)[1])" "$D" | grep -q 'Lưu: VT\.'; then ok; else bad "docx recipients"; fi

# ---- PDF ----
expect_ok pdf meeting notice "$ID" --format pdf --out "$TMP/tb.pdf"
eq pdf_magic "%PDF" "$(head -c 4 "$TMP/tb.pdf")"
mapfile -t LN < <(pdftotext -layout -f 1 -l 1 "$TMP/tb.pdf" - | grep -v '^ *$')
like() { if grep -qE -- "$3" <<<"$2"; then ok; else bad "$1: line '$2' does not match /$3/"; fi; }
like header_1 "${LN[0]}" '^ *ỦY BAN NHÂN DÂN +CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM *$'
like header_2 "${LN[1]}" '^ *THÀNH PHỐ BẮC KẠN +Độc lập - Tự do - Hạnh phúc *$'
like header_3 "${LN[2]}" '^ *Số: 130/TB-UBND +Bắc Kạn, ngày 28 tháng 7 năm 2022 *$'
like doc_type "${LN[3]}" '^ *THÔNG BÁO *$'
pdftotext "$TMP/tb.pdf" - | tr '\n' ' ' >"$TMP/all.txt"
if grep -qF 'Kết luận <b>&amp; thứ nhất.' "$TMP/all.txt"; then ok; else bad "pdf conclusions: $(cat "$TMP/all.txt")"; fi
if grep -qF 'Rà soát nguồn thu ngân sách.' "$TMP/all.txt" && grep -qF 'TL. CHỦ TỊCH' "$TMP/all.txt"; then ok; else bad "pdf task/signature"; fi
pdftoppm -r 30 -gray -f 1 -l 1 "$TMP/tb.pdf" "$TMP/page"
ink=$(python3 - "$(ls "$TMP"/page*.pgm | head -1)" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
parts = d.split(b"\n", 3)
w, h = map(int, parts[1].split())
px = parts[3][: w * h]
print(sum(1 for b in px if b < 128) * 1000 // max(1, len(px)))
PY
)
if [ "${ink:-0}" -ge 5 ] && [ "${ink:-0}" -le 400 ]; then ok; else bad "pdftoppm_ink: $ink"; fi

# the text form says the same (one code builds both)
expect_ok text meeting notice "$ID"
has text_conclusion "^Kết luận <b>&amp; thứ nhất\.$"
has text_task "1\.1\. Rà soát nguồn thu ngân sách\. Phối hợp: UBND phường Sông Cầu\. Thời hạn: 31/08/2022\."
expect_fail notice_missing "" meeting notice 999999 --format pdf --out "$TMP/none.pdf"
if [ ! -e "$TMP/none.pdf" ]; then ok; else bad "a failed notice left a file"; fi
finish
