"""One call per operation of the OpenAPI schema, for the generated-client tests (Python and TypeScript).

:func:`plan_calls` walks the schema's operations and returns, for each, a :class:`Call`: the path with its
parameters filled from a :class:`CallWorld`, the query, the JSON body, the principal that makes it and the status
it must answer. An operation the plan cannot make (a path kwarg without an entry in ``API_REQUESTS`` of
tests/accounts/access_world.py, a body without an entry in :data:`BODIES`) fails the plan, so a new endpoint is
covered by default.

Principals: ``api_client`` (``Authorization: Token <key>``, a client holding every scope) makes every call a
client may make; ``user`` (a session of the store's ops manager, with its CSRF token) makes the rest.
:func:`credentials` gives the headers and cookies of each. The calls are ordered: reads, then writes, then deletes
(an object before what it refers to), so the list can be replayed in order against one world.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx
from django.conf import settings
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from accounts.choices import ApiScope, Role
from accounts.grants import ROLE_ACTIONS, api_client_actions
from stores.days import store_yesterday
from stores.permissions import store_actions_for
from tests.accounts.access_world import API_REQUESTS, StoreWorld, build_world
from tests.factories import MembershipFactory, ProductFactory, UserFactory, api_client_with_key
from tests.opsplan.test_api_create_round_trip import CREATES, WEIGHTS, World
from tests.rotas.factories import rota_objects

MULTIPART = "multipart/form-data"
UPLOAD = "file"  # the file field of an upload's form
TOKEN = "api_client"
SESSION = "user"
METHODS = ("get", "put", "patch", "post", "delete")
# Writes that send the version of the object they read run first, in this order, each with the version the object
# has when its turn comes (a stage's PATCH saves its plan: the plan's own PATCH sends the version after it).
FIRST_WRITES = (
    "v1_stage_plans_partial_update",
    "v1_plans_partial_update",
    "v1_inventory_products_partial_update",
    "v1_promotions_partial_update",
    "v1_shifts_partial_update",
)
# Writes that change what later writes act on: they run after the other writes, in this order.
LAST_WRITES = ("v1_plans_archive_create", "v1_assessments_scorecards_finalise_create")


@dataclass
class Call:
    """One request: ``path`` is ``template`` with its parameters filled; ``status`` is the documented 2xx."""

    operation_id: str
    method: str
    template: str
    path: str
    path_params: dict[str, Any]
    query: dict[str, Any]
    body: Any
    principal: str
    status: int
    # "multipart/form-data" for an upload: ``body`` holds its form fields, and its file under UPLOAD as
    # {"name", "content"} (text, sent as UTF-8), so every harness can build the file its own way.
    media_type: str = "application/json"

    @property
    def multipart(self) -> bool:
        return self.media_type == MULTIPART

    def form(self) -> tuple[dict[str, str], tuple[str, bytes]]:
        """An upload's fields and its file (name, bytes)."""
        fields = {k: v for k, v in self.body.items() if k != UPLOAD}
        return fields, (self.body[UPLOAD]["name"], self.body[UPLOAD]["content"].encode())

    def encoded(self) -> tuple[bytes, str]:
        """The body as sent (bytes and Content-Type): JSON, or a multipart form with the file."""
        if not self.multipart:
            return json.dumps(self.body).encode(), "application/json"
        fields, (name, content) = self.form()
        request = httpx.Request("POST", "http://opsplan", data=fields, files={UPLOAD: (name, content, "text/csv")})
        return request.read(), request.headers["Content-Type"]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CallWorld:
    """The own store (where the principals act) and another store, the client and the user who make the calls."""

    own: StoreWorld
    other: StoreWorld
    user: Any
    api_client: Any
    api_key: str
    bodies: World  # what the create bodies of the round-trip test refer to, in the own store

    @property
    def store(self) -> Any:
        return self.own.store


