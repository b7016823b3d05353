"""``Authorization: Token <key>`` for API clients (../shared/API.md)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .keys import key_matches, split_prefix
from .models import ApiClient, ApiKey


class ApiClientTokenAuthentication(BaseAuthentication):
    """Authenticates an API client by one of its unrevoked keys; the client becomes ``request.user``."""

    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header: use 'Token <key>'."))
        try:
            key = parts[1].decode()
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid API key.")) from exc
        return self.authenticate_key(key)

    def authenticate_key(self, key: str) -> tuple[ApiClient, ApiKey]:
        prefix = split_prefix(key)
        now = timezone.now()
        api_key = (
            ApiKey.objects.select_related("client")
            .filter(Q(revoked_at__isnull=True) | Q(revoked_at__gt=now), prefix=prefix, client__is_active=True)
            .first()
            if prefix
            else None
        )
        if api_key is None or not key_matches(key, api_key.hashed_key):
            raise exceptions.AuthenticationFailed(_("Invalid API key."))
        client = api_key.client
        # At most one write a minute per client keeps this off the hot path.
        if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        return client, api_key

    def authenticate_header(self, request) -> str:
        return self.keyword
