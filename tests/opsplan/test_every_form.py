"""Every form of every page, in Chinese and in English, submitted exactly as the page rendered it.

The pages come from the URL conf (the walk and the kwargs registry of the access matrix, in tests/accounts). Each
page is opened by a user allowed to use it; each ``<form method=post>`` on it, and each request its scripts send
(htmx ``hx-post``, the rota calendar's drag and drop), is submitted with what a browser would send untouched: the
rendered values after the browser's own sanitization of each input type, the CSRF token, the submit button.

An unchanged submission must not be refused on a field the page rendered with a value: that is how the plan editor
lost every stage date in Chinese (``2024/09/01`` in an ``<input type="date">`` shows empty and submits nothing).
A page must not render a value its input cannot hold, and nothing may answer 5xx. A refusal that names no field
(a non-field error, an error message, a 4xx) passes only when the form has blanks for the user to fill, or when it
is listed in :data:`REFUSALS` with its reason. Each submission runs in a savepoint rolled back after it, so a delete
or a logout does not change what the next one sees.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.contrib import messages
from django.db import transaction
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from accounts.access import rule_of
from accounts.choices import Role
from accounts.grants import roles_allowed
from assessments.services import month_compute
from tests.accounts.access_world import build_world
from tests.accounts.test_access_matrix import PAGES, _accepts_get, _page_url
from tests.factories import UserFactory
from tests.rotas.factories import rota_objects

from .html_forms import Form, PageParser, parse

LANGUAGES = ("zh-hans", "en")
# The layout's forms (language switch, log out) are on every page: they are submitted from the home page only.
LAYOUT_ACTIONS = {"set_language", "logout"}
LAYOUT_PAGE = "stores:store_list"

# (page, URL name of the form's action) -> why its unchanged submission is refused although nothing in it is blank.
REFUSALS: dict[tuple[str, str], str] = {}

# POST-only routes that no form of a page the walk opens posts to, each with the reason.
UNREACHED: dict[str, str] = {}


# The pages the walk opens: every page route that answers GET.
FORM_PAGES = sorted(name for name, (_route, callback) in PAGES.items() if _accepts_get(callback))


def _rota_drag(page: PageParser, form: Form, page_url: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """static/js/rotas.js: dropping a shift chip on another day fills the hidden move form from the chip's data
    attributes and posts it to the chip's URL. The first chip is dropped on the following day."""
    chips = [attrs for tag, attrs in page.elements if "rota-shift" in (attrs.get("class") or "").split()]
    chip = next((c for c in chips if c.get("draggable") == "true"), None)
    if chip is None:
        return []
    days = [attrs["data-date"] for tag, attrs in page.elements if attrs.get("data-date")]
    shift_day = next(
        (attrs["data-date"] for tag, attrs in page.elements if attrs.get("data-date") and chip in _inside(page, attrs)),
        None,
    )
    target = next((d for d in days if d != shift_day and d > (shift_day or "")), days[-1])
    filled = {
        "pattern": chip["data-pattern"],
        "person": chip["data-person"],
        "state": chip["data-state"],
        "version": chip["data-version"],
        "date": target,
    }
    data = [(name, filled.get(name, value)) for name, value in form.data()]
    return [("drag a shift to another day", urljoin(page_url, chip["data-url"]), data)]


def _inside(page: PageParser, container: dict) -> list[dict]:
    """The elements after ``container`` up to the next element of the same kind (a day cell and its shifts)."""
    elements = [attrs for _tag, attrs in page.elements]
    start = next(i for i, attrs in enumerate(elements) if attrs is container)
    following = []
    for attrs in elements[start + 1 :]:
        if attrs.get("data-date"):
            break
        following.append(attrs)
    return following


# Page -> form id -> what the page's script submits in place of the form (the form itself is never posted as is).
SCRIPTED = {"rotas:rota_calendar": {"rota-move-form": _rota_drag}}


