"""Real servers on loopback that stand in for the platforms in tests: a group-robot webhook receiver (http.server in
a thread) that checks signatures the way DingTalk and Feishu document them, and an SMTP server (aiosmtpd).

The signature checks are written here from the platforms' documents, independently of briefings.domain, so a
wrong signature in opsplan fails the tests.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ONE_HOUR_MS = 60 * 60 * 1000


@dataclass
class Received:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: dict


def dingtalk_check(received: Received, secret: str) -> dict | None:
    """DingTalk's answer to a request whose signature is wrong, or None when it is right: ``timestamp`` (ms, within
    an hour of now) and ``sign`` = urlEncode(base64(HmacSHA256(key=secret, data=timestamp + "\\n" + secret)))
    as query parameters (parse_qs has URL-decoded it already)."""
    timestamps, signs = received.query.get("timestamp"), received.query.get("sign")
    if not timestamps or not signs:
        return {"errcode": 310000, "errmsg": "sign not match"}
    timestamp = timestamps[0]
    if abs(int(timestamp) - int(time.time() * 1000)) > ONE_HOUR_MS:
        return {"errcode": 310000, "errmsg": "invalid timestamp"}
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256)
    if signs[0] != base64.b64encode(mac.digest()).decode():
        return {"errcode": 310000, "errmsg": "sign not match"}
    return None


def feishu_check(received: Received, secret: str) -> dict | None:
    """Feishu's answer to a wrong signature, or None: ``timestamp`` (seconds) and ``sign`` in the body, sign =
    base64(HmacSHA256(key=timestamp + "\\n" + secret, data=empty))."""
    timestamp, sign = received.body.get("timestamp"), received.body.get("sign")
    if not timestamp or not sign or abs(int(timestamp) - time.time()) > 3600:
        return {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}
    mac = hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256)
    if sign != base64.b64encode(mac.digest()).decode():
        return {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}
    return None


OK = {
    "wecom": {"errcode": 0, "errmsg": "ok"},
    "dingtalk": {"errcode": 0, "errmsg": "ok"},
    "feishu": {"code": 0, "msg": "success", "data": {}},
}


@dataclass
class Receiver:
    """A local webhook receiver. ``answer(received)`` gives (HTTP status, JSON body); by default every request
    is accepted the way its platform says so."""

    port: int = 0
    received: list[Received] = field(default_factory=list)
    answer: Callable[[Received], tuple[int, dict]] | None = None
    secrets: dict[str, str] = field(default_factory=dict)  # path prefix -> the platform's secret

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def respond(self, received: Received) -> tuple[int, dict]:
        if self.answer is not None:
            return self.answer(received)
        platform = received.path.strip("/").split("/")[0]
        secret = self.secrets.get(platform)
        if secret and platform == "dingtalk":
            wrong = dingtalk_check(received, secret)
            if wrong:
                return 200, wrong
        if secret and platform == "feishu":
            wrong = feishu_check(received, secret)
            if wrong:
                return 200, wrong
        return 200, OK.get(platform, OK["wecom"])


def start_receiver() -> tuple[Receiver, ThreadingHTTPServer]:
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length", 0))
            raw = self.rfile.read(length)
            parts = urlsplit(self.path)
            received = Received(parts.path, parse_qs(parts.query), dict(self.headers), json.loads(raw or b"{}"))
            receiver.received.append(received)
            status, body = receiver.respond(received)
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver, server


@dataclass
class Mailbox:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Handler:
    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.mailbox.envelopes.append(envelope)
        self.mailbox.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"
