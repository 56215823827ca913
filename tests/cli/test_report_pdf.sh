#!/bin/bash
# test_report_pdf.sh - the report as a PDF drawn natively (Cairo and Pango,
# no LibreOffice): a PDF, A4, Liberation Serif embedded; the Decree 30/2020
# header read back by `pdftotext -layout` (the issuing body on two lines,
# the national title and the motto each on one line, number and date line
# side by side); the text inside the margins (left 30, right 15, top and
# bottom 20 mm, from `pdftotext -bbox`); no page number on page 1, "2" at
# the top of page 2; page 1 rendered by `pdftoppm` is not blank; the same
# bytes for the same input; refused to a terminal. Skipped, saying so,
# when poppler-utils is not installed (scripts/deps.sh --test).
# The DOCX rendered by LibreOffice: test_report_docx_render.sh.
source "$(dirname "$0")/lib.sh"
need_tools pdftotext pdftoppm pdfinfo pdffonts python3

expect_ok demo demo
export CHITIEU_TODAY=2022-07-05
P=$TMP/r.pdf
expect_ok pdf report --unit 058 --period 202206 --format pdf --out "$P" --number 125/BC-UBND --signer "Nguyễn Văn A"
eq pdf_magic "%PDF" "$(head -c 4 "$P")"
if pdfinfo "$P" | grep -q '^Page size:.*(A4)'; then ok; else bad "pdf_a4: $(pdfinfo "$P" | grep 'Page size')"; fi
pages=$(pdfinfo "$P" | awk '/^Pages:/ {print $2}')
if [ "${pages:-0}" -ge 2 ] && [ "${pages:-0}" -le 12 ]; then ok; else bad "pdf_pages: $pages pages"; fi
if pdffonts "$P" | grep -q 'LiberationSerif-Bold ' && pdffonts "$P" | grep -q 'LiberationSerif '; then ok
else bad "pdf_fonts: $(pdffonts "$P")"; fi
eq pdf_title "BÁO CÁO Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội tháng 6/2022" \
  "$(pdfinfo "$P" | sed -n 's/^Title: *//p')"

# the header, line by line as printed
pdftotext -layout -f 1 -l 1 "$P" "$TMP/p1.txt"
mapfile -t L < <(grep -v '^ *$' "$TMP/p1.txt")
like() { if grep -qE -- "$3" <<<"$2"; then ok; else bad "$1: line '$2' does not match /$3/"; fi; }
like header_1 "${L[0]}" '^ *ỦY BAN NHÂN DÂN +CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM *$'
like header_2 "${L[1]}" '^ *THÀNH PHỐ BẮC KẠN +Độc lập - Tự do - Hạnh phúc *$'
like header_3 "${L[2]}" '^ *Số: 125/BC-UBND +Bắc Kạn, ngày 05 tháng 7 năm 2022 *$'
like doc_type "${L[3]}" '^ *BÁO CÁO *$'
like title "${L[4]}" '^ *Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội tháng 6/2022 *$'
# a long name (phường Nguyễn Thị Minh Khai): still two lines of issuing body and one date
# line (the issuer at 12 pt, the header table reaching into the margins)
expect_ok pdf_ward report --unit 01834 --period 202206 --format pdf --out "$TMP/w.pdf"
mapfile -t W < <(pdftotext -layout -f 1 -l 1 "$TMP/w.pdf" - | grep -v '^ *$')
like ward_header_1 "${W[0]}" '^ *ỦY BAN NHÂN DÂN +CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM *$'
like ward_header_2 "${W[1]}" '^ *PHƯỜNG NGUYỄN THỊ MINH KHAI +Độc lập - Tự do - Hạnh phúc *$'
like ward_header_3 "${W[2]}" '^ *Số: +/BC-UBND +Nguyễn Thị Minh Khai, ngày 05 tháng 7 năm 2022 *$'
# no page number on the first page; "2" alone at the top of the second
like no_number_p1 "${L[0]}" 'ỦY BAN'
first2=$(pdftotext -layout -f 2 -l 2 "$P" - | grep -v '^ *$' | head -1)
like number_p2 "$first2" '^ *2 *$'
# the figures and the wording of growth over 100%
pdftotext "$P" - | tr '\n' ' ' >"$TMP/all.txt"
if grep -q 'gấp 13 lần so với cùng kỳ' "$TMP/all.txt"; then ok; else bad "pdf_gap: no 'gấp 13 lần'"; fi
if grep -q '1.739,5 tỷ đồng' "$TMP/all.txt"; then ok; else bad "pdf_figure: no 1.739,5 tỷ đồng"; fi
if grep -q 'Nguyễn Văn A' "$TMP/all.txt" && grep -q 'Nơi nhận:' "$TMP/all.txt"; then ok; else bad "pdf_signature"; fi

