"""No page shows a link the user may not open: for each access level, every page of the URL conf that the user may
see is rendered in Chinese, and every same-site link (``<a href>``) and form action on it is requested as that user;
none may answer 403 or 404.

Roles with the same actions (ROLE_ACTIONS) see the same pages and the same links, so one role per distinct action
set is walked (designer, finance and viewer hold only VIEW; logistics and editor the same inventory actions); a test
pins that grouping, so a role given its own actions gets walked too. A superuser is walked as well.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from accounts.access import rule_of
from accounts.choices import Role
from accounts.grants import ROLE_ACTIONS
from tests.accounts.access_world import build_world
from tests.accounts.test_access_matrix import PAGES, _accepts_get, _page_url
from tests.factories import MembershipFactory, UserFactory

LINK = re.compile(r"""<a\b[^>]*?\bhref="([^"#][^"]*)\"""", re.IGNORECASE)
FORM = re.compile(r"""<form\b[^>]*?\baction="([^"]+)\"""", re.IGNORECASE)
# Not pages of opsplan's own access rules: Django's admin checks staff itself, static files and the language switch.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/i18n/", "/api/")
FORBIDDEN = (403, 404)


def _representatives() -> dict[str, str]:
    """One role per distinct set of actions, the first in Role's order."""
    chosen: dict[frozenset[str], str] = {}
    for role in Role.values:
        chosen.setdefault(ROLE_ACTIONS[role], role)
    return {role: role for role in chosen.values()}


WALKED = [*_representatives(), "superuser"]


def test_the_walk_covers_every_distinct_set_of_actions():
    walked_sets = {ROLE_ACTIONS[role] for role in WALKED if role != "superuser"}
    assert walked_sets == set(ROLE_ACTIONS.values())


@pytest.fixture(scope="module")
def _shared(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        own = world[0]
        users = {
            role: MembershipFactory(user=UserFactory(username=f"links-{role}"), store=own.store, role=role).user
            for role in Role.values
        }
        users["superuser"] = UserFactory(username="links-root", password="!", is_superuser=True, is_staff=True)
        yield world, users
        transaction.set_rollback(True)


def _links(html: str, base: str) -> set[str]:
    found = set()
    for raw in [*LINK.findall(html), *FORM.findall(html)]:
        url = urljoin(base, unescape(raw))
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
            continue
        if parts.path.startswith(SKIPPED_PREFIXES) or parts.path == "/accounts/logout/":
            continue
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _page_urls(world, browser: Client) -> list[str]:
    own = world[0]
    urls = []
    for name, (_route, callback) in sorted(PAGES.items()):
        if not _accepts_get(callback) or rule_of(callback).kind == "public":
            continue
        urls.append(_page_url(name, own, browser))
    return urls


@pytest.mark.parametrize("who", WALKED)
def test_no_page_links_to_a_page_the_user_may_not_open(who, _shared, db):
    world, users = _shared
    browser = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    browser.force_login(users[who])
    seen: dict[str, int] = {}
    failures = []
    for page in _page_urls(world, browser):
        response = browser.get(page)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in sorted(_links(response.content.decode(), page)):
            if link not in seen:
                try:
                    resolve(urlsplit(link).path)
                except Resolver404:
                    seen[link] = 404
                else:
                    seen[link] = browser.get(link).status_code
            if seen[link] in FORBIDDEN:
                failures.append(f"{page} links to {link}, which answers {seen[link]}")
    assert len(seen) > 20, "the walk found too few links to prove anything"
    assert not failures, f"{who}:\n" + "\n".join(sorted(set(failures)))
