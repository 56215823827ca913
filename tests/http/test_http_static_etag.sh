#!/usr/bin/env bash
# test_http_static_etag.sh - revalidation of the web folder's files (src/http/http_static.c,
# http_static_etag): a page, script or style comes with a weak ETag, the same gzipped or not;
# If-None-Match naming it (alone, in a list, as W/ or not, or "*") gets 304 with no body and
# the ETag again; a changed file gets a new tag and its new bytes; an API answer has none.
. "$(dirname "$0")/lib.sh"

head -c 3000 /dev/zero | tr '\0' 'x' >"$WEB/app.js"
printf '<!doctype html><title>t</title>\n' >"$WEB/index.html"
start_server

etag() { sed -n 's/^ETag: //Ip' <<<"$HDRS"; }
req GET /app.js
status "script" 200
TAG=$(etag)
[[ $TAG =~ ^W/\"[0-9a-f-]+\"$ ]] && ok || bad "weak ETag: [$TAG]"
req GET /app.js -H 'Accept-Encoding: gzip'
header "gzipped" '^Content-Encoding: gzip'
eq "the same tag gzipped" "$TAG" "$(etag)"

for inm in "$TAG" "${TAG#W/}" "\"nope\", $TAG" '*'; do
  req GET /app.js -H "If-None-Match: $inm" -H 'Accept-Encoding: gzip'
  status "If-None-Match: $inm" 304
  header "304 has no body ($inm)" '^Content-Length: 0$'
  eq "304 names the tag ($inm)" "$TAG" "$(etag)"
done
req GET /app.js -H 'If-None-Match: "nope"'
status "another tag: the file" 200
eq "the whole file" 3000 "$(stat -c %s "$TMP/body")"

req GET / -H "If-None-Match: $TAG"
status "another file's tag: the page" 200

sleep 0.01
printf 'y' >>"$WEB/app.js"
req GET /app.js -H "If-None-Match: $TAG"
status "changed file: sent again" 200
eq "its new bytes" 3001 "$(stat -c %s "$TMP/body")"
[ "$(etag)" != "$TAG" ] && ok || bad "a changed file kept its tag"

req GET /api/health
if grep -qi '^ETag' <<<"$HDRS"; then bad "an API answer has an ETag"; else ok; fi
alive "after revalidations"
finish
