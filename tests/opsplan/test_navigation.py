"""The menu highlights the section a page belongs to, for every page of the URL conf: the section of the app the
page is in (its URL namespace), whatever its path starts with: a store's plans (/stores/<store>/plans/) are Plans,
not Stores."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import RequestFactory
from django.urls import resolve

from opsplan.context_processors import SECTIONS, navigation
from tests.accounts.test_access_matrix import PAGES
from tests.factories import MembershipFactory

# Pages in an app without a menu entry of its own, and the section they are reached from.
REACHED_FROM = {"briefings": "stores"}
# The home page, the login, the API documentation: no section is highlighted.
NO_SECTION = {""}
VALUES = {"int": "1", "slug": "tmall-flagship", "str": "x", "uuid": str(uuid.UUID(int=1))}


def _path(route: str) -> str:
    """A path the route matches, its parameters filled by their converter."""
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: VALUES[m.group(1) or "str"], route)


def _active(path: str) -> list[str]:
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return [item["key"] for item in navigation(request)["nav_items"] if item["active"]]


def _expected(name: str) -> list[str]:
    namespace = name.split(":")[0] if ":" in name else ""
    if namespace in NO_SECTION:
        return []
    if namespace in REACHED_FROM:
        return [REACHED_FROM[namespace]]
    return [key for key, url_name, *_ in SECTIONS if url_name.split(":")[0] == namespace]


def test_every_page_highlights_the_section_of_its_app():
    wrong = {}
    for name, (route, _callback) in PAGES.items():
        expected = _expected(name)
        namespace = name.split(":")[0] if ":" in name else ""
        assert expected or namespace in NO_SECTION, f"{name}: which menu entry is it under? (REACHED_FROM)"
        if (active := _active(_path(route))) != expected:
            wrong[name] = (route, active, expected)
    assert len(PAGES) > 100
    assert wrong == {}, "route: (highlighted, expected)"


def test_every_menu_entry_is_highlighted_on_its_own_pages():
    highlighted = {key for name, (route, _cb) in PAGES.items() for key in _active(_path(route))}
    assert highlighted == {key for key, *_ in SECTIONS}


def test_a_stores_plan_pages_are_under_plans_and_its_page_under_stores():
    assert _active("/stores/tmall-flagship/plans/") == ["plans"]
    assert _active("/stores/tmall-flagship/plans/1/") == ["plans"]
    assert _active("/stores/tmall-flagship/") == ["stores"]
    assert _active("/") == []


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_plan_page_marks_plans_as_the_current_page(client, language, db):
    # The rendered menu, as a person sees it: 计划 is the current entry on a store's plan list.
    membership = MembershipFactory()
    client.force_login(membership.user)
    body = client.get(f"/stores/{membership.store.code}/plans/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    current = re.findall(r'<a class="nav-link active" href="([^"]+)" aria-current="page">([^<]+)</a>', body)
    assert current == [("/plans/", "计划" if language == "zh-hans" else "Plans")]
