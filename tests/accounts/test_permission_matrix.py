"""Every role × every page and endpoint of the foundation × own store / other store, against the database.

A row names the request and, per role, the status expected on one's own store; on the other
store every role gets 404 (its existence does not leak), and anonymous visitors are sent to log in.
"""

from __future__ import annotations

import pytest

from accounts.choices import Role
from tests.factories import MembershipFactory, ProductFactory, StoreFactory, UserFactory

ALL_ROLES = list(Role.values)
MANAGER_ONLY = {role: (200 if role == Role.OPS_MANAGER else 403) for role in ALL_ROLES}
EVERYONE = dict.fromkeys(ALL_ROLES, 200)
INVENTORY_EDITORS = {role: (200 if role in ("ops_manager", "logistics", "editor") else 403) for role in ALL_ROLES}
ORDER_LOGGERS = {role: (200 if role in ("ops_manager", "customer_service") else 403) for role in ALL_ROLES}
SKU = "/inventory/{code}/products/SKU-1"

# (name, method, path template, body, {role: status on own store}, status on other store)
PAGES = [
    ("store detail", "get", "/stores/{code}/", None, EVERYONE, 404),
    ("store edit form", "get", "/stores/{code}/edit/", None, MANAGER_ONLY, 404),
    (
        "store edit save",
        "post",
        "/stores/{code}/edit/",
        {
            "name": "新名字 New name",
            "platform": "tmall",
            "time_zone": "Asia/Shanghai",
            "status": "active",
            "source_policy": "api",
        },
        {role: (302 if role == Role.OPS_MANAGER else 403) for role in ALL_ROLES},
        404,
    ),
    ("inventory products", "get", "/inventory/{code}/", None, EVERYONE, 404),
    ("inventory health", "get", "/inventory/{code}/health/", None, EVERYONE, 404),
    ("inventory product", "get", SKU + "/", None, EVERYONE, 404),
    ("inventory product create form", "get", "/inventory/{code}/new/", None, INVENTORY_EDITORS, 404),
    ("inventory product edit form", "get", SKU + "/edit/", None, INVENTORY_EDITORS, 404),
    ("inventory movement form", "get", SKU + "/movement/", None, INVENTORY_EDITORS, 404),
    ("inventory stock count form", "get", SKU + "/count/", None, INVENTORY_EDITORS, 404),
    (
        "inventory stock count save",
        "post",
        SKU + "/count/",
        {"counted": 5, "date": "2026-10-01"},
        {role: (302 if code == 200 else 403) for role, code in INVENTORY_EDITORS.items()},
        404,
    ),
    ("inventory factory orders", "get", "/inventory/{code}/factory-orders/", None, EVERYONE, 404),
    ("inventory factory order form", "get", "/inventory/{code}/factory-orders/new/", None, INVENTORY_EDITORS, 404),
    ("inventory upload form", "get", "/inventory/{code}/upload/", None, INVENTORY_EDITORS, 404),
    ("inventory day's sales", "get", "/inventory/{code}/sales/", None, ORDER_LOGGERS, 404),
    ("inventory stock rules", "get", "/inventory/{code}/policy/", None, MANAGER_ONLY, 404),
]
API = [
    ("api store detail", "get", "/api/v1/stores/{code}/", None, EVERYONE, 404),
    ("api store update", "patch", "/api/v1/stores/{code}/", {"notes": "API note"}, MANAGER_ONLY, 404),
    ("api inventory planning", "get", "/api/v1/inventory/planning/?store={code}", None, EVERYONE, 404),
    ("api inventory health", "get", "/api/v1/inventory/health/?store={code}", None, EVERYONE, 404),
    (
        "api inventory projection",
        "get",
        "/api/v1/inventory/planning/SKU-1/projection/?store={code}",
        None,
        EVERYONE,
        404,
    ),
]


@pytest.fixture
def stores(db):
    own, other = StoreFactory(code="own-store"), StoreFactory(code="other-store", platform="jd")
    for store in (own, other):
        ProductFactory(store=store, code="SKU-1")
    return own, other


