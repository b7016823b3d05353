"""Reads of a store's team: its members, the history of its changes, the roster people without a login."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.choices import Role
from staffing.models import Person
from stores.models import Membership, MembershipEvent, Store


def team_members(store: Store) -> list[Membership]:
    """The store's members with their users, in the order of the roles (ops managers first), then by username."""
    order = {role: position for position, role in enumerate(Role.values)}
    members = list(store.memberships.select_related("user").order_by("user__username"))
    members.sort(key=lambda m: order.get(m.role, len(order)))
    return members


def team_history(store: Store) -> QuerySet[MembershipEvent]:
    """Every change of the store's team, the latest first."""
    return MembershipEvent.objects.filter(store=store).order_by("-at", "-pk")


def people_without_login(store: Store) -> QuerySet[Person]:
    """People on the store's roster who have no login yet: the ones a new member may be."""
    return Person.objects.filter(assignments__store=store, user__isnull=True).distinct().order_by("name", "pk")
