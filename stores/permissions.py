"""The one access mechanism: who may do which action in which store.

Pages declare an ``access_rule`` (see :mod:`accounts.access`) that
:class:`stores.middleware.AccessRuleMiddleware` enforces; API views declare
``store_actions`` that :class:`StoreAccess` enforces and :func:`stores_for` filters by.
Both ask the same two questions of this module; what a role or a scope grants is :mod:`accounts.grants`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.choices import Action
from accounts.grants import CLIENT_ONLY_ACTIONS, api_client_actions, roles_allowed
from accounts.models import ApiClient

from .models import Membership, Store


def stores_for(principal: Any, action: str = Action.VIEW) -> QuerySet[Store]:
    """The stores in which ``principal`` (a user or an API client) may perform ``action``."""
    if principal is None or not getattr(principal, "is_authenticated", False):
        return Store.objects.none()
    if isinstance(principal, ApiClient):
        if not principal.is_active or action not in api_client_actions(principal.scopes):
            return Store.objects.none()
        return Store.objects.filter(api_clients=principal)
    if not principal.is_active:
        return Store.objects.none()
    if action in CLIENT_ONLY_ACTIONS:
        return Store.objects.none()  # pushed figures have an API client as their source, never a person
    if principal.is_superuser:
        return Store.objects.all()
    member_of = Membership.objects.filter(user=principal, role__in=roles_allowed(action)).values("store_id")
    return Store.objects.filter(pk__in=member_of)


def role_in(user: Any, store: Store) -> str | None:
    """The user's role in ``store``, or None."""
    if not getattr(user, "is_authenticated", False) or isinstance(user, ApiClient):
        return None
    return Membership.objects.filter(user=user, store=store).values_list("role", flat=True).first()


def can(principal: Any, action: str, store: Store) -> bool:
    """Whether ``principal`` may perform ``action`` in ``store``."""
    return stores_for(principal, action).filter(pk=store.pk).exists()


def role_can(user: Any, role: str | None, action: str) -> bool:
    """Whether a person whose role in a store is ``role`` (:func:`role_in`) may perform ``action`` there: what
    :func:`can` answers for a user, without a query once the role is known."""
    if user is None or not getattr(user, "is_authenticated", False) or isinstance(user, ApiClient):
        return False
    if not user.is_active or action in CLIENT_ONLY_ACTIONS:
        return False
    return bool(user.is_superuser) or (role is not None and role in roles_allowed(action))


def store_actions_for(view: Any, method: str) -> str | None:
    """The action an API view requires for an HTTP method (reads default to VIEW)."""
    actions: dict[str, str] = getattr(view, "store_actions", {})
    if method in actions:
        return actions[method]
    if method in SAFE_METHODS:
        return actions.get("GET", Action.VIEW if actions else None)
    return actions.get("WRITE")


class StoreAccess(BasePermission):
    """DRF permission enforcing ``store_actions`` of a view; a view that declares none is denied.

    List endpoints are further narrowed by :class:`core.api.StoreScopedViewSetMixin`,
    which filters the queryset with :func:`stores_for`; objects of other stores are 404.
    """

    def has_permission(self, request, view) -> bool:
        if getattr(view, "public", False):
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        # Which store is decided per object (other stores' rows are 404 through the queryset)
        # or, for creation, by the serializer checking the store named in the body.
        action = store_actions_for(view, request.method)
        if action is None:
            return False
        if getattr(view, "callers_own", False):
            # The caller's own records (their shifts), whatever stores they belong to: a person, never a client.
            return not isinstance(request.user, ApiClient)
        # Someone who may do the action in none of their stores is refused before anything is looked up or read:
        # a read-only role gets 403, not the validation errors of a body it could never send, and an API client
        # without the scope gets 403 whichever object it names (the answer is the same for every object, so it
        # tells nothing). Whoever holds the action somewhere has it decided on the object: another store's is 404.
        return stores_for(request.user, action).exists()

    def has_object_permission(self, request, view, obj) -> bool:
        action = store_actions_for(view, request.method)
        store = view.store_of(obj)
        return action is not None and can(request.user, action, store)