# every word inside the Decree 30 margins (points: 30 mm = 85.04, 15 mm = 42.52, 20 mm = 56.69);
# the page numbers of pages 2+ stand in the top margin, as in the DOCX
pdftotext -bbox "$P" "$TMP/bbox.html"
python3 - "$TMP/bbox.html" >"$TMP/margins" <<'PY' || true
import re, sys
W, H = 595.28, 841.89
page, bad = 0, []
for line in open(sys.argv[1], encoding="utf-8"):
    if "<page " in line:
        page += 1
    m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
    if not m:
        continue
    x0, y0, x1, y1 = map(float, m.groups()[:4])
    number = page > 1 and y1 < 56.69 and m.group(5).isdigit()
    if x0 < 85.04 - 0.5 or x1 > W - 42.52 + 0.5 or y1 > H - 56.69 + 0.5 or (y0 < 56.69 - 0.5 and not number):
        bad.append(f"p{page} {m.group(5)} {x0:.1f},{y0:.1f}-{x1:.1f},{y1:.1f}")
print("\n".join(bad[:5]) if bad else "ok")
PY
eq margins ok "$(cat "$TMP/margins")"

# page 1 rendered: an image with ink on it (text), not a blank page
pdftoppm -r 30 -gray -f 1 -l 1 "$P" "$TMP/page"
img=$(ls "$TMP"/page*.pgm 2>/dev/null | head -1)
ink=$(python3 - "$img" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
# binary PGM: "P5\n<w> <h>\n<max>\n" then one byte a pixel
parts = d.split(b"\n", 3)
w, h = map(int, parts[1].split())
px = parts[3][: w * h]
print(f"{sum(1 for b in px if b < 128) * 1000 // max(1, len(px))} {w}x{h}")
PY
)
read -r permille size <<<"$ink"
if [ "${permille:-0}" -ge 5 ] && [ "${permille:-0}" -le 400 ]; then ok; else bad "pdftoppm_ink: $ink (per mille dark pixels)"; fi
like pdftoppm_size "$size" '^24[89]x351$'

# the same bytes for the same input
expect_ok pdf_again report --unit 058 --period 202206 --format pdf --out "$TMP/r2.pdf" --number 125/BC-UBND --signer "Nguyễn Văn A"
if cmp -s "$P" "$TMP/r2.pdf"; then ok; else bad "pdf_reproducible: two runs differ"; fi
# to stdout when it is not a terminal; never to a terminal
"$BIN" report --unit 058 --period 202206 --format pdf >"$TMP/o.pdf" 2>"$TMP/err" </dev/null
eq pdf_stdout_magic "%PDF" "$(head -c 4 "$TMP/o.pdf")"
if command -v script >/dev/null; then
  script -qec "$BIN report --unit 058 --period 202206 --format pdf" /dev/null >"$TMP/tty.out" 2>&1 || true
  if grep -q -- '--out' "$TMP/tty.out"; then ok; else bad "pdf_tty: not refused: $(head -c 200 "$TMP/tty.out")"; fi
fi
finish
