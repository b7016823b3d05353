"""Posting a message to a group robot over HTTP: no redirects followed, a bounded wait and answer, and the
platform's own verdict read from the answer's body (briefings.domain.webhook_answer_error)."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings

from .domain import (
    RobotMessage,
    WebhookAddressError,
    is_loopback_host,
    webhook_answer_error,
    webhook_request,
    webhook_url_check,
)

MAX_ANSWER_BYTES = 64 * 1024


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A robot address that redirects is refused: the redirect could point anywhere (SSRF)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201 - urllib's signature
        return None


def _opener(url: str) -> urllib.request.OpenerDirector:
    handlers: list = [_NoRedirects()]
    if is_loopback_host((urlsplit(url).hostname or "").lower()):
        handlers.append(urllib.request.ProxyHandler({}))  # a local receiver is never reached through a proxy
    return urllib.request.build_opener(*handlers)


def webhook_post(channel: str, url: str, secret: str, message: RobotMessage, now: datetime) -> str | None:
    """Post ``message`` to the robot; None once the platform accepted it, else why not (never the address)."""
    try:
        webhook_url_check(channel, url, allow_loopback=settings.BRIEFING_WEBHOOK_ALLOW_LOOPBACK)
    except WebhookAddressError as exc:
        return f"address refused: {exc.args[0]}"
    request = webhook_request(channel, url, secret, message, now)
    http_request = urllib.request.Request(
        request.url,
        data=request.body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "opsplan-briefing"},
    )
    try:
        with _opener(request.url).open(http_request, timeout=settings.BRIEFING_WEBHOOK_TIMEOUT) as response:
            return webhook_answer_error(channel, response.status, response.read(MAX_ANSWER_BYTES))
    except urllib.error.HTTPError as exc:
        with exc:
            return webhook_answer_error(channel, exc.code, exc.read(MAX_ANSWER_BYTES))
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"no answer: {type(reason).__name__}"