def user_with(role: str, store):
    user = UserFactory(username=f"u-{role}")
    MembershipFactory(user=user, store=store, role=role)
    return user


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("row", PAGES, ids=[r[0] for r in PAGES])
def test_pages_allow_and_deny_by_role_and_store(client, stores, role, row):
    name, method, template, body, expected, other_expected = row
    own, other = stores
    client.force_login(user_with(role, own))
    own_response = getattr(client, method)(template.format(code=own.code), body or {})
    other_response = getattr(client, method)(template.format(code=other.code), body or {})
    assert own_response.status_code == expected[role], name
    assert other_response.status_code == other_expected, name


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("row", API, ids=[r[0] for r in API])
def test_api_allows_and_denies_by_role_and_store(api, stores, role, row):
    name, method, template, body, expected, other_expected = row
    own, other = stores
    api.force_authenticate(user_with(role, own))
    own_response = getattr(api, method)(template.format(code=own.code), body, format="json")
    other_response = getattr(api, method)(template.format(code=other.code), body, format="json")
    assert own_response.status_code == expected[role], name
    # A role without the action in any of its stores is refused before the object is looked up: 403 for every object.
    assert other_response.status_code == (403 if expected[role] == 403 else other_expected), name


@pytest.mark.parametrize("role", ALL_ROLES)
def test_store_list_page_and_endpoint_show_only_own_stores(client, api, stores, role):
    own, other = stores
    user = user_with(role, own)
    client.force_login(user)
    page = client.get("/stores/")
    assert page.status_code == 200
    assert own.name in page.content.decode()
    assert other.name not in page.content.decode()
    api.force_authenticate(user)
    codes = [s["code"] for s in api.get("/api/v1/stores/").json()["results"]]
    assert codes == [own.code]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_ops_managers_may_create_stores(client, stores, role):
    own, _ = stores
    client.force_login(user_with(role, own))
    assert client.get("/stores/new/").status_code == MANAGER_ONLY[role]


def test_a_manager_who_creates_a_store_becomes_its_ops_manager(client, stores):
    own, _ = stores
    user = user_with(Role.OPS_MANAGER, own)
    client.force_login(user)
    response = client.post(
        "/stores/new/",
        {
            "code": "new-shop",
            "name": "新店 New Shop",
            "platform": "pinduoduo",
            "time_zone": "Asia/Shanghai",
            "status": "active",
            "source_policy": "api",
        },
    )
    assert response.status_code == 302
    assert user.memberships.get(store__code="new-shop").role == Role.OPS_MANAGER


def test_superuser_sees_and_edits_every_store(client, stores):
    own, other = stores
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(f"/stores/{other.code}/edit/").status_code == 200
    page = client.get("/stores/").content.decode()
    assert own.name in page and other.name in page


