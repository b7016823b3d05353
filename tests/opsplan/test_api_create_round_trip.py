"""Every create endpoint of the API keeps every writable field it is given.

The sweep walks the OpenAPI schema: each POST on a collection route (a path without parameters) must have an
entry in ``CREATES`` (a body with a non-default value for every writable field of its request schema, and
how to read the object back) or in ``NOT_CREATES`` (with the reason it creates no object of its own). A new
endpoint without an entry fails the sweep, so it is covered by default.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest
from drf_spectacular.generators import EndpointEnumerator, SchemaGenerator
from rest_framework import serializers

from accounts.choices import Role
from funnel.services.plans import plan_create_from_template
from rotas.services import pattern_create
from tests.factories import MembershipFactory, ProductFactory, UserFactory
from tests.promotions.factories import PromotionFactory
from tests.staffing.factories import AssignmentFactory, PersonFactory, role

pytestmark = pytest.mark.django_db

# A concurrency token says which version a PATCH was based on; a new object starts at its first version.
CONCURRENCY_TOKENS = {"version", "lock_version"}


@dataclass
class World:
    """What the bodies refer to: one store its ops manager runs, with a plan, a SKU, a promotion and staff."""

    store: Any
    user: Any
    plan: Any
    product: Any
    promotion: Any
    person: Any
    pattern: Any


@dataclass(frozen=True)
class Create:
    """A body for one create endpoint and how to read the object back (by default GET of its detail route)."""

    body: Callable[[World], dict[str, Any]]
    read: Callable[[Any, World, dict[str, Any]], dict[str, Any]] | None = None
    # Write-only fields that are stored elsewhere: where to find them in what ``read`` returns.
    stored_as: dict[str, str] = field(default_factory=dict)


def _read_person(api, world: World, created: dict[str, Any]) -> dict[str, Any]:
    person = api.get(f"/api/v1/staffing/people/{created['id']}/").json()
    first = api.get("/api/v1/staffing/assignments/", {"person": created["id"]}).json()
    first = (first["results"] if isinstance(first, dict) else first)[0]
    return {**person, "first_store": first["store"], "first_role": first["role"], "first_share": first["share"]}


def _read_weights(api, world: World, created: dict[str, Any]) -> dict[str, Any]:
    rows = api.get("/api/v1/assessments/weights/", {"store": world.store.code}).json()
    return {"store": world.store.code, **next(r for r in rows if r["role"] == created["role"])}


def _read_teamwork(api, world: World, created: dict[str, Any]) -> dict[str, Any]:
    from assessments.api.serializers import TeamworkSerializer
    from assessments.models import TeamworkScore

    row = dict(TeamworkSerializer(TeamworkScore.objects.get(pk=created["id"])).data)  # no GET route of its own
    return {**row, "store": world.store.code}


WEIGHTS = {
    "results": 50,
    "satisfaction": 30,
    "teamwork": 20,
    "gmv": 40,
    "uv": 10,
    "conversion": 20,
    "aov": 20,
    "repeat_rate": 10,
    "rating_description": 25,
    "rating_service": 25,
    "rating_shipping": 25,
    "positive_rate": 25,
}

CREATES: dict[str, Create] = {
    "/api/v1/plans/": Create(
        lambda w: {
            "store": w.store.code,
            "name": "2026 stretch",
            "scenario": "stretch",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "weekday_weights": [1, 1, 1, 1, 1.2, 1.5, 1.3],
            "month_weights": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.5, 1.2],
            "notes": "双11 月份加权",
        }
    ),
    "/api/v1/milestones/": Create(
        lambda w: {
            "plan": w.plan.pk,
            "title": "≥80 单/天",
            "metric": "conversion",
            "target": "0.0350",
            "due_date": "2026-09-01",
        }
    ),
    "/api/v1/inventory/products/": Create(
        lambda w: {
            "store": w.store.code,
            "code": "RT-001",
            "name": "收纳盒 round trip",
            "style": "北欧",
            "list_price": "129.90",
            "cost": "45.10",
            "role": "traffic_driver",
            "lifecycle": "maturity",
            "is_main_push": True,
            "is_listed": False,
            "lead_time_days": 21,
            "safety_stock": 17,
        }
    ),
    "/api/v1/promotions/": Create(
        lambda w: {
            "store": w.store.code,
            "kind": "juhuasuan",
            "name": "聚划算 round trip",
            "start_date": "2026-08-10",
            "end_date": "2026-08-12",
            "budget": "12345.60",
            "status": "stock_decided",
            "notes": "两场",
        }
    ),
    "/api/v1/promotion-items/": Create(
        lambda w: {
            "promotion": w.promotion.pk,
            "sku": w.product.code,
            "promo_price": "88.80",
            "uplift": "3.25",
            "presale_quantity": 40,
        }
    ),
    "/api/v1/promotion-phases/": Create(
        lambda w: {
            "promotion": w.promotion.pk,
            "kind": "final_payment",
            "start_date": "2026-12-11",
            "end_date": "2026-12-12",
        }
    ),
    "/api/v1/shift-patterns/": Create(
        lambda w: {
            "store": w.store.code,
            "role": "logistics",
            "name": "仓库晚班",
            "start_time": "13:30",
            "end_time": "17:00",
            "second_start_time": "18:00",
            "second_end_time": "21:15",
            "weekdays": [0, 2, 4],
            "headcount_source": "workload",
            "headcount": 3,
            "position": 7,
        }
    ),
    "/api/v1/shifts/": Create(
        lambda w: {"pattern": w.pattern.pk, "person": w.person.pk, "date": "2026-12-02", "state": "confirmed"}
    ),
    "/api/v1/staffing/people/": Create(
        lambda w: {
            "name": "王小二",
            "user": "rt-login",
            "employment_type": "part_time",
            "weekly_hours": "22.5",
            "start_date": "2026-03-01",
            "end_date": "2027-02-28",
            "phone": "138-0000-0000",
            "notes": "周末",
            "store": w.store.code,
            "role": "designer",
            "share": "0.60",
        },
        read=_read_person,
        stored_as={"store": "first_store", "role": "first_role", "share": "first_share"},
    ),
    "/api/v1/staffing/assignments/": Create(
        lambda w: {
            "person": w.person.pk,
            "store": w.store.code,
            "role": "finance",
            "share": "0.25",
            "start_date": "2026-02-01",
            "end_date": "2026-06-30",
        }
    ),
    "/api/v1/staffing/time-off/": Create(
        lambda w: {
            "person": w.person.pk,
            "kind": "sick",
            "start_date": "2026-11-03",
            "end_date": "2026-11-04",
            "note": "发烧",
        }
    ),
    "/api/v1/assessments/weights/": Create(
        lambda w: {"store": w.store.code, "role": "promoter", **WEIGHTS}, read=_read_weights
    ),
    "/api/v1/assessments/teamwork/": Create(
        lambda w: {"store": w.store.code, "person": w.person.pk, "month": "2026-10", "score": 83, "comment": "主动"},
        read=_read_teamwork,
    ),
}

# POSTs on collection routes that run an action or take a batch rather than create one object from a body.
NOT_CREATES = {
    "/api/v1/metrics/exports/": "a platform export's days as metrics: tests/funnel/test_api_exports.py",
    "/api/v1/metrics/exports/preview/": "reads a platform export and writes nothing",
    "/api/v1/metrics/daily/": "a batch push of daily metrics, covered by tests/funnel/test_api_metrics_contract.py",
    "/api/v1/inventory/sales/daily/": "a batch push of daily sales, covered by the inventory push tests",
    "/api/v1/promotion-preset/": "adopts the year's calendar: the promotions come from the preset, not the body",
    "/api/v1/rota-generate/": "fills a rota from the patterns; the body is a date range and a seed",
    "/api/v1/assessments/scorecards/compute/": "computes a month's scorecards from the store's figures",
    "/api/v1/assessments/scorecards/finalise/": "freezes a month's scorecards",
}


def _schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _collection_posts(schema: dict[str, Any]) -> list[str]:
    return sorted(path for path, item in schema["paths"].items() if "post" in item and "{" not in path)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].split("/")[-1]]
    if "allOf" in node and len(node["allOf"]) == 1:
        return {**_resolve(schema, node["allOf"][0]), **{k: v for k, v in node.items() if k != "allOf"}}
    return node


def _writable(schema: dict[str, Any], path: str) -> dict[str, dict[str, Any]]:
    body = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    properties = _resolve(schema, body)["properties"]
    return {name: _resolve(schema, p) for name, p in properties.items() if not p.get("readOnly")}


TIME = re.compile(r"^\d{2}:\d{2}(:\d{2})?$")


def _normalised(value: Any) -> Any:
    """Decimals and numbers compare by value (``"1.20"`` = 1.2), times with seconds, months as YYYY-MM."""
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).normalize()
    if isinstance(value, str) and TIME.match(value):
        return value if value.count(":") == 2 else f"{value}:00"
    if isinstance(value, str) and re.match(r"^-?\d+(\.\d+)?$", value):
        return Decimal(value).normalize()
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-01$", value):
        return value[:7]  # a month sent as YYYY-MM comes back as YYYY-MM or as its first day
    return value


def _model_defaults(path: str) -> dict[str, Any]:
    """The model's default of each field a ModelSerializer writes, so a body cannot send the default by chance."""
    for endpoint_path, _regex, method, callback in EndpointEnumerator().get_api_endpoints():
        if endpoint_path != path or method != "POST":
            continue
        serializer_class = getattr(getattr(callback, "cls", None), "serializer_class", None)
        if serializer_class is None or not issubclass(serializer_class, serializers.ModelSerializer):
            return {}
        model = serializer_class.Meta.model
        defaults = {}
        for name, form_field in serializer_class().fields.items():
            try:
                model_field = model._meta.get_field(form_field.source)
            except Exception:  # noqa: BLE001 - a computed or nested source has no model default
                continue
            if getattr(model_field, "concrete", False) and model_field.has_default():
                defaults[name] = model_field.get_default()
        return defaults
    return {}


