"""One range of business dates (settings ``BUSINESS_DATE_MIN``/``MAX``) held everywhere a date comes in, swept from
the models, the OpenAPI schema and the URL conf, and pages that keep working on rows stored outside it."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from django.core.checks import Error
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.test import Client
from django.test.utils import isolate_apps
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from core.cells import parse_date_cell
from core.dates import (
    BusinessDateField,
    _date_fields,
    business_date_field_errors,
    check_stored_business_dates,
    out_of_range_message,
    parse_business_date,
    parse_business_month,
    shift,
)
from funnel.push import BulkPushMixin
from promotions.models import Promotion
from tests.accounts.access_world import API_REQUESTS, build_world
from tests.accounts.test_access_matrix import API, PAGES, _accepts_get, _page_url
from tests.factories import UserFactory

EXTREME_DAYS = ("0001-01-01", "9999-12-31")
EXTREME_MONTHS = ("0001-01", "9999-12")
MONTH_PATTERN = re.compile(r"\\d\{4\}-")


# --- The core ----------------------------------------------------------------------------------------------------


def test_query_parameters_parse_only_days_and_months_in_the_range():
    assert parse_business_date("2026-11-11") == date(2026, 11, 11)
    assert parse_business_month("2099-12") == date(2099, 12, 1)
    for text in (*EXTREME_DAYS, "2026-02-30", "junk", "", None):
        with pytest.raises(ValidationError):
            parse_business_date(text)
    for text in (*EXTREME_MONTHS, "1999-12", "2100-01", "2026-13", "2026-1", None):
        with pytest.raises(ValidationError):
            parse_business_month(text)


def test_shifting_a_day_clamps_at_the_ends_of_the_calendar_instead_of_overflowing():
    assert shift(date(1, 1, 1), -7) == date.min
    assert shift(date(9999, 12, 31), 30) == date.max
    assert shift(date(2026, 11, 11), -7) == date(2026, 11, 4)


def test_the_range_comes_from_the_settings(settings):
    settings.BUSINESS_DATE_MIN, settings.BUSINESS_DATE_MAX = date(2020, 1, 1), date(2030, 12, 31)
    assert parse_business_date("2020-01-01") == date(2020, 1, 1)
    with pytest.raises(ValidationError, match="2020-01-01 to 2030-12-31"):
        parse_business_date("2031-01-01")


def test_imported_cells_outside_the_range_are_refused():
    for text in (*EXTREME_DAYS, date(1, 1, 1)):
        day, problem = parse_date_cell(text)
        assert problem == out_of_range_message(), text


# --- The models ----------------------------------------------------------------------------------------------------


def test_every_model_date_field_refuses_days_outside_the_range():
    fields = _date_fields()
    assert len(fields) > 30
    for field in fields:
        assert isinstance(field, BusinessDateField), field
        for text in EXTREME_DAYS:
            with pytest.raises(ValidationError):
                field.clean(date.fromisoformat(text), None)
        assert field.clean(date(2026, 11, 11), None) == date(2026, 11, 11)
        form_field = field.formfield()
        if form_field is not None:  # a model form validates the field before its clean() does date arithmetic
            with pytest.raises(ValidationError):
                form_field.clean(EXTREME_DAYS[1])


@isolate_apps("stores")
def test_the_system_check_refuses_a_plain_date_field():
    class Unguarded(models.Model):
        day = models.DateField()
        moment = models.DateTimeField()
        guarded = BusinessDateField()

        class Meta:
            app_label = "stores"

        def __str__(self) -> str:
            return str(self.day)

    errors = business_date_field_errors(Unguarded._meta.concrete_fields)
    assert [(type(e), e.obj.name, e.id) for e in errors] == [(Error, "day", "opsplan.E101")]


# --- The API, swept from the schema --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _shared(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        own, _other = build_world()
        root = UserFactory(username="dates-root", password="!", is_superuser=True, is_staff=True)
        yield own, root
        transaction.set_rollback(True)


@pytest.fixture
def world(_shared, db):
    return _shared


def _schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(world) -> list[tuple[str, str, dict[str, Any], Any]]:
    """(method, URL, operation, view class) of every operation of the schema, its path filled from the access
    matrix's registry of kwargs."""
    own = world[0]
    urls = {}
    for name, (_route, callback) in API.items():
        kwargs = API_REQUESTS[name](own)[0] if name in API_REQUESTS else {}
        urls[name] = (reverse(name, kwargs=kwargs), callback)
    found = []
    for path, item in _schema()["paths"].items():
        pattern = re.compile("^" + re.sub(r"\{\w+\}", "[^/]+", path) + "$")
        matches = [(url, cb) for url, cb in urls.values() if pattern.match(url)]
        assert matches, f"{path}: no route of the URL conf"
        url, callback = matches[0]
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                found.append((method, url, operation, getattr(callback, "cls", None)))
    return found


