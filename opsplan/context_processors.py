"""Template context every page gets: the navigation."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The sections of the site, in menu order; a section appears once its pages exist. A page belongs to the section
# of its URL namespace (the app it is in), not to the one its path starts with: a store's plans live under
# /stores/<store>/plans/ and are Plans. The namespace of the entry's URL name is the section's own; the others
# listed are pages reached from the section (a store's morning briefing, from its store page).
SECTIONS = [
    ("stores", "stores:store_list", _("Stores"), ("briefings",)),
    ("plans", "funnel:plan_list", _("Plans"), ()),
    ("orders", "orders:home", _("Orders"), ()),
    ("dashboards", "dashboards:portfolio", _("Dashboards"), ()),
    ("alerts", "alerts:alert_list", _("Alerts"), ()),
    ("staffing", "staffing:home", _("Staffing"), ()),
    ("team", "team:home", _("Team"), ()),
    ("assessments", "assessments:home", _("Assessments"), ()),
    ("rotas", "rotas:home", _("Rotas"), ()),
    ("inventory", "inventory:home", _("Inventory"), ()),
    ("promotions", "promotions:calendar", _("Promotions"), ()),
]


def section_of(namespace: str) -> str | None:
    """The key of the section a page in this URL namespace belongs to, or None (the home page, the login)."""
    for key, url_name, _label, also in SECTIONS:
        if namespace == url_name.split(":")[0] or namespace in also:
            return key
    return None


def navigation(request: HttpRequest) -> dict:
    match = getattr(request, "resolver_match", None)
    current = section_of(match.namespace) if match else None
    items = []
    for key, url_name, label, _also in SECTIONS:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"key": key, "url": url, "label": label, "active": key == current})
    return {"nav_items": items}
