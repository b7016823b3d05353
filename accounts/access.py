"""Access rules that pages declare; :class:`stores.middleware.AccessRuleMiddleware` enforces them.

Every page names its rule, so a page without one is refused rather than left open::

    class StoreUpdateView(UpdateView):
        access_rule = store_rule(Action.EDIT_STORE)   # URL must carry <slug:store>

    urlpatterns = [path("login/", public(LoginView.as_view()), name="login")]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["public", "login", "superuser", "store", "any_store"]


@dataclass(frozen=True)
class AccessRule:
    """``store``: the action in the store named by the URL's ``store`` kwarg;
    ``any_store``: the action in at least one store (e.g. creating a new store)."""

    kind: Kind
    action: str | None = None


PUBLIC = AccessRule("public")
LOGIN = AccessRule("login")
SUPERUSER = AccessRule("superuser")


def store_rule(action: str) -> AccessRule:
    return AccessRule("store", action)


def any_store_rule(action: str) -> AccessRule:
    return AccessRule("any_store", action)


def with_rule(rule: AccessRule) -> Callable[[Any], Any]:
    """Attach ``rule`` to a view function (or an ``as_view()`` result)."""

    def attach(view: Any) -> Any:
        view.access_rule = rule
        return view

    return attach


public = with_rule(PUBLIC)
login_only = with_rule(LOGIN)


def rule_of(view_func: Any) -> AccessRule | None:
    """The rule a resolved view declares, on the function or on its class."""
    rule = getattr(view_func, "access_rule", None)
    if rule is None:
        view_class = getattr(view_func, "view_class", None)
        rule = getattr(view_class, "access_rule", None)
    return rule


def is_api_view(view_func: Any) -> bool:
    """DRF views authenticate inside the view, so :class:`stores.permissions.StoreAccess` guards them."""
    from rest_framework.views import APIView

    view_class = getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)
