#!/usr/bin/env bash
# test_http_password_checks.sh - argon2id under a login storm (issue #14 item
# 4): each password check takes 64 MiB, so `serve --password-checks N`
# (default 2) bounds how many run at once; the others wait their turn (at
# most 5 s, then 503). 32 parallel logins on 8 worker threads all complete
# (401 for these unknown logins, or 503), and the server's peak RSS grows by
# about N x 64 MiB, not 8 x 64 MiB.
. "$(dirname "$0")/lib.sh"

has_users || skip_all "needs \`chitieu user add\`"
demo_db
start_server --threads 8 --password-checks 2
hwm() { awk '/^VmHWM:/ {print int($2 / 1024)}' "/proc/$SRV_PID/status"; }
req GET /api/health
base=$(hwm)
export URL
seq 1 32 | xargs -P 32 -I{} curl -s --max-time 30 -o /dev/null -w '%{http_code}\n' \
  -H 'Content-Type: application/json' --data-binary '{"login":"khong-co-ai-{}","password":"sai-mat-khau-123"}' \
  "$URL/api/login" >"$TMP/codes"
peak=$(hwm)
echo "32 parallel logins: $(sort "$TMP/codes" | uniq -c | tr '\n' ' '); peak RSS $base -> $peak MiB"
eq "every login answered" 32 "$(wc -l <"$TMP/codes")"
eq "answers are 401 or 503 only" 0 "$(grep -cvE '^(401|503)$' "$TMP/codes")"
[ $((peak - base)) -lt 250 ] && ok || bad "peak RSS grew by $((peak - base)) MiB (2 checks of 64 MiB at once allowed)"
alive "after the storm"
# a login still works afterwards
add_user p_ward ward --enter 01837
login p_ward
"$BIN" serve --password-checks 0 --port 0 >/dev/null 2>"$TMP/bad.err" && bad "--password-checks 0 accepted" || ok
grep -q -- '--password-checks' "$TMP/bad.err" && ok || bad "names the option: $(cat "$TMP/bad.err")"
finish
