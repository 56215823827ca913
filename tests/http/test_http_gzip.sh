#!/usr/bin/env bash
# test_http_gzip.sh - gzip of text answers (src/http/http_gzip.c): a script of the
# web folder and the API's JSON come gzipped to a client that accepts gzip
# (Content-Encoding, Vary), and unzip to exactly the bytes sent to a client that
# does not; a small answer, an image, "gzip;q=0" and a client without
# Accept-Encoding get the body as it is; a range of Accept-Encoding spellings;
# a kept compressed script is not served once the file changed.
. "$(dirname "$0")/lib.sh"

demo_db
add_user lead1 leader --view 058
head -c 3000 /dev/zero | tr '\0' 'x' >"$WEB/big.js"
printf 'small' >"$WEB/small.js"
head -c 3000 /dev/urandom | base64 >"$WEB/pic.png" # text bytes, an image type
start_server
login lead1

# a script of the web folder
as lead1 GET /big.js
status "plain script" 200
PLAIN=$(sha256sum <"$TMP/body")
header "plain: no Content-Encoding... but Vary" '^Vary: Accept-Encoding'
if grep -qi '^Content-Encoding' <<<"$HDRS"; then bad "plain script was encoded"; else ok; fi
as lead1 GET /big.js -H 'Accept-Encoding: gzip, deflate, br'
header "gzip script: Content-Encoding" '^Content-Encoding: gzip'
header "gzip script: Content-Type kept" '^Content-Type: text/javascript'
size=$(stat -c %s "$TMP/body")
[ "$size" -lt 3000 ] && ok || bad "gzip script: $size bytes, not smaller than 3000"
eq "gzip script unzips to the same bytes" "$PLAIN" "$(gunzip -c <"$TMP/body" | sha256sum)"
# the compressed form is kept (http_gzip_cache) until the file changes
head -c 4000 /dev/zero | tr '\0' 'y' >"$WEB/big.js"
as lead1 GET /big.js -H 'Accept-Encoding: gzip'
eq "a changed script: its new bytes, not the kept gzip" "$(sha256sum <"$WEB/big.js")" "$(gunzip -c <"$TMP/body" | sha256sum)"

# the API's JSON (the cached evaluation too)
as lead1 GET '/api/eval?unit=058&period=202206'
PLAIN=$(sha256sum <"$TMP/body")
for round in first cached; do
  as lead1 GET '/api/eval?unit=058&period=202206' -H 'Accept-Encoding: gzip'
  header "eval ($round): gzip" '^Content-Encoding: gzip'
  header "eval ($round): JSON" '^Content-Type: application/json'
  eq "eval ($round) unzips to the same JSON" "$PLAIN" "$(gunzip -c <"$TMP/body" | sha256sum)"
done
as lead1 GET '/api/indicators' --compressed
status "curl --compressed" 200
js "curl --compressed reads the list" '.items | length > 10' true

# left as they are
for c in "small.js|gzip" "pic.png|gzip" "big.js|gzip;q=0" "big.js|identity" "big.js|xgzip" "big.js|gzipx"; do
  f=${c%%|*} a=${c#*|}
  as lead1 GET "/$f" -H "Accept-Encoding: $a"
  if grep -qi '^Content-Encoding' <<<"$HDRS"; then bad "/$f with '$a' was encoded"; else ok; fi
done
as lead1 GET /big.js -H 'Accept-Encoding: br;q=1, GZIP;q=0.5'
header "GZIP with a q above 0" '^Content-Encoding: gzip'
as lead1 GET '/api/me' -H 'Accept-Encoding: gzip'
if grep -qi '^Content-Encoding' <<<"$HDRS"; then bad "a small JSON answer was encoded"; else ok; fi
alive "after gzip"
finish
