"""The authorization matrix, generated from the URL conf: every page and API endpoint × every role, an API client
per scope (and the own store's client with the scopes clients had before scopes existed), a superuser and an
anonymous visitor × own store / other store, the expected status derived from the route's declared rule
(``access_rule`` or ``store_actions``) and ``ROLE_ACTIONS`` / ``API_CLIENT_ACTIONS`` (per scope).

A route that needs kwargs besides ``store`` must have an entry in ``tests/accounts/access_world.py``; a route
left out of the walk must be listed in ``EXCLUDED`` with its reason. The hand-written rows of
test_permission_matrix.py stay: they pin exact statuses of chosen writes, this file covers every route.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from accounts.access import is_api_view, rule_of
from accounts.choices import ApiScope, Role
from accounts.grants import ROLE_ACTIONS, api_client_actions
from stores.middleware import EXEMPT_NAMESPACES
from stores.permissions import store_actions_for
from tests.factories import MembershipFactory, UserFactory, api_client_with_key

from .access_world import API_REQUESTS, PAGE_KWARGS, build_world

ALL_ROLES = list(Role.values)
API_CLIENT = "api_client"
LOGIN_URL = "/accounts/login/"
WRITE_METHODS = ("post", "put", "patch", "delete")

# Routes the generated matrix does not request, each with the reason.
EXCLUDED = {
    "schema": "the OpenAPI document guards itself with its own permission class (test_url_rules.py)",
    "swagger-ui": "a public page that only loads the schema; no store data",
}


def _walk(patterns, prefix="", namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern, namespaces


def _kwarg_names(route: str) -> set[str]:
    """The kwargs a route takes: ``<conv:name>`` of path() and ``(?P<name>…)`` of the API router's regexes."""
    return set(re.findall(r"<(?:\w+:)?(\w+)>", route))


def _routes() -> dict[str, tuple[str, Any]]:
    routes = {}
    for route, pattern, namespaces in _walk(get_resolver().url_patterns):
        if EXEMPT_NAMESPACES.intersection(namespaces):
            continue
        assert pattern.name, f"{route} has no URL name; the matrix addresses routes by name"
        routes[":".join([*namespaces, pattern.name])] = (route, pattern.callback)
    return routes


ROUTES = _routes()
PAGES = {name: r for name, r in ROUTES.items() if not is_api_view(r[1]) and name not in EXCLUDED}
API = {name: r for name, r in ROUTES.items() if is_api_view(r[1]) and name not in EXCLUDED}


def _pages_of(*kinds: str) -> list[str]:
    return sorted(name for name, (_route, callback) in PAGES.items() if rule_of(callback).kind in kinds)


STORE_PAGES = _pages_of("store")
OTHER_PAGES = _pages_of("public", "login", "superuser", "any_store")


def _view_class(callback):
    return getattr(callback, "cls", None) or callback.view_class


def _api_methods(callback) -> list[str]:
    """The HTTP methods an API route answers (a viewset's action map, or the handlers an APIView defines)."""
    view_class = _view_class(callback)
    actions = getattr(callback, "actions", None)
    if actions:
        return sorted(m for m in actions if m in view_class.http_method_names)
    return sorted(m for m in ("get", *WRITE_METHODS) if m in view_class.http_method_names and hasattr(view_class, m))


