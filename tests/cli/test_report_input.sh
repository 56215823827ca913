#!/bin/bash
# test_report_input.sh - what a user types into the report's frame (number,
# place, signer) is checked before it reaches a document (review of issue
# #6): text that is not UTF-8 or has control characters is refused naming
# the option, and a Word file is never written with XML that does not parse
# (before the fix `--number $'12\xff'` gave exit 0 and a .docx whose
# document.xml was not well-formed). Valid Vietnamese text still passes.
# An edited wording (template) with a control character is refused too.
# Not the layout or the figures (test_report_docx.sh, test_report.sh).
source "$(dirname "$0")/lib.sh"
need_tools unzip xmllint

expect_ok demo demo
export CHITIEU_TODAY=2022-07-05
for fmt in docx html md text; do
  expect_fail "number not UTF-8 ($fmt)" 'number' report --unit 058 --period 202206 --format $fmt \
    --out "$TMP/bad.$fmt" --number $'12\xff/BC-UBND'
  eq "no $fmt file written" no "$([ -e "$TMP/bad.$fmt" ] && echo yes || echo no)"
done
expect_fail "place not UTF-8" 'place' report --unit 058 --period 202206 --format docx --out "$TMP/bad.docx" --place $'B\xe1c K'
expect_fail "signer not UTF-8" 'signer' report --unit 058 --period 202206 --format docx --out "$TMP/bad.docx" --signer $'\xc3'
expect_fail "a line break in the number" 'number' report --unit 058 --period 202206 --format md --number $'125\n# BC'
expect_fail "a control character in the signer" 'signer' report --unit 058 --period 202206 --format docx \
  --out "$TMP/bad.docx" --signer $'Nguy\x01n'
eq "no docx written" no "$([ -e "$TMP/bad.docx" ] && echo yes || echo no)"

# an edited wording with a control character: refused (it made docProps/core.xml unreadable)
printf 'BÁO CÁO\001 tình hình {ky}' >"$TMP/title.txt"
expect_fail "a template with a control character" 'doc.title.*điều khiển' report template set doc.title "$TMP/title.txt"
printf 'BÁO CÁO\ttình hình {ky}' >"$TMP/title.txt"
expect_ok "a template with a tab" report template set doc.title "$TMP/title.txt"
expect_ok "report with it" report --unit 058 --period 202206 --format docx --out "$TMP/tab.docx"
for part in word/document.xml docProps/core.xml; do
  if unzip -p "$TMP/tab.docx" $part | xmllint --noout - 2>"$TMP/xerr"; then ok; else bad "$part: $(cat "$TMP/xerr")"; fi
done
expect_ok "reset" report template reset doc.title

expect_ok "Vietnamese text passes" report --unit 058 --period 202206 --format docx --out "$TMP/ok.docx" \
  --number "125/BC-UBND" --place "Bắc Kạn" --signer "Nguyễn Văn Ánh"
if unzip -p "$TMP/ok.docx" word/document.xml | xmllint --noout - 2>"$TMP/xerr"; then ok; else bad "document.xml: $(cat "$TMP/xerr")"; fi
unzip -p "$TMP/ok.docx" word/document.xml >"$TMP/doc.xml"
grep -q "Nguyễn Văn Ánh" "$TMP/doc.xml" && ok || bad "signer missing from the docx"
grep -q "Số: 125/BC-UBND" "$TMP/doc.xml" && ok || bad "number missing from the docx"
finish
