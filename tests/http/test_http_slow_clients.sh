#!/usr/bin/env bash
# test_http_slow_clients.sh - slow and greedy clients (issue #14 item 4): one
# address holding many connections that trickle a header byte at a time must
# not starve the others. `serve --per-ip-connections` caps the connections of
# one address, and a TOTAL time limit on receiving a request's headers
# (--header-timeout) and body (--body-timeout) closes trickling connections
# however steadily their bytes come (libmicrohttpd's own timeout is an idle
# timer each byte resets). Clients use other loopback addresses (127.0.0.2,
# .3 ...: all of 127/8 is local on Linux) to be told apart. Small limits keep
# it short: 40 connections at most, 15 per address, 2 s for headers, 3 s for
# a body.
. "$(dirname "$0")/lib.sh"

start_server --max-connections 40 --per-ip-connections 15 --header-timeout 2 --body-timeout 3
python3 - "$URL" >"$TMP/slow.out" 2>&1 <<'EOF'
import socket, sys, time, urllib.parse, subprocess
u = urllib.parse.urlparse(sys.argv[1])
def conn(src):
    s = socket.socket()
    s.bind((src, 0))
    s.settimeout(2)
    s.connect((u.hostname, u.port))
    return s
def alive(s):
    """False when the server closed (or refused) the connection."""
    s.setblocking(False)
    try:
        d = s.recv(1)
        return d != b"" and None  # data: unexpected
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        s.setblocking(True)
def health(src):
    t0 = time.time()
    r = subprocess.run(["curl", "-s", "--max-time", "5", "--interface", src, "-o", "/dev/null", "-w", "%{http_code}",
                        sys.argv[1] + "/api/health"], capture_output=True, text=True)
    return r.stdout, round(time.time() - t0, 2)
line = b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"
# one attacker address opens 60 connections (the server takes 40 in all)
att = []
for i in range(60):
    try:
        att.append(conn("127.0.0.2"))
    except OSError:
        pass
time.sleep(0.3)
for s in att:
    try:
        s.send(line[:1])
    except OSError:
        pass
time.sleep(0.3)
print("attacker_open", sum(1 for s in att if alive(s)))
print("health_during", *health("127.0.0.3"))
# trickle a byte every 0.4 s for 4 s: past the 2 s header limit, never idle
t0 = time.time()
k = 1
while time.time() - t0 < 4:
    for s in att:
        try:
            s.send(line[k:k + 1])
        except OSError:
            pass
    k = min(k + 1, 20)
    time.sleep(0.4)
print("attacker_open_after_4s", sum(1 for s in att if alive(s)))
# a body trickled a byte every 0.4 s: closed after the 3 s body limit
b = conn("127.0.0.4")
b.send(b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
t0 = time.time()
closed_at = None
while time.time() - t0 < 6:
    try:
        b.send(b" ")
    except OSError:
        closed_at = time.time() - t0
        break
    if not alive(b):
        closed_at = time.time() - t0
        break
    time.sleep(0.4)
print("body_closed_after", round(closed_at, 1) if closed_at else "never")
# an honest keep-alive client sends two requests on one connection
h = conn("127.0.0.5")
h.sendall(line)
time.sleep(0.2)
first = h.recv(65536).split(b"\r\n")[0].decode()
h.sendall(line)
time.sleep(0.2)
second = h.recv(65536).split(b"\r\n")[0].decode()
print("keepalive", first.replace(" ", "_"), second.replace(" ", "_"))
print("health_after", *health("127.0.0.3"))
EOF
cat "$TMP/slow.out" >&2
val() { grep "^$1 " "$TMP/slow.out" | cut -d' ' -f2-; }
open=$(val attacker_open)
[ -n "$open" ] && [ "$open" -le 15 ] && ok || bad "one address holds ${open:-?} connections (limit 15)"
set -- $(val health_during)
eq "another client gets /api/health while the attacker holds its connections" 200 "${1:-}"
awk -v t="${2:-99}" 'BEGIN { exit !(t < 1.5) }' && ok || bad "health took ${2:-?} s"
eq "trickling connections closed by the header deadline" 0 "$(val attacker_open_after_4s)"
b=$(val body_closed_after)
awk -v t="$b" 'BEGIN { exit !(t != "never" && t >= 2.5 && t < 5.5) }' && ok || bad "trickled body closed after $b s (limit 3)"
eq "keep-alive still works" "HTTP/1.1_200_OK HTTP/1.1_200_OK" "$(val keepalive)"
set -- $(val health_after)
eq "health after" 200 "${1:-}"
grep -q 'đóng kết nối từ 127.0.0.2: quá 2 giây chưa nhận xong tiêu đề' "$TMP/srv.err" && ok ||
  bad "the log names the closed connection"
grep -q 'đóng kết nối từ 127.0.0.4: quá 3 giây chưa nhận xong nội dung' "$TMP/srv.err" && ok ||
  bad "the log names the closed upload"
finish
