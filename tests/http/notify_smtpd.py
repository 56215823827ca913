#!/usr/bin/env python3
"""notify_smtpd.py - the SMTP server of the notification tests (issue #15):
aiosmtpd on 127.0.0.1:PORT, keeping every message it accepted as
DIR/msg-N.eml. A message counts as accepted only once the server has
answered 250 to its DATA, as SMTP says; so when DIR/slow exists (and names
the message's recipient, or is empty), the server writes DIR/in-data and
waits 30 s before answering: a client killed (or giving up) then
drops the connection, and the message is not kept.
DIR/ready appears once it listens. Usage: notify_smtpd.py PORT DIR
"""
import asyncio
import os
import sys

from aiosmtpd.controller import Controller

PORT = int(sys.argv[1])
DIR = sys.argv[2]


def gone(server):
    """True once the client's connection is closed (killed, or it gave up)."""
    t = getattr(server, "transport", None)
    return t is None or t.is_closing()


class Keeper:
    async def handle_DATA(self, server, session, envelope):
        slow = os.path.join(DIR, "slow")
        who = open(slow).read().strip() if os.path.exists(slow) else None
        if who is not None and (not who or who in envelope.rcpt_tos):
            open(os.path.join(DIR, "in-data"), "w").close()
            for _ in range(300):  # 30 s, or until the client goes away
                await asyncio.sleep(0.1)
                if gone(server):
                    return "451 4.4.2 connection lost"  # nobody reads it: not accepted, not kept
        n = len([f for f in os.listdir(DIR) if f.startswith("msg-")]) + 1
        tmp = os.path.join(DIR, "tmp-%d" % n)
        with open(tmp, "wb") as f:
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, os.path.join(DIR, "msg-%d.eml" % n))
        return "250 OK"


ctl = Controller(Keeper(), hostname="127.0.0.1", port=PORT)
ctl.start()
open(os.path.join(DIR, "ready"), "w").close()
try:
    __import__("time").sleep(3600)
finally:
    ctl.stop()