def _client(world, view_class) -> APIClient:
    own, root = world
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if view_class is not None and issubclass(view_class, BulkPushMixin):
        client.credentials(HTTP_AUTHORIZATION=f"Token {own.api_key}")
    else:
        client.force_authenticate(own.manager)
    return client


def _date_kind(schema: dict[str, Any]) -> tuple[str, ...] | None:
    """The extreme values of a parameter or property: days for ``format: date``, months for a ``YYYY-MM`` one."""
    described = (schema.get("description") or "").replace("YYYY-MM-DD", "")
    if MONTH_PATTERN.search(schema.get("pattern", "")) or "YYYY-MM" in described:
        return EXTREME_MONTHS
    if schema.get("format") == "date":
        return EXTREME_DAYS
    return None


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    for key in ("allOf", "oneOf", "anyOf"):
        if key in schema and len(schema[key]) == 1:
            return _resolve(schema[key][0], components)
    return schema


def _date_paths(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> list[tuple[list, tuple]]:
    """Paths (keys and 0 for list items) to every date property a request body takes."""
    schema = _resolve(schema, components)
    if depth > 4:
        return []
    if schema.get("type") == "array" and "items" in schema:
        return [([0, *p], v) for p, v in _date_paths(schema["items"], components, depth + 1)]
    found = []
    for name, prop in (schema.get("properties") or {}).items():
        prop = _resolve(prop, components)
        if prop.get("readOnly"):
            continue
        values = _date_kind(prop)
        key = (name, "store" in (schema.get("properties") or {}))
        if values:
            found.append(([key], values))
        else:
            found.extend(([key, *p], v) for p, v in _date_paths(prop, components, depth + 1))
    return found


def _body(path: list, value: str, store: str) -> Any:
    """A body with ``value`` at ``path`` and the store's code wherever a ``store`` sits beside it."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if head == 0:
        return [_body(rest, value, store)]
    name, beside_store = head
    return {**({"store": store} if beside_store else {}), name: _body(rest, value, store)}


def _says_out_of_range(response) -> bool:
    return response.status_code == 400 and out_of_range_message() in response.content.decode()


def test_every_date_parameter_and_field_of_the_api_refuses_extreme_days_with_400(world):
    own = world[0]
    components = _schema()["components"]["schemas"]
    problems, checked = [], 0
    for method, url, operation, view_class in _operations(world):
        client = _client(world, view_class)
        params = [p for p in operation.get("parameters", []) if p["in"] == "query"]
        for param in params:
            values = _date_kind(param.get("schema", {})) or _date_kind(param)
            for value in values or ():
                query = {"store": own.store.code, param["name"]: value}
                response = (
                    getattr(client, method)(url, query)
                    if method == "get"
                    else getattr(client, method)(
                        f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}", {}, format="json"
                    )
                )
                checked += 1
                if not _says_out_of_range(response):
                    problems.append(f"{method.upper()} {url}?{param['name']}={value}: {response.status_code}")
        content = (operation.get("requestBody") or {}).get("content", {}).get("application/json")
        for path, values in _date_paths(content["schema"], components) if content else ():
            for value in values:
                body = _body(path, value, own.store.code)
                response = getattr(client, method)(url, json.dumps(body), content_type="application/json")
                checked += 1
                if not _says_out_of_range(response):
                    problems.append(
                        f"{method.upper()} {url} {path}={value}: {response.status_code} {response.content[:200]!r}"
                    )
    assert checked > 40
    assert not problems, "\n".join(problems)


# --- The pages, swept from the URL conf ----------------------------------------------------------------------------

DATE_QUERIES = ("month", "from", "to", "date", "date_from", "date_to", "start", "end", "ends_from", "starts_until")
GET_PAGES = sorted(name for name, (_route, callback) in PAGES.items() if _accepts_get(callback))


def _page_client(world) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(world[1])
    return client


@pytest.mark.parametrize("name", GET_PAGES)
def test_every_page_answers_extreme_date_parameters_without_a_server_error(name, world):
    client = _page_client(world)
    url = _page_url(name, world[0], client)
    failures = []
    for day, month in zip(EXTREME_DAYS, EXTREME_MONTHS, strict=True):
        for key in DATE_QUERIES:
            value = month if key in ("month", "from") else day
            response = client.get(url, {key: value})
            if response.status_code >= 500:
                failures.append(f"?{key}={value}: {response.status_code}")
    assert not failures, f"{name} ({url}): " + ", ".join(failures)


@pytest.fixture
def stored_outside(world):
    """A promotion and a time off stored before the range was enforced (an update skips validation, as the old
    code did): pages must still render."""
    own = world[0]
    Promotion.objects.filter(pk=own.promotion.pk).update(start_date=date(1, 1, 1), end_date=date(9999, 12, 31))
    own.time_off.__class__.objects.filter(pk=own.time_off.pk).update(end_date=date(9999, 12, 31))
    own.store.__class__.objects.filter(pk=own.store.pk).update(launch_date=date(1, 1, 1))
    return own


@pytest.mark.parametrize("name", GET_PAGES)
def test_every_page_renders_rows_stored_outside_the_range(name, world, stored_outside):
    client = _page_client(world)
    url = _page_url(name, world[0], client)
    response = client.get(url)
    assert response.status_code < 500, f"{name} ({url}): {response.status_code}"


def test_every_read_of_the_api_renders_rows_stored_outside_the_range(world, stored_outside):
    failures = []
    for method, url, _operation, view_class in _operations(world):
        if method != "get":
            continue
        response = _client(world, view_class).get(url, {"store": world[0].store.code})
        if response.status_code >= 500:
            failures.append(f"GET {url}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_database_check_lists_rows_stored_outside_the_range(world, stored_outside):
    warnings = check_stored_business_dates(databases=["default"])
    labels = {w.msg.split(" lies")[0] for w in warnings}
    assert {"promotions.Promotion.start_date", "promotions.Promotion.end_date", "stores.Store.launch_date"} <= labels
    assert all(w.id == "opsplan.W102" for w in warnings)


def test_a_promotion_starting_on_day_one_is_refused_by_the_api_and_changes_nothing(world):
    own = world[0]
    client = _client(world, None)
    before = Promotion.objects.count()
    body = {"store": own.store.code, "kind": "custom", "name": "x", "start_date": "0001-01-01",
            "end_date": "2026-01-01"}  # fmt: skip
    response = client.post("/api/v1/promotions/", body, format="json")
    assert response.status_code == 400
    assert "start_date" in response.json()
    assert Promotion.objects.count() == before


def test_the_push_refuses_a_record_dated_day_one(world):
    own = world[0]
    client = _client(world, BulkPushMixin)
    record = {"store": own.store.code, "date": "0001-01-01", "uv": 10, "orders": 1}
    response = client.post("/api/v1/metrics/daily/", {"records": [record]}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "date"
