"""Links only to pages the user may open: a URL name and its kwargs become a URL when the route's access rule
(:mod:`accounts.access`) lets the user through, else nothing, so no page shows a link that answers 403 or 404.

Templates use it as ``{% allowed_url 'inventory:sales_entry' store=store.code as url %}{% if url %}…{% endif %}``
(``stores.templatetags.access_tags``); views and alerts call :func:`allowed_url` directly.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import resolve, reverse

from accounts.access import AccessRule, rule_of
from accounts.grants import ROLE_ACTIONS

from .models import Membership, Store
from .permissions import stores_for

CACHE_ATTRIBUTE = "_allowed_url_roles"


def _roles(request: HttpRequest) -> dict[str, str]:
    """The user's role per store code, read once per request (a page may check dozens of links)."""
    roles = getattr(request, CACHE_ATTRIBUTE, None)
    if roles is None:
        memberships = Membership.objects.filter(user=request.user).values_list("store__code", "role")
        roles = dict(memberships)
        setattr(request, CACHE_ATTRIBUTE, roles)
    return roles


def rule_allows(request: HttpRequest, rule: AccessRule | None, store_code: str | None) -> bool:
    """Whether the AccessRuleMiddleware would let ``request.user`` through ``rule`` (for the store ``store_code``)."""
    if rule is None:
        return False
    user = request.user
    if rule.kind == "public":
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if rule.kind == "login":
        return True
    if rule.kind == "superuser":
        return user.is_superuser
    if rule.kind == "any_store":
        return user.is_superuser or stores_for(user, rule.action).exists()
    if user.is_superuser:
        return store_code is not None and Store.objects.filter(code=store_code).exists()
    role = _roles(request).get(store_code or "")
    return role is not None and rule.action in ROLE_ACTIONS.get(role, frozenset())


def allowed_url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    """The URL of ``name`` with ``kwargs`` if the user may open it, else an empty string."""
    url = reverse(name, kwargs={key: value for key, value in kwargs.items() if value is not None} or None)
    match = resolve(url)
    store = match.kwargs.get("store")
    return url if rule_allows(request, rule_of(match.func), str(store) if store is not None else None) else ""
