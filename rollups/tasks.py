"""Rollup tasks: thin wrappers that take ids and ISO dates, call one service, and own the retries.

Every task is idempotent (a rollup rebuilds its range from the raw rows), acknowledged late and
rejected when its worker dies (settings), so a killed worker's task runs again elsewhere.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from celery import group, shared_task
from celery.utils.log import get_task_logger
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, transaction

from stores.choices import StoreStatus
from stores.models import Store

from .services import dirty_ranges, store_rollup_refresh, store_yesterday

RETRY = {
    "autoretry_for": (OperationalError, InterfaceError, DatabaseError),
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
    "acks_late": True,
}
DEBOUNCE_KEY = "rollups:dirty-scheduled"
logger = get_task_logger(__name__)


def nightly_span(store: Store, dirty: tuple[date, date] | None) -> tuple[date, date]:
    """What the night recomputes: yesterday and the day before (pace moves every day), plus anything dirty."""
    yesterday = store_yesterday(store)
    first, last = yesterday - timedelta(days=1), yesterday
    if dirty:
        first, last = min(first, dirty[0]), max(last, dirty[1])
    return first, last


@shared_task(bind=True, **RETRY)
def rollup_store(self, store_id: int, date_from: str | None = None, date_to: str | None = None) -> dict[str, Any]:
    """Roll up one store: the given range (ISO dates), or its dirty ranges when none is given."""
    store = Store.objects.filter(pk=store_id).first()
    if store is None:
        return {"store": store_id, "skipped": "store no longer exists"}
    if date_from and date_to:
        spans = [(date.fromisoformat(date_from), date.fromisoformat(date_to))]
    else:
        spans = [(first, last) for _sid, first, last in dirty_ranges([store_id])]

    def progress(done: int, steps: int) -> None:
        self.update_state(state="PROGRESS", meta={"step": done, "steps": steps, "store": store.code})

    rows = store_rollup_refresh(store, spans, on_step=progress)
    return {"store": store.code, "ranges": [(f.isoformat(), t.isoformat()) for f, t in spans], "rows": rows}


@shared_task(**RETRY)
def rollup_nightly(time_zone: str | None = None) -> int:
    """Fan out one rollup per open store (of one time zone, when given) as a Celery group."""
    stores = Store.objects.exclude(status=StoreStatus.CLOSED).order_by("pk")
    if time_zone:
        stores = stores.filter(time_zone=time_zone)
    dirty = {store_id: (first, last) for store_id, first, last in dirty_ranges([s.pk for s in stores])}
    jobs = []
    for store in stores:
        first, last = nightly_span(store, dirty.get(store.pk))
        jobs.append(rollup_store.si(store.pk, first.isoformat(), last.isoformat()))
    if jobs:
        group(jobs).apply_async()
    return len(jobs)


@shared_task(**RETRY)
def rollup_dirty() -> int:
    """Roll up every store's dirty ranges (debounced after writes), one task per store."""
    cache.delete(DEBOUNCE_KEY)
    store_ids = sorted({store_id for store_id, _first, _last in dirty_ranges()})
    if store_ids:
        group(rollup_store.si(store_id) for store_id in store_ids).apply_async()
    return len(store_ids)


def rollup_dirty_soon() -> None:
    """After a write of actuals commits, make sure one debounced rollup of the dirty ranges is coming."""
    if not settings.ROLLUP_ON_WRITE:
        return

    def schedule() -> None:
        delay = settings.ROLLUP_DEBOUNCE_SECONDS
        try:
            # cache.add is atomic: only the first write in a debounce window schedules the task.
            if cache.add(DEBOUNCE_KEY, 1, timeout=delay + 60):
                rollup_dirty.apply_async(countdown=delay)
        except Exception:  # noqa: BLE001 - Redis down must not fail the write: the ranges stay dirty
            logger.warning("could not schedule the rollup of dirty ranges; the nightly run will", exc_info=True)

    transaction.on_commit(schedule)
