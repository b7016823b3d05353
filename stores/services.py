"""Writes of stores."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.members import record
from accounts.models import Membership, MembershipEventKind

from .choices import Platform
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
