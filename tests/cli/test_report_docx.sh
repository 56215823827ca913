#!/bin/bash
# test_report_docx.sh - the Word report opened and checked structurally:
# unzip, every part well-formed (xmllint), content types and relationships,
# the Decree 30/2020 layout (A4, margins, Times New Roman 14, the two-column
# header, number, italic date line, signature block, recipients), the
# page numbers from page 2, the figures, escaping of edited wording,
# identical bytes for identical input.
# PDF rendering with LibreOffice: test_report_pdf.sh.
source "$(dirname "$0")/lib.sh"
need_tools unzip xmllint

expect_ok demo demo
export CHITIEU_TODAY=2022-07-05
expect_ok docx report --unit 058 --period 202206 --format docx --out "$TMP/r.docx" \
  --number 125/BC-UBND --signer "Nguyễn Văn A"
eq zip_magic "PK" "$(head -c 2 "$TMP/r.docx")"
mkdir -p "$TMP/x" && (cd "$TMP/x" && unzip -q ../r.docx) || bad "unzip failed"
for part in '[Content_Types].xml' _rels/.rels word/document.xml word/_rels/document.xml.rels word/styles.xml docProps/core.xml \
            word/header1.xml word/header2.xml; do
  if [ -f "$TMP/x/$part" ] && xmllint --noout "$TMP/x/$part" 2>"$TMP/xerr"; then ok; else bad "part $part missing or not well-formed: $(cat "$TMP/xerr")"; fi
