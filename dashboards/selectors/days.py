"""The days behind a figure: each day's rollup and every source's record of it, marking the one that counted."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from funnel.models import METRIC_FIELDS, DailyMetric
from funnel.sources import source_labels
from rollups.models import DayRollup
from stores.models import Store

from .store import TABLE_FIGURES


def days_detail(store: Store, rollups: QuerySet[DayRollup], first: date, last: date) -> list[dict[str, Any]]:
    """The store's day rollups in [first, last] (already filtered), newest first, each with the records every
    source reported for it and which of them counted (the day's source). Three queries whatever the range.

    The day rollups are a view of the metrics: every day with a record is among them, and a record pushed a
    moment ago already counts or not."""
    days = {day["date"]: day for day in rollups.values("date", "stage", "source", *TABLE_FIGURES)}
    records: dict[date, list[dict[str, Any]]] = {}
    for record in (
        DailyMetric.objects.filter(store=store, date__gte=first, date__lte=last)
        .order_by("date", "source")
        .values("date", "source", "updated_at", *METRIC_FIELDS)
    ):
        record["counted"] = days[record["date"]]["source"] == record["source"]
        records.setdefault(record["date"], []).append(record)
    labels = source_labels({r["source"] for rows in records.values() for r in rows})
    for rows in records.values():
        for record in rows:
            record["source_label"] = labels[record["source"]]
    return [
        {
            **days[day],
            "source_label": labels.get(days[day]["source"], "") if days[day]["source"] else "",
            "records": records.get(day, []),
        }
        for day in sorted(days, reverse=True)
    ]
