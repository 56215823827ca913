#!/usr/bin/env bash
# test_http_extract.sh - POST /api/extract (issue #19) on the demo: a viewer
# of the city gets the same JSON as `chitieu extract --json`; a ward officer
# sees no proposal for the communes outside their scope and is refused
# another unit as the report's; a DOCX upload reads the same; another
# encoding is refused (400 naming body); a body over 8 MiB gets 413.
# POST /api/extract/import: a viewer may not import, a dry run writes
# nothing, the reviewed cumulative becomes the month's value with the audit
# reason, a closed month is refused (409), a row without a decision (400),
# targets only by an administrator (403), a refused row named by its place
# in rows.
. "$(dirname "$0")/lib.sh"

has_route /api/extract || skip_all "POST /api/extract is not in this build yet"
D=$(cd "$(dirname "$0")/../data/extract" && pwd)

demo_db
add_user viewer1 viewer --view 058
add_user ward1 ward --enter 01846
add_user admin2 admin --view VN
# 20/09/2022: September 2022 (due 25/09) and the year 2022 still open (the locks would refuse)
export CHITIEU_TODAY=2022-09-20
start_server
for u in viewer1 ward1 admin2; do login $u; done

send viewer1 POST '/api/extract?unit=058&year=2022' "@$D/report.txt" text/plain
status "viewer extracts" 200
"$BIN" extract "$D/report.txt" --unit 058 --year 2022 --json >"$TMP/cli.json"
eq "the API answers what the CLI prints" "$(jq -c . "$TMP/cli.json")" "$(jq -c . <<<"$BODY")"

send ward1 POST '/api/extract?unit=01846&year=2022' "@$D/report.txt" text/plain
status "ward extracts for its own unit" 200
js "only the ward's own commune among the named ones" \
  '[.[] | select(.indicator == "MT04") | .unit] | join(",")' "01846"
send ward1 POST '/api/extract?unit=058&year=2022' "@$D/report.txt" text/plain
status "ward refused the city as the report's unit" 403

python3 "$D/mkdocx.py" "$D/report.txt" "$TMP/r.docx"
send viewer1 POST '/api/extract?unit=058&year=2022' "@$TMP/r.docx" application/octet-stream
status "DOCX upload" 200
eq "DOCX gives the same proposals" "$(jq -c 'map(del(.text))' "$TMP/cli.json")" "$(jq -c 'map(del(.text))' <<<"$BODY")"

printf 'Doanh thu du l\xe1ch' >"$TMP/latin1.txt"
send viewer1 POST '/api/extract?unit=058' "@$TMP/latin1.txt" text/plain
error "another encoding" 400 invalid body
send viewer1 POST '/api/extract?unit=058' "x" application/json
error "a JSON body is not a report" 400 invalid Content-Type
head -c 9000000 /dev/zero | tr '\0' 'a' >"$TMP/big.txt"
send viewer1 POST '/api/extract?unit=058' "@$TMP/big.txt" text/plain
status "over 8 MiB" 413
alive "after the big body"
# ---- import of reviewed proposals (POST /api/extract/import) ---------------------------
send viewer1 POST '/api/extract?unit=058&year=2022' "@$D/report.txt" text/plain
# the reviewer accepts the cumulative of KT15 and the commune 01846, drops the rest
jq -c '{file: "bao-cao-thang-9.docx", rows: [.[] | . + {decision: (if (.indicator == "KT15" and .measure == "cumulative")
  or (.indicator == "MT04" and .unit == "01846") then "accept" else "drop" end)}]}' <<<"$BODY" >"$TMP/rev.json"
send viewer1 POST '/api/extract/import' "@$TMP/rev.json"
status "a viewer may not enter values" 403
send admin2 POST '/api/extract/import?dryRun=true' "@$TMP/rev.json"
status "dry run" 200
js "dry run counts" '"\(.dryRun) \(.accepted) \(.dropped) \(.importCount.updated)"' "true 2 8 2"
js "the cumulative's note" '.notes[0] | test("lũy kế 48,7 trừ 44,5 đã có")' true
as admin2 GET '/api/values?indicator=KT15&unit=058&period=202209'
js "the dry run wrote nothing" .value 4.1
send admin2 POST '/api/extract/import' "@$TMP/rev.json"
status "import" 200
as admin2 GET '/api/values?indicator=KT15&unit=058&period=202209'
js "the month from the cumulative" .value 4.2
as admin2 GET '/api/values/history?indicator=KT15&unit=058&period=202209'
js "audit reason" '[.. | strings | select(test("trích từ văn bản bao-cao-thang-9.docx"))] | length > 0' true
echo '{"file":"b.docx","rows":[{"decision":"accept","indicator":"KT15","unit":"058","period":"202208","measure":"value","value":9}]}' >"$TMP/locked.json"
send admin2 POST '/api/extract/import' "@$TMP/locked.json"
status "a closed month is refused by the importer's checks" 409
js "the conflict names the period" '.conflicts[0] | "\(.field) \(.value | test("đã khóa"))"' "period true"
echo '{"file":"b.docx","rows":[{"decision":"drop","indicator":"KT15","unit":"058","period":"202209","measure":"value","value":1},
 {"decision":"accept","indicator":"KT15","unit":"058","period":"202209","measure":"percent_of_plan","value":70},
 {"decision":"accept","indicator":"KT15","unit":"NOPE","period":"202209","measure":"value","value":9}]}' >"$TMP/badunit.json"
send admin2 POST '/api/extract/import' "@$TMP/badunit.json"
status "a row the importer refuses" 409
js "the conflict names the row of rows[], not the importer's count" '.conflicts[0] | "\(.row) \(.field)"' "2 unit"
jq -c '.rows[0].decision = "maybe"' "$TMP/rev.json" >"$TMP/bad.json"
send admin2 POST '/api/extract/import' "@$TMP/bad.json"
error "a row without a decision" 400 invalid 'rows[0].decision'
jq -c '.rows |= map(if .measure == "target" then .decision = "accept" else . end)' "$TMP/rev.json" >"$TMP/tgt.json"
send ward1 POST '/api/extract/import' "@$TMP/tgt.json"
status "a ward may not import targets" 403
finish
