#!/usr/bin/env bash
# test_http_report.sh - the report over HTTP on the demo database (day
# pinned by CHITIEU_TODAY): GET /api/report answers the same text as the
# CLI's golden file, HTML by default with its media type, Markdown, a DOCX
# (a zip), a PDF (drawn natively; four at once from parallel requests, each
# whole) and an XLSX with theirs; view scope (a ward officer of 01837 may
# not read the city's report: 403); input errors name the field; the
# administrator lists, edits (bad placeholders refused, nothing stored) and
# resets the wording, and the edit shows in the next report.
. "$(dirname "$0")/lib.sh"
SRC=${CHITIEU_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}

has_route /api/report || skip_all "the report routes are not in this build yet"
has_users || skip_all "needs \`chitieu user add\`"

demo_db
add_user admin1 admin --view VN
add_user leader1 leader --view 058
add_user ward1 ward --enter 01837
export CHITIEU_TODAY=2022-07-05
start_server
for u in admin1 leader1 ward1; do login $u; done

# ---- the report in every format
as leader1 GET '/api/report?unit=058&period=202206&format=text&number=125/BC-UBND'
status "text report" 200
header "text media type" '^content-type: text/plain; charset=utf-8'
eq "text equals the CLI golden" "$(cat "$SRC/tests/golden/report/058-202206.txt")" "$BODY"
as leader1 GET '/api/report?unit=058&period=202206'
status "html by default" 200
header "html media type" '^content-type: text/html; charset=utf-8'
grep -q '<p class="p">Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng trong tháng đạt 285 tỷ đồng' <<<"$BODY" && ok || bad "html lacks the retail sentence"
as leader1 GET '/api/report?unit=058&period=2022S1&format=md'
status "markdown" 200
header "markdown media type" '^content-type: text/markdown; charset=utf-8'
as leader1 GET '/api/report?unit=058&period=202206&format=docx'
status "docx" 200
header "docx media type" '^content-type: application/vnd.openxmlformats-officedocument.wordprocessingml.document'
eq "docx is a zip" "PK" "$(head -c 2 "$TMP/body")"
header "docx downloads under its unit and period" \
  '^content-disposition: attachment; filename="bao-cao-058-202206.docx"'
if command -v unzip >/dev/null; then
  unzip -p "$TMP/body" word/document.xml | grep -q 'Tổng mức bán lẻ hàng hóa' && ok || bad "docx lacks the retail sentence"
fi
as leader1 GET '/api/report?unit=058&period=202206&format=pdf'
status "pdf" 200
header "pdf media type" '^content-type: application/pdf'
eq "pdf is a PDF" "%PDF" "$(head -c 4 "$TMP/body")"
header "pdf downloads under its unit and period" \
  '^content-disposition: attachment; filename="bao-cao-058-202206.pdf"'
if command -v pdftotext >/dev/null; then
  pdftotext "$TMP/body" - | tr '\n' ' ' | grep -q 'Tổng mức bán lẻ hàng hóa' && ok || bad "pdf lacks the retail sentence"
  pdftotext -layout -f 1 -l 1 "$TMP/body" - | grep -qE '^ *THÀNH PHỐ BẮC KẠN +Độc lập - Tự do - Hạnh phúc *$' && ok \
    || bad "pdf header: $(pdftotext -layout -f 1 -l 1 "$TMP/body" - | head -3)"
fi
# four PDFs at once (each request draws with its own Pango font map): every one whole
pids=()
for i in 1 2 3 4; do
  curl -s --max-time 60 -o "$TMP/par$i.pdf" -b "$TMP/ck_leader1" "$URL/api/report?unit=058&period=202206&format=pdf" &
  pids+=($!)
done
wait "${pids[@]}" # not a bare wait: the server is a child too
same=1
for i in 2 3 4; do cmp -s "$TMP/par1.pdf" "$TMP/par$i.pdf" || same=0; done
if [ "$same" = 1 ] && [ "$(head -c 4 "$TMP/par1.pdf")" = "%PDF" ] && cmp -s "$TMP/par1.pdf" "$TMP/body"; then ok
else bad "parallel PDFs differ or are not PDFs: $(ls -l "$TMP"/par*.pdf)"; fi
as leader1 GET '/api/report?unit=058&period=202206&format=xlsx'
status "xlsx" 200
header "xlsx media type" '^content-type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
eq "xlsx is a zip" "PK" "$(head -c 2 "$TMP/body")"
as leader1 GET '/api/report?unit=058&period=2020&format=text&as_of=2021-01-15'
grep -q '^Có 54/65 chỉ tiêu đạt và vượt kế hoạch; 11 chỉ tiêu không đạt\.$' <<<"$BODY" && ok || bad "2020 summary: $BODY"

# ---- scope and input errors
as ward1 GET '/api/report?unit=058&period=202206'
error "ward reads the city" 403 forbidden
as ward1 GET '/api/report?unit=01837&period=202206&format=text'
status "ward reads its own ward" 200
as leader1 GET '/api/report?unit=058&period=202206&format=odt'
error "bad format" 400 invalid format
as leader1 GET '/api/report?unit=058&period=202213'
error "bad period" 400 invalid period
as leader1 GET '/api/report?unit=999&period=202206'
error "unknown unit" 404 not_found unit
as leader1 GET '/api/report?period=202206'
error "missing unit" 400 invalid unit
as leader1 GET '/api/report?unit=058&period=202206&as_of=31/02/2022'
error "bad as_of" 400 invalid as_of

# ---- the wording (administrators)
as leader1 GET /api/report/templates
error "leader lists templates" 403 forbidden
as admin1 GET /api/report/templates
status "templates list" 200
js "sentence.flow listed, not edited" '.items[] | select(.key=="sentence.flow") | .edited' false
js "placeholders listed" '.items[] | select(.key=="sentence.flow") | .placeholders | index("luy_ke") > 0' true
send admin1 PUT /api/report/templates/sentence.flow '{"body":"{ten_chi_tieu}: {gia_tri_ky} {khong_co}."}'
error "unknown placeholder refused" 400 invalid body
js "refusal names it" '.error.message | contains("{khong_co}")' true
as admin1 GET /api/report/templates
js "nothing stored after a refusal" '.items[] | select(.key=="sentence.flow") | .edited' false
send admin1 PUT /api/report/templates/nope '{"body":"x"}'
error "unknown key" 404 not_found key
send leader1 PUT /api/report/templates/sentence.flow '{"body":"x"}'
error "leader edits" 403 forbidden
send admin1 PUT /api/report/templates/sentence.flow '{"body":"Về {ten_chi_tieu}: {gia_tri_ky}."}'
status "admin edits" 200
js "edited" .edited true
as leader1 GET '/api/report?unit=058&period=202206&format=text'
grep -qE '^Về Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng: 285 tỷ đồng\.( Dự báo cả năm đạt khoảng .*)?$' <<<"$BODY" && ok || bad "the edit does not show in the report"
send admin1 DELETE /api/report/templates/sentence.flow
status "reset" 200
js "reset gives the default" '.body | startswith("{ten_chi_tieu} {trong_ky}")' true
as leader1 GET '/api/report?unit=058&period=202206&format=text&number=125/BC-UBND'
eq "after reset the golden again" "$(cat "$SRC/tests/golden/report/058-202206.txt")" "$BODY"

alive "after the report tests"
stop_server
eq "SIGTERM exits 0" 0 "$SRV_RC"
finish
