"""A store's days: its yesterday in its own time zone, and the days whose figures changed since they were last
rolled up. Every write of figures marks its days here (metrics, the customer-service log, plans, a source policy);
the rollup reads and clears them, and a debounced refresh after a write is queued by name (core.tasks), so the
apps that write know nothing of the rollup."""

from __future__ import annotations

import logging
import operator
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import reduce

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from core.tasks import REFRESH_DIRTY_TASK

from .models import DirtyRange, Store

logger = logging.getLogger(__name__)
DEBOUNCE_KEY = "rollups:dirty-scheduled"


def store_yesterday(store: Store, now: datetime | None = None) -> date:
    """The last full day in the store's time zone: what "to date" means in its rollups."""
    moment = now or timezone.now()
    return timezone.localtime(moment, zoneinfo.ZoneInfo(store.time_zone)).date() - timedelta(days=1)


def dirty_mark_ranges(spans: Iterable[tuple[int, date, date]]) -> None:
    """Remember (store, first day, last day) spans whose actuals changed, for the next rollup."""
    now = timezone.now()
    marks = DirtyRange.objects.bulk_create(
        [DirtyRange(store_id=s, date_from=first, date_to=last, marked_at=now) for s, first, last in spans]
    )
    if marks:
        refresh_dirty_soon()


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


def dirty_clear(store_ids: Iterable[int], date_from: date, date_to: date, *, marked_by: datetime) -> None:
    """Forget the marks within [date_from, date_to] of ``store_ids`` made by ``marked_by`` (a rollup's start):
    marks made after the rollup began stay for the next one."""
    DirtyRange.objects.filter(
        store_id__in=list(store_ids), date_from__gte=date_from, date_to__lte=date_to, marked_at__lte=marked_by
    ).delete()


def dirty_clear_spans(spans: Iterable[tuple[int, date, date]], *, marked_by: datetime) -> None:
    """:func:`dirty_clear` of stores whose spans differ, (store, first day, last day) each, in one statement."""
    by_span: dict[tuple[date, date], list[int]] = defaultdict(list)
    for store_id, first, last in spans:
        by_span[(first, last)].append(store_id)
    if not by_span:
        return
    within = reduce(
        operator.or_, (Q(store_id__in=ids, date_from__gte=f, date_to__lte=t) for (f, t), ids in by_span.items())
    )
    DirtyRange.objects.filter(within, marked_at__lte=marked_by).delete()


def refresh_dirty_soon() -> None:
    """After a write of actuals commits, make sure one debounced refresh of the dirty ranges is coming."""
    if not settings.ROLLUP_ON_WRITE:
        return

    def schedule() -> None:
        delay = settings.ROLLUP_DEBOUNCE_SECONDS
        try:
            # cache.add is atomic: only the first write in a debounce window schedules the task.
            if cache.add(DEBOUNCE_KEY, 1, timeout=delay + 60):
                current_app.tasks[REFRESH_DIRTY_TASK].apply_async(countdown=delay)
        except Exception:  # noqa: BLE001 - Redis down must not fail the write: the ranges stay dirty
            logger.warning("could not schedule the rollup of dirty ranges; the nightly run will", exc_info=True)

    transaction.on_commit(schedule)
