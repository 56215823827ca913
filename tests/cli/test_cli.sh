#!/usr/bin/env bash
# test_cli.sh - black-box tests of the chitieu command line on a small
# catalogue built through the CLI itself: units, indicators, targets, values
# with audit, evaluation (table and JSON), CSV import (all or nothing) and
# export, help for every command, and clear errors on bad input.
set -e
. "$(dirname "$0")/lib.sh"

# -- help for every command ------------------------------------------------
expect_ok "main help" --help
has "main help lists eval" "eval"
for c in "init" "demo" "unit list" "unit show" "unit add" "unit update" "unit link" "agency list" \
         "agency add" "indicator list" "indicator show" "indicator add" "indicator update" \
         "target list" "target set" "target delete" "target history" "value set" "value get" "value list" \
         "value delete" "value history" "import" "export" "eval"; do
  # shellcheck disable=SC2086
  expect_ok "help $c" $c --help
  has "help $c has usage" "Cách dùng: chitieu"
done
expect_fail "unknown command" "không có lệnh" frobnicate
expect_fail "unknown option" "không có tùy chọn --bogus" unit list --bogus 1

# -- catalogue -------------------------------------------------------------
# the main help lists every subcommand, and each one it lists has its own help
run --help
for want in "target .*history" "user .*enable" "task .*cancel, reopen" "task .*attachment"; do
  has "main help lists $want" "$want"
done
while read -r group rest; do
  subs=$(sed -n 's/.*(\(.*\))$/\1/p' <<<"$rest" | tr -d ',')
  for sub in $subs; do
    expect_ok "$group $sub --help (listed in the main help)" $group $sub --help
  done
done < <(sed -n '/^Lệnh:/,/^$/p' <<<"$OUT" | tail -n +2)
expect_ok "init" init
has "init says ready" "sẵn sàng"
expect_ok "unit list of an empty database" unit list
expect_ok "add province" unit add --code 06 --name "Bắc Kạn" --type province
expect_ok "add city" unit add --code 058 --name "Bắc Kạn" --type city --parent 06
expect_ok "add ward A" unit add --code 01837 --name "Sông Cầu" --type ward --parent 058 --to 30/06/2025
expect_ok "add ward B" unit add --code 01834 --name "Nguyễn Thị Minh Khai" --type ward --parent 058 --to 30/06/2025
expect_ok "add new ward" unit add --code BK2025 --name "Bắc Kạn" --type ward --parent 058 --from 01/07/2025
expect_ok "link merger" unit link BK2025 --from 01837
expect_ok "show merged" unit show BK2025
has "merger shown" "Hình thành từ: 01837"
expect_fail "duplicate unit" "đã có" unit add --code 058 --name X --type city --parent 06
expect_fail "unknown parent" "9999" unit add --code 77777 --name X --type ward --parent 9999
expect_fail "bad unit type" "type|loại" unit add --code 77777 --name X --type planet --parent 058
expect_ok "list units" unit list
has "tree lists wards" "phường Sông Cầu"

expect_ok "agency" agency add --code KT --name "Phòng Kinh tế"
expect_ok "indicator retail" indicator add --code BL --name "Tổng mức bán lẻ hàng hóa" --uom "tỷ đồng" \
  --sector economy --kind flow --decimals 1 --agency KT
expect_ok "indicator count" indicator add --code OCOP --name "Sản phẩm OCOP mới" --uom "sản phẩm" \
  --sector economy --kind count
expect_fail "count must be whole" "số nguyên" value set --indicator OCOP --unit 01837 --period 202206 --value "2,5"
expect_fail "count not negative" "không được âm" value set --indicator OCOP --unit 01837 --period 202206 --value "-1"
expect_fail "negative target refused" "không được âm" target set --indicator BL --unit 058 --year 2022 --value -5
# value types and bounds (issue #13): an amount is non-negative unless its minimum says otherwise
expect_fail "negative amount refused" "-120 không được âm" value set --indicator BL --unit 01837 --period 202206 --value -120
expect_ok "a percentage with bounds" indicator add --code TL --name "Tỷ lệ che phủ rừng" --uom "%" --sector environment \
  --kind level --value-type percent --min "10" --max "90,5"