@pytest.fixture
def world(own_store, api) -> World:
    user = MembershipFactory(user=UserFactory(username="rt-manager"), store=own_store, role=Role.OPS_MANAGER).user
    # The login a new person is linked to: a member of the store, as a manager may only link their own stores' people.
    MembershipFactory(user=UserFactory(username="rt-login"), store=own_store, role=Role.CUSTOMER_SERVICE)
    cs = role("customer_service")
    person = AssignmentFactory(
        person=PersonFactory(name="李客服"), store=own_store, role=cs, share=Decimal("0.5")
    ).person
    plan = plan_create_from_template(
        own_store,
        user,
        name="2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        as_of=date(2026, 1, 1),
    )
    product = ProductFactory(store=own_store, code="RT-SKU", list_price=Decimal("100.00"))
    promotion = PromotionFactory(store=own_store)
    pattern = pattern_create(own_store, cs, {"name": "早班", "start_time": time(9), "end_time": time(17)})
    api.force_authenticate(user)
    return World(own_store, user, plan, product, promotion, person, pattern)


def test_every_collection_post_of_the_schema_has_an_entry():
    missing = [p for p in _collection_posts(_schema()) if p not in CREATES and p not in NOT_CREATES]
    assert not missing, f"add a body to CREATES (or a reason to NOT_CREATES) for {missing}"
    stale = [p for p in (*CREATES, *NOT_CREATES) if p not in _collection_posts(_schema())]
    assert not stale, f"no such POST in the schema any more: {stale}"


@pytest.mark.parametrize("path", sorted(CREATES))
def test_a_create_keeps_every_writable_field_it_is_given(api, world, path):
    schema = _schema()
    entry = CREATES[path]
    body = entry.body(world)
    writable = set(_writable(schema, path)) - CONCURRENCY_TOKENS
    assert set(body) == writable, f"the body must give every writable field: {sorted(writable ^ set(body))}"
    defaults = _model_defaults(path)
    for name, prop in _writable(schema, path).items():
        if name in body and ("default" in prop or name in defaults):
            default = prop.get("default", defaults.get(name))
            assert _normalised(body[name]) != _normalised(default), f"{name} is sent with its default"

    response = api.post(path, body, format="json")
    assert response.status_code in (200, 201), response.content
    created = response.json()
    if entry.read is None:
        stored = api.get(f"{path}{created['id']}/").json()
    else:
        stored = entry.read(api, world, created)
    lost = {
        name: (sent, stored.get(entry.stored_as.get(name, name)))
        for name, sent in body.items()
        if _normalised(sent) != _normalised(stored.get(entry.stored_as.get(name, name)))
    }
    assert not lost, f"sent → stored: {lost}"
