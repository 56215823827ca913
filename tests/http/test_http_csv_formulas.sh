#!/usr/bin/env bash
# test_http_csv_formulas.sh - CSV exports never hand a spreadsheet a formula
# (issue #14, CSV injection): a text cell starting with = + - @ TAB or CR gets
# a leading ' (OWASP), numbers stay numbers (a negative target is -5, not
# '-5), and chitieu reads its own exports back unchanged: the targets sheet
# (GET /api/sheet/template ... format=csv, re-imported: all ignored, the note
# kept), the rules catalogue (GET /api/sheet/catalog?format=csv, re-imported
# unchanged) and `chitieu export` / `chitieu import` (the "by" column).
. "$(dirname "$0")/lib.sh"

has_users || skip_all "needs \`chitieu user add\`"
demo_db
add_user f_admin admin --view VN
NOTE='=HYPERLINK("http://evil.example","bấm")'
"$BIN" target set --indicator KT01 --unit 058 --year 2023 --kind change_pct --value -5 --note "$NOTE" \
  >/dev/null || bad "target set"
"$BIN" rule add --code F_RULE --name '@SUM(1+1) tên như công thức' --left KT15 --op '<=' --right KT01 \
  --importance warning >/dev/null || bad "rule add"
start_server
login f_admin

# ---- the targets sheet --------------------------------------------------------------------
as f_admin GET "/api/sheet/template?unit=058&period=2023&kind=targets&format=csv"
status "targets csv" 200
cp "$TMP/body" "$TMP/k.csv"
ROW=$(grep ',KT01,' "$TMP/k.csv" | tr -d '\r')
grep -q ",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"bấm\"\")\"" <<<"$ROW" && ok ||
  bad "the note is not neutralised: $ROW"
grep -q ',-5,' <<<"$ROW" && ok || bad "the negative target is not the number -5: $ROW"
grep -q "'-5" <<<"$ROW" && bad "a number was neutralised: $ROW" || ok
send f_admin POST "/api/sheet/import?kind=targets" "@$TMP/k.csv" text/csv
status "targets csv read back" 200
js "nothing changed" '.importCount.updated + .importCount.imported' 0
as f_admin GET "/api/targets?indicator=KT01&unit=058&year=2023"
js "note kept as written" '[.items[] | select(.kind == "change_pct") | .note] | .[0]' "$NOTE"
js "value kept" '[.items[] | select(.kind == "change_pct") | .value] | .[0]' -5

# ---- the rules catalogue -------------------------------------------------------------------
as f_admin GET "/api/sheet/catalog?format=csv"
status "catalog csv" 200
cp "$TMP/body" "$TMP/c.csv"
grep -q "^F_RULE,'@SUM(1+1) tên như công thức,KT15,<=,KT01," "$TMP/c.csv" && ok ||
  bad "rule name not neutralised: $(grep F_RULE "$TMP/c.csv")"
send f_admin POST "/api/sheet/catalog" "@$TMP/c.csv" text/csv
status "catalog csv read back" 200
"$BIN" rule show F_RULE >"$TMP/rule.out" 2>&1
grep -q "@SUM(1+1) tên như công thức" "$TMP/rule.out" && ok || bad "rule name changed: $(cat "$TMP/rule.out")"
grep -q "'@SUM" "$TMP/rule.out" && bad "the quote was stored: $(cat "$TMP/rule.out")" || ok

# ---- values: chitieu export / import ----------------------------------------------------------
"$BIN" value set --indicator KT01 --unit 01837 --period 202303 --value 12 --by '=cmd|calc' >/dev/null ||
  bad "value set"
"$BIN" export --unit 01837 --year 2023 >"$TMP/v.csv" 2>"$TMP/v.err" || bad "export: $(cat "$TMP/v.err")"
grep -q "^KT01,01837,202303,\"12\",0,'=cmd|calc$" "$TMP/v.csv" && ok ||
  bad "export: by not neutralised: $(grep '^KT01,01837,202303' "$TMP/v.csv")"
"$BIN" import "$TMP/v.csv" >"$TMP/i.out" 2>&1 || bad "import of the export: $(cat "$TMP/i.out")"
alive "after all that"
finish
