"""Helpers shared by the staffing pages."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import store_rule
from accounts.choices import Action
from core.dates import local_date
from stores.models import Store
from stores.permissions import can, stores_for

from ..models import Person
from ..selectors import person_in_store

VIEW = store_rule(Action.VIEW)
EDIT = store_rule(Action.EDIT_STAFFING)


def store_today(store: Store) -> date:
    return local_date(store.time_zone, timezone.now())


def person_or_404(request: HttpRequest, pk: int) -> Person:
    """A person with an assignment in the request's store; people of other stores are not found."""
    person = person_in_store(request.store, pk)
    if person is None:
        raise Http404(_("No such person on this store's roster."))
    return person


def managed_stores(request: HttpRequest) -> list[Store]:
    """The stores whose staff the user manages (the elastic team: a person may serve several of them)."""
    return list(stores_for(request.user, Action.EDIT_STAFFING).order_by("name", "code"))


def readable_store_ids(request: HttpRequest) -> set[int]:
    """The stores the user may read: other stores a person serves are shown only as "other stores"."""
    return set(stores_for(request.user, Action.VIEW).values_list("pk", flat=True))


def can_edit(request: HttpRequest) -> bool:
    return can(request.user, Action.EDIT_STAFFING, request.store)