@pytest.fixture(scope="module")
def _shared(django_db_setup, django_db_blocker):
    """The access matrix's two stores with their objects, a rota, and the people who open the pages; built once
    inside a transaction rolled back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        own, other = build_world()
        rota_objects(own.store)
        last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
        month_compute(own.store, last_month, timezone.now())  # the scorecards page's month, a draft to finalise
        people = {
            Role.OPS_MANAGER: own.manager,
            "superuser": UserFactory(username="forms-root", password="!", is_superuser=True, is_staff=True),
        }
        yield own, people
        transaction.set_rollback(True)


def _visitor(name: str, language: str, people) -> Client:
    """A browser-like client (CSRF enforced) signed in as someone the page's rule lets use it: the first role
    holding the rule's action in the own store (the ops manager holds every action a page asks for); a superuser
    for pages outside a store; nobody for public pages."""
    rule = rule_of(PAGES[name][1])
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
    if rule.kind == "public":
        return client
    who = roles_allowed(rule.action)[0] if rule.kind == "store" else "superuser"
    client.force_login(people[who])
    return client


def _url_name(url: str) -> str:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return f"<unresolved {url}>"
    return match.view_name


@contextmanager
def _validations() -> Iterator[list]:
    """Every form and formset validated while the block runs (the views' own forms, whatever their template)."""
    seen: list = []
    form_clean, formset_clean = BaseForm.full_clean, BaseFormSet.full_clean

    def form_full_clean(self):
        form_clean(self)
        seen.append(self)

    def formset_full_clean(self):
        formset_clean(self)
        seen.append(self)

    BaseForm.full_clean, BaseFormSet.full_clean = form_full_clean, formset_full_clean
    try:
        yield seen
    finally:
        BaseForm.full_clean, BaseFormSet.full_clean = form_clean, formset_clean


def _errors(validated: list, names: set[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Field errors by the HTML name of the field, and the errors that name no field, of the forms validated
    against this submission (those with a field among ``names``)."""
    by_name: dict[str, list[str]] = {}
    general: list[str] = []
    for item in validated:
        if isinstance(item, BaseFormSet):
            general.extend(str(e) for e in item.non_form_errors() if {f"{item.prefix}-TOTAL_FORMS"} & names)
            continue
        if item.errors is None or not {item.add_prefix(f) for f in item.fields} & names:
            continue
        for field_name, errors in item.errors.items():
            if field_name == "__all__":
                general.extend(errors)
            else:
                by_name.setdefault(item.add_prefix(field_name), []).extend(errors)
    return by_name, general


def _submissions(name: str, page: PageParser, page_url: str):
    """(label, form, action, data, headers) of everything the page lets a browser post untouched."""
    for form in page.forms:
        if form.method != "post":
            continue
        action = urljoin(page_url, form.attrs.get("action") or page_url)
        if _url_name(action) in LAYOUT_ACTIONS and name != LAYOUT_PAGE:
            continue
        script = SCRIPTED.get(name, {}).get(form.attrs.get("id"))
        if script is not None:
            for label, url, data in script(page, form, page_url):
                yield label, form, url, data, {}
            continue
        for submitter in form.submitters():
            target = urljoin(page_url, (submitter.attrs.get("formaction") if submitter else None) or action)
            label = f"form → {_url_name(target)}" + (f" [{submitter.name}]" if submitter and submitter.name else "")
            yield label, form, target, form.data(submitter), {}
        for element in form.scripted:  # htmx: a non-GET request includes its enclosing form's values
            url = urljoin(page_url, element["hx-post"])
            yield f"hx-post → {_url_name(url)}", form, url, form.data(), {"HTTP_HX_REQUEST": "true"}


def _post(client: Client, form: Form, url: str, data: list[tuple[str, str]], headers: dict):
    if form.multipart:
        grouped: dict[str, list[str]] = {}
        for key, value in data:
            grouped.setdefault(key, []).append(value)
        return client.post(url, grouped, **headers)
    body = urlencode(data)
    return client.post(url, body, content_type="application/x-www-form-urlencoded", **headers)


def _judge(name: str, label: str, form: Form, url: str, response, validated: list) -> list[str]:
    """What is wrong with the answer to an unchanged submission (an empty list when nothing is)."""
    rendered = form.rendered()
    filled = {n for n, values in rendered.items() if any(v.strip() for v in values)}
    if response.status_code >= 500:
        return [f"{label}: answered {response.status_code}"]
    field_errors, general = _errors(validated, set(rendered))
    if "html" in response.get("Content-Type", ""):
        for invalid in parse(response.content.decode()).invalid_names() & set(rendered):
            field_errors.setdefault(invalid, []).append("(marked invalid)")
    problems = [
        f"{label}: {field} rendered {rendered[field]} but answered {errors}"
        for field, errors in sorted(field_errors.items())
        if field in filled
    ]
    refusals = [*general]
    added = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])  # by this request
    refusals += [str(m) for m in added if m.level >= messages.ERROR]
    if response.status_code >= 400:
        refusals.append(f"HTTP {response.status_code}")
    blanks = any(
        not any(v.strip() for v in values)
        for n, values in rendered.items()
        if any(c.name == n and c.kind != "hidden" for c in form.controls)
    )
    if refusals and not field_errors and not blanks and (name, _url_name(url)) not in REFUSALS:
        problems.append(f"{label}: refused although nothing in it is blank: {refusals}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", FORM_PAGES)
def test_every_form_submitted_unchanged_keeps_what_the_page_rendered(name, language, _shared, db):
    own, people = _shared
    client = _visitor(name, language, people)
    page_url = _page_url(name, own, client)
    response = client.get(page_url)
    assert response.status_code < 500, f"{name}: GET answered {response.status_code}"
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return
    page = parse(response.content.decode())
    assert {attrs.get("lang") for tag, attrs in page.elements if tag == "html"} <= {language}, "not in its language"
    problems = [
        f"{c.attrs.get('name')}: rendered {c.rendered!r} in an <input type={c.kind}>, which shows and sends nothing"
        for form in page.forms
        for c in form.controls
        if c.dropped()
    ]
    for label, form, url, data, headers in _submissions(name, page, page_url):
        with transaction.atomic(), _validations() as validated:
            try:
                answer = _post(client, form, url, data, headers)
            except Exception as exc:  # the view crashed: a browser would have seen a 500
                problems.append(f"{label}: raised {exc!r}")
            else:
                problems.extend(_judge(name, label, form, url, answer, validated))
            transaction.set_rollback(True)
    assert not problems, f"{name} in {language} ({page_url}):\n" + "\n".join(problems)


def test_every_post_only_route_is_reached_by_a_form_of_a_page(_shared, db):
    """A new form posting to a route of its own is covered by default: its route must be the action of a form (or
    of a script's request) on a page the walk opens, or be listed in UNREACHED with the reason."""
    own, people = _shared
    reached: set[str] = set()
    for name in FORM_PAGES:
        client = _visitor(name, LANGUAGES[0], people)
        page_url = _page_url(name, own, client)
        response = client.get(page_url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            page = parse(response.content.decode())
            reached |= {_url_name(url) for _l, _f, url, _d, _h in _submissions(name, page, page_url)}
    post_only = {name for name, (_route, callback) in PAGES.items() if not _accepts_get(callback)}
    missing = sorted(post_only - reached - set(UNREACHED))
    assert not missing, f"no form of a page posts to {missing}: give the world the state that shows the form, or "
    "list the route in UNREACHED with the reason"
    assert not (set(UNREACHED) & reached), "UNREACHED lists routes the walk now reaches"
