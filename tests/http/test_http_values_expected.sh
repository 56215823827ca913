#!/usr/bin/env bash
# test_http_values_expected.sh - optimistic concurrency of PUT /api/values (a
# ward officer's phone sends what it typed offline with the value it had
# read, "expected"): a write against the value still stored goes through; one
# against a value changed (or set, or deleted) meanwhile is refused with 409,
# field "expected", the stored value as "current", and nothing written; the
# figure already stored is no conflict; a bad "expected" names the field;
# without "expected" a PUT writes as before; a change made through a second
# server on the same database is seen by the first one's check. And what the service worker
# needs of the server: /sw.js with a JavaScript type, its own CSP allowing
# fetches to the server and Service-Worker-Allowed; /api/health names the web
# folder's build id, which changes with any file of the folder.
. "$(dirname "$0")/lib.sh"

demo_db
add_user ward1 ward --enter 01837
add_user admin1 admin --view VN
export CHITIEU_TODAY=2022-06-20 # June 2022 open

printf 'self.addEventListener("fetch", () => {});\n' >"$WEB/sw.js"
printf '<!doctype html><title>t</title>\n' >"$WEB/index.html"
start_server
login ward1
login admin1
K='"indicator":"KT02","unit":"01837","period":"202206"'
Q='/api/values?indicator=KT02&unit=01837&period=202206'

# ---- what the phone read
as ward1 GET "$Q"
status "read June" 200
SEEN=$(jq -c .value <<<"$BODY")
SEEN_EST=$(jq -c .estimate <<<"$BODY")
SEEN_AT=$(jq -c .at <<<"$BODY")

# ---- someone else changes it: the phone's write is refused, nothing written
send admin1 PUT /api/values "{$K,\"value\":\"777,5\",\"reason\":\"sửa ở văn phòng\"}"
status "admin changes June" 200
send ward1 PUT /api/values "{$K,\"value\":\"12,5\",\"expected\":{\"value\":$SEEN,\"estimate\":$SEEN_EST,\"at\":$SEEN_AT}}"
error "stale write refused" 409 conflict expected
js "the message names the value and who changed it" '.error.message | test("KT02.*01837.*quarti|KT02.*01837.*admin1")' true
js "current value given" .current.value 777.5
js "current author given" .current.by admin1
as ward1 GET "$Q"
js "nothing written" .value 777.5

# ---- against what is stored now: written
send ward1 PUT /api/values "{$K,\"value\":\"12,5\",\"expected\":{\"value\":777.5,\"estimate\":false}}"
status "write against the current value" 200
js "updated" .result updated
js "stored" .value.value 12.5

# ---- the figure already stored is no conflict, whatever was read
send ward1 PUT /api/values "{$K,\"value\":\"12,5\",\"expected\":{\"value\":1}}"
status "same figure as stored" 200
js "unchanged" .result unchanged

# ---- an empty cell read, set meanwhile by someone else
E='"indicator":"KT01","unit":"01837","period":"202206"'
send admin1 DELETE '/api/values?indicator=KT01&unit=01837&period=202206&reason=x'
status "emptied" 200
send ward1 PUT /api/values "{$E,\"value\":5,\"expected\":{\"value\":null}}"
status "an empty cell written" 200
js "inserted" .result inserted
send ward1 PUT /api/values "{$E,\"value\":6,\"expected\":{\"value\":null}}"
error "empty cell read, set since" 409 conflict expected
js "current is the stored one" .current.value 5

# ---- deleted meanwhile: current is null
send admin1 DELETE '/api/values?indicator=KT01&unit=01837&period=202206&reason=x'
status "deleted" 200
send ward1 PUT /api/values "{$E,\"value\":6,\"expected\":{\"value\":5}}"
error "value deleted since" 409 conflict expected
js "current null" .current null

# ---- the at field counts when given
as ward1 GET "$Q"
AT=$(jq -r .at <<<"$BODY")
send ward1 PUT /api/values "{$K,\"value\":13,\"expected\":{\"value\":12.5,\"at\":$((AT - 1))}}"
error "older time of the same figure" 409 conflict expected
send ward1 PUT /api/values "{$K,\"value\":13,\"expected\":{\"value\":12.5,\"at\":$AT}}"
status "right time" 200

# ---- two servers on one database: a change through the other is seen by the check
A=$URL
start_another SRV2
URL=$SRV2
send admin1 PUT /api/values "{$K,\"value\":21,\"reason\":\"sửa qua máy chủ thứ hai\"}"
status "changed through the second server" 200
URL=$A
send ward1 PUT /api/values "{$K,\"value\":14,\"expected\":{\"value\":13}}"
error "the first server refuses a write read before it" 409 conflict expected
js "current is the second server's" .current.value 21
send ward1 PUT /api/values "{$K,\"value\":14,\"expected\":{\"value\":21}}"
status "against the second server's value: written" 200

# ---- bad shapes name the field; null means no check
for bad in '"x"' '{"estimate":true}' '{"value":"abc"}' '{"value":1,"at":-1}' '{"value":1,"at":1e300}' '{"value":1,"at":1.5}' '{"value":1,"who":1}' '{"value":1,"estimate":1}'; do
  send ward1 PUT /api/values "{$K,\"value\":14,\"expected\":$bad}"
  error "bad expected $bad" 400 invalid expected
done
send ward1 PUT /api/values "{$K,\"value\":14,\"expected\":null}"
status "expected null: no check" 200
send ward1 PUT /api/values "{$K,\"value\":15}"
status "no expected: as before" 200

# ---- another ward's value is still refused before any comparison
send ward1 PUT /api/values '{"indicator":"KT02","unit":"01834","period":"202206","value":1,"expected":{"value":null}}'
status "scope checked first" 403

# ---- the service worker's script and the build id
req GET /sw.js
status "sw.js served" 200
header "sw.js is JavaScript" '^Content-Type: text/javascript'
header "sw.js may fetch from the server" "^Content-Security-Policy: .*connect-src 'self'"
header "sw.js scope" '^Service-Worker-Allowed: /$'
req GET /index.html
header "pages keep their policy" "^Content-Security-Policy: default-src 'self'; script-src 'self'"
req GET /api/health
js "health names the web build" '.web | test("^[0-9a-f]{16}$")' true
B1=$(jq -r .web <<<"$BODY")
printf 'x\n' >>"$WEB/index.html"
stop_server
start_server
req GET /api/health
js "a changed file changes the build id" "(.web != \"$B1\") and (.web | length == 16)" true

finish
