"""Reads of the rollups that other apps ask for."""

from __future__ import annotations

from datetime import date

from stores.models import Store

from .models import DailyActual


def counted_sources(store: Store, first: date, last: date) -> dict[date, str]:
    """The source whose figures count on each day of [first, last] that has figures: the choice the day rollups
    make by the store's source policy (``sql._ranked_actuals``), read from them, so it is current at once and
    the same as the dashboards'. One query."""
    days = DailyActual.objects.filter(store=store, date__gte=first, date__lte=last)
    return dict(days.values_list("date", "source"))
