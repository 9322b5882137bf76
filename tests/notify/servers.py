"""Real local servers for reminder tests: aiosmtpd for email, http.server for robots."""

from __future__ import annotations

import json
import socket
import threading
from email import message_from_bytes
from email.header import decode_header, make_header
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailBox:
    """An SMTP handler keeping what it receives; ``refuse`` makes it answer 554."""

    def __init__(self):
        self.messages: list[dict] = []
        self.refuse = 0  # how many next messages to refuse

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse -= 1
            return "554 5.3.0 暂时无法投递"
        msg = message_from_bytes(envelope.content)
        self.messages.append(
            {
                "to": envelope.rcpt_tos[0],
                "subject": str(make_header(decode_header(msg["Subject"]))),
                "body": msg.get_payload(decode=True).decode(msg.get_content_charset() or "utf-8"),
            }
        )
        return "250 OK"


class SMTPServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.box = MailBox()
        self.controller = Controller(self.box, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()


class RobotServer:
    """A local HTTP server standing in for WeCom and DingTalk group robots."""

    def __init__(self):
        self.received: list[dict] = []
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                received.append({"path": self.path, "json": json.loads(self.rfile.read(length))})
                body = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
