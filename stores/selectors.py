"""Reads of stores."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from accounts.choices import Action
from core.text import joined

from .models import Membership, Store
from .permissions import stores_for


def store_list_for(user: Any) -> QuerySet[Store]:
    """The stores a user may see, with their member counts."""
    return stores_for(user, Action.VIEW).annotate(member_count=Count("memberships")).order_by("name", "code")


def store_members(store: Store) -> QuerySet[Membership]:
    return store.memberships.select_related("user").order_by("role", "user__username")


def stores_by_codes(codes: Sequence[str]) -> list[Store]:
    """The stores with these codes, or a ValidationError naming every unknown code."""
    wanted = [c.strip() for c in codes if c.strip()]
    if not wanted:
        raise ValidationError(_("Name at least one store."))
    found = {s.code: s for s in Store.objects.filter(code__in=wanted)}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise ValidationError(_("Unknown store code(s): %(codes)s.") % {"codes": joined(missing)})
    return [found[c] for c in wanted]
