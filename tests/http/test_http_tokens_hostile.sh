#!/usr/bin/env bash
# test_http_tokens_hostile.sh - what a stolen session can do with API tokens
# (issue #14 item 4): no token without an end (days 0, or more than 365, is
# 400 naming days; the default is 90 days), and a password change revokes
# every token of the user (own change through POST /api/password and the
# CLI's reset), other users' tokens untouched. `chitieu user token --days`
# takes 1..365 too.
. "$(dirname "$0")/lib.sh"

has_users || skip_all "needs \`chitieu user add\`"
demo_db
add_user t_ward ward --enter 01837
add_user t_view viewer --view 01840
start_server
login t_ward
login t_view

# ---- a maximum lifetime ------------------------------------------------------------------
send t_ward POST /api/tokens '{"name":"mãi","days":0}'
error "a token that never ends" 400 invalid days
send t_ward POST /api/tokens '{"name":"dài","days":366}'
error "a token over 365 days" 400 invalid days
send t_ward POST /api/tokens '{"name":"mười năm","days":3650}'
error "a token of ten years" 400 invalid days
send t_ward POST /api/tokens '{"name":"năm","days":365}'
status "365 days is allowed" 201
now=$(date +%s)
js "ends in 365 days" "(.expires_at - $now) / 86400 | round" 365
send t_ward POST /api/tokens '{"name":"script"}'
status "default lifetime" 201
js "default is 90 days" "(.expires_at - $now) / 86400 | round" 90
TOK=$(jq -r .token <<<"$BODY")
"$BIN" user token t_ward --name cli --days 0 >/dev/null 2>"$TMP/cli.err" && bad "CLI --days 0 accepted" || ok
"$BIN" user token t_ward --name cli --days 366 >/dev/null 2>"$TMP/cli.err" && bad "CLI --days 366 accepted" || ok
grep -q -- '--days' "$TMP/cli.err" && ok || bad "CLI refusal names --days: $(cat "$TMP/cli.err")"
CLITOK=$("$BIN" user token t_ward --name cli --days 365 2>/dev/null | tail -1)
VTOK=$("$BIN" user token t_view --name other --days 30 2>/dev/null | tail -1)

req GET /api/me -H "Authorization: Bearer $TOK"
status "the token works" 200
req GET /api/me -H "Authorization: Bearer $CLITOK"
status "the CLI token works" 200

# ---- a password change revokes them ------------------------------------------------------------
send t_ward POST /api/password "{\"old\":\"sai-mat-khau-nao-do\",\"new\":\"mat-khau-moi-2026\"}"
status "a wrong old password" 403
req GET /api/me -H "Authorization: Bearer $TOK"
status "a refused change keeps the token" 200
send t_ward POST /api/password "{\"old\":\"$PW\",\"new\":\"mat-khau-moi-2026\"}"
status "password changed" 200
req GET /api/me -H "Authorization: Bearer $TOK"
error "the API token is revoked" 401 unauthorized
req GET /api/me -H "Authorization: Bearer $CLITOK"
error "the CLI token is revoked" 401 unauthorized
as t_ward GET /api/tokens
js "none listed" '.items | length' 0
as t_ward GET /api/me
status "the session that changed it stays" 200
req GET /api/me -H "Authorization: Bearer $VTOK"
status "another user's token stays" 200
# an administrator's reset (CLI) too
printf 'mat-khau-khac-2027\n' | "$BIN" user passwd t_view --password-stdin >/dev/null 2>&1 || bad "user passwd"
req GET /api/me -H "Authorization: Bearer $VTOK"
error "a reset revokes tokens" 401 unauthorized
finish
