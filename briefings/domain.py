"""Pure pieces of the briefing's delivery: the robots' signatures and payloads, what counts as their success,
which webhook addresses are allowed, masking, the retry delays and when a store's briefing is due.

No ORM, no request, no clock: the time is always passed in. The formats and signatures, and what each is based
on, are in docs/briefing.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import parse_qsl, quote_plus, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from .choices import Channel

# The hosts each platform's robots are called on (production only ever posts there, over https on port 443).
PLATFORM_HOSTS: dict[str, frozenset[str]] = {
    Channel.WECOM: frozenset({"qyapi.weixin.qq.com"}),
    Channel.DINGTALK: frozenset({"oapi.dingtalk.com"}),
    Channel.FEISHU: frozenset({"open.feishu.cn", "open.larksuite.com"}),
}
# The path (prefix) and the query parameter that carries the robot's token, per platform.
PLATFORM_PATHS: dict[str, tuple[str, str | None]] = {
    Channel.WECOM: ("/cgi-bin/webhook/send", "key"),
    Channel.DINGTALK: ("/robot/send", "access_token"),
    Channel.FEISHU: ("/open-apis/bot/v2/hook/", None),
}
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
MAX_URL_LENGTH = 500
MAX_RETRY_DELAY = timedelta(hours=1)


class WebhookAddressError(ValueError):
    """A webhook address opsplan will not post to; ``args[0]`` says why (in English, translated by the caller)."""


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def webhook_url_check(channel: str, url: str, *, allow_loopback: bool) -> str:
    """``url`` if opsplan may post ``channel``'s messages to it, else :class:`WebhookAddressError`.

    Production: https, the platform's own host, no port but 443, no user name or password, the platform's path
    and its token. ``allow_loopback`` (development and tests only) also lets ``http(s)://127.0.0.1:PORT/…`` through
    — a loopback address, never another private one, so the setting cannot reach into the network.
    """
    url = url.strip()
    if not url or len(url) > MAX_URL_LENGTH or any(c.isspace() or c == "\\" for c in url):
        raise WebhookAddressError("not a web address")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise WebhookAddressError("not a web address") from None
    host = (parts.hostname or "").lower()
    if parts.username is not None or parts.password is not None or parts.fragment:
        raise WebhookAddressError("an address with a user name, password or #fragment")
    if allow_loopback and is_loopback_host(host) and parts.scheme in ("http", "https"):
        return url
    if parts.scheme != "https":
        raise WebhookAddressError("only https addresses")
    if host not in PLATFORM_HOSTS[channel] or port not in (None, 443):
        raise WebhookAddressError("not the platform's robot address")
    path, token_param = PLATFORM_PATHS[channel]
    query = dict(parse_qsl(parts.query))
    if token_param is None:
        if not parts.path.startswith(path) or len(parts.path) <= len(path):
            raise WebhookAddressError("not the platform's robot address")
    elif parts.path != path or not query.get(token_param):
        raise WebhookAddressError("not the platform's robot address")
    return url


def url_mask(url: str) -> str:
    """The address with its token hidden but for its last four characters, e.g.
    ``https://oapi.dingtalk.com/robot/send?access_token=…a1b2``: enough to recognise it, never to use it."""
    parts = urlsplit(url)

    def hide(value: str) -> str:
        return "…" + value[-4:] if len(value) > 8 else "…"

    if parts.query:
        query = "&".join(f"{k}={hide(v)}" for k, v in parse_qsl(parts.query, keep_blank_values=True))
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
    head, _sep, last = parts.path.rpartition("/")
    return urlunsplit((parts.scheme, parts.netloc, f"{head}/{hide(last)}", "", ""))


# --- Signatures --------------------------------------------------------------------------------------------------
def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signed-webhook ``sign``: base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")), not yet
    URL-encoded (the query string encoding does that)."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def dingtalk_signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    """The robot's address with ``timestamp`` (milliseconds) and ``sign`` appended as query parameters."""
    extra = urlencode({"timestamp": timestamp_ms, "sign": dingtalk_sign(secret, timestamp_ms)}, quote_via=quote_plus)
    return url + ("&" if urlsplit(url).query else "?") + extra


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu's ``sign``: base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b"")), timestamp in seconds."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


# --- Payloads ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RobotMessage:
    """What a robot posts: a title (DingTalk's notification text, Feishu's card header) and a markdown body."""

    title: str
    markdown: str


WECOM_MAX_BYTES = 4096


