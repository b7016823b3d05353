"""Loading the demo data; every step is an upsert, so loading twice changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.choices import ApiScope
from accounts.models import ApiClient
from assessments.services import demo_assessments
from funnel.domain.records import validate_records
from funnel.models import Plan
from funnel.services.metrics import metrics_ingest
from funnel.services.plans import plan_activate, plan_create_from_template, plan_save
from opsplan.tasks import store_refresh
from stores.models import Membership, Store

from . import data
from .history import daily_history
from .inventory import inventory_load
from .promotions import demo_promotions
from .staffing import staffing_load


@transaction.atomic
def demo_load(as_of: date) -> list[tuple[str, dict[str, str]]]:
    """Load the demo company up to the day before ``as_of``; returns (username, {store code: role}) per login,
    the superuser's without roles."""
    stores = _stores()
    logins = _people(stores)
    _history(stores, as_of)
    inventory_load(stores, ApiClient.objects.get(name=data.DEMO_CLIENT), as_of)
    _plans(stores, as_of)
    demo_promotions(stores.values(), as_of)  # after the products, so Double 11 and 12.12 get SKUs
    staffing_load(stores, as_of)  # after the plans and promotions, whose days the planned headcount follows
    for store in stores.values():
        store_refresh(store)
        demo_assessments(store, 3, as_of)  # after the rollups it scores; nothing while a store has no people
    return logins


def _stores() -> dict[str, Store]:
    stores = {}
    for spec in data.STORES:
        fields = {k: v for k, v in spec.items() if k != "code"}
        store, _ = Store.objects.update_or_create(code=spec["code"], defaults=fields)
        stores[store.code] = store
    return stores


def _people(stores: dict[str, Store]) -> list[tuple[str, dict[str, str]]]:
    user_model = get_user_model()
    admin, created = user_model.objects.get_or_create(
        username=data.ADMIN_USERNAME, defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.com"}
    )
    if created:
        admin.set_password(data.DEMO_PASSWORD)
        admin.save()
    logins: list[tuple[str, dict[str, str]]] = [(admin.username, {})]
    for username, (chinese, english), roles in data.PEOPLE:
        # get_full_name() shows "王磊 Wang Lei": the Chinese name first, then the English one.
        user, created = user_model.objects.update_or_create(
            username=username,
            defaults={"first_name": chinese, "last_name": english, "email": f"{username}@example.com"},
        )
        if created:
            user.set_password(data.DEMO_PASSWORD)
            user.save()
        for code, role in roles.items():
            Membership.objects.update_or_create(user=user, store=stores[code], defaults={"role": role})
        logins.append((username, dict(roles)))
    return logins


def _history(stores: dict[str, Store], as_of: date) -> None:
    """Daily metrics since each store's launch (at most HISTORY_DAYS), pushed through the real ingest."""
    client, _ = ApiClient.objects.get_or_create(
        name=data.DEMO_CLIENT, defaults={"scopes": [ApiScope.PUSH_METRICS, ApiScope.PUSH_SALES]}
    )
    client.stores.set(stores.values())
    last = as_of - timedelta(days=1)
    for code, growth in data.GROWTH.items():
        store = stores[code]
        first = max(store.launch_date, last - timedelta(days=data.HISTORY_DAYS - 1))
        records = daily_history(code, growth, first, last)
        today = {code: as_of}
        clean, errors = validate_records(records, today)
        if errors:  # the generator is ours: a bad record is a bug, not input to skip
            raise ValueError(f"demo history of {code} is invalid: {errors[:3]}")
        metrics_ingest(client, clean, {code: store.pk})


def _plans(stores: dict[str, Store], as_of: date) -> None:
    """An active plan per store whose stages line up with its history; kept if it exists already."""
    admin = get_user_model().objects.get(username=data.ADMIN_USERNAME)
    for code, spec in data.PLANS.items():
        store = stores[code]
        if Plan.objects.filter(store=store, name=spec["name"]).exists():
            continue
        start, end = spec["period"]
        plan = plan_create_from_template(
            store, admin, name=spec["name"], period_start=start, period_end=end, as_of=as_of
        )
        starts = spec["stage_starts"]
        ends = [later - timedelta(days=1) for later in starts[1:]] + [end]
        rows = zip(starts, ends, spec["orders_per_day"], spec["conversion"], strict=True)
        stage_values = {
            n: {
                "start_date": s,
                "end_date": e,
                "orders_per_day": Decimal(o),
                "conversion": Decimal(c),
                "aov": Decimal(spec["aov"]),
            }
            for n, (s, e, o, c) in enumerate(rows, start=1)
        }
        plan = plan_save(plan.pk, admin, lock_version=plan.lock_version, stage_values=stage_values)
        plan_activate(plan, admin)
