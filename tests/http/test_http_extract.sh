#!/usr/bin/env bash
# test_http_extract.sh - POST /api/extract (issue #19) on the demo: a viewer
# of the city gets the same JSON as `chitieu extract --json`; a ward officer
# sees no proposal for the communes outside their scope and is refused
# another unit as the report's; a DOCX upload reads the same; another
# encoding is refused (400 naming body); a body over 8 MiB gets 413.
. "$(dirname "$0")/lib.sh"

has_route /api/extract || skip_all "POST /api/extract is not in this build yet"
D=$(cd "$(dirname "$0")/../data/extract" && pwd)

demo_db
add_user viewer1 viewer --view 058
add_user ward1 ward --enter 01846
start_server
for u in viewer1 ward1; do login $u; done

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
finish
