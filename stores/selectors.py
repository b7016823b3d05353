"""Reads of stores."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from accounts.choices import Action
from accounts.models import Membership
from accounts.permissions import stores_for

from .models import Store


def store_list_for(user: Any) -> QuerySet[Store]:
    """The stores a user may see, with their member counts."""
    return stores_for(user, Action.VIEW).annotate(member_count=Count("memberships")).order_by("name", "code")


def store_members(store: Store) -> QuerySet[Membership]:
    return store.memberships.select_related("user").order_by("role", "user__username")
