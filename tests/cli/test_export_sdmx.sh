#!/usr/bin/env bash
# test_export_sdmx.sh - SDMX-CSV export (issue #18) of indicator x unit x
# period for statistics offices: `chitieu export --format sdmx-csv` (SDMX 3.0's
# SDMX-CSV 2.0: STRUCTURE, STRUCTURE_ID, ACTION) and sdmx-csv-2.1 (SDMX-CSV
# 1.0: DATAFLOW), dimensions INDICATOR, REF_AREA, TIME_PERIOD in SDMX period
# forms (2022-M06 / 2022-06, 2022-Q2, 2022-S1, 2022, the nine months as
# 2022-01-01/P9M), OBS_VALUE with a dot decimal; the same values as the DHIS2
# CSV (GET /api/dataValueSets?format=sdmx-csv: tests/http/test_http_dhis2_formats.sh).
. "$(dirname "$0")/lib.sh"

expect_ok "demo" demo
expect_ok "SDMX-CSV (3.0) of a ward's 2022" export --format sdmx-csv --unit 01837 --year 2022 "$TMP/s3.csv"
eq "SDMX 3.0 header" "STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE" "$(head -1 "$TMP/s3.csv")"
eq "a month as 2022-M06, dot decimal" "dataflow,CHITIEU:DF_CHITIEU(1.0),I,KT03,01837,2022-M06,3935.87" \
  "$(grep '^dataflow,CHITIEU:DF_CHITIEU(1.0),I,KT03,01837,2022-M06,' "$TMP/s3.csv")"
grep -q ',2022-Q2,' "$TMP/s3.csv" && ok || bad "a quarter as 2022-Q2"
grep -q ',2022,' "$TMP/s3.csv" && ok || bad "a year as 2022"
eq "every period in an SDMX form" "" \
  "$(tail -n +2 "$TMP/s3.csv" | cut -d, -f6 | grep -vE '^[0-9]{4}(-M[0-9]{2}|-Q[1-4]|-S[12]|-01-01/P9M)?$' | head -3)"
expect_ok "SDMX-CSV 2.1" export --format sdmx-csv-2.1 --unit 01837 --year 2022 "$TMP/s21.csv"
eq "SDMX 2.1 header" "DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE" "$(head -1 "$TMP/s21.csv")"
eq "a month as 2022-06" "CHITIEU:DF_CHITIEU(1.0),KT03,01837,2022-06,3935.87" \
  "$(grep '^CHITIEU:DF_CHITIEU(1.0),KT03,01837,2022-06,' "$TMP/s21.csv")"
expect_ok "the DHIS2 CSV of the same" export --format dhis2-csv --unit 01837 --year 2022 "$TMP/d.csv"
eq "SDMX holds the same values as the DHIS2 CSV" \
  "$(tail -n +2 "$TMP/d.csv" | cut -d, -f1,3,6 | LC_ALL=C sort)" \
  "$(tail -n +2 "$TMP/s3.csv" | cut -d, -f4,5,7 | LC_ALL=C sort)"
expect_fail "--id-scheme only with DHIS2 formats" '--id-scheme' export --id-scheme CODE
finish
