#!/usr/bin/env bash
# test_mapping_import.sh - `chitieu mapping import FILE` (issue #18 item 5):
# DHIS2 metadata JSON into an empty database. A dry run by default (and
# with --dry-run) lists what it would create and skip and writes nothing;
# --apply creates the 3-level units (kinds from the names and the levels,
# the type word taken off the name), one indicator per categoryOptionCombo
# of a disaggregated data element, the kinds and roll-ups of the
# aggregationTypes, and the mapping, so the values of those indicators
# export with DHIS2's UIDs; the text data element is skipped with its
# reason; a file with conflicts names each one (object, DHIS2 id, field)
# and writes nothing; unreadable JSON is named; a re-run is idempotent;
# --update updates a renamed unit, without it the unit is kept.
. "$(dirname "$0")/lib.sh"
DATA=$(cd "$(dirname "$0")/../data/dhis2_meta" && pwd)

counts() { echo "$(db_sql 'SELECT count(*) FROM unit') $(db_sql 'SELECT count(*) FROM indicator') $(db_sql 'SELECT count(*) FROM exchange_map')"; }

expect_ok "init" init
expect_ok "mapping import --help" mapping import --help
has "help names --apply" "--apply"
has "help names --update" "--update"

expect_ok "a dry run by default" mapping import "$DATA/metadata.json"
has "would create the ward" "^tạo +organisationUnit XdVtDlmEkXs +→ OU_DX +ward"
has "would create one indicator per combo" "ImmFull0001 +/ MaleCoc0001 +→ YT_TCDD.NAM +flow/sum"
has "skips the text data element with its reason" "^bỏ qua +dataElement +NoteText001 +valueType=LONG_TEXT"
has "says nothing was written" "Chạy thử: chưa ghi gì"
eq "the dry run wrote nothing" "0 0 0" "$(counts)"
expect_ok "--dry-run" mapping import "$DATA/metadata.json" --dry-run
eq "--dry-run wrote nothing" "0 0 0" "$(counts)"
expect_fail "--apply with --dry-run" "--apply" mapping import "$DATA/metadata.json" --apply --dry-run
expect_ok "--max-level 2" mapping import "$DATA/metadata.json" --max-level 2
has "skips the level-3 units" "^bỏ qua +organisationUnit XdVtDlmEkXs .*level=3"
has "counts them" "Đơn vị: 2 tạo, 0 sửa, 0 giữ nguyên, 3 bỏ qua"
expect_fail "a bad --max-level" "max-level" mapping import "$DATA/metadata.json" --max-level 0

expect_fail "a file with conflicts" "6 xung đột" mapping import "$DATA/bad.json" --apply
has "the orphan's parent named" "xung đột +organisationUnit OrphanOu001 .* parent=NoSuchPar01"
has "the unknown aggregationType named" "xung đột +dataElement +BadAgg00001 .*aggregationType=MEDIAN"
eq "conflicts wrote nothing" "0 0 0" "$(counts)"
printf '{"organisationUnits": [' >"$TMP/broken.json"
expect_fail "unreadable JSON" "JSON.*dòng 1" mapping import "$TMP/broken.json"
expect_fail "a missing file" "không mở được" mapping import "$TMP/none.json"

expect_ok "--apply" mapping import "$DATA/metadata.json" --apply
has "says it imported" "Đã nhập"
eq "5 units, 4 indicators, 9 mapping rows" "5 4 9" "$(counts)"
expect_ok "unit list" unit list
has "the province under the nation" "19 +tỉnh Thái Nguyên +VN"
has "the ward under the province" "OU_DX +phường Đức Xuân +19"
has "a unit without code or level: uid and commune" "NtComm000… +xã Chợ Mới +19"
expect_ok "indicator list" indicator list
has "the percentage is a level, yearly" "YT_HN +Tỷ lệ hộ nghèo +% +level +year"
has "the combo's name in the indicator's" "Số trẻ em dưới 1 tuổi được tiêm chủng đầy đủ \(Nữ\)"

# values entered with chitieu's codes go out with DHIS2's identifiers
printf 'indicator,unit,period,value\nYT_TCDD.NAM,OU_DX,202601,12\nYT_TCDD.NU,OU_DX,202601,10\n' >"$TMP/v.csv"
CHITIEU_TODAY=2026-01-20 expect_ok "values of the new indicators" import "$TMP/v.csv"
expect_ok "export with DHIS2 ids" export --format dhis2-json --unit OU_DX --year 2026
eq "the UIDs and combos of the file" "ImmFull0001 FemaleCoc01 XdVtDlmEkXs 10,ImmFull0001 MaleCoc0001 XdVtDlmEkXs 12" \
  "$(jq -r '[.dataValues[] | "\(.dataElement) \(.categoryOptionCombo) \(.orgUnit) \(.value)"] | sort | join(",")' <<<"$OUT")"

before=$(db_sql "SELECT code, name, parent_id FROM unit ORDER BY code"; db_sql "SELECT * FROM exchange_map ORDER BY uid, coc")
expect_ok "a re-run" mapping import "$DATA/metadata.json" --apply --json
eq "creates and writes nothing" "0 0 0 9" "$(jq -r '"\(.stats.created) \(.stats.updated) \(.mappings.written) \(.mappings.unchanged)"' <<<"$OUT")"
eq "the re-run changed nothing" "$before" \
  "$(db_sql "SELECT code, name, parent_id FROM unit ORDER BY code"; db_sql "SELECT * FROM exchange_map ORDER BY uid, coc")"
sed 's/"Phường Bắc Kạn"/"Phường Bắc Kạn Mới"/' "$DATA/metadata.json" >"$TMP/renamed.json"
expect_ok "a renamed unit without --update" mapping import "$TMP/renamed.json" --apply
has "is kept, saying so" "^giữ +organisationUnit BkWard00001 .*không sửa"
eq "its name unchanged" "Bắc Kạn" "$(db_sql "SELECT name FROM unit WHERE code = 'OU_BK'")"
expect_ok "with --update" mapping import "$TMP/renamed.json" --apply --update
has "is updated" "^sửa +organisationUnit BkWard00001"
eq "its new name" "Bắc Kạn Mới" "$(db_sql "SELECT name FROM unit WHERE code = 'OU_BK'")"
finish
