"""Loading the demo data; every step is an upsert, so loading twice changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.models import ApiClient, Membership
from funnel.domain.records import validate_records
from funnel.services.metrics import metrics_ingest
from rollups.services import dirty_ranges, store_rollup_build
from stores.models import Store

from . import data
from .history import daily_history


@transaction.atomic
def demo_load(as_of: date) -> list[tuple[str, str]]:
    """Load the demo company up to the day before ``as_of``; returns (username, description) per login."""
    stores = _stores()
    logins = _people(stores)
    _history(stores, as_of)
    return logins


def _stores() -> dict[str, Store]:
    stores = {}
    for spec in data.STORES:
        fields = {k: v for k, v in spec.items() if k != "code"}
        store, _ = Store.objects.update_or_create(code=spec["code"], defaults=fields)
        stores[store.code] = store
    return stores


def _people(stores: dict[str, Store]) -> list[tuple[str, str]]:
    user_model = get_user_model()
    admin, created = user_model.objects.get_or_create(
        username=data.ADMIN_USERNAME, defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.com"}
    )
    if created:
        admin.set_password(data.DEMO_PASSWORD)
        admin.save()
    logins = [(admin.username, "superuser: every store, the admin")]
    for username, (last, first), roles in data.PEOPLE:
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"last_name": last, "first_name": first, "email": f"{username}@example.com"}
        )
        if created:
            user.set_password(data.DEMO_PASSWORD)
            user.save()
        for code, role in roles.items():
            Membership.objects.update_or_create(user=user, store=stores[code], defaults={"role": role})
        logins.append((username, ", ".join(f"{role} @ {code}" for code, role in roles.items())))
    return logins


def _history(stores: dict[str, Store], as_of: date) -> None:
    """A year of daily metrics (less for younger stores), pushed through the real ingest and rolled up."""
    client, _ = ApiClient.objects.get_or_create(name=data.DEMO_CLIENT)
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
    for store_id, first, last_day in dirty_ranges([s.pk for s in stores.values()]):
        store_rollup_build(Store.objects.get(pk=store_id), first, last_day)
