"""Rollup writes: mark changed store-days dirty, recompute stores' ranges in one transaction each."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from funnel.choices import PlanStatus
from funnel.models import Plan
from opsplan.db import advisory_lock
from stores.models import Store

from . import sql
from .models import DirtyRange, RollupRun


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


GRAINS = ("week", "month", "stage", "plan")


def store_yesterday(store: Store, now: datetime | None = None) -> date:
    """The last full day in the store's time zone: what "to date" means in its rollups."""
    moment = now or timezone.now()
    return timezone.localtime(moment, zoneinfo.ZoneInfo(store.time_zone)).date() - timedelta(days=1)


def affected_span(store_ids: Sequence[int], first: date, last: date) -> tuple[date, date]:
    """The days to rebuild so every week, month, stage and plan period touching [first, last] is whole."""
    span_start = min(first - timedelta(days=first.weekday()), first.replace(day=1))
    last_month_end = (last.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    span_end = max(last + timedelta(days=6 - last.weekday()), last_month_end)
    plans = Plan.objects.filter(
        store_id__in=store_ids, status=PlanStatus.ACTIVE, period_start__lte=last, period_end__gte=first
    ).aggregate(start=Min("period_start"), end=Max("period_end"))
    if plans["start"]:
        span_start, span_end = min(span_start, plans["start"]), max(span_end, plans["end"])
    return span_start, span_end


def stores_rollup_build(stores: Sequence[Store], date_from: date, date_to: date, *, as_of: date) -> RollupResult:
    """Recompute the rollups of ``stores`` for a range, in one transaction: the resolved actuals of the
    range, then the day rollups and every week, month, stage and plan period touching it.

    Idempotent: running it twice gives the same tables. A crash leaves the previous state (all or nothing).
    """
    store_ids = sorted(s.pk for s in stores)
    now = timezone.now()
    span_start, span_end = affected_span(store_ids, date_from, date_to)
    runs = RollupRun.objects.bulk_create(
        [RollupRun(store=s, date_from=date_from, date_to=date_to, started_at=now) for s in stores]
    )
    with transaction.atomic():
        for store_id in store_ids:  # the same order everywhere, so concurrent rollups cannot deadlock
            advisory_lock("rollup", store_id)
        with connection.cursor() as cursor:
            sql.resolve_actuals(cursor, store_ids, date_from, date_to, now)
            days = sql.build_days(cursor, store_ids, span_start, span_end, now)
            for grain in GRAINS:
                sql.build_periods(cursor, grain, store_ids, span_start, span_end, as_of, now)
        # Marks made after this run began stay for the next one.
        DirtyRange.objects.filter(
            store_id__in=store_ids, date_from__gte=date_from, date_to__lte=date_to, marked_at__lte=now
        ).delete()
    RollupRun.objects.filter(pk__in=[r.pk for r in runs]).update(
        status=RollupRun.Status.DONE, rows=days, finished_at=timezone.now()
    )
    return RollupResult(",".join(s.code for s in stores), date_from, date_to, days)


def store_rollup_build(store: Store, date_from: date, date_to: date, *, as_of: date | None = None) -> RollupResult:
    """Recompute one store's rollups for a range (see :func:`stores_rollup_build`)."""
    return stores_rollup_build([store], date_from, date_to, as_of=as_of or store_yesterday(store))
