#!/usr/bin/env bash
# test_http_report_input.sh - GET /api/report's frame parameters (number,
# place) are checked (review of issue #6): text that is not UTF-8 or has a
# control character is 400 naming the parameter, never a Word file whose XML
# does not parse (before the fix ?number=%FF gave 200 and a broken .docx).
# Any parameter that is not UTF-8 is 400 naming it (an answer echoing it was
# not UTF-8), and no message quotes a text cut inside a character (a
# template with a bad brace). Valid Vietnamese text still passes.
# Not the report's content (test_http_report.sh).
. "$(dirname "$0")/lib.sh"

has_route /api/report || skip_all "the report route is not in this build yet"

demo_db --quiet
add_user r_ward ward --enter 01837
export CHITIEU_TODAY=2022-07-05
start_server
login r_ward

Q='/api/report?unit=058&period=202206&format=docx'
as r_ward GET "$Q"
error "a ward officer cannot read the city's report" 403 forbidden unit

add_user r_city leader --view 058
login r_city
Q='/api/report?unit=058&period=202206&format=docx'
as r_city GET "$Q&number=12%FF%2FBC"
error "number not UTF-8" 400 invalid number
as r_city GET "$Q&place=B%E1c"
error "place not UTF-8" 400 invalid place
as r_city GET "/api/report?unit=058&period=202206&format=md&number=125%0A%23%20BC"
error "a line break in the number" 400 invalid number
# every parameter that is not UTF-8 is refused naming it, in an answer that is UTF-8 itself
for prm in format as_of date; do
  as r_city GET "/api/report?unit=058&period=202206&$prm=%FF%FE"
  error "$prm not UTF-8" 400 invalid $prm
  if python3 -c 'import sys; open(sys.argv[1],"rb").read().decode("utf-8")' "$TMP/body" 2>/dev/null; then ok
  else bad "$prm: the error answer is not UTF-8"; fi
done
as r_city GET "/api/report?unit=058&period=202206&format=$(printf '%%E1%%BA%%AF%.0s' $(seq 11))"
error "a long unknown format" 400 invalid format
if python3 -c 'import sys; open(sys.argv[1],"rb").read().decode("utf-8")' "$TMP/body" 2>/dev/null; then ok
else bad "long format: the error answer is not UTF-8 (a character cut in two)"; fi
as r_city GET "$Q&number=125%2FBC-UBND&place=B%E1%BA%AFc%20K%E1%BA%A1n"
status "valid number and place" 200
if command -v unzip >/dev/null && command -v xmllint >/dev/null; then
  curl -s -b "$TMP/ck_r_city" "$URL$Q&number=125%2FBC-UBND&place=B%E1%BA%AFc%20K%E1%BA%A1n" -o "$TMP/r.docx"
  if unzip -p "$TMP/r.docx" word/document.xml | xmllint --noout - 2>"$TMP/xerr"; then ok; else bad "document.xml: $(cat "$TMP/xerr")"; fi
  unzip -p "$TMP/r.docx" word/document.xml | grep -q "Bắc Kạn, ngày" && ok || bad "place missing from the date line"
fi

# a template refused for a bad brace quotes the text after it cut on a whole character
add_user r_admin admin --view VN
login r_admin
send r_admin PUT /api/report/templates/doc.title '{"body":"Báo cáo {ắắắắắắắắắắắắắắắắắắắ"}'
error "a brace that does not close a name" 400 invalid body
if python3 -c 'import sys; open(sys.argv[1],"rb").read().decode("utf-8")' "$TMP/body" 2>/dev/null; then ok
else bad "template error: the answer is not UTF-8 (a character cut in two)"; fi
send r_admin PUT "/api/report/templates/$(printf '%%E1%%BA%%AF%.0s' $(seq 30))" '{"body":"x"}'
error "an unknown long key" 404 not_found key
if python3 -c 'import sys; open(sys.argv[1],"rb").read().decode("utf-8")' "$TMP/body" 2>/dev/null; then ok
else bad "unknown key: the answer is not UTF-8 (a character cut in two)"; fi
finish
