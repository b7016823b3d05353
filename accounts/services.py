"""Writes of API clients: their scopes checked, their keys issued. Creating a client for stores is
:func:`stores.services.api_client_create`."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import joined

from .choices import ApiScope
from .keys import generate_key
from .models import ApiClient, ApiKey, default_scopes


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
            % {"scopes": joined(unknown), "known": joined(ApiScope.values)}
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