def build_call_world() -> CallWorld:
    own, other = build_world()
    store = own.store
    client, key = api_client_with_key("calls-erp", store, scopes=list(ApiScope.values))
    # The login a new person is linked to (the people create body names it): a member of the store.
    MembershipFactory(user=UserFactory(username="rt-login"), store=store, role=Role.CUSTOMER_SERVICE)
    pattern, _shift = rota_objects(store)
    bodies = World(
        store=store,
        user=own.manager,
        plan=own.plan,
        product=ProductFactory(store=store, code="CALLS-SKU", list_price=Decimal("100.00")),
        promotion=own.promotion,
        person=own.person,
        pattern=pattern,
    )
    _scorecards(own)
    return CallWorld(own, other, own.manager, client, key, bodies)


def _scorecards(world: StoreWorld) -> None:
    """Last month's scorecards of the own store, with a teamwork score, so reading them reads real cards."""
    from assessments.services import month_compute, teamwork_score_give

    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    teamwork_score_give(world.store, world.person, month, 80, "", world.manager)
    month_compute(world.store, month, timezone.now(), world.manager)


def credentials(world: CallWorld) -> dict[str, dict[str, dict[str, str]]]:
    """Headers and cookies of each principal: the client's token; the user's session and CSRF token."""
    browser = Client()
    browser.force_login(world.user)
    csrf = secrets.token_hex(16)  # a 32-character secret: Django accepts it unmasked in the header
    return {
        TOKEN: {"headers": {"Authorization": f"Token {world.api_key}"}, "cookies": {}},
        SESSION: {
            "headers": {"X-CSRFToken": csrf},
            "cookies": {
                settings.SESSION_COOKIE_NAME: browser.cookies[settings.SESSION_COOKIE_NAME].value,
                settings.CSRF_COOKIE_NAME: csrf,
            },
        },
    }


def _month(offset: int = 0) -> str:
    """YYYY-MM of this month (offset 0), the last (-1) or the next (1)."""
    first = timezone.localdate().replace(day=1)
    if offset < 0:
        first = (first - timedelta(days=1)).replace(day=1)
    elif offset > 0:
        first = (first + timedelta(days=32)).replace(day=1)
    return first.strftime("%Y-%m")


def _create(path: str) -> Callable[[CallWorld], dict[str, Any]]:
    return lambda w: CREATES[path].body(w.bodies)


def _fresh(obj: Any) -> Any:
    obj.refresh_from_db()
    return obj


def _ingest_date(w: CallWorld) -> str:
    return store_yesterday(w.store).isoformat()


def _export_upload(w: CallWorld, days: int) -> dict[str, Any]:
    """A 生意参谋 report of the last days as a multipart upload (see Call.form)."""
    from tests.funnel.import_files import sycm_csv

    first = store_yesterday(w.store) - timedelta(days=days + 10)
    return {"store": w.store.code, UPLOAD: {"name": "sycm.csv", "content": sycm_csv(first, days).decode()}}


