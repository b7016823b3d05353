"""Every URL of opsplan declares who may use it; a new page or endpoint without a rule fails here."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, path

from accounts.access import is_api_view, rule_of
from opsplan import urls as root_urls
from stores.permissions import StoreAccess

# Views that guard themselves with a stated permission class instead of store_actions.
SELF_GUARDED_API = {"SpectacularAPIView", "SpectacularSwaggerSplitView"}


def walk(patterns, prefix="", namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback, namespaces


ROUTES = [r for r in walk(get_resolver().url_patterns) if "admin" not in r[2]]


def test_the_url_conf_is_walked():
    assert len(ROUTES) > 10


@pytest.mark.parametrize("route,callback,namespaces", ROUTES, ids=[r[0] for r in ROUTES])
def test_every_route_declares_its_access(route, callback, namespaces):
    if is_api_view(callback):
        view_class = getattr(callback, "cls", None) or callback.view_class
        if view_class.__name__ in SELF_GUARDED_API:
            assert StoreAccess not in view_class.permission_classes
            return
        assert StoreAccess in view_class.permission_classes, route
        assert getattr(view_class, "public", False) or view_class.store_actions, f"{route} declares no store_actions"
        return
    rule = rule_of(callback)
    assert rule is not None, f"{route} declares no access_rule"
    if rule.kind == "store":
        assert "<slug:store>" in route, f"{route} has a store rule but no <slug:store> in its path"


def _naked(request):
    return HttpResponse("should never be served")


urlpatterns = [path("naked/", _naked), *root_urls.urlpatterns]


@pytest.mark.urls("tests.accounts.test_url_rules")
def test_a_page_without_a_rule_is_refused(admin_client):
    assert admin_client.get("/naked/").status_code == 403