def _accepts_get(callback) -> bool:
    """Whether a page answers GET (views behind ``require_POST`` answer 405 once the access rule let them through)."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return "get" in view_class.http_method_names and hasattr(view_class, "get")
    func = callback
    while func is not None:
        methods = inspect.getclosurevars(func).nonlocals.get("request_method_list")
        if methods is not None:
            return "GET" in methods
        func = getattr(func, "__wrapped__", None)
    return True


def _page_url(name: str, world, client: Client) -> str:
    route, _callback = PAGES[name]
    extra = _kwarg_names(route) - {"store"}
    kwargs = {"store": world.store.code} if "store" in _kwarg_names(route) else {}
    if extra:
        if name not in PAGE_KWARGS:
            pytest.fail(
                f"{name} ({route}) takes {sorted(extra)}: add it to PAGE_KWARGS in tests/accounts/access_world.py"
            )
        kwargs.update(PAGE_KWARGS[name](world, client))
    return reverse(name, kwargs=kwargs)


def _api_request(name: str, world) -> tuple[str, dict]:
    route, _callback = API[name]
    if _kwarg_names(route) and name not in API_REQUESTS:
        pytest.fail(f"{name} ({route}) takes kwargs: add it to API_REQUESTS in tests/accounts/access_world.py")
    kwargs, query = API_REQUESTS[name](world) if name in API_REQUESTS else ({}, {})
    return reverse(name, kwargs=kwargs), query


def _passed(status: int, callback) -> bool:
    """The access rule let the request through: the page answered (or, for a POST-only view, refused the method)."""
    return 200 <= status < 400 or (status == 405 and not _accepts_get(callback))


def _check(failures: list[str], who: str, what: str, status: int, expected: str, ok: bool) -> None:
    if not ok:
        failures.append(f"{who}: {what} answered {status}, expected {expected}")


@pytest.fixture(scope="module")
def _shared(django_db_setup, django_db_blocker):
    """The two stores, their objects and the people, built once for the module inside a transaction that is rolled
    back at its end; each test runs in its own savepoint, so what one test writes the next does not see."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        own, _other = world
        users = {
            role: MembershipFactory(
                user=UserFactory(username=f"matrix-{role}", password="!"), store=own.store, role=role
            ).user
            for role in ALL_ROLES
        }
        users["superuser"] = UserFactory(username="matrix-root", password="!", is_superuser=True, is_staff=True)
        for scope in ApiScope.values:
            users[f"{API_CLIENT}:{scope}"] = api_client_with_key(f"matrix-{scope}", own.store, scopes=[scope])
        yield world, users
        transaction.set_rollback(True)


@pytest.fixture
def world(_shared, db):
    return _shared[0]


@pytest.fixture
def people(_shared, db):
    """A user per role with a membership in the own store only, and a superuser."""
    return _shared[1]


def _signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_walk_finds_pages_and_endpoints_of_every_kind():
    assert len(STORE_PAGES) > 40 and len(API) > 30
    assert {"public", "login", "any_store"} <= {rule_of(c).kind for _r, c in PAGES.values()}


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_every_route_with_kwargs_has_a_matrix_entry(name):
    route, _callback = ROUTES[name]
    if name in EXCLUDED:
        return
    registry = API_REQUESTS if name in API else PAGE_KWARGS
    needs = _kwarg_names(route) - ({"store"} if name in PAGES else set())
    if needs:
        assert name in registry, f"{name} ({route}) takes {sorted(needs)}: add it to the registry in access_world.py"


def test_the_registries_name_only_existing_routes():
    assert not (set(PAGE_KWARGS) - set(PAGES)), "PAGE_KWARGS names routes that no longer exist"
    assert not (set(API_REQUESTS) - set(API)), "API_REQUESTS names routes that no longer exist"
    assert not (set(EXCLUDED) - set(ROUTES)), "EXCLUDED names routes that no longer exist"


@pytest.mark.parametrize("name", STORE_PAGES)
def test_store_page(name, world, people, client):
    """Own store: 2xx/3xx when the role has the rule's action, else 403; other store: 404; anonymous: log in;
    superuser: served; own store with another store's objects in the URL: 404."""
    route, callback = PAGES[name]
    action = rule_of(callback).action
    own, other = world
    failures: list[str] = []
    for role in ALL_ROLES:
        browser = _signed_in(people[role])
        allowed = action in ROLE_ACTIONS[role]
        status = browser.get(_page_url(name, own, browser)).status_code
        _check(
            failures,
            role,
            "own store",
            status,
            "2xx/3xx" if allowed else "403",
            _passed(status, callback) if allowed else status == 403,
        )
        status = browser.get(_page_url(name, other, browser)).status_code
        _check(failures, role, "other store", status, "404", status == 404)

    response = client.get(_page_url(name, own, client))
    _check(
        failures,
        "anonymous",
        "own store",
        response.status_code,
        "a redirect to log in",
        response.status_code == 302 and response["Location"].startswith(LOGIN_URL),
    )
    root = _signed_in(people["superuser"])
    for world_ in (own, other):
        status = root.get(_page_url(name, world_, root)).status_code
        _check(failures, "superuser", world_.store.code, status, "2xx/3xx", _passed(status, callback))

    # The other store's objects named under the own store's code are not found, not served or changed.
    manager = _signed_in(people[Role.OPS_MANAGER])
    own_kwargs = PAGE_KWARGS[name](own, manager) if name in PAGE_KWARGS else {}
    other_kwargs = PAGE_KWARGS[name](other, manager) if name in PAGE_KWARGS else {}
    if other_kwargs != own_kwargs:
        url = reverse(name, kwargs={**other_kwargs, "store": own.store.code})
        status = (manager.get(url) if _accepts_get(callback) else manager.post(url, {})).status_code
        _check(
            failures,
            Role.OPS_MANAGER,
            f"own store with the other store's {sorted(other_kwargs)}",
            status,
            "404",
            status == 404,
        )
    assert not failures, f"{name} ({route}, {action}):\n" + "\n".join(failures)


