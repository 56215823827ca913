#!/usr/bin/env bash
# test_http_server.sh - the server core without users: health, security
# headers, OpenAPI generated from the route table (every route listed by
# `serve --routes` is in it), static files and path traversal, JSON errors
# for 404/405/413, bad JSON of every kind answered 400 naming the field (the
# server still alive after each), the request log, and SIGTERM: exit 0, fast.
. "$(dirname "$0")/lib.sh"

"$BIN" init >/dev/null 2>&1 || true
printf '<!doctype html><title>chitieu</title>\n' >"$WEB/index.html"
printf 'body{}\n' >"$WEB/app.css"
printf 'SECRET-OUTSIDE\n' >"$TMP/secret.txt"
mkdir -p "$WEB/sub"
ln -s "$TMP/secret.txt" "$WEB/sub/link.txt"
start_server

# health and headers
req GET /api/health
status "health" 200
js "health body" .status ok
header "json content type" '^Content-Type: application/json; charset=utf-8'
header "nosniff" '^X-Content-Type-Options: nosniff'
header "csp on api" "^Content-Security-Policy: default-src 'none'"
header "referrer policy" '^Referrer-Policy: no-referrer'

# OpenAPI lists every route of the table, with its method
"$BIN" serve --routes >"$TMP/routes" || bad "serve --routes failed"
req GET /api/openapi.json
status "openapi" 200
js "openapi version" .openapi 3.1.0
n=0
while read -r method pattern perm _; do
  n=$((n + 1))
  m=$(tr 'A-Z' 'a-z' <<<"$method")
  js "openapi has $method $pattern" ".paths[\"$pattern\"].$m | type" object
  js "openapi permission of $method $pattern" ".paths[\"$pattern\"].$m[\"x-permission\"]" "$perm"
done <"$TMP/routes"
[ "$n" -ge 13 ] && ok || bad "serve --routes listed only $n routes"
js "openapi has no other operation" '[.paths[] | keys[]] | length' "$n"
js "path parameters declared" '.paths["/api/units/{code}"].get.parameters[0].name' code

# static files
req GET /
status "index page" 200
header "html type" '^Content-Type: text/html'
header "strict csp on pages" "^Content-Security-Policy: default-src 'self'; script-src 'self'"
grep -q '<title>chitieu' <<<"$BODY" && ok || bad "index content: $BODY"
req GET /app.css
status "css" 200
header "css type" '^Content-Type: text/css'
for p in /../secret.txt /%2e%2e/secret.txt /sub/../../secret.txt /%2E%2E/%2E%2E/etc/passwd '/sub/%2e%2e/..%2fsecret.txt' /sub/link.txt; do
  req GET "$p"
  case $CODE in 4??) ok ;; *) bad "traversal $p: status $CODE" ;; esac
  grep -q SECRET-OUTSIDE <<<"$BODY" && bad "traversal $p leaked the file" || ok
  js "traversal $p answers JSON" '.error.code | length > 0' true
done
req GET /nothing-here.html
error "missing static file" 404 not_found
req POST /index.html -d x
status "POST to a static file" 405

# 404, 405 with Allow, 413
req GET /api/nope
error "unknown api path" 404 not_found
req DELETE /api/health
error "wrong method" 405 method_not_allowed
header "405 says Allow" '^Allow: GET'
req GET /api/units/
error "trailing slash is not a unit" 404 not_found
head -c 1100000 /dev/zero | tr '\0' a >"$TMP/big"
req POST /api/login -H 'Content-Type: application/json' --data-binary @"$TMP/big"
error "body over 1 MiB" 413 too_big
req POST /api/login -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary @"$TMP/big"
error "chunked body over 1 MiB refused while streaming" 413 too_big
alive "after 413"

# bad JSON: 400 naming the field, never a 500, server alive
post() { req POST /api/login -H 'Content-Type: application/json' --data-binary "$1"; }
post '{"login":"a",'
error "truncated JSON" 400 invalid body
post '[1,2]'
error "not an object" 400 invalid body
post ''
error "empty body" 400 invalid body
post '{"login":"a","login":"b","password":"x"}'
error "duplicate key" 400 invalid body
post '{"login":"a","password":"xxxxxxxxxxxx","admin":true}'
error "unknown field" 400 invalid admin
post '{"login":42,"password":"xxxxxxxxxxxx"}'
error "wrong type" 400 invalid login
post '{"login":"a","password":["x"]}'
error "wrong type array" 400 invalid password
post '{"password":"xxxxxxxxxxxx"}'
error "missing field" 400 invalid login
printf '{"login":"\xc3\x28","password":"xxxxxxxxxxxx"}' >"$TMP/badutf8"
req POST /api/login -H 'Content-Type: application/json' --data-binary @"$TMP/badutf8"
error "invalid UTF-8" 400 invalid body
post '{"login":"a","password":"b","x":1e999999}'
error "huge number" 400 invalid body
post '{"login":"a","password":"b","x":123456789012345678901234567890}'
error "huge integer" 400 invalid x
post "$(printf '{"a":%.0s' $(seq 1 50))1$(printf '}%.0s' $(seq 1 50))"
error "deep nesting" 400 invalid body
post '{"login":"a\u0000b","password":"xxxxxxxxxxxx"}'
error "NUL in a string" 400 invalid body
alive "after bad JSON"
grep -q ' 500 ' "$TMP/srv.err" && bad "a 500 in the log:"$'\n'"$(cat "$TMP/srv.err")" || ok

# the request log: one line per request, method path status bytes ms
grep -qE '^[0-9T:Z-]+ 127\.0\.0\.1 GET /api/health 200 [0-9]+ [0-9.]+ms' "$TMP/srv.err" && ok ||
  bad "log line missing:"$'\n'"$(cat "$TMP/srv.err")"
grep -q 'xxxxxxxxxxxx' "$TMP/srv.err" && bad "the log shows a request body" || ok

# graceful shutdown: exit 0 within 5 s, and the port is closed
stop_server
eq "SIGTERM exits 0" 0 "$SRV_RC"
[ "$SRV_MS" -lt 3000 ] && ok || bad "shutdown took ${SRV_MS} ms"
curl -s --max-time 2 "$URL/api/health" >/dev/null && bad "still answering after SIGTERM" || ok

# a bad database path fails before serving
"$BIN" --db "$TMP/no/such/dir/x.db" serve --port 0 >/dev/null 2>"$TMP/e" && bad "served a bad db" || ok
finish