# operationId -> the JSON body of the call (every operation with a request body needs one).
BODIES: dict[str, Callable[[CallWorld], Any]] = {
    "v1_alerts_acknowledge_create": lambda w: {"note": "看过了"},
    "v1_alerts_resolve_create": lambda w: {"note": "已处理"},
    "v1_assessments_scorecards_compute_create": lambda w: {"store": w.store.code, "month": _month(-1)},
    "v1_assessments_scorecards_finalise_create": lambda w: {"store": w.store.code, "month": _month(-1)},
    "v1_assessments_teamwork_create": lambda w: {
        "store": w.store.code,
        "person": w.own.person.pk,
        "month": _month(-1),
        "score": 90,
        "comment": "主动",
    },
    "v1_assessments_weights_create": lambda w: {"store": w.store.code, "role": "promoter", **WEIGHTS},
    "v1_inventory_products_create": _create("/api/v1/inventory/products/"),
    "v1_inventory_products_partial_update": lambda w: {
        "name": "收纳盒 renamed",
        "list_price": "61.00",
        "version": _fresh(w.own.product).version,
    },
    "v1_inventory_sales_daily_create": lambda w: {
        "records": [{"store": w.store.code, "sku": w.own.product.code, "date": _ingest_date(w), "quantity": 4}]
    },
    "v1_metrics_daily_create": lambda w: {
        "records": [{"store": w.store.code, "date": _ingest_date(w), "uv": 320, "orders": 9, "gmv": "880.00"}]
    },
    "v1_metrics_exports_create": lambda w: _export_upload(w, days=2),
    "v1_metrics_exports_preview_create": lambda w: _export_upload(w, days=3),
    "v1_milestones_create": lambda w: {
        **_create("/api/v1/milestones/")(w),
        "due_date": (w.own.plan.period_start + timedelta(days=40)).isoformat(),
    },
    "v1_plans_create": _create("/api/v1/plans/"),
    "v1_plans_partial_update": lambda w: {
        "notes": "改过",
        "weekday_weights": [1, 1, 1, 1, 1, 1.5, 1.5],
        "lock_version": _fresh(w.own.plan).lock_version + 1,  # after the stage's PATCH
    },
    "v1_plans_copy_create": lambda w: {"scenario": "conservative"},
    "v1_promotion_items_create": _create("/api/v1/promotion-items/"),
    "v1_promotion_items_partial_update": lambda w: {"promo_price": "45.00"},
    "v1_promotion_phases_create": lambda w: {
        **_create("/api/v1/promotion-phases/")(w),
        "start_date": w.own.promotion.start_date.isoformat(),
        "end_date": w.own.promotion.start_date.isoformat(),
    },
    "v1_promotion_preset_create": lambda w: {"store": w.store.code, "year": timezone.localdate().year + 1},
    "v1_promotions_create": _create("/api/v1/promotions/"),
    "v1_promotions_partial_update": lambda w: {
        "notes": "改过",
        "budget": "5000.00",
        "version": _fresh(w.own.promotion).version,
    },
    "v1_promotions_status_create": lambda w: {"status": "stock_decided"},
    "v1_rota_generate_create": lambda w: {
        "store": w.store.code,
        "role": "customer_service",
        "start": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "end": (timezone.localdate() + timedelta(days=13)).isoformat(),
        "seed": 7,
    },
    "v1_shift_patterns_create": _create("/api/v1/shift-patterns/"),
    "v1_shift_patterns_partial_update": lambda w: {"name": "早班 renamed"},
    "v1_shifts_create": _create("/api/v1/shifts/"),
    "v1_shifts_partial_update": lambda w: {"state": "confirmed", "version": _fresh(rota_objects(w.store)[1]).version},
    "v1_staffing_assignments_create": _create("/api/v1/staffing/assignments/"),
    "v1_staffing_assignments_update": lambda w: {
        "person": w.own.person.pk,
        "store": w.store.code,
        "role": "customer_service",
        "share": "0.40",
        "start_date": None,
        "end_date": None,
    },
    "v1_staffing_assignments_partial_update": lambda w: {"share": "0.45"},
    "v1_staffing_norms_update": lambda w: {"store": w.store.code, "norms": {"logistics": "120", "finance": None}},
    "v1_staffing_people_create": _create("/api/v1/staffing/people/"),
    "v1_staffing_people_update": lambda w: {
        "name": w.own.person.name,
        "start_date": w.own.person.start_date.isoformat(),
        "weekly_hours": "40.0",
        "phone": "139-0000-0000",
    },
    "v1_staffing_people_partial_update": lambda w: {"notes": "改过"},
    "v1_staffing_planned_update": lambda w: {
        "store": w.store.code,
        "month": _month(1),
        "headcount": {"customer_service": "2.5", "designer": None},
    },
    "v1_staffing_policy_partial_update": lambda w: {"store": w.store.code, "max_days_in_row": 5},
    "v1_staffing_time_off_create": _create("/api/v1/staffing/time-off/"),
    "v1_stage_plans_partial_update": lambda w: {"listed_items": 30, "lock_version": _fresh(w.own.plan).lock_version},
    "v1_stores_update": lambda w: {"name": w.store.name, "platform": w.store.platform, "notes": "改过"},
    "v1_stores_partial_update": lambda w: {"notes": "改过"},
}


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(path template, method, operation) of every operation of the schema."""
    return [
        (path, method, item[method]) for path, item in schema["paths"].items() for method in METHODS if method in item
    ]


def _route(template: str) -> Any:
    """The URL match of a path template (parameters replaced by a placeholder the converters accept)."""
    return resolve(re.sub(r"\{[^}]+\}", "1", template))


def _view_class(callback: Any) -> Any:
    return getattr(callback, "cls", None) or callback.view_class


def principal_for(template: str, method: str) -> str:
    """``api_client`` when a client holding every scope may make the call, else ``user`` (an ops manager)."""
    view = _view_class(_route(template).func)
    action = store_actions_for(view, method.upper())
    if action in api_client_actions(ApiScope.values) and not getattr(view, "callers_own", False):
        return TOKEN
    assert action in ROLE_ACTIONS[Role.OPS_MANAGER], f"{method.upper()} {template}: no principal may call it"
    return SESSION


def _success(operation: dict[str, Any]) -> int:
    statuses = [int(status) for status in operation["responses"] if status.startswith("2")]
    assert len(statuses) == 1, f"{operation['operationId']} documents {statuses}: one success status expected"
    return statuses[0]


def _delete_rank(template: str) -> int:
    """Deletes run an object before the objects it refers to: a model with more foreign keys to other deleted
    models' tables goes first."""
    model = _view_class(_route(template).func).queryset.model
    return -sum(1 for f in model._meta.get_fields() if f.many_to_one and f.concrete)


