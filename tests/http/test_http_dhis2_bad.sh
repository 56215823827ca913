#!/usr/bin/env bash
# test_http_dhis2_bad.sh - malformed DHIS2 documents (issue #18, "Bad input"):
# the ten samples per format of tests/data/dhis2/bad (dataValueSets JSON,
# DHIS2 CSV, DXF2 XML, ADX), each posted to POST /api/dataValueSets with
# atomicMode=ALL. The expectations are the table of that folder's README.md:
# an unreadable document is 400 naming the field (and the line or column in
# its message); a bad row is 409, an importSummary ERROR whose first
# conflict names the row (indexes) and the field (property), with the
# offending value (object) and a message. Nothing is written (a fingerprint
# of every table before and after), while a dry run with atomicMode=NONE of
# the same file finds its good rows (so ALL, not a lack of good rows, kept
# the database unchanged).
. "$(dirname "$0")/lib.sh"
BADDIR=$(cd "$(dirname "$0")/../data/dhis2/bad" && pwd)

has_route "/api/exchange/mapping" || skip_all "no DHIS2 exchange"

demo_db
add_user adm admin --view VN
export CHITIEU_TODAY=2022-06-20
start_server
login adm

# the README's table: file | fault | status | row | field | must name
TABLE=$(grep -E '^\| (json|csv|dxf|adx)[0-9]' "$BADDIR/README.md")
for fmt in json csv dxf adx; do
  eq "ten $fmt samples in the folder" 10 "$(find "$BADDIR" -name "${fmt}[0-9]*" | wc -l)"
  eq "ten $fmt samples in the README" 10 "$(grep -c "^| ${fmt}[0-9]" <<<"$TABLE")"
done

trim() { sed 's/^ *//; s/ *$//' <<<"$1"; }
FP=$(db_fp)
while IFS='|' read -r _ file fault want row field pattern _; do
  file=$(trim "$file") fault=$(trim "$fault") want=$(trim "$want") row=$(trim "$row") field=$(trim "$field")
  pattern=$(trim "$pattern")
  [ -f "$BADDIR/$file" ] || { bad "$file: no such sample"; continue; }
  case $file in
    json*) type=application/json ;;
    csv*) type=application/csv ;;
    dxf*) type=application/xml ;;
    adx*) type=application/adx+xml ;;
  esac
  send adm POST '/api/dataValueSets?atomicMode=ALL' "@$BADDIR/$file" "$type"
  status "$file ($fault)" "$want"
  if [ "$want" = 400 ]; then
    js "$file: the error names the field" .error.field "$field"
    got=$(jq -r .error.message <<<"$BODY")
  else
    js "$file: importSummary ERROR" '"\(.status) \(.response.responseType) \(.response.status)"' "ERROR ImportSummary ERROR"
    js "$file: the first conflict names the row and the field" '.conflicts[0] | "\(.indexes[0]) \(.property)"' "$row $field"
    js "$file: DHIS2's conflict fields" '.response.conflicts[0] | [has("object"), has("value"), has("errorCode"), has("property"), has("indexes")] | all' true
    js "$file: the count of rows with a problem" '.badRows >= 1 and .badRows < .rows' true
    got=$(jq -r '.conflicts[0] | "\(.object) \(.value)"' <<<"$BODY")
  fi
  if grep -qE -- "$pattern" <<<"$got"; then ok; else bad "$file: the answer [$got] does not match /$pattern/"; fi
  eq "$file: nothing written" "$FP" "$(db_fp)"
  if [ "$want" = 409 ]; then
    send adm POST '/api/dataValueSets?atomicMode=NONE&dryRun=true' "@$BADDIR/$file" "$type"
    js "$file: a dry run with atomicMode=NONE finds the good rows" \
      '"\(.status) \(.importCount.imported + .importCount.updated > 0) \(.importCount.imported + .importCount.updated + .badRows == .rows)"' \
      "WARNING true true"
  fi
done <<<"$TABLE"
eq "after every sample: nothing written" "$FP" "$(db_fp)"

alive "after the malformed samples"
stop_server # under ASan, leaks found at exit make the status non-zero
eq "the server stops cleanly" 0 "$SRV_RC"
[ "$SRV_RC" = 0 ] || tail -40 "$TMP/srv.err" >&2
finish
