#!/usr/bin/env bash
# test_http_term.sh - GET /api/eval/term (issue #16 item 1): the term
# evaluation of the demo city equals `chitieu eval --term --json` field for
# field; a ward officer cannot read the city's; a missing or malformed term
# and a bad as_of are refused naming the field.
. "$(dirname "$0")/lib.sh"

has_users || skip_all "\`chitieu user add\` is not in this build yet"
demo_db --quiet
add_user t_admin admin --view VN
add_user t_ward ward --enter 01837
make_token t_admin term; ADM=$TOKEN
make_token t_ward term; WARD=$TOKEN
start_server

req GET '/api/eval/term?unit=058&term=2021-2025&as_of=31/12/2024' -H "Authorization: Bearer $ADM"
status "term eval" 200
printf '%s\n' "$BODY" | jq -S . >"$TMP/api.json"
"$BIN" eval --unit 058 --term 2021-2025 --as-of 31/12/2024 --json | jq -S . >"$TMP/cli.json"
cmp -s "$TMP/api.json" "$TMP/cli.json" && ok || bad "API differs from the CLI: $(diff "$TMP/api.json" "$TMP/cli.json" | head -4)"
js "summary" '.summary | "\(.targets) \(.on_path) \(.behind)"' "7 4 3"

req GET '/api/eval/term?unit=058&term=2021-2025' -H "Authorization: Bearer $WARD"
error "ward reads the city" 403 forbidden
req GET '/api/eval/term?unit=01837&term=2021-2025' -H "Authorization: Bearer $WARD"
status "ward reads its own" 200
js "ward has no term targets" .summary.targets 0
req GET '/api/eval/term?unit=058' -H "Authorization: Bearer $ADM"
error "no term" 400 invalid term
req GET '/api/eval/term?unit=058&term=2025' -H "Authorization: Bearer $ADM"
error "bad term" 400 invalid term
req GET '/api/eval/term?unit=058&term=2021-2025&as_of=31/13/2024' -H "Authorization: Bearer $ADM"
error "bad as_of" 400 invalid as_of
req GET '/api/eval/term?unit=999&term=2021-2025' -H "Authorization: Bearer $ADM"
status "unknown unit" 404
finish
