"""Writes of people and access: API clients and their keys, memberships."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stores.models import Store

from .choices import ApiScope
from .keys import generate_key
from .models import ApiClient, ApiKey, default_scopes


def stores_by_codes(codes: Sequence[str]) -> list[Store]:
    """The stores with these codes, or a ValidationError naming every unknown code."""
    wanted = [c.strip() for c in codes if c.strip()]
    if not wanted:
        raise ValidationError(_("Name at least one store."))
    found = {s.code: s for s in Store.objects.filter(code__in=wanted)}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise ValidationError(_("Unknown store code(s): %(codes)s.") % {"codes": ", ".join(missing)})
    return [found[c] for c in wanted]


def scopes_checked(scopes: Sequence[str] | None) -> list[str]:
    """The scopes named (in the catalogue's order), the narrowest default when none is given, or a
    ValidationError naming every unknown one."""
    if scopes is None:
        return default_scopes()
    wanted = {s.strip() for s in scopes if s.strip()}
    unknown = sorted(wanted - set(ApiScope.values))
    if unknown:
        raise ValidationError(
            _("Unknown scope(s): %(scopes)s. Choose from %(known)s.")
            % {"scopes": ", ".join(unknown), "known": ", ".join(ApiScope.values)}
        )
    if not wanted:
        raise ValidationError(_("Give the client at least one scope."))
    return [s for s in ApiScope.values if s in wanted]


def api_key_issue(client: ApiClient) -> str:
    """Revoke the client's current keys and issue a new one; returns the key, shown once."""
    now = timezone.now()
    client.keys.filter(revoked_at__isnull=True).update(revoked_at=now)
    new = generate_key()
    ApiKey.objects.create(client=client, prefix=new.prefix, hashed_key=new.hashed)
    return new.key


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
