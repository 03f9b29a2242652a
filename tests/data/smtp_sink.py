#!/usr/bin/python3
"""A loopback SMTP server for the HTTP tests (Debian's python3-aiosmtpd).

Usage: smtp_sink.py DIR PORT   (PORT 0 picks a free one)

Writes the port it listens on to DIR/port once ready, and every message it
accepts to DIR/NNNN.json and its raw bytes to DIR/NNNN.eml (numbered on
from the files already there, so a restart on the same folder carries on).
The JSON holds the envelope, the headers as an independent parser
(Python's email package) decodes them, the decoded body, and checks of the
raw bytes (bare LF, longest line, 8-bit header bytes).
Stops cleanly on SIGTERM.
"""
import asyncio
import email
import email.policy
import json
import os
import re
import signal
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = len([n for n in os.listdir(folder) if n.endswith(".json")])

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        head = raw.split(b"\r\n\r\n", 1)[0]
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        body = msg.get_content() if not msg.is_multipart() else ""
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "to": str(msg.get("To", "")),
            "from": str(msg.get("From", "")),
            "subject": str(msg.get("Subject", "")),
            "date": str(msg.get("Date", "")),
            "message_id": str(msg.get("Message-ID", "")),
            "mime_version": str(msg.get("MIME-Version", "")),
            "content_type": msg.get_content_type(),
            "charset": msg.get_content_charset() or "",
            "transfer_encoding": str(msg.get("Content-Transfer-Encoding", "")),
            "body": body.replace("\r\n", "\n"),
            "bare_lf": re.search(rb"(?<!\r)\n", raw) is not None,
            "max_line": max(len(line) for line in raw.split(b"\r\n")),
            "header_8bit": any(b > 127 for b in head),
            "defects": [str(d) for d in msg.defects],
        }
        self.count += 1
        path = os.path.join(self.folder, "%04d.json" % self.count)
        with open(path[:-5] + ".eml", "wb") as f:
            f.write(raw)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(path + ".tmp", path)
        return "250 Message accepted for delivery"


def main():
    folder, port = sys.argv[1], int(sys.argv[2])
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    handler = Sink(folder)
    server = loop.run_until_complete(
        loop.create_server(
            lambda: SMTP(handler, hostname="sink.test", loop=loop),
            host="127.0.0.1",
            port=port,
            reuse_address=True,
        )
    )
    port = server.sockets[0].getsockname()[1]
    with open(os.path.join(folder, "port.tmp"), "w") as f:
        f.write("%d\n" % port)
    os.rename(os.path.join(folder, "port.tmp"), os.path.join(folder, "port"))
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.add_signal_handler(signal.SIGINT, loop.stop)
    loop.run_forever()
    server.close()
    loop.run_until_complete(server.wait_closed())
    loop.close()


if __name__ == "__main__":
    main()
