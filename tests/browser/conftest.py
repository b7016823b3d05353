"""Every browser test: Simplified Chinese unless it asks for another language, fails on any console error, page
error or failed request of any page it opened, and leaves screenshots of its pages at 1,440 and 390 px.

The defaults apply to every context, also those a test makes itself with ``browser.new_context(...)``: the watch
is installed on ``Browser.new_context`` for the length of each browser test, so no page escapes it. A test that
provokes an error on purpose (a 409 conflict, a refused page) declares it with ``browser_errors.allow(pattern)``.

Screenshots go to ``$OPSPLAN_ARTIFACTS/screenshots`` (default ``var/artifacts``), one folder per test; CI keeps
that folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, Response

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("OPSPLAN_ARTIFACTS", ROOT / "var" / "artifacts"))
SCREENSHOT_WIDTHS = (1440, 390)
DEFAULT_LANGUAGE = "zh-hans"
DEFAULT_VIEWPORT = {"width": 1440, "height": 900}
# A navigation that replaces a page cancels its pending requests: that is not a failure.
ABORTED = "net::ERR_ABORTED"


@dataclass
class BrowserErrors:
    """What went wrong in the pages of one test, and the errors it expects."""

    seen: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    refused_documents: set[str] = field(default_factory=set)

    def allow(self, pattern: str) -> None:
        """Expect errors matching ``pattern`` (a regular expression over the error's text)."""
        self.allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [e for e in self.seen if not any(p.search(e) for p in self.allowed)]

    def watch(self, page: Page) -> None:
        self.pages.append(page)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.seen.append(f"page error on {page.url}: {exc}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        # Chromium logs a page answered 4xx as a console error too; the response handler has judged it already.
        if message.type == "error" and message.location.get("url") not in self.refused_documents:
            self.seen.append(f"console error on {message.page.url if message.page else '?'}: {message.text}")

    def _request_failed(self, request: Request) -> None:
        failure = request.failure or ""
        if ABORTED not in failure:
            self.seen.append(f"request failed: {request.method} {request.url}: {failure}")

    def _response(self, response: Response) -> None:
        # A page the test opens on purpose may answer 403/404 (it asserts so); a script, style, image or data
        # request of a page may not, and nothing may answer 5xx.
        request = response.request
        if 400 <= response.status < 500 and request.resource_type == "document":
            self.refused_documents.add(response.url)
        if response.status >= 500 or (response.status >= 400 and request.resource_type != "document"):
            self.seen.append(f"HTTP {response.status}: {request.method} {response.url}")


def _screenshot_name(nodeid: str) -> str:
    return re.sub(r"[^\w.-]+", "_", nodeid.split("::", 1)[-1])[:120]


def _keep_screenshots(errors: BrowserErrors, folder: Path) -> None:
    """Each page still open, full length, at each width: what a reviewer looks at without running the test."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, page in enumerate(errors.pages, start=1):
        if page.is_closed():
            continue
        size = page.viewport_size or DEFAULT_VIEWPORT
        for width in SCREENSHOT_WIDTHS:
            page.set_viewport_size({"width": width, "height": size["height"]})
            page.screenshot(path=str(folder / f"page{number}-{width}px.png"), full_page=True)
        page.set_viewport_size(size)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DEFAULT_VIEWPORT}


@pytest.fixture(autouse=True)
def browser_errors(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[BrowserErrors]:
    """Watches every page of a browser test; the test fails on anything it did not declare with ``allow``."""
    errors = BrowserErrors()
    if not request.node.get_closest_marker("browser"):
        yield errors
        return
    new_context = Browser.new_context

    def watched_context(self: Browser, **kwargs) -> BrowserContext:
        # The language by header only: Playwright's ``locale`` would win over a test's later
        # ``set_extra_http_headers``, and the pages take their language from the header, not from navigator.
        headers = {"Accept-Language": DEFAULT_LANGUAGE, **(kwargs.pop("extra_http_headers", None) or {})}
        kwargs.setdefault("timezone_id", "Asia/Shanghai")
        kwargs.setdefault("viewport", DEFAULT_VIEWPORT)
        context = new_context(self, extra_http_headers=headers, **kwargs)
        context.on("page", errors.watch)
        return context

    monkeypatch.setattr(Browser, "new_context", watched_context)
    yield errors


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Right after a browser test's body, while its pages are still open (fixtures close them): keep their
    screenshots, then fail the test on any error it did not declare."""
    result = yield
    errors = getattr(item, "funcargs", {}).get("browser_errors")
    if errors is None or not item.get_closest_marker("browser"):
        return result
    try:
        _keep_screenshots(errors, ARTIFACTS / "screenshots" / _screenshot_name(item.nodeid))
    except Exception as exc:  # a crashed page still reports its errors below
        errors.seen.append(f"screenshot failed: {exc}")
    unexpected = errors.unexpected()
    if unexpected:
        raise AssertionError("the browser reported errors:\n" + "\n".join(unexpected))
    return result