done
D=$TMP/x/word/document.xml
# xp NAME WANT XPATH: an XPath (local names, namespaces ignored) over document.xml
xp() { eq "$1" "$2" "$(xmllint --xpath "$3" "${4:-$D}" 2>/dev/null)"; }
L() { printf "*[local-name()='%s']" "$1"; }
xp content_type_main 1 "count(//*[local-name()='Override'][@PartName='/word/document.xml'][contains(@ContentType,'wordprocessingml.document.main+xml')])" "$TMP/x/[Content_Types].xml"
xp rels_office 1 "count(//*[local-name()='Relationship'][@Target='word/document.xml'])" "$TMP/x/_rels/.rels"
xp rels_styles 1 "count(//*[local-name()='Relationship'][@Target='styles.xml'])" "$TMP/x/word/_rels/document.xml.rels"
# A4 and the Decree 30 margins (top 20, bottom 20, left 30, right 15 mm)
xp page_w 11906 "string(//$(L pgSz)/@*[local-name()='w'])"
xp page_h 16838 "string(//$(L pgSz)/@*[local-name()='h'])"
xp margin_top 1134 "string(//$(L pgMar)/@*[local-name()='top'])"
xp margin_bottom 1134 "string(//$(L pgMar)/@*[local-name()='bottom'])"
xp margin_left 1701 "string(//$(L pgMar)/@*[local-name()='left'])"
xp margin_right 850 "string(//$(L pgMar)/@*[local-name()='right'])"
# page numbers (Decree 30: top centre, not on the first page): a PAGE field in the
# default header, an empty first-page header, titlePg
xp header_rels 2 "count(//*[local-name()='Relationship'][starts-with(@Target,'header')])" "$TMP/x/word/_rels/document.xml.rels"
xp header_types 2 "count(//*[local-name()='Override'][contains(@ContentType,'header+xml')])" "$TMP/x/[Content_Types].xml"
xp page_field " PAGE " "string(//$(L instrText))" "$TMP/x/word/header1.xml"
xp page_centred center "string(//$(L jc)/@*[local-name()='val'])" "$TMP/x/word/header1.xml"
xp first_page_empty "" "string(/)" "$TMP/x/word/header2.xml"
xp title_pg 1 "count(//$(L sectPr)/$(L titlePg))"
xp header_refs "default first" "concat(//$(L headerReference)[1]/@*[local-name()='type'],' ',//$(L headerReference)[2]/@*[local-name()='type'])"
# Times New Roman 14 pt by default
S=$TMP/x/word/styles.xml
xp font_default "Times New Roman" "string(//$(L rPrDefault)//$(L rFonts)/@*[local-name()='ascii'])" "$S"
xp font_cs "Times New Roman" "string(//$(L rPrDefault)//$(L rFonts)/@*[local-name()='cs'])" "$S"
xp size_default 28 "string(//$(L rPrDefault)//$(L sz)/@*[local-name()='val'])" "$S"
xp lang_vi vi-VN "string(//$(L rPrDefault)//$(L lang)/@*[local-name()='val'])" "$S"
# the two-column header table: issuer and number | national title and date line
xp header_cols 2 "count((//$(L tbl))[1]/$(L tblGrid)/$(L gridCol))"
xp issuer "ỦY BAN NHÂN DÂNTHÀNH PHỐ BẮC KẠN" "string((//$(L tbl))[1]/$(L tr)[1]/$(L tc)[1])"
xp issuer_bold 1 "count((//$(L tbl))[1]/$(L tr)[1]/$(L tc)[1]//$(L r)[$(L rPr)/$(L b)])"
xp motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc" "string((//$(L tbl))[1]/$(L tr)[1]/$(L tc)[2])"
xp number "Số: 125/BC-UBND" "string((//$(L tbl))[1]/$(L tr)[2]/$(L tc)[1])"
# Decree 30 header lines: no paragraph holding header text is narrowed by indents (the
# issuer wrapped to four lines, the motto broke before "phúc" when the rules were
# drawn under indented text paragraphs); the issuing body in one bold paragraph of two
# lines, followed by its own short rule paragraph (a bottom border, no text) of a third
# of the column; the motto one underlined bold run of its own paragraph, no border
H1="(//$(L tbl))[1]/$(L tr)[1]"
xp header_text_unindented 0 "count($H1/$(L tc)/$(L p)[string()!=''][.//$(L ind)])"
xp header_text_no_border 0 "count($H1/$(L tc)/$(L p)[string()!=''][.//$(L pBdr)])"
xp issuer_paras 1 "count($H1/$(L tc)[1]/$(L p)[string()!=''])"
xp issuer_lines 1 "count($H1/$(L tc)[1]/$(L p)[1]//$(L br))"
xp issuer_rule 1 "count($H1/$(L tc)[1]/$(L p)[2][string()=''][.//$(L pBdr)/$(L bottom)])"
xp issuer_rule_third 1 "count($H1/$(L tc)[1]/$(L p)[2]//$(L ind)[@*[local-name()='left'] * 3 = (//$(L tbl))[1]/$(L tblGrid)/$(L gridCol)[1]/@*[local-name()='w'] - ((//$(L tbl))[1]/$(L tblGrid)/$(L gridCol)[1]/@*[local-name()='w'] mod 3)])"
xp motto_run "Độc lập - Tự do - Hạnh phúc" "string($H1/$(L tc)[2]/$(L p)[2]/$(L r)[$(L rPr)/$(L u)[@*[local-name()='val']='single']][$(L rPr)/$(L b)])"
xp motto_one_run 1 "count($H1/$(L tc)[2]/$(L p)[2]/$(L r))"
xp motto_no_break 0 "count($H1/$(L tc)[2]//$(L br))"
# the header's columns hold their longest lines at 12-14 pt: at least 60 mm | 95 mm
if [ "$(xmllint --xpath "number((//$(L tbl))[1]/$(L tblGrid)/$(L gridCol)[1]/@*[local-name()='w']) >= 3402 and number((//$(L tbl))[1]/$(L tblGrid)/$(L gridCol)[2]/@*[local-name()='w']) >= 5386" "$D")" = true ]; then ok
else bad "header_widths: $(xmllint --xpath "(//$(L tbl))[1]/$(L tblGrid)" "$D")"; fi
# the city's header fits the text width: no indent into the margin
xp header_no_indent 0 "count((//$(L tbl))[1]//$(L tblInd))"
xp date_line "Bắc Kạn, ngày 05 tháng 7 năm 2022" "string((//$(L tbl))[1]/$(L tr)[2]/$(L tc)[2])"
xp date_italic 1 "count((//$(L tbl))[1]/$(L tr)[2]/$(L tc)[2]//$(L r)[$(L rPr)/$(L i)])"
xp doc_type 1 "count(//$(L body)/$(L p)[string()='BÁO CÁO'][.//$(L b)][.//$(L jc)/@*[local-name()='val']='center'])"
xp title 1 "count(//$(L body)/$(L p)[string()='Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội tháng 6/2022'])"
xp retail 1 "count(//$(L body)/$(L p)[starts-with(string(),'Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng trong tháng đạt 285 tỷ đồng; lũy kế 06 tháng đạt 1.739,5 tỷ đồng, bằng 50,58% kế hoạch năm, tăng 4,85% so với cùng kỳ')])"
xp body_justified both "string(//$(L body)/$(L p)[starts-with(string(),'Tổng mức bán lẻ')]//$(L jc)/@*[local-name()='val'])"
xp signature "TM. ỦY BAN NHÂN DÂNCHỦ TỊCHNguyễn Văn A" "string((//$(L tbl))[2]/$(L tr)[1]/$(L tc)[2])"
xp recipients_head "Nơi nhận:" "string((//$(L tbl))[2]/$(L tr)[1]/$(L tc)[1]/$(L p)[1])"
xp title_prop "BÁO CÁO Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội tháng 6/2022" "string(//*[local-name()='title'])" "$TMP/x/docProps/core.xml"

# a long name (phường Nguyễn Thị Minh Khai): the issuing body at 12 pt (24 half-points), the
# header table reaching into the left margin, the left column wide enough for the name
expect_ok docx_ward report --unit 01834 --period 202206 --format docx --out "$TMP/w.docx"
mkdir -p "$TMP/w" && (cd "$TMP/w" && unzip -q ../w.docx)
W=$TMP/w/word/document.xml
xp ward_issuer_size 24 "string((//$(L tbl))[1]/$(L tr)[1]/$(L tc)[1]/$(L p)[1]//$(L sz)/@*[local-name()='val'])" "$W"
if [ "$(xmllint --xpath "number((//$(L tbl))[1]//$(L tblInd)/@*[local-name()='w']) < 0" "$W")" = true ]; then ok
else bad "ward header not indented into the margin"; fi
if [ "$(xmllint --xpath "number((//$(L tbl))[1]/$(L tblGrid)/$(L gridCol)[1]/@*[local-name()='w']) >= 4300" "$W")" = true ]; then ok
else bad "ward issuer column too narrow: $(xmllint --xpath "(//$(L tbl))[1]/$(L tblGrid)" "$W")"; fi

# identical input, identical bytes (fixed zip times)
expect_ok docx_again report --unit 058 --period 202206 --format docx --out "$TMP/r2.docx" \
  --number 125/BC-UBND --signer "Nguyễn Văn A"
if cmp -s "$TMP/r.docx" "$TMP/r2.docx"; then ok; else bad "docx_deterministic: two runs differ"; fi

# edited wording with markup characters stays text
printf '%s' 'Ủy ban <b>&amp; "{ky}"' | "$BIN" report template set doc.intro >/dev/null
expect_ok docx_escaped report --unit 058 --period 202206 --format docx --out "$TMP/r3.docx"
rm -rf "$TMP/y" && mkdir -p "$TMP/y" && (cd "$TMP/y" && unzip -q ../r3.docx)
if xmllint --noout "$TMP/y/word/document.xml"; then ok; else bad "docx_escaped: not well-formed"; fi
xp intro_text 'Ủy ban <b>&amp; "tháng 6/2022"' "string(//$(L body)/$(L p)[starts-with(string(),'Ủy ban <b>')])" "$TMP/y/word/document.xml"
"$BIN" report template reset doc.intro >/dev/null

# binary formats need --out on a terminal; stdout otherwise
run report --unit 058 --period 202206 --format docx
eq docx_stdout "PK" "$(head -c 2 "$TMP/out")"

finish
