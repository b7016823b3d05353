"""Template context every page gets: the navigation."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The sections of the site, in menu order; a section appears once its pages exist.
SECTIONS = [
    ("stores", "stores:store_list", _("Stores")),
    ("plans", "funnel:plan_list", _("Plans")),
    ("orders", "orders:home", _("Orders")),
    ("dashboards", "dashboards:portfolio", _("Dashboards")),
    ("alerts", "alerts:alert_list", _("Alerts")),
    ("staffing", "staffing:home", _("Staffing")),
    ("team", "team:home", _("Team")),
    ("assessments", "assessments:home", _("Assessments")),
    ("rotas", "rotas:home", _("Rotas")),
    ("inventory", "inventory:home", _("Inventory")),
    ("promotions", "promotions:calendar", _("Promotions")),
]


def navigation(request: HttpRequest) -> dict:
    items = []
    for key, url_name, label in SECTIONS:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"key": key, "url": url, "label": label, "active": request.path.startswith(url)})
    return {"nav_items": items}
