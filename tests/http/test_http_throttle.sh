#!/usr/bin/env bash
# test_http_throttle.sh - the login throttle against hostile clients (issue #14
# item 4): 40 parallel wrong guesses get at most AUTH_THROTTLE_FAILURES (5)
# password checks (the attempt is counted before the check, atomically); the
# limit is per login and address, so five wrong passwords from one address
# lock neither other accounts behind it nor the same account elsewhere, while
# one address has a higher ceiling (50) over all logins; X-Forwarded-For is
# read only from --trusted-proxy addresses (a client connecting directly
# cannot pick its address), and the log shows the forwarded client.
. "$(dirname "$0")/lib.sh"

has_users || skip_all "needs \`chitieu user add\`"
demo_db
add_user t_a ward --enter 01837
add_user t_b ward --enter 01840
start_server --threads 4 --trusted-proxy 127.0.0.1

# guess LOGIN PASSWORD [XFF]: one login; prints the status
guess() {
  local h=()
  [ -n "${3:-}" ] && h=(-H "X-Forwarded-For: $3")
  curl -s --max-time 30 -o /dev/null -w '%{http_code}\n' "${h[@]}" -H 'Content-Type: application/json' \
    --data-binary "{\"login\":\"$1\",\"password\":\"$2\"}" "$URL/api/login"
}
export -f guess
export URL

# ---- 40 parallel guesses: at most 5 checks ----------------------------------------------------
seq 1 40 | xargs -P 40 -I{} bash -c 'guess t_a sai-mat-khau-{}-xyz 10.0.0.1' >"$TMP/par.out"
n401=$(grep -c '^401$' "$TMP/par.out")
n429=$(grep -c '^429$' "$TMP/par.out")
echo "40 parallel guesses: $n401 checked (401), $n429 throttled (429)"
[ "$n401" -le 5 ] && ok || bad "parallel guesses: $n401 password checks (limit 5)"
eq "every guess answered 401 or 429" 40 $((n401 + n429))
eq "failures recorded = checks" "$n401" "$(db_sql "SELECT COUNT(*) FROM login_failure WHERE login = 't_a'")"
eq "the right password from that address now waits" 429 "$(guess t_a "$PW" 10.0.0.1)"

# ---- per login and address -------------------------------------------------------------------
eq "the same login from another address" 200 "$(guess t_a "$PW" 10.0.0.2)"
eq "another login behind the same address" 200 "$(guess t_b "$PW" 10.0.0.1)"
# ...but one address has a ceiling over all logins (50 in 15 minutes)
for i in $(seq 1 45); do guess "khong-co-$i" sai-mat-khau-123 10.0.0.1; done >"$TMP/spray.out"
eq "spraying logins from one address: 45 checked" 45 "$(grep -c '^401$' "$TMP/spray.out")"
eq "the address's ceiling" 429 "$(guess t_b "$PW" 10.0.0.1)"
req POST /api/login -H 'X-Forwarded-For: 10.0.0.1' -H 'Content-Type: application/json' \
  --data-binary "{\"login\":\"t_b\",\"password\":\"$PW\"}"
js "says it is the address" '.error.message | test("từ địa chỉ này")' true
eq "elsewhere t_b still logs in" 200 "$(guess t_b "$PW" 10.0.0.3)"

# ---- X-Forwarded-For: whose, and read how --------------------------------------------------------
eq "several proxies: the rightmost untrusted address counts" 429 "$(guess t_b "$PW" '10.0.0.1, 127.0.0.1')"
eq "a client's own claim to the left is not believed" 200 "$(guess t_b "$PW" '10.0.0.1, 10.0.0.4')"
eq "garbage falls back to the proxy's address" 200 "$(guess t_b "$PW" 'not-an-address')"
grep -q ' 10\.0\.0\.4 POST /api/login 200' "$TMP/srv.err" && ok || bad "the log shows the forwarded client"
stop_server

# without --trusted-proxy the header is ignored: everyone is 127.0.0.1
start_server
for i in 1 2 3 4 5; do guess t_a "sai-mat-khau-$i-abc" "10.9.0.$i"; done >/dev/null
eq "X-Forwarded-For ignored without --trusted-proxy" 429 "$(guess t_a "$PW" 10.9.9.9)"
grep -q ' 10\.9\.' "$TMP/srv.err" && bad "a forwarded address was logged" || ok
"$BIN" --db "$CHITIEU_DB" serve --port 0 --trusted-proxy nginx >/dev/null 2>"$TMP/bad.err" &&
  bad "--trusted-proxy nginx accepted" || ok
grep -q -- '--trusted-proxy' "$TMP/bad.err" && ok || bad "names the option: $(cat "$TMP/bad.err")"
finish
