"""Dashboard helpers: sort values of table cells and drill-down links. Numbers are written by the built-in filters
of core.templatetags.numbers (money, count, pct …), as on every page."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def sort_value(value: Any) -> str:
    """What a sortable cell sorts by: the plain number, or nothing (sorted last)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@lru_cache(maxsize=4096)
def _days_path(store_code: str) -> str:
    return reverse("dashboards:days", kwargs={"store": store_code})


@register.simple_tag
def days_url(store_code: str, first: date, last: date | None = None) -> str:
    """The days behind a figure: /dashboards/<store>/days/?from=&to= (the path reversed once per store)."""
    return f"{_days_path(store_code)}?from={first.isoformat()}&to={(last or first).isoformat()}"
