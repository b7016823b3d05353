"""Rollup writes: mark changed store-days dirty, recompute a store's range in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from funnel.choices import SERVICE_LOG_SOURCE
from funnel.models import METRIC_FIELDS
from opsplan.db import advisory_lock
from stores.models import Store

from .models import DailyActual, DirtyRange, RollupRun


@dataclass(frozen=True)
class RollupResult:
    store_code: str
    date_from: date
    date_to: date
    rows: int


def dirty_mark_ranges(spans: Iterable[tuple[int, date, date]]) -> None:
    """Remember (store, first day, last day) spans whose actuals changed, for the next rollup."""
    now = timezone.now()
    DirtyRange.objects.bulk_create(
        [DirtyRange(store_id=s, date_from=first, date_to=last, marked_at=now) for s, first, last in spans]
    )


def dirty_mark(store_days: Iterable[tuple[int, date]]) -> None:
    """Remember store-days whose actuals changed (merged into one span per store)."""
    spans: dict[int, tuple[date, date]] = {}
    for store_id, day in store_days:
        first, last = spans.get(store_id, (day, day))
        spans[store_id] = (min(first, day), max(last, day))
    dirty_mark_ranges((s, first, last) for s, (first, last) in spans.items())


def dirty_ranges(store_ids: Iterable[int] | None = None) -> list[tuple[int, date, date]]:
    """Per store, the span of its dirty days (one range each: recomputing a few clean days is cheap)."""
    marks = DirtyRange.objects.all()
    if store_ids is not None:
        marks = marks.filter(store_id__in=list(store_ids))
    spans = marks.values("store_id").annotate(first=Min("date_from"), last=Max("date_to")).order_by("store_id")
    return [(s["store_id"], s["first"], s["last"]) for s in spans]


_COLUMNS = ", ".join(METRIC_FIELDS)
# Per store-day, the row of the preferred kind of source wins, then the most recently updated one.
_RESOLVE_SQL = f"""
INSERT INTO rollups_dailyactual (store_id, date, source, {_COLUMNS}, computed_at)
SELECT store_id, date, source, {_COLUMNS}, %s FROM (
    SELECT m.*, ROW_NUMBER() OVER (
        PARTITION BY m.store_id, m.date
        ORDER BY CASE WHEN (m.source = %s) = (s.source_policy = %s) THEN 0 ELSE 1 END,
                 m.updated_at DESC, m.source
    ) AS rank
    FROM funnel_dailymetric m JOIN stores_store s ON s.id = m.store_id
    WHERE m.store_id = %s AND m.date >= %s AND m.date <= %s
) ranked
WHERE rank = 1
"""


def store_rollup_build(store: Store, date_from: date, date_to: date) -> RollupResult:
    """Recompute a store's rollup rows for a date range; idempotent, all or nothing."""
    now = timezone.now()
    run = RollupRun.objects.create(store=store, date_from=date_from, date_to=date_to, started_at=now)
    with transaction.atomic():
        advisory_lock("rollup", store.pk)
        DailyActual.objects.filter(store=store, date__gte=date_from, date__lte=date_to).delete()
        with connection.cursor() as cursor:
            cursor.execute(
                _RESOLVE_SQL,
                [now, SERVICE_LOG_SOURCE, SERVICE_LOG_SOURCE, store.pk, date_from, date_to],
            )
            rows = cursor.rowcount
        # Marks made after this run began stay for the next one.
        DirtyRange.objects.filter(
            store=store, date_from__gte=date_from, date_to__lte=date_to, marked_at__lte=now
        ).delete()
    RollupRun.objects.filter(pk=run.pk).update(status=RollupRun.Status.DONE, rows=rows, finished_at=timezone.now())
    return RollupResult(store.code, date_from, date_to, rows)