expect_ok "show bounds" indicator show TL
has "show says the bounds" "Giá trị nhận: +phần trăm \(0-100\), từ 10, đến 90,5"
expect_fail "above the maximum" "lớn hơn mức tối đa 90,5" value set --indicator TL --unit 01837 --period 202206 --value "91"
expect_ok "within the bounds" value set --indicator TL --unit 01837 --period 202206 --value "72,3"
expect_fail "bounds of a percentage within 0-100" "0-100" indicator update TL --max 120
expect_ok "bounds removed" indicator update TL --min "" --max ""
expect_ok "show without bounds" indicator show TL
has "show: not negative" "Giá trị nhận: +phần trăm \(0-100\), không âm$"
# other names (issue #19): kept, shown, searched, cleared
expect_ok "synonyms set" indicator update TL --synonyms "độ che phủ rừng; CPR"
expect_ok "show synonyms" indicator show TL
has "show says the synonyms" "Tên gọi khác: +độ che phủ rừng; CPR"
expect_ok "search by a synonym" indicator list --search "do che phu"
has "a synonym is searched accent-insensitively" "^TL "
expect_ok "synonyms cleared" indicator update TL --synonyms ""
expect_ok "show without synonyms" indicator show TL
grep -q "Tên gọi khác" "$TMP/out" && bad "synonyms still shown after clearing" || ok
expect_fail "one-year term refused" "--year" target set --indicator BL --unit 058 --term 2021-2021 --value 5
expect_fail "missing database not created" "init" --db "$TMP/nope.db" unit list
echo "not a database" >"$TMP/junk.db"
expect_fail "a file that is not a database is named as such" "không phải cơ sở dữ liệu của chitieu" --db "$TMP/junk.db" init
expect_fail "import of a missing file says why" "không mở được tệp .*nope.csv \(No such file" import "$TMP/nope.csv"
eq "the file that is not a database is left as it was" "not a database" "$(cat "$TMP/junk.db")"
[ ! -e "$TMP/nope.db" ] && ok || bad "a missing database was created"
expect_fail "unit code cannot be renamed" "unit link" unit update 01837 --code 01838
expect_fail "export unknown unit" "NOPE" export --unit NOPE
expect_ok "indicator search without accents" indicator list --search "ban le"
has "search finds retail" "BL"
expect_fail "indicator bad kind" "kind|loại" indicator add --code X1 --name X --uom x --sector economy --kind banana

expect_ok "target city" target set --indicator BL --unit 058 --year 2022 --value 3.439
expect_ok "target ward A" target set --indicator BL --unit 01837 --year 2022 --value 2.000
expect_ok "target ward B" target set --indicator BL --unit 01834 --year 2022 --value 1.439
expect_ok "change a target" target set --indicator BL --unit 058 --year 2022 --value 3.500 --by "Văn phòng"
expect_ok "change it back" target set --indicator BL --unit 058 --year 2022 --value 3.439
expect_ok "target history" target history --indicator BL --unit 058 --year 2022
has "history shows the change and who" "Văn phòng.*3\.439 \(at_least\)  ->  3\.500"
has "history counts two changes" "\(2 thay đổi\)"
expect_fail "target for a unit not yet formed" "BK2025" target set --indicator BL --unit BK2025 --year 2022 --value 5
expect_ok "list targets" target list --year 2022
has "target shown Vietnamese" "3\.439"

# -- values and audit -------------------------------------------------------
for m in 01 02 03 04 05 06; do
  expect_ok "ward A $m" value set --indicator BL --unit 01837 --period 2022$m --value "150,5"
  expect_ok "ward B $m" value set --indicator BL --unit 01834 --period 2022$m --value "140"
  expect_ok "ward A ly $m" value set --indicator BL --unit 01837 --period 2021$m --value "140"
  expect_ok "ward B ly $m" value set --indicator BL --unit 01834 --period 2021$m --value "140"
