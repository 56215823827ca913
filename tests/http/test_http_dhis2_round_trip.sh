#!/usr/bin/env bash
# test_http_dhis2_round_trip.sh - the round trip of issue #18: chitieu ->
# DHIS2 JSON, CSV and ADX -> a fresh chitieu leaves every value equal. The
# demo (2019-2024, every unit; a few values given a comment and a followup
# first) is exported with `chitieu export --format dhis2-json|dhis2-csv|adx`.
# The fresh database is a `db copy` of the source (same catalogue, units,
# users) with every value table emptied and period locking off (the values
# are years old); it holds no value before the import. Each export is posted
# to POST /api/dataValueSets of a server on its own fresh copy; then every
# value (indicator, unit, period, value, estimate flag: `chitieu export`) must
# equal the source's, and the comments (JSON, CSV, ADX's annotation) and
# followups (JSON, CSV) too. On PostgreSQL (CHITIEU_TEST_PG) the source and
# every fresh database are schemas of the test server.
. "$(dirname "$0")/lib.sh"

has_route "/api/exchange/mapping" || skip_all "no DHIS2 exchange"

export CHITIEU_TODAY=2024-12-31
demo_db
add_user adm admin --view VN

# ---- a few comments and followups in the source (through the API) -------------------
"$BIN" lock config --enabled no >/dev/null || bad "lock config on the source" # old months
start_server
login adm
send adm POST /api/dataValueSets '{"dataValues":[
 {"dataElement":"KT01","period":"202206","orgUnit":"01837","value":"42.9","comment":"theo báo cáo, \"tháng 6\"","followup":true},
 {"dataElement":"KT02","period":"202403","orgUnit":"058","value":"0.5","comment":"ước tính lại"},
 {"dataElement":"KT03","period":"202112","orgUnit":"01840","value":"1234.5","followup":true}]}'
status "comments and followups into the source" 200
stop_server

# values_of DB: every value as chitieu's CSV without the last column (who entered it)
values_of() { "$BIN" --db "$1" export | sed 's/,[^,]*$//'; }
# notes_of DB FIELDS: the comment (and followup) of every value that has one, from DHIS2 JSON
notes_of() {
  "$BIN" --db "$1" export --format dhis2-json |
    jq -r ".dataValues[] | select(.comment != null or .followup == true) | [.dataElement, .period, .orgUnit, $2] | @tsv" |
    LC_ALL=C sort
}
SRC_VALUES=$(values_of "$CHITIEU_DB")
N=$(($(wc -l <<<"$SRC_VALUES") - 1))
if [ "$N" -gt 5000 ]; then ok; else bad "the demo has only $N values"; fi
SRC_NOTES=$(notes_of "$CHITIEU_DB" '.comment // "", .followup')
SRC_COMMENTS=$(notes_of "$CHITIEU_DB" '.comment // ""' | grep -v $'\t$')
eq "three values with notes in the source" 3 "$(wc -l <<<"$SRC_NOTES")"

for f in dhis2-json dhis2-csv adx; do
  "$BIN" export --format "$f" "$TMP/out.$f" 2>/dev/null || bad "export --format $f"
done
eq "the CSV export holds every value" "$N" "$(($(wc -l <"$TMP/out.dhis2-csv") - 1))"
eq "the ADX export holds every value" "$N" "$(grep -c '<dataValue ' "$TMP/out.adx")"

# ---- the fresh databases --------------------------------------------------------------
FRESH_SCHEMAS=()
trap 'for s in "${FRESH_SCHEMAS[@]}"; do psql "$CHITIEU_TEST_PG" -qAtX -c "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1; done; cleanup' EXIT
# fsql DB SQL: runs SQL on a fresh database
fsql() {
  if [ -n "$PG_SCHEMA" ]; then psql "$1" -qAtX -v ON_ERROR_STOP=1 -c "$2"; else sqlite3 "$1" "$2"; fi
}

declare -A TYPE=([dhis2-json]=application/json [dhis2-csv]=application/csv [adx]=application/adx+xml)
i=0
for f in dhis2-json dhis2-csv adx; do
  i=$((i + 1))
  if [ -n "$PG_SCHEMA" ]; then
    s="${PG_SCHEMA}_f$i"
    FRESH_SCHEMAS+=("$s")
    psql "$CHITIEU_TEST_PG" -qAtX -v ON_ERROR_STOP=1 -c "CREATE SCHEMA $s" >/dev/null
    F="$CHITIEU_TEST_PG options='-c search_path=$s'"
  else
    F="$TMP/fresh_$i.db"
  fi
  "$BIN" db copy --from "$CHITIEU_DB" --to "$F" >/dev/null 2>"$TMP/copy.err" || bad "$f: db copy: $(cat "$TMP/copy.err")"
  fsql "$F" "DELETE FROM value_year; DELETE FROM value_rollup; DELETE FROM value_comment;
             DELETE FROM value_followup; DELETE FROM value_audit" || bad "$f: emptying the copy"
  "$BIN" --db "$F" lock config --enabled no >/dev/null || bad "$f: lock config"
  eq "$f: the fresh database holds no value" "indicator,unit,period,value,estimate" "$(values_of "$F")"
  eq "$f: but the same units" "$("$BIN" unit list)" "$("$BIN" --db "$F" unit list)"
  eq "$f: and the same indicators" "$("$BIN" indicator list)" "$("$BIN" --db "$F" indicator list)"

  CHITIEU_DB=$F start_another "srv$i"
  v="srv$i"
  URL=${!v}
  login adm "$PW" "f$i"
  send "f$i" POST /api/dataValueSets "@$TMP/out.$f" "${TYPE[$f]}"
  status "$f: the export goes into the fresh chitieu" 200
  js "$f: every value imported" '"\(.status) \(.importCount.imported) \(.importCount.updated) \(.conflicts | length)"' \
    "SUCCESS $N 0 0"
  got=$(values_of "$F")
  if [ "$SRC_VALUES" = "$got" ]; then ok; else
    bad "$f: values differ (indicator, unit, period, value, estimate; < source, > fresh):"$'\n'"$(diff <(echo "$SRC_VALUES") <(echo "$got") | head -8)"
  fi
  if [ "$f" = adx ]; then # ADX carries the comment (annotation), not the followup
    eq "$f: the comments equal" "$SRC_COMMENTS" "$(notes_of "$F" '.comment // ""' | grep -v $'\t$')"
  else
    eq "$f: the comments and followups equal" "$SRC_NOTES" "$(notes_of "$F" '.comment // "", .followup')"
  fi
done
finish
