"""Writes of stores: the stores themselves, their creator's membership, and the API clients that push to them."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import ApiClient
from accounts.services import api_key_issue, scopes_checked

from .choices import MembershipEventKind, Platform
from .members import record
from .models import Membership, Store
from .selectors import stores_by_codes


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


@transaction.atomic
def api_client_create(
    name: str, store_codes: Sequence[str], *, scopes: Sequence[str] | None = None, rotate: bool = False
) -> tuple[ApiClient, str]:
    """Create an API client for stores with ``scopes`` (default: only pushing metrics); with ``rotate``, replace an
    existing one's key (and its scopes, when given)."""
    name = name.strip()
    if not name:
        raise ValidationError(_("The client needs a name."))
    stores = stores_by_codes(store_codes)
    granted = scopes_checked(scopes)
    client = ApiClient.objects.select_for_update().filter(name=name).first()
    if client is not None and not rotate:
        raise ValidationError(
            _("An API client named %(name)s exists; pass --rotate to revoke its key and issue a new one.")
            % {"name": name}
        )
    if client is None:
        client = ApiClient.objects.create(name=name, scopes=granted)
    else:
        client.is_active = True
        if scopes is not None:
            client.scopes = granted
        client.save(update_fields=["is_active", "scopes"])
    client.stores.set(stores)
    return client, api_key_issue(client)