@pytest.mark.parametrize("name", OTHER_PAGES)
def test_page_without_a_store(name, world, people, client):
    """public: served to anonymous visitors; login / any_store / superuser: anonymous visitors log in first;
    login: every role is served; any_store: roles with the action in their store; superuser: only superusers."""
    route, callback = PAGES[name]
    rule = rule_of(callback)
    own, _other = world
    failures: list[str] = []
    response = client.get(_page_url(name, own, client))
    to_login = response.status_code == 302 and response["Location"].startswith(LOGIN_URL)
    if rule.kind == "public":
        _check(
            failures,
            "anonymous",
            "GET",
            response.status_code,
            "served without logging in",
            not to_login and response.status_code < 500 and response.status_code != 403,
        )
    else:
        _check(failures, "anonymous", "GET", response.status_code, "a redirect to log in", to_login)
    for who in [*ALL_ROLES, "superuser"]:
        browser = _signed_in(people[who])
        status = browser.get(_page_url(name, own, browser)).status_code
        if who == "superuser" or rule.kind in ("public", "login"):
            allowed = True
        elif rule.kind == "any_store":
            allowed = rule.action in ROLE_ACTIONS[who]
        else:
            allowed = False
        _check(
            failures,
            who,
            "GET",
            status,
            "2xx/3xx" if allowed else "403",
            _passed(status, callback) if allowed else status == 403,
        )
    assert not failures, f"{name} ({route}, {rule.kind}):\n" + "\n".join(failures)


def _principals(world, people) -> dict[str, tuple[APIClient, frozenset[str]]]:
    """Each role's user, an API client per scope and the own store's API client (the scopes every client had before
    scopes existed), with the actions they hold in the own store (and nowhere else)."""
    own, _other = world
    principals = {}
    for role in ALL_ROLES:
        api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        api.force_authenticate(people[role])
        principals[role] = (api, ROLE_ACTIONS[role])
    clients = {API_CLIENT: (own.api_client, own.api_key)}
    clients.update({who: people[who] for who in people if who.startswith(f"{API_CLIENT}:")})
    for who, (client, key) in clients.items():
        api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        principals[who] = (api, api_client_actions(client.scopes))
    return principals


def _rows(response) -> list:
    data = response.json()
    rows = data.get("results", data) if isinstance(data, dict) else data
    return rows if isinstance(rows, list) else [rows]


def _leaks(name: str, response, own, other) -> list[str]:
    """What of the other store a 200 shows: its code or name anywhere, or rows that are its objects.
    Also complains when a list shows nothing of the own store (the check would prove nothing)."""
    text = response.content.decode()
    problems = [f"shows {marker!r}" for marker in (other.store.code, other.store.name) if marker in text]
    view_class = _view_class(API[name][1])
    queryset = getattr(view_class, "queryset", None)
    rows = [row for row in _rows(response) if isinstance(row, dict)]
    if queryset is None or not rows:
        return problems
    key = "id" if getattr(view_class, "lookup_field", "pk") == "pk" else view_class.lookup_field
    if key in rows[0]:
        path = view_class.store_path
        model = queryset.model
        of = {
            w.store.code: set(model.objects.filter(**{path or "pk": w.store.pk}).values_list(key, flat=True))
            for w in (own, other)
        }
        ids = {row[key] for row in rows}
        if ids & of[other.store.code]:
            problems.append(f"lists the other store's rows {sorted(ids & of[other.store.code])}")
        if not ids & of[own.store.code]:
            problems.append("lists none of the own store's rows")
    elif "store" in rows[0]:
        if {row["store"] for row in rows} != {own.store.code}:
            problems.append(f"lists rows of stores {sorted({row['store'] for row in rows})}")
    return problems


