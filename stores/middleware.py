"""Enforces each page's access rule before the view runs; see :mod:`accounts.access`."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from accounts.access import is_api_view, rule_of

from .permissions import role_can, role_in, stores_for

logger = logging.getLogger(__name__)

# Django's admin checks staff status itself.
EXEMPT_NAMESPACES = {"admin"}


class AccessRuleMiddleware:
    """Refuses a page unless its rule allows the request; sets ``request.store`` for store pages."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: dict) -> Any:
        match = request.resolver_match
        if match and EXEMPT_NAMESPACES.intersection(match.namespaces):
            return None
        if is_api_view(view_func):
            return None
        rule = rule_of(view_func)
        if rule is None:
            # Deny by default: a page that forgot its rule is closed, not open (tests list such pages).
            logger.error("View %s declares no access_rule; refusing.", match and match.view_name)
            raise PermissionDenied
        if rule.kind == "public":
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if rule.kind == "login":
            return None
        if rule.kind == "superuser":
            if not user.is_superuser:
                raise PermissionDenied
            return None
        if rule.kind == "any_store":
            if not (user.is_superuser or stores_for(user, rule.action).exists()):
                raise PermissionDenied
            return None
        return self._check_store(request, rule.action, view_kwargs)

    @staticmethod
    def _check_store(request: HttpRequest, action: str | None, view_kwargs: dict) -> None:
        code = view_kwargs.get("store")
        if code is None or action is None:
            raise ImproperlyConfigured("A store rule needs an action and a <slug:store> in the URL.")
        # A store the user cannot see at all is "not found", so store codes do not leak.
        store = stores_for(request.user).filter(code=code).first()
        if store is None:
            raise Http404
        role = role_in(request.user, store)
        if not role_can(request.user, role, action):
            raise PermissionDenied
        request.store = store
        request.store_role = role
        return None
