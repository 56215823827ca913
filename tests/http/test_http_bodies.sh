#!/usr/bin/env bash
# test_http_bodies.sh - request bodies against hostile clients (issue #14 item
# 4): each route has its own body limit (64 KiB by default; large only where
# an upload needs it), refused with 413 from Content-Length before the body is
# read; and the bytes of bodies held at once over all connections are capped
# (serve --max-buffered MiB): a viewer's token holding many large uploads gets
# 503 for those that do not fit, and the server's RSS stays bounded (it grew
# by every upload before). Raw sockets (python3) hold the uploads open.
. "$(dirname "$0")/lib.sh"

has_users || skip_all "needs \`chitieu user add\`"
demo_db
add_user b_view viewer --view 01840
make_token b_view up || { finish; exit; }
start_server --max-buffered 16

# ---- per-route limits ---------------------------------------------------------------------------
head -c 70000 /dev/zero | tr '\0' ' ' >"$TMP/70k"
req PUT /api/values -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @"$TMP/70k"
error "a 70 KB body to PUT /api/values" 413 too_big
js "says 64 KiB" '.error.message | test("64 KiB")' true
req POST /api/dataValueSets -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  --data-binary @"$TMP/70k"
status "the same body to the bulk route is read (and judged)" 400
for r in "/api/dataValueSets 64 MiB" "/api/sheet/import 16 MiB" "/api/sheet/catalog 16 MiB" \
  "/api/targets/bulk 1 MiB" "/api/login 4 KiB" "/api/values 64 KiB"; do
  set -- $r
  python3 - "$URL" "$1" "$TOKEN" >"$TMP/lim.out" <<'EOF'
import socket, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
s = socket.create_connection((u.hostname, u.port), timeout=5)
m = "PUT" if sys.argv[2] == "/api/values" else "POST"
s.sendall(("%s %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"
           "Content-Length: 1000000000\r\n\r\n" % (m, sys.argv[2], sys.argv[3])).encode())
d = s.recv(65536).split(b"\r\n\r\n", 1)
print(d[0].split(b"\r\n")[0].decode(), d[1].decode() if len(d) > 1 else "")
EOF
  grep -q "^HTTP/1.1 413 .*tối đa $2 $3" "$TMP/lim.out" && ok || bad "$1: not an early 413 naming $2 $3: $(cat "$TMP/lim.out")"
done

# ---- a cap on bodies held at once ------------------------------------------------------------------
python3 - "$URL" "$TOKEN" "$SRV_PID" >"$TMP/cap.out" 2>&1 <<'EOF'
import socket, sys, time, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
tok, pid = sys.argv[2], sys.argv[3]
def rss():
    for l in open("/proc/%s/status" % pid):
        if l.startswith("VmRSS:"):
            return int(l.split()[1]) // 1024
base = rss()
MB = 1 << 20
conns = []
for i in range(8):  # each announces 12 MiB: under the route's 64 MiB, but 8 x 12 MiB > the 16 MiB cap
    s = socket.create_connection((u.hostname, u.port), timeout=5)
    s.sendall(("POST /api/dataValueSets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
               "Content-Type: text/csv\r\nContent-Length: %d\r\n\r\n" % (tok, 12 * MB)).encode())
    conns.append(s)
    time.sleep(0.05)
chunk = b"x" * MB
sent = [0] * len(conns)
for k in range(10):  # 10 MiB of each, never the whole body: the server must hold them
    for i, s in enumerate(conns):
        try:
            s.sendall(chunk)
            sent[i] += 1
        except OSError:
            pass
time.sleep(0.5)
peak = rss()
codes = []
for s in conns:
    s.settimeout(0.3)
    try:
        d = s.recv(4096)
        codes.append(d.split(b"\r\n")[0].split(b" ")[1].decode() if d else "closed")
    except socket.timeout:
        codes.append("held")
    except OSError:
        codes.append("reset")
print("codes", " ".join(codes))
print("growth", peak - base)
EOF
cat "$TMP/cap.out" >&2
codes=$(grep '^codes' "$TMP/cap.out")
growth=$(grep '^growth' "$TMP/cap.out" | cut -d' ' -f2)
grep -q ' held' <<<"$codes" && ok || bad "no upload was held: $codes"
grep -q ' 503' <<<"$codes" && ok || bad "no 503 for uploads over the cap: $codes"
[ -n "$growth" ] && [ "$growth" -lt 40 ] && ok || bad "RSS grew by ${growth:-?} MiB holding the uploads (cap 16 MiB)"
alive "after the uploads"

# a chunked body (no Content-Length) is counted as it arrives: over the cap it is dropped and answered 503
python3 - "$URL" "$TOKEN" >"$TMP/chunk.out" 2>&1 <<'EOF'
import socket, sys, time, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
MB = 1 << 20
holder = socket.create_connection((u.hostname, u.port), timeout=5)
holder.sendall(("POST /api/dataValueSets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                "Content-Type: text/csv\r\nContent-Length: %d\r\n\r\n" % (sys.argv[2], 12 * MB)).encode())
holder.sendall(b"y" * (4 * MB))
time.sleep(0.2)
s = socket.create_connection((u.hostname, u.port), timeout=10)
s.sendall(("POST /api/dataValueSets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
           "Content-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n" % sys.argv[2]).encode())
for k in range(8):
    s.sendall(b"%x\r\n" % MB + b"z" * MB + b"\r\n")
s.sendall(b"0\r\n\r\n")
d = s.recv(65536)
print(d.split(b"\r\n")[0].decode())
print("retry" if b"\r\nRetry-After: 5\r\n" in d else "no-retry")
EOF
grep -q '^HTTP/1.1 503' "$TMP/chunk.out" && ok || bad "chunked over the cap: $(cat "$TMP/chunk.out")"
grep -q '^retry$' "$TMP/chunk.out" && ok || bad "a 503 says Retry-After: $(cat "$TMP/chunk.out")"
alive "after the chunked upload"
grep -q 'max-buffered' <<<"$("$BIN" serve --help)" && ok || bad "serve --help lacks --max-buffered"
finish
