"""What each role and each API scope grants: the actions (:class:`accounts.choices.Action`) its holder may perform in
a store. In which stores someone holds a role or a client its scopes is asked of :mod:`stores.permissions`."""

from __future__ import annotations

from typing import Any

from .choices import Action, ApiScope, Role

# Pushes have an API client as their source, never a person.
CLIENT_ONLY_ACTIONS: frozenset[str] = frozenset({Action.PUSH_METRICS, Action.PUSH_SALES})
# Every member of a store sees the store and its staff.
MEMBER = frozenset({Action.VIEW, Action.VIEW_STAFF})

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.OPS_MANAGER: frozenset(Action.values) - CLIENT_ONLY_ACTIONS,
    Role.CUSTOMER_SERVICE: MEMBER | {Action.LOG_ORDERS},
    Role.DESIGNER: MEMBER,
    Role.PROMOTER: MEMBER | {Action.EDIT_PROMOTIONS},
    Role.LOGISTICS: MEMBER | {Action.EDIT_INVENTORY},
    Role.FINANCE: MEMBER,
    Role.EDITOR: MEMBER | {Action.EDIT_INVENTORY},
    Role.VIEWER: MEMBER,
}

# What each scope of an API client grants in the client's stores; a client holds the union of its scopes'.
API_CLIENT_ACTIONS: dict[str, frozenset[str]] = {
    ApiScope.PUSH_METRICS: frozenset({Action.PUSH_METRICS}),
    ApiScope.PUSH_SALES: frozenset({Action.PUSH_SALES}),
    ApiScope.READ_REPORTS: frozenset({Action.VIEW}),
    ApiScope.READ_STAFF: frozenset({Action.VIEW, Action.VIEW_STAFF}),
}


def api_client_actions(scopes: Any) -> frozenset[str]:
    """The actions a client with these scopes holds in its stores (unknown scopes grant nothing)."""
    return frozenset().union(*(API_CLIENT_ACTIONS.get(scope, frozenset()) for scope in scopes or ()))


def roles_allowed(action: str) -> list[str]:
    """The roles that grant ``action``."""
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]
