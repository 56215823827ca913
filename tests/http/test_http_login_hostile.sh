#!/usr/bin/env bash
# test_http_login_hostile.sh - POST /api/login against hostile clients (issue
# #14 item 4): JSON only (a cross-site form's text/plain, urlencoded or
# multipart body, or no Content-Type, is 400 naming Content-Type and logs
# nobody in), and a body over the login's 4 KiB limit is refused with 413
# from its Content-Length, before the body is read.
. "$(dirname "$0")/lib.sh"

has_users || skip_all "needs \`chitieu user add\`"
demo_db
add_user h_ward ward --enter 01837
start_server
J="{\"login\":\"h_ward\",\"password\":\"$PW\"}"

# ---- JSON only -------------------------------------------------------------------------
for ct in 'text/plain' 'text/plain; charset=utf-8' 'application/x-www-form-urlencoded' \
  'multipart/form-data; boundary=x' 'application/jsonp' 'text/json'; do
  req POST /api/login -H "Content-Type: $ct" --data-binary "$J"
  error "login with $ct refused" 400 invalid Content-Type
  grep -qi '^Set-Cookie' <<<"$HDRS" && bad "login with $ct set a cookie" || ok
done
req POST /api/login -H 'Content-Type:' --data-binary "$J"
error "login without Content-Type refused" 400 invalid Content-Type
req POST /api/login -H 'Content-Type: application/json; charset=utf-8' --data-binary "$J"
status "JSON with a charset logs in" 200
req POST /api/login -H 'Content-Type: Application/JSON' --data-binary "$J"
status "the media type is case-insensitive" 200

# ---- a small body limit, checked before the body is read --------------------------------
head -c 1048576 /dev/zero | tr '\0' a >"$TMP/mib"
req POST /api/login -H 'Content-Type: application/json' --data-binary @"$TMP/mib"
error "1 MiB login body" 413 too_big
js "the limit is said" '.error.message | test("4 KiB")' true
head -c 5000 /dev/zero | tr '\0' a >"$TMP/5k"
req POST /api/login -H 'Content-Type: application/json' --data-binary @"$TMP/5k"
error "5000-byte login body" 413 too_big
# refused from the header alone: the server answers without waiting for a body never sent
python3 - "$URL" >"$TMP/early.out" <<'EOF'
import socket, sys, time, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
s = socket.create_connection((u.hostname, u.port), timeout=5)
s.sendall(b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          b"Content-Length: 1048576\r\n\r\n")
t0 = time.time()
data = s.recv(4096)
print(data.split(b"\r\n")[0].decode(), round(time.time() - t0, 2))
EOF
grep -q '^HTTP/1.1 413' "$TMP/early.out" && ok || bad "no early 413: $(cat "$TMP/early.out")"
alive "after all that"
finish
