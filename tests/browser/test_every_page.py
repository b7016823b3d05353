"""Every page a store's ops manager can open, walked in headless Chromium in Simplified Chinese at 1,440 and 390 px:
the document is never wider than the window (a wide table scrolls inside its own container), no button wraps its
label onto a second line, and no page logs a console error or fails a request (tests/browser/conftest.py watches
that for every browser test). A full-page screenshot of each page at each width is kept under
``screenshots/every_page/`` of the artifacts folder.

The pages come from the URL conf, through the route walk and the ``PAGE_KWARGS`` registry of the access matrix: a new
page is walked without being named here. Pages that answer POST only are left out by their view; downloads (CSV,
XLSX, calendar feeds, JSON) by the content type they answer with. A page the walk cannot open otherwise is listed in
:data:`UNREACHABLE` with the reason.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from accounts.access import rule_of
from accounts.choices import Role
from accounts.grants import ROLE_ACTIONS
from tests.accounts.access_world import build_world
from tests.accounts.test_access_matrix import PAGES, _accepts_get, _page_url
from tests.factories import ProductFactory, StoreFactory, UserFactory
from tests.rotas.factories import rota_objects

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = (1440, 390)
HEIGHT = 900
SCREENSHOTS = ARTIFACTS / "screenshots" / "every_page"
HTML = "text/html"
# A label is wrapped when the button's content box is this many line heights tall (one line is 1, two are 2).
WRAPPED_LINES = 1.6

# Page routes the walk does not open, each with the reason. Everything else an ops manager may GET is walked.
UNREACHABLE = {
    "set_language": "answers a redirect back to the page it was posted from; the language is chosen by header",
}

# The document's overflow, and what causes it: the outermost elements sticking out past the window that no
# scrolling container of their own clips.
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width + 1) return null;
  // A scrolling ancestor clips an element only if it holds the element's containing block: an absolutely
  // positioned element escapes every scroller below its nearest positioned ancestor, a fixed one all of them.
  const clipped = (el) => {
    const position = getComputedStyle(el).position;
    if (position === 'fixed') return false;
    let p = el.parentElement;
    if (position === 'absolute') {
      while (p && p !== document.body && getComputedStyle(p).position === 'static') p = p.parentElement;
    }
    for (; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const right = el.getBoundingClientRect().right;
    const parent = el.parentElement;
    const outermost = parent && (parent.getBoundingClientRect().right <= width + 1 || clipped(parent));
    if (right > width + 1 && !clipped(el) && outermost) {
      const classes = String(el.className).trim().split(/\\s+/).filter(Boolean).map((c) => `.${c}`).join('');
      const id = el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : classes;
      culprits.push(`${el.tagName.toLowerCase()}${id} (right edge ${Math.round(right)} px)`);
    }
  }
  return {scrollWidth, culprits: culprits.slice(0, 5)};
}"""

# Visible buttons whose label runs onto more than one line.
WRAPPED_JS = """(lines) => {
  const wrapped = [];
  for (const el of document.querySelectorAll('button, .btn, input[type=submit], input[type=button]')) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    let line = parseFloat(style.lineHeight);
    if (Number.isNaN(line)) line = parseFloat(style.fontSize) * 1.2;
    const content = box.height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
      - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
    if (content > line * lines) {
      const label = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ');
      wrapped.push(`${JSON.stringify(label)} (${Math.round(content)} px tall, one line is ${Math.round(line)} px)`);
    }
  }
  return wrapped;
}"""


def _walked(name: str) -> bool:
    """A page the ops manager of the store may open with GET."""
    _route, callback = PAGES[name]
    rule = rule_of(callback)
    if name in UNREACHABLE or not _accepts_get(callback):
        return False
    if rule.kind in ("store", "any_store"):
        return rule.action in ROLE_ACTIONS[Role.OPS_MANAGER]
    return rule.kind in ("public", "login")


WALKED = sorted(name for name in PAGES if _walked(name))


def test_the_walk_covers_the_pages_of_every_app():
    apps = {name.split(":")[0] for name in WALKED if ":" in name}
    assert {"dashboards", "funnel", "orders", "rotas", "stores", "inventory", "promotions", "staffing"} <= apps
    assert len(WALKED) > 50
    assert not set(UNREACHABLE) - set(PAGES), "UNREACHABLE names routes that no longer exist"


def _screenshot_file(name: str, width: int):
    return SCREENSHOTS / f"{name.replace(':', '.')}-{width}px.png"


def _check_page(page: Page, name: str, url: str, width: int) -> list[str]:
    problems = []
    response = page.goto(url, wait_until="load")
    try:
        # Charts and htmx settle once the network is quiet; a page that polls (a running recompute's progress)
        # may never be quiet on a busy machine, and is measured as it stands then.
        page.wait_for_load_state("networkidle", timeout=5_000)
    except PlaywrightTimeoutError:
        pass
    if response is None or response.status != 200:
        return [f"{name} at {width} px: {url} answered {response.status if response else 'nothing'}"]
    overflow = page.evaluate(OVERFLOW_JS)
    if overflow:
        problems.append(
            f"{name} at {width} px: the document is {overflow['scrollWidth']} px wide in a {width} px window; "
            f"sticking out: {', '.join(overflow['culprits']) or '?'}"
        )
    problems.extend(f"{name} at {width} px: button {label} wraps" for label in page.evaluate(WRAPPED_JS, WRAPPED_LINES))
    page.screenshot(path=str(_screenshot_file(name, width)), full_page=True)
    return problems


def _signed_in_context(browser: Browser, base: str, session_key: str, width: int) -> BrowserContext:
    context = browser.new_context(viewport={"width": width, "height": HEIGHT})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": base}])
    return context


def test_every_page_fits_the_window_in_chinese_at_desktop_and_phone_widths(live_server, browser: Browser):
    # Names numbered by the factories are as long as they get late in a whole run (a page's width must not
    # depend on which tests ran before it).
    for made in (StoreFactory, UserFactory, ProductFactory):
        made.reset_sequence(123_456)
    own, _other = build_world()
    rota_objects(own.store)  # the rota shows a shift from the start
    manager = own.manager
    client = Client()
    client.force_login(manager)  # one session for the walk; route kwargs kept in the session go into it
    urls = {name: _page_url(name, own, client) for name in WALKED}
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    started = time.monotonic()
    problems: list[str] = []
    downloads: list[str] = []
    pages: list[str] = []
    for width in WIDTHS:
        context = _signed_in_context(browser, live_server.url, session_key, width)
        page = context.new_page()
        for name, path in urls.items():
            if name in downloads:
                continue
            url = live_server.url + path
            if width == WIDTHS[0]:
                answer = context.request.get(url)
                if not answer.headers.get("content-type", "").startswith(HTML):
                    downloads.append(name)
                    continue
                pages.append(name)
            problems.extend(_check_page(page, name, url, width))
        context.close()
    elapsed = time.monotonic() - started

    print(f"walked {len(pages)} pages at {', '.join(map(str, WIDTHS))} px in {elapsed:.1f} s; downloads: {downloads}")
    assert len(pages) > 40, f"only {len(pages)} pages answered HTML: {pages}"
    assert not problems, "\n".join(problems)
