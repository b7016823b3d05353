"""Bringing someone into a store's team and onto its roster in one step: the membership (stores.members) and,
when the manager names the roster person they are, that person's login (staffing's rule for shared details)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.choices import Action
from staffing.models import Person
from staffing.services import person_login_link
from stores.members import NewMember, member_add_by_username, member_invite
from stores.models import Membership, Store
from stores.permissions import stores_for


def _link(actor: Any, person: Person | None, user: Any) -> None:
    if person is not None:
        person_login_link(person, user, set(stores_for(actor, Action.EDIT_STAFFING).values_list("pk", flat=True)))


@transaction.atomic
def team_member_add(actor: Any, store: Store, username: str, role: str, person: Person | None) -> Membership:
    """Add an existing user to ``store``'s team, and link them to their roster person: both or neither."""
    membership = member_add_by_username(actor, store, username, role)
    _link(actor, person, membership.user)
    return membership


@transaction.atomic
def team_member_invite(
    actor: Any, store: Store, *, username: str, name: str, email: str, role: str, person: Person | None
) -> NewMember:
    """Create a new user in ``store``'s team with a one-time link, linked to their roster person: all or nothing."""
    new = member_invite(actor, store, username=username, name=name, email=email, role=role)
    _link(actor, person, new.user)
    return new