API_GETS = sorted(name for name, (_r, callback) in API.items() if "get" in _api_methods(callback))
API_WRITES = sorted(
    (name, method) for name, (_r, callback) in API.items() for method in _api_methods(callback) if method != "get"
)


@pytest.mark.parametrize("name", API_GETS)
def test_api_read(name, world, people, api):
    """Every role and API client holding the read action reads its store (200, nothing of the other store) and gets
    404 for the other store's object (or the other store named in the query); one holding the action in no store
    gets 403 for both, whatever the object; anonymous calls are 401."""
    route, callback = API[name]
    action = store_actions_for(_view_class(callback), "GET")
    callers_own = getattr(_view_class(callback), "callers_own", False)
    own, other = world
    failures: list[str] = []
    names_a_store = bool(_kwarg_names(route)) or "store" in (API_REQUESTS[name](own)[1] if name in API_REQUESTS else {})
    for who, (principal, actions) in _principals(world, people).items():
        url, query = _api_request(name, own)
        response = principal.get(url, query)
        # A view of the caller's own records (their shifts) serves people, never a client, whatever its scopes.
        allowed = action in actions and not (callers_own and who.startswith(API_CLIENT))
        _check(
            failures,
            who,
            "own store",
            response.status_code,
            "200" if allowed else "403",
            response.status_code == (200 if allowed else 403),
        )
        if response.status_code == 200:
            failures.extend(f"{who}: {problem}" for problem in _leaks(name, response, own, other))
        if names_a_store:
            url, query = _api_request(name, other)
            status = principal.get(url, query).status_code
            expected = 404 if allowed else 403
            _check(failures, who, "other store", status, str(expected), status == expected)
    url, query = _api_request(name, own)
    status = api.get(url, query).status_code
    _check(failures, "anonymous", "own store", status, "401", status == 401)
    assert not failures, f"{name} ({route}, GET needs {action}):\n" + "\n".join(failures)


def _body_format(callback) -> str:
    """The format of a thin body the view parses: JSON, or multipart for an upload endpoint."""
    media_types = {parser.media_type for parser in _view_class(callback).parser_classes}
    return "json" if "application/json" in media_types else "multipart"


@pytest.mark.parametrize("name,method", API_WRITES, ids=[f"{n}-{m}" for n, m in API_WRITES])
def test_api_write(name, method, world, people):
    """With a minimal body: the other store's object is 404 for everyone holding the action in their store and 403
    for whoever holds it in no store; on the own store a principal lacking the view's action for the method gets
    403, one holding it gets past the check (a 400 for the thin body)."""
    route, callback = API[name]
    action = store_actions_for(_view_class(callback), method.upper())
    own, other = world
    principals = _principals(world, people)
    failures: list[str] = []
    body_format = _body_format(callback)
    if _kwarg_names(route):
        for who, (principal, actions) in principals.items():
            url, _query = _api_request(name, other)
            status = getattr(principal, method)(url, {}, format=body_format).status_code
            expected = 404 if action in actions else 403
            _check(failures, who, "other store's object", status, str(expected), status == expected)
    lacking = [who for who, (_p, actions) in principals.items() if action not in actions]
    holding = [who for who, (_p, actions) in principals.items() if action in actions]
    # A DELETE that gets through removes the object: one principal holding the action tries it, last.
    for who in lacking + (holding[:1] if method == "delete" else holding):
        principal, _actions = principals[who]
        url, _query = _api_request(name, own)
        status = getattr(principal, method)(url, {}, format=body_format).status_code
        if who in lacking:
            _check(failures, who, "own store", status, "403", status == 403)
        else:
            _check(
                failures,
                who,
                "own store",
                status,
                "past the access check (not 403/404/5xx)",
                status not in (403, 404) and status < 500,
            )
    assert not failures, f"{name} ({route}, {method.upper()} needs {action}):\n" + "\n".join(failures)