def cut_to_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8, never in the middle of a character, marked with "…"."""
    data = text.encode()
    if len(data) <= limit:
        return text
    return data[: limit - len("…".encode())].decode("utf-8", errors="ignore") + "…"


def wecom_payload(message: RobotMessage) -> dict[str, Any]:
    """WeCom group robot, ``msgtype`` markdown; its content may be 4096 bytes at most."""
    content = cut_to_bytes(f"## {message.title}\n{message.markdown}", WECOM_MAX_BYTES)
    return {"msgtype": "markdown", "markdown": {"content": content}}


def dingtalk_payload(message: RobotMessage) -> dict[str, Any]:
    """DingTalk custom robot, ``msgtype`` markdown: ``title`` shows in the notification, ``text`` in the chat."""
    return {
        "msgtype": "markdown",
        "markdown": {"title": message.title, "text": f"## {message.title}\n{message.markdown}"},
    }


def feishu_payload(message: RobotMessage, secret: str = "", timestamp_s: int | None = None) -> dict[str, Any]:
    """Feishu custom bot, an interactive card with a header and one markdown element; with a signing secret, the
    body carries ``timestamp`` (seconds, as a string) and ``sign``."""
    payload: dict[str, Any] = {
        "msg_type": "interactive",
        "card": {
            "config": {"wide_screen_mode": True},
            "header": {"title": {"tag": "plain_text", "content": message.title}, "template": "blue"},
            "elements": [{"tag": "markdown", "content": message.markdown}],
        },
    }
    if secret:
        if timestamp_s is None:
            raise ValueError("a signed Feishu message needs its timestamp")
        payload = {"timestamp": str(timestamp_s), "sign": feishu_sign(secret, timestamp_s), **payload}
    return payload


@dataclass(frozen=True)
class WebhookRequest:
    url: str
    body: bytes


def webhook_request(channel: str, url: str, secret: str, message: RobotMessage, now: datetime) -> WebhookRequest:
    """The address and JSON body that deliver ``message`` to ``channel``'s robot at ``now``."""
    if channel == Channel.WECOM:
        payload = wecom_payload(message)
    elif channel == Channel.DINGTALK:
        payload = dingtalk_payload(message)
        if secret:
            url = dingtalk_signed_url(url, secret, int(now.timestamp() * 1000))
    elif channel == Channel.FEISHU:
        payload = feishu_payload(message, secret, int(now.timestamp()))
    else:
        raise ValueError(f"{channel} is not a webhook channel")
    return WebhookRequest(url, json.dumps(payload, ensure_ascii=False).encode())


def webhook_answer_error(channel: str, status: int, body: bytes) -> str | None:
    """None when the platform says the message was accepted, else why not.

    An HTTP 200 is not enough: WeCom and DingTalk answer ``{"errcode": 0, "errmsg": "ok"}``, Feishu
    ``{"code": 0, "msg": "success"}``; anything else (a bad signature, a keyword missing, a rate limit) is an
    error code in a 200.
    """
    if not 200 <= status < 300:
        return f"HTTP {status}"
    try:
        answer = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return f"HTTP {status}, not a JSON answer"
    if not isinstance(answer, dict):
        return f"HTTP {status}, unexpected answer"
    if channel == Channel.FEISHU:
        code = answer.get("code", answer.get("StatusCode"))
        text = answer.get("msg", answer.get("StatusMessage", ""))
    else:
        code = answer.get("errcode")
        text = answer.get("errmsg", "")
    if code == 0:
        return None
    return f"{'code' if channel == Channel.FEISHU else 'errcode'} {code}: {str(text)[:200]}"


# --- Retries and schedule ----------------------------------------------------------------------------------------
def retry_delay(attempts: int, base_seconds: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: base, 2×base, 4×base …, at most an hour."""
    return min(timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0)), MAX_RETRY_DELAY)


def local_day_and_hour(now: datetime, time_zone: str) -> tuple[date, int]:
    """The date and hour at ``now`` in ``time_zone``."""
    local = now.astimezone(ZoneInfo(time_zone))
    return local.date(), local.hour


def is_due(now: datetime, time_zone: str, send_hour: int) -> bool:
    """Whether the store's send hour has come today, in the store's time zone."""
    return local_day_and_hour(now, time_zone)[1] >= send_hour


def next_send_at(now: datetime, time_zone: str, send_hour: int, sent_today: bool) -> datetime:
    """When the next briefing goes out: tomorrow at the send hour once today's is sent, else today at that hour
    (or now, when the hour has passed and the next run of the schedule catches up)."""
    zone = ZoneInfo(time_zone)
    local = now.astimezone(zone)
    if sent_today:
        return datetime.combine(local.date() + timedelta(days=1), time(send_hour), tzinfo=zone)
    return max(datetime.combine(local.date(), time(send_hour), tzinfo=zone), local)
