#!/usr/bin/env python3
"""notify_webhook.py - the webhook receiver of the notification tests
(issue #15) on 127.0.0.1:PORT: checks X-Chitieu-Signature (sha256= the hex
HMAC-SHA256 with SECRET of "<X-Chitieu-Timestamp>.<body>"), keeps each good
delivery as DIR/hook-N.json and answers 200, answers 401 to a bad signature
(counted in DIR/bad). DIR/ready appears once it listens.
Usage: notify_webhook.py PORT DIR SECRET
"""
import hashlib
import hmac
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT = int(sys.argv[1])
DIR = sys.argv[2]
SECRET = sys.argv[3].encode()


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        ts = self.headers.get("X-Chitieu-Timestamp", "")
        sig = self.headers.get("X-Chitieu-Signature", "")
        want = "sha256=" + hmac.new(SECRET, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(sig, want):
            with open(os.path.join(DIR, "bad"), "a") as f:
                f.write("x\n")
            self.send_response(401)
            self.end_headers()
            return
        n = len([f for f in os.listdir(DIR) if f.startswith("hook-")]) + 1
        with open(os.path.join(DIR, "hook-%d.json" % n), "wb") as f:
            f.write(body)
        with open(os.path.join(DIR, "hook-%d.id" % n), "w") as f:
            f.write(self.headers.get("X-Chitieu-Delivery", ""))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


srv = HTTPServer(("127.0.0.1", PORT), Hook)
open(os.path.join(DIR, "ready"), "w").close()
srv.serve_forever()
