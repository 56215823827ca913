#!/usr/bin/env bash
# test_export_dhis2.sh - `chitieu export --format` (issue #18) on the demo:
# dhis2-json, dhis2-csv and adx write the documents of GET /api/dataValueSets
# (DHIS2's fields and columns, dot decimals, ADX periods as ISO 8601
# intervals, well-formed XML), to a file or stdout, filtered by --indicator,
# --unit, --period and --year; the three formats hold the same values; the
# default stays chitieu's own CSV; a bad --format, or --period without a DHIS2
# format, is refused naming it.
. "$(dirname "$0")/lib.sh"

expect_ok "demo" demo
expect_ok "JSON of one value" export --format dhis2-json --indicator KT03 --unit 01837 --period 202206
eq "the JSON value, dot decimal" "KT03 202206 01837 3935.87" \
  "$(jq -r '.dataValues[] | "\(.dataElement) \(.period) \(.orgUnit) \(.value)"' <<<"$OUT")"
expect_ok "CSV of a ward's 2022 to a file" export --format dhis2-csv --unit 01837 --year 2022 "$TMP/w.csv"
eq "DHIS2's CSV columns" "dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment,followup" \
  "$(head -1 "$TMP/w.csv")"
grep -q '^KT03,202206,01837,,,3935.87,demo,' "$TMP/w.csv" && ok || bad "a CSV row: $(grep '^KT03,202206' "$TMP/w.csv")"
eq "only 2022 and the ward" "" "$(tail -n +2 "$TMP/w.csv" | awk -F, '$3 != "01837" || substr($2, 1, 4) != "2022"')"
n_vn=$(echo $(($(wc -l <"$TMP/w.csv") - 1)) | sed ':a;s/\B[0-9]\{3\}\>/.&/;ta') # 6.006, the Vietnamese way
grep -q "Đã xuất $n_vn số liệu" <<<"$ERR" && ok || bad "the count said: $ERR"
expect_ok "ADX of the same" export --format adx --unit 01837 --year 2022 "$TMP/w.adx"
if command -v xmllint >/dev/null; then
  xmllint --noout "$TMP/w.adx" && ok || bad "the ADX is not well-formed"
fi
grep -q '<adx [^>]*xmlns="urn:ihe:qrph:adx:2015"' "$TMP/w.adx" && ok || bad "the ADX namespace"
grep -q 'period="2022-04-01/P3M"' "$TMP/w.adx" && ok || bad "a quarter as P3M"
grep -q 'period="2022-01-01/P1Y"' "$TMP/w.adx" && ok || bad "a year as P1Y"
eq "ADX holds as many values as the CSV" "$(($(wc -l <"$TMP/w.csv") - 1))" "$(grep -c '<dataValue ' "$TMP/w.adx")"
expect_ok "JSON of the same" export --format dhis2-json --unit 01837 --year 2022 "$TMP/w.json"
eq "JSON and CSV hold the same values" \
  "$(tail -n +2 "$TMP/w.csv" | cut -d, -f1-3,6 | LC_ALL=C sort)" \
  "$(jq -r '.dataValues[] | "\(.dataElement),\(.period),\(.orgUnit),\(.value)"' "$TMP/w.json" | LC_ALL=C sort)"
expect_ok "the default is chitieu's CSV" export --unit 01837 --year 2022
eq "chitieu's header" "indicator,unit,period,value,estimate,by" "$(head -1 <<<"$OUT")"
expect_fail "an unknown format" '--format.*xls' export --format xls
expect_fail "--period without a DHIS2 format" '--period' export --period 202206
expect_fail "a bad period" '2022-13|kỳ' export --format adx --period 2022-13
finish
