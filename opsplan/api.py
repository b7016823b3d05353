"""Shared pieces of the REST API: pagination and store scoping."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import PageNumberPagination

from accounts.choices import Action
from accounts.permissions import stores_for
from stores.models import Store


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000


class StoreScopedViewSetMixin:
    """Limits a viewset to the stores the caller may read; ``store_path`` leads from the row to its store.

    ``store_path = ""`` means the rows are stores themselves.
    """

    store_path: str = "store"
    store_actions: dict[str, str] = {"GET": Action.VIEW}

    def get_queryset(self):
        queryset = super().get_queryset()
        readable = stores_for(self.request.user, Action.VIEW)
        if not self.store_path:
            return queryset.filter(pk__in=readable.values("pk"))
        return queryset.filter(**{f"{self.store_path}__in": readable.values("pk")})

    def store_of(self, obj: Any) -> Store:
        if not self.store_path:
            return obj
        for part in self.store_path.split("__"):
            obj = getattr(obj, part)
        return obj