done
expect_ok "same value again" value set --indicator BL --unit 01837 --period 202206 --value "150,5"
has "unchanged reported" "Không đổi"
expect_ok "change value" value set --indicator BL --unit 01837 --period 202206 --value "155,5" --reason "số chính thức"
has "update reported" "Đã sửa"
expect_ok "history" value history --indicator BL --unit 01837 --period 202206
has "history keeps old" "150,5"
has "history keeps new" "155,5"
has "history keeps reason" "số chính thức"
expect_fail "ambiguous number" "1,739\.5" value set --indicator BL --unit 01837 --period 202207 --value "1,739.5"
expect_fail "impossible period" "202213" value set --indicator BL --unit 01837 --period 202213 --value 1
expect_fail "unknown indicator" "NOPE" value set --indicator NOPE --unit 01837 --period 202207 --value 1
expect_fail "unit not valid yet" "BK2025" value set --indicator BL --unit BK2025 --period 202206 --value 1
expect_fail "unit no longer valid" "01837" value set --indicator BL --unit 01837 --period 202508 --value 1
expect_fail "wrong frequency" "2022Q3" value set --indicator BL --unit 01837 --period 2022Q3 --value 1

expect_ok "city value where its figure is the wards' sum" value set --indicator BL --unit 058 --period 202201 --value 5
grep -q "Lưu ý: số của chỉ tiêu BL tại 058 là tổng hợp từ các đơn vị trực thuộc.*không dùng để đánh giá" <<<"$ERR" && ok ||
  bad "no warning that a city value beside its wards' sum is not used: $ERR"
expect_ok "delete it" value delete --indicator BL --unit 058 --period 202201

# -- evaluation ---------------------------------------------------------------
expect_ok "eval table" eval --unit 058 --period 202206
has "table title" "tháng 6/2022"
has "table row" "Tổng mức bán lẻ"
expect_ok "eval json" eval --unit 058 --period 202206 --json
echo "$OUT" > "$TMP/eval.json"
jq -e . "$TMP/eval.json" >/dev/null && ok || bad "eval json is not valid JSON"
row() { jq -r ".indicators[] | select(.code==\"BL\") | .$1" "$TMP/eval.json"; }
# month: 155,5 + 140 = 295,5; cumulative: 5×150,5 + 155,5 + 6×140 = 1.748
eq "rolled-up month value" "295.5" "$(row value)"
eq "rolled-up cumulative" "1748" "$(row cumulative)"
eq "rolled up flag" "true" "$(row rolled_up)"
# 1748 / 3439 = 50,83%; last year 1680 -> +4,05%
eq "percent of target" "50.83" "$(row percent_of_target)"
eq "change on last year" "4.05" "$(row change_on_last_year)"
for k in code name unit value cumulative target percent_of_target change_on_last_year status; do
  jq -e ".indicators[0] | has(\"$k\")" "$TMP/eval.json" >/dev/null && ok || bad "json lacks $k"
done
expect_fail "eval unknown unit" "9999" eval --unit 9999 --period 202206
expect_fail "eval bad period" "2022Q5" eval --unit 058 --period 2022Q5

# -- CSV import: all or nothing ----------------------------------------------
cat > "$TMP/good.csv" <<'CSV'
chi_tieu,don_vi,ky,gia_tri,uoc_tinh
BL,01837,202207,"160,25",1
BL,01834,202207,"1.139",0
CSV
expect_ok "import dry run" import "$TMP/good.csv" --dry-run
has "dry run counts" "2 thêm mới"
expect_fail "dry run wrote nothing" "" value get --indicator BL --unit 01837 --period 202207
expect_ok "import" import "$TMP/good.csv"
has "import counts" "2 thêm mới"
expect_ok "reimport" import "$TMP/good.csv"
has "reimport unchanged" "2 không đổi"
expect_ok "value imported" value get --indicator BL --unit 01834 --period 202207
has "value from csv" "^1\.139"
cat > "$TMP/bad.csv" <<'CSV'
indicator,unit,period,value
BL,01837,202208,"170"
BL,01834,202208,"1,739.5"
CSV
expect_fail "bad csv names file line column" "bad\.csv.*3.*value|bad\.csv.*dòng 3" import "$TMP/bad.csv"
expect_fail "bad csv wrote nothing" "" value get --indicator BL --unit 01837 --period 202208

