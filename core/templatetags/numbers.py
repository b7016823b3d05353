"""The number filters every template has without a ``{% load %}`` (TEMPLATES' ``builtins``): they write figures
through ``core.numbers``, so a page, an export and a chart show the same figure the same way.

``{{ gmv|money }}`` ¥1,234.50 · ``{{ orders|count }}`` 23,111 · ``{{ units|signed_count }}`` −3 ·
``{{ conversion|pct }}`` 2.4% · ``{{ effect|signed_money }}`` +¥12.00 · ``{{ change|signed_pct }}`` −4.0% ·
``{{ gmv|compact_money }}`` ¥38.83万
"""

from __future__ import annotations

from typing import Any

from django import template

from core import numbers

register = template.Library()


@register.filter
def count(value: Any) -> str:
    if type(value) is int:  # the common case on a dashboard of a thousand cells, without Decimal
        return f"{value:,}" if value >= 0 else f"{numbers.MINUS}{-value:,}"
    return numbers.count(value)


@register.filter
def signed_count(value: Any) -> str:
    return numbers.signed_count(value)


@register.filter
def money(value: Any, places: Any = 2) -> str:
    return numbers.money(value, _places(places))


@register.filter
def signed_money(value: Any, places: Any = 2) -> str:
    return numbers.signed_money(value, _places(places))


@register.filter
def pct(value: Any, places: Any = 1) -> str:
    return numbers.pct(value, _places(places))


@register.filter
def signed_pct(value: Any, places: Any = 1) -> str:
    return numbers.signed_pct(value, _places(places))


@register.filter
def decimal(value: Any, places: Any = 2) -> str:
    """A plain figure with separators and a fixed number of places: 1,234.5 -> 1,234.50."""
    return numbers.grouped(value, _places(places))


@register.filter
def compact(value: Any) -> str:
    """A count abbreviated for a card or an axis: 38.83万 / 388.26k."""
    return numbers.compact(value)


@register.filter
def compact_money(value: Any) -> str:
    """Money abbreviated for a card: ¥38.83万 / ¥388.26k."""
    return numbers.compact(value, currency=True)


def _places(places: Any) -> int:
    """A filter argument of places: 2, "2" or floatformat's "2g" style."""
    digits = "".join(c for c in str(places) if c.isdigit())
    return int(digits) if digits else 2