@pytest.mark.parametrize(
    "path", ["/stores/", "/stores/new/", "/stores/own-store/", "/stores/own-store/edit/", "/accounts/password/"]
)
def test_anonymous_visitors_are_sent_to_log_in(client, stores, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("path", ["/api/v1/stores/", "/api/v1/stores/own-store/"])
def test_anonymous_api_calls_are_refused(api, stores, path):
    assert api.get(path).status_code == 401


def test_api_client_reads_its_stores_and_cannot_edit_them(stores):
    from rest_framework.test import APIClient

    from tests.factories import api_client_with_key

    own, other = stores
    _, key = api_client_with_key("erp", own)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert [s["code"] for s in api.get("/api/v1/stores/").json()["results"]] == [own.code]
    assert api.get(f"/api/v1/stores/{other.code}/").status_code == 404
    assert api.patch(f"/api/v1/stores/{own.code}/", {"notes": "x"}, format="json").status_code == 403


def test_a_user_without_membership_sees_no_store(client, stores):
    client.force_login(UserFactory(username="nobody"))
    page = client.get("/stores/").content.decode()
    assert "own-store" not in page and "other-store" not in page
    assert client.get("/stores/own-store/").status_code == 404


def test_inactive_user_loses_access(api, stores):
    own, _ = stores
    user = user_with(Role.OPS_MANAGER, own)
    user.is_active = False
    user.save()
    api.force_authenticate(user)
    assert api.get("/api/v1/stores/").status_code == 403  # may read no store at all


# Promotions: everyone in the store sees them; ops managers and promotion specialists change them.
PROMOTION_EDITORS = {Role.OPS_MANAGER, Role.PROMOTER}
PROMO_EDIT = {role: (200 if role in PROMOTION_EDITORS else 403) for role in ALL_ROLES}
PROMO_POST = {role: (302 if role in PROMOTION_EDITORS else 403) for role in ALL_ROLES}
PROMO_API_CREATE = {role: (201 if role in PROMOTION_EDITORS else 403) for role in ALL_ROLES}
PROMO_API_EDIT = {role: (200 if role in PROMOTION_EDITORS else 403) for role in ALL_ROLES}
# (name, method, path template with {code} and {pk}, body, {role: status on own store}, status on other store)
PROMOTION_ROUTES = [
    ("promotion list", "get", "/promotions/{code}/", None, EVERYONE, 404),
    ("promotion calendar", "get", "/promotions/{code}/calendar/", None, EVERYONE, 404),
    ("promotion detail", "get", "/promotions/{code}/{pk}/", None, EVERYONE, 404),
    ("promotion export", "get", "/promotions/{code}/export.csv", None, EVERYONE, 404),
    ("promotion new form", "get", "/promotions/{code}/new/", None, PROMO_EDIT, 404),
    ("promotion edit form", "get", "/promotions/{code}/{pk}/edit/", None, PROMO_EDIT, 404),
    ("promotion preset form", "get", "/promotions/{code}/preset/", None, PROMO_EDIT, 404),
    ("promotion import form", "get", "/promotions/{code}/import/", None, PROMO_EDIT, 404),
    ("promotion preset adopt", "post", "/promotions/{code}/preset/", {"year": 2026}, PROMO_POST, 404),
    ("promotion status", "post", "/promotions/{code}/{pk}/status/", {"status": "planned"}, PROMO_POST, 404),
    (
        "promotion phase",
        "post",
        "/promotions/{code}/{pk}/phases/",
        {"kind": "live", "start_date": "2026-12-10", "end_date": "2026-12-10"},
        PROMO_POST,
        404,
    ),
    ("promotion delete", "post", "/promotions/{code}/{pk}/delete/", {}, PROMO_POST, 404),
]
PROMOTION_API = [
    ("api promotion detail", "get", "/api/v1/promotions/{pk}/", None, EVERYONE, 404),
    ("api promotion stock", "get", "/api/v1/promotions/{pk}/stock/", None, EVERYONE, 404),
    ("api promotion patch", "patch", "/api/v1/promotions/{pk}/", {"name": "新 New", "version": 1}, PROMO_API_EDIT, 404),
    ("api promotion status", "post", "/api/v1/promotions/{pk}/status/", {"status": "planned"}, PROMO_API_EDIT, 404),
    (
        "api promotion create",
        "post",
        "/api/v1/promotions/",
        {"store": "{code}", "kind": "custom", "name": "x", "start_date": "2026-12-01", "end_date": "2026-12-01"},
        PROMO_API_CREATE,
        # a store the caller cannot see is an unknown choice; one who edits promotions nowhere is refused first
        {role: (400 if role in PROMOTION_EDITORS else 403) for role in ALL_ROLES},
    ),
    (
        "api preset adopt",
        "post",
        "/api/v1/promotion-preset/",
        {"store": "{code}", "year": 2026},
        PROMO_API_EDIT,
        {role: (404 if role in PROMOTION_EDITORS else 403) for role in ALL_ROLES},
    ),
]


@pytest.fixture
def promotions_of(stores):
    from datetime import date

    from promotions.models import Promotion

    return {
        store.code: Promotion.objects.create(
            store=store, kind="double_12", name="双12", start_date=date(2026, 12, 10), end_date=date(2026, 12, 12)
        )
        for store in stores
    }


def _fill(value, code, pk):
    if isinstance(value, dict):
        return {key: _fill(item, code, pk) for key, item in value.items()}
    return value.format(code=code, pk=pk) if isinstance(value, str) else value


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("row", PROMOTION_ROUTES, ids=[r[0] for r in PROMOTION_ROUTES])
def test_promotion_pages_allow_and_deny_by_role_and_store(client, stores, promotions_of, role, row):
    name, method, template, body, expected, other_expected = row
    own, other = stores
    client.force_login(user_with(role, own))
    for store, status in ((other, other_expected), (own, expected[role])):
        pk = promotions_of[store.code].pk
        response = getattr(client, method)(template.format(code=store.code, pk=pk), body or {})
        assert response.status_code == status, (name, store.code)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("row", PROMOTION_API, ids=[r[0] for r in PROMOTION_API])
def test_promotion_api_allows_and_denies_by_role_and_store(api, stores, promotions_of, role, row):
    name, method, template, body, expected, other_expected = row
    own, other = stores
    api.force_authenticate(user_with(role, own))
    other_status = other_expected[role] if isinstance(other_expected, dict) else other_expected
    if expected[role] == 403:  # holds the action in no store: refused before the object is looked up
        other_status = 403
    for store, status in ((other, other_status), (own, expected[role])):
        pk = promotions_of[store.code].pk
        response = getattr(api, method)(
            template.format(code=store.code, pk=pk), _fill(body, store.code, pk), format="json"
        )
        assert response.status_code == status, (name, store.code, response.content[:200])


def test_the_promotion_calendar_across_stores_needs_a_login_only(client, stores):
    assert client.get("/promotions/").status_code == 302
    client.force_login(user_with(Role.VIEWER, stores[0]))
    assert client.get("/promotions/").status_code == 200
    assert client.get("/promotions/_feed/").status_code == 200
