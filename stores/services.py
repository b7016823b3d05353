"""Writes of stores."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.members import record
from accounts.models import Membership, MembershipEventKind

from .choices import Platform
from .days import dirty_mark_ranges
from .models import Store


@transaction.atomic
def store_upsert(code: str, *, name: str, platform: str) -> tuple[Store, bool]:
    """Create the store ``code`` or update its name and platform; returns (store, created)."""
    if platform not in Platform.values:
        raise ValidationError(
            _("Unknown platform %(platform)s; use one of: %(choices)s.")
            % {"platform": platform, "choices": " ".join(Platform.values)}
        )
    store = Store.objects.select_for_update().filter(code=code).first()
    created = store is None
    if created:
        store = Store(code=code)
    store.name = name.strip()
    store.platform = platform
    store.full_clean()
    store.save()
    return store, created


@transaction.atomic
def store_create_by(user, store: Store) -> Store:
    """Save a new store made in the browser and make its creator the store's ops manager."""
    store.save()
    if not user.is_superuser:
        Membership.objects.create(user=user, store=store, role=Role.OPS_MANAGER)
        record(store, MembershipEventKind.ADDED, user, user, after=Role.OPS_MANAGER)
    return store


def store_source_policy_changed(store: Store) -> None:
    """A store's source policy decides which source counts on a day that has several: when it changes, every day
    with metrics may count differently, so the store's metric days are marked for the next rollup."""
    from funnel.models import DailyMetric  # funnel builds on stores: a known upward edge (docs/architecture.md)

    span = DailyMetric.objects.filter(store=store).aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is not None:
        dirty_mark_ranges([(store.pk, span["first"], span["last"])])