# -- export round trip ----------------------------------------------------------
expect_ok "export" export "$TMP/all.csv"
n=$(($(wc -l <"$TMP/all.csv") - 1))
expect_ok "export reimports unchanged" import "$TMP/all.csv"
has "round trip unchanged" "0 thêm mới, 0 cập nhật, $n không đổi"

# -- a write-protected database reads, and refuses writes clearly -------------------
if on_sqlite && [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then
  cp "$CHITIEU_DB" "$TMP/ro.db" && chmod 755 "$TMP" && chmod 444 "$TMP/ro.db"
  if runuser -u nobody -- "$BIN" --db "$TMP/ro.db" unit list >"$TMP/ro.out" 2>&1; then ok; else bad "read-only db not readable: $(cat "$TMP/ro.out")"; fi
  if runuser -u nobody -- "$BIN" --db "$TMP/ro.db" value set --indicator BL --unit 01837 --period 202209 --value 1 >"$TMP/ro.out" 2>&1; then
    bad "write to a read-only db succeeded"
  else
    grep -q "chỉ đọc" "$TMP/ro.out" && ok || bad "read-only write error unclear: $(cat "$TMP/ro.out")"
  fi
else
  echo "SKIP: read-only database check needs root (runuser) and a SQLite file"
fi

# -- partial data is never shown as complete ----------------------------------------
expect_ok "delete one ward's July value" value delete --indicator BL --unit 01834 --period 202207 --reason "báo sai"
expect_ok "eval with a ward missing" eval --unit 058 --period 202207 --json
echo "$OUT" > "$TMP/p.json"
eq "status incomplete" "incomplete" "$(jq -r '.indicators[] | select(.code=="BL") | .status' "$TMP/p.json")"
eq "parts expected" "2" "$(jq -r '.indicators[] | select(.code=="BL") | .parts_expected' "$TMP/p.json")"
eq "parts reporting" "1" "$(jq -r '.indicators[] | select(.code=="BL") | .parts_reporting' "$TMP/p.json")"
eq "missing ward listed" "01834:no_data" "$(jq -r '.indicators[] | select(.code=="BL") | .lagging_units[] | select(.status=="no_data") | "\(.code):\(.status)"' "$TMP/p.json")"
eq "not counted as met or not met" "1" "$(jq -r .summary.incomplete "$TMP/p.json")"
expect_ok "eval table with a ward missing" eval --unit 058 --period 202207
has "table says 1/2 units" "1/2 đơn vị"
has "table names the missing ward" "Nguyễn Thị Minh Khai \(chưa báo cáo\)"

# -- a year not yet over is judged on progress, not as final ------------------------------
expect_ok "eval year before it ends" eval --unit 058 --period 2022 --as-of 20/11/2022 --json
echo "$OUT" > "$TMP/a.json"
eq "provisional" "true" "$(jq -r '.indicators[] | select(.code=="BL") | .provisional' "$TMP/a.json")"
eq "not year end" "false" "$(jq -r .period.year_end "$TMP/a.json")"
st=$(jq -r '.indicators[] | select(.code=="BL") | .status' "$TMP/a.json")
case "$st" in exceeded|met|not_met) bad "running year judged final: $st" ;; *) ok ;; esac
expect_ok "eval year after it ends" eval --unit 058 --period 2022 --as-of 05/01/2023 --json
eq "final after the year" "true" "$(echo "$OUT" | jq -r .period.year_end)"
expect_fail "bad as-of" "as-of" eval --unit 058 --period 2022 --as-of 31/02/2023

finish
