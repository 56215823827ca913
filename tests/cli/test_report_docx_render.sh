#!/bin/bash
# test_report_docx_render.sh - the Word report rendered to PDF by
# LibreOffice headless (soffice --convert-to pdf), as a clerk prints it:
# the PDF exists, is a PDF and has pages (pdfinfo when installed, else the
# /Type /Page objects); with pdftotext, the Decree 30/2020 header lines as
# printed: the issuing body on two lines, the national title and the motto
# each on one line. The native PDF: test_report_pdf.sh. Skipped,
# saying so, only when soffice is not installed (scripts/deps.sh --test
# installs it).
source "$(dirname "$0")/lib.sh"
if ! command -v soffice >/dev/null; then
  echo "SKIP: soffice (LibreOffice) not installed; run scripts/deps.sh --test"
  exit 0
fi

expect_ok demo demo
export CHITIEU_TODAY=2022-07-05
expect_ok docx report --unit 058 --period 202206 --format docx --out "$TMP/bao-cao.docx" --number 125/BC-UBND
# a private LibreOffice profile, so a desktop session or a parallel test never interferes
set +e
timeout 180 soffice -env:UserInstallation="file://$TMP/lo" --headless --convert-to pdf \
  --outdir "$TMP" "$TMP/bao-cao.docx" >"$TMP/soffice.log" 2>&1
rc=$?
set -e
eq soffice_exit 0 "$rc"
if [ -s "$TMP/bao-cao.pdf" ]; then ok; else bad "no PDF: $(cat "$TMP/soffice.log")"; fi
eq pdf_magic "%PDF" "$(head -c 4 "$TMP/bao-cao.pdf" 2>/dev/null)"
if command -v pdfinfo >/dev/null; then
  pages=$(pdfinfo "$TMP/bao-cao.pdf" | awk '/^Pages:/ {print $2}')
  if pdfinfo "$TMP/bao-cao.pdf" | grep -q '^Page size:.*(A4)'; then ok; else bad "pdf_a4: not A4"; fi
else
  pages=$(grep -ac '/Type */Page\b' "$TMP/bao-cao.pdf")
  # A4 in points: 595.3 x 841.9
  if grep -aqE '/MediaBox *\[ *0 +0 +595\.[0-9]+ +841\.[0-9]+' "$TMP/bao-cao.pdf"; then ok; else bad "pdf_a4: no A4 MediaBox"; fi
fi
# about four pages of prose for June 2022; at least two
if [ "${pages:-0}" -ge 2 ] && [ "${pages:-0}" -le 12 ]; then ok; else bad "pdf_pages: $pages pages"; fi
# the header as printed (Times New Roman or its metric twin Liberation Serif)
if command -v pdftotext >/dev/null; then
  mapfile -t L < <(pdftotext -layout -f 1 -l 1 "$TMP/bao-cao.pdf" - | grep -v '^ *$')
  like() { if grep -qE -- "$3" <<<"$2"; then ok; else bad "$1: line '$2' does not match /$3/"; fi; }
  like header_1 "${L[0]}" '^ *ỦY BAN NHÂN DÂN +CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM *$'
  like header_2 "${L[1]}" '^ *THÀNH PHỐ BẮC KẠN +Độc lập - Tự do - Hạnh phúc *$'
  like header_3 "${L[2]}" '^ *Số: 125/BC-UBND +Bắc Kạn, ngày 05 tháng 7 năm 2022 *$'
  # a long name: still two lines of issuing body and one date line
  expect_ok docx_ward report --unit 01834 --period 202206 --format docx --out "$TMP/w.docx"
  timeout 180 soffice -env:UserInstallation="file://$TMP/lo" --headless --convert-to pdf \
    --outdir "$TMP" "$TMP/w.docx" >"$TMP/soffice.log" 2>&1 || true
  mapfile -t W < <(pdftotext -layout -f 1 -l 1 "$TMP/w.pdf" - | grep -v '^ *$')
  like ward_header_2 "${W[1]:-}" '^ *PHƯỜNG NGUYỄN THỊ MINH KHAI +Độc lập - Tự do - Hạnh phúc *$'
  like ward_header_3 "${W[2]:-}" '^ *Số: +/BC-UBND +Nguyễn Thị Minh Khai, ngày 05 tháng 7 năm 2022 *$'
fi
# (which font the PDF embeds depends on the machine's fonts: Times New Roman
# is asked for in styles.xml, test_report_docx.sh checks that)

finish
