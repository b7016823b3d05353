"""Number formats of the dashboards: money in CNY, shares as percentages, drill-down links."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.translation import get_language

register = template.Library()


@register.filter
def money(value: Any, places: str = "2g") -> str:
    """¥1,234.50; a negative amount as −¥1,234.50; nothing known as –.

    Formatted in Python rather than with floatformat: a dashboard shows a thousand of these, and
    CNY groups thousands with commas in Chinese and English alike."""
    if value is None or value == "":
        return "–"
    amount = value if isinstance(value, Decimal) else Decimal(value)
    sign = "−" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.{_places(places)}f}"


@lru_cache(maxsize=64)
def _places(places: str) -> int:
    return int("".join(c for c in str(places) if c.isdigit()) or 2)


@register.filter
def signed_money(value: Any) -> str:
    """+¥1,234.50 or −¥1,234.50: an effect or a variance."""
    if value is None or value == "":
        return "–"
    return ("+" if Decimal(value) > 0 else "") + money(value)


@register.filter
def pct(value: Any, places: int = 1) -> str:
    """A share as a percentage: 0.953 -> 95.3%."""
    if value is None or value == "":
        return "–"
    return f"{Decimal(value) * 100:.{int(places)}f}%"


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


@register.filter
def count(value: Any) -> str:
    """A count with thousands separators; nothing known as –."""
    if value is None or value == "":
        return "–"
    if type(value) is int:  # the common case, without number_format's three format lookups per call
        separator, grouping = _int_grouping(get_language())
        if grouping:
            digits = str(abs(value))
            head = len(digits) % grouping or grouping
            parts = [digits[:head], *(digits[i : i + grouping] for i in range(head, len(digits), grouping))]
            return ("-" if value < 0 else "") + separator.join(parts)
    return intcomma(value)


@lru_cache(maxsize=32)
def _int_grouping(language: str | None) -> tuple[str, int]:
    """The language's thousands separator and group size, as intcomma uses them; (…, 0) when the grouping is
    not a plain group size (then intcomma formats)."""
    grouping = get_format("NUMBER_GROUPING", language, use_l10n=True)
    separator = get_format("THOUSAND_SEPARATOR", language, use_l10n=True)
    return str(separator), grouping if isinstance(grouping, int) and grouping > 0 else 0
