#!/usr/bin/env bash
# test_demo.sh - the demo database through the real binary: `chitieu demo`
# then `chitieu eval` must print the real figures of DOMAIN.md §3 for Bắc Kạn
# city (June 2022 retail sales, industrial production, the year 2020 count of
# targets not met, the wards lagging on budget revenue in November 2020).
set -e
. "$(dirname "$0")/lib.sh"

expect_ok "demo" demo
has "demo summary" "65|chỉ tiêu"
# a second run would write over the file's data: refused without --force,
# and nothing changes; with --force it gives the same database again
db_sql "SELECT unit_id, year, indicator_id, $(db_hex months) FROM value_year ORDER BY 1, 2, 3" >"$TMP/v1"
expect_ok "a user changes a value" value set --indicator KT01 --unit 01837 --period 202412 --value 99 --reason "sửa"
expect_fail "demo on a file with data is refused" "đã có dữ liệu.*--force" demo
expect_ok "the user's value is still there" value get --indicator KT01 --unit 01837 --period 202412
has "the user's value is kept" "99"
expect_ok "demo --force writes the demo again" demo --force
db_sql "SELECT unit_id, year, indicator_id, $(db_hex months) FROM value_year ORDER BY 1, 2, 3" >"$TMP/v2"
if cmp -s "$TMP/v1" "$TMP/v2"; then ok; else bad "demo --force did not give the same values"; fi

expect_ok "eval json 202206" eval --unit 058 --period 202206 --json
echo "$OUT" > "$TMP/e.json"
by_name() { jq -r ".indicators[] | select(.name | test(\"$1\")) | .$2" "$TMP/e.json" | head -1; }
eq "retail month" "285" "$(by_name "bán lẻ" value)"
eq "retail cumulative" "1739.5" "$(by_name "bán lẻ" cumulative)"
eq "retail % of plan" "50.58" "$(by_name "bán lẻ" percent_of_target)"
eq "retail vs same period" "4.85" "$(by_name "bán lẻ" change_on_last_year)"
eq "industry month" "24252.92" "$(by_name "sản xuất công nghiệp" value)"
eq "industry cumulative" "145244.67" "$(by_name "sản xuất công nghiệp" cumulative)"
eq "industry vs same period" "0.87" "$(by_name "sản xuất công nghiệp" change_on_last_year)"

expect_ok "eval table 202206" eval --unit 058 --period 202206
has "table shows Vietnamese cumulative" "1\.739,5"
has "table shows 50,58" "50,58"
has "table shows +4,85%" "\+4,85%"
has "table shows industry" "145\.244,67"

expect_ok "eval year 2020" eval --unit 058 --period 2020 --json
echo "$OUT" > "$TMP/y.json"
eq "2020 targets" "65" "$(jq -r .summary.with_target "$TMP/y.json")"
eq "2020 not met" "11" "$(jq -r .summary.not_met "$TMP/y.json")"
expect_ok "eval year 2020 table" eval --unit 058 --period 2020
has "2020 summary line" "54/65 chỉ tiêu đạt và vượt kế hoạch; 11 chỉ tiêu không đạt"

# the per-sector summaries of --sector add up to the whole city's
met=0; total=0
for sec in economy social environment defence government; do
  run eval --unit 058 --period 2020 --sector "$sec"
  nm=$(grep -o '[0-9]*/[0-9]* chỉ tiêu đạt' <<<"$OUT" | head -1 | cut -d' ' -f1)
  met=$((met + ${nm%/*})); total=$((total + ${nm#*/}))
done
eq "sector summaries add up" "54/65" "$met/$total"

expect_ok "eval Nov 2020" eval --unit 058 --period 202011 --json
echo "$OUT" > "$TMP/n.json"
lag=$(jq -r '[.indicators[] | select(.name | test("Thu ngân sách")) | .lagging_units[].code] | sort | join(",")' "$TMP/n.json")
eq "budget revenue lagging wards" "01834,01837" "$lag"

expect_ok "ward eval" eval --unit 01837 --period 202206
has "ward title" "Sông Cầu"
expect_ok "merger recorded" unit show BK2025
has "merger from Sông Cầu" "01837"

# a refused CSV import lists every bad row, and writes nothing
printf 'indicator,unit,period,value\nKT01,01837,202206,12\nXX99,01837,202206,1\nKT01,01837,202206,1.2.3\nKT01,99999,202206,5\n' >"$TMP/bad.csv"
before=$(db_sql "SELECT $(db_hex months) FROM value_year ORDER BY unit_id, year, indicator_id" | md5sum)
run import "$TMP/bad.csv"
eq "import with bad rows exits 1" 1 "$RC"
for want in "dòng 3, cột indicator: .*XX99" "dòng 4, cột value: .*1\.2\.3" "dòng 5, cột unit: .*99999" "Các dòng lỗi \(3\)"; do
  grep -qE -- "$want" <<<"$ERR" && ok || bad "import errors lack /$want/: $ERR"
done
eq "a refused import writes nothing" "$before" "$(db_sql "SELECT $(db_hex months) FROM value_year ORDER BY unit_id, year, indicator_id" | md5sum)"

# exit status (docs/cli.md): a refused request is 1, whatever kind of refusal
run task progress 14 --lead TCKH --percent 50 --text "x"
eq "progress by a unit that is not the lead exits 1" 1 "$RC"
grep -q "không phải đơn vị chủ trì" <<<"$ERR" && ok || bad "the refusal names the lead: $ERR"
finish
