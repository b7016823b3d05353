"""The REST API's store scoping: viewsets limited to the stores the caller may read, and throttles per API client or
user. References in bodies and queries are in stores.references."""

from __future__ import annotations

import logging
from typing import Any

from rest_framework.throttling import SimpleRateThrottle

from accounts.choices import Action
from accounts.models import ApiClient

from .models import Store
from .permissions import store_actions_for, stores_for

logger = logging.getLogger(__name__)


class StoreScopedViewSetMixin:
    """Limits a viewset to the stores in which the caller holds the view's read action (``VIEW``, or ``VIEW_STAFF``
    for staff data); ``store_path`` leads from the row to its store.

    ``store_path = ""`` means the rows are stores themselves.
    """

    store_path: str = "store"
    store_actions: dict[str, str] = {"GET": Action.VIEW}

    def get_queryset(self):
        queryset = super().get_queryset()
        readable = stores_for(self.request.user, store_actions_for(self, "GET") or Action.VIEW)
        if not self.store_path:
            return queryset.filter(pk__in=readable.values("pk"))
        return queryset.filter(**{f"{self.store_path}__in": readable.values("pk")})

    def store_of(self, obj: Any) -> Store:
        if not self.store_path:
            return obj
        for part in self.store_path.split("__"):
            obj = getattr(obj, part)
        return obj


class PrincipalRateThrottle(SimpleRateThrottle):
    """Rate limit per API client or user (``scope`` names the rate in ``DEFAULT_THROTTLE_RATES``)."""

    scope = "api"

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:  # noqa: BLE001 - the cache (Redis) is down: serve rather than fail every request
            logger.warning("rate limiting skipped: the cache is unreachable", exc_info=True)
            return True

    def get_cache_key(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        kind = "client" if isinstance(user, ApiClient) else "user"
        return self.cache_format % {"scope": self.scope, "ident": f"{kind}:{user.pk}"}


class IngestRateThrottle(PrincipalRateThrottle):
    scope = "ingest"