def _order(call: Call) -> tuple:
    if call.method == "get":
        return (0, 0)
    if call.method == "delete":
        return (4, _delete_rank(call.template))
    if call.operation_id in FIRST_WRITES:
        return (1, FIRST_WRITES.index(call.operation_id))
    if call.operation_id in LAST_WRITES:
        return (3, LAST_WRITES.index(call.operation_id))
    return (2, 0)


def plan_calls(schema: dict[str, Any], world: CallWorld) -> list[Call]:
    """The calls, one per operation, in the order they are to be made. Raises for an operation it cannot make."""
    calls = []
    problems = []
    for template, method, operation in operations(schema):
        operation_id = operation["operationId"]
        match = _route(template)
        name = match.url_name
        path_names = re.findall(r"\{([^}]+)\}", template)
        kwargs, query = API_REQUESTS[name](world.own) if name in API_REQUESTS else ({}, {})
        if len(path_names) != len(kwargs):
            problems.append(f"{operation_id}: add {name} to API_REQUESTS in tests/accounts/access_world.py")
            continue
        declared = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
        query = {k: v for k, v in query.items() if k in declared}
        missing = [n for n, p in declared.items() if p.get("required") and n not in query]
        if missing:
            problems.append(f"{operation_id}: required query {missing} has no value in API_REQUESTS[{name!r}]")
            continue
        body = None
        if "requestBody" in operation:
            if operation_id not in BODIES:
                problems.append(f"{operation_id}: add its body to BODIES in tests/clients/calls.py")
                continue
            body = BODIES[operation_id](world)
        path = reverse(name, kwargs=kwargs)
        # The schema names the router's ``pk`` after the model's field (``id``): the route's kwargs, in order.
        path_params = dict(zip(path_names, [kwargs[k] for k in resolve(path).kwargs], strict=True))
        calls.append(
            Call(
                operation_id=operation_id,
                method=method,
                template=template,
                path=path,
                path_params=path_params,
                query=query,
                body=body,
                principal=principal_for(template, method),
                status=_success(operation),
                media_type=next(iter(operation["requestBody"]["content"])) if body is not None else "application/json",
            )
        )
    assert not problems, "operations the call plan cannot make:\n" + "\n".join(problems)
    stale = set(BODIES) - {operation["operationId"] for _t, _m, operation in operations(schema)}
    assert not stale, f"BODIES names operations the schema no longer has: {sorted(stale)}"
    return sorted(calls, key=_order)
