"""What the workers run across apps, in one place that reads top to bottom.

- The refresh of a store whose figures changed (nightly, after late data, or "recompute now"): its rollup, then
  its alerts on the fresh figures. The morning briefing reads them at the store's hour (briefings.tasks).
- The import of an upload: every kind of import job and its importer, listed, from the apps that own the rows.

Lower layers queue these by name (core.tasks); every task is idempotent and acknowledged late.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from celery import group, shared_task
from django.core.cache import cache
from django.utils.translation import gettext as _

from alerts.services import alerts_evaluate
from core.tasks import IMPORT_TASK, REFRESH_DIRTY_TASK, RETRY, STORE_REFRESH_TASK
from imports.choices import ImportKind
from imports.models import ImportJob
from imports.services import Importer, import_job_fail, import_job_run
from inventory.services.imports import products_import
from orders.platform_exports import platform_export_import
from orders.services import service_log_import
from rollups.services import nightly_span, store_rollup_refresh
from stores.choices import StoreStatus
from stores.days import DEBOUNCE_KEY, dirty_ranges, store_yesterday
from stores.models import Store

logger = logging.getLogger(__name__)


def store_refresh(
    store: Store, spans: Sequence[tuple[date, date]] | None = None, on_step: Callable[[int, int], None] | None = None
) -> int:
    """Refresh one store whose figures changed: roll up its spans (its dirty ranges when none are given), then
    evaluate its alerts on the fresh figures. ``on_step(done, steps)``: one step per span, one for the alerts.
    Returns the segment rows written."""
    spans = list(spans) if spans is not None else [(f, t) for _s, f, t in dirty_ranges([store.pk])]
    steps = len(spans) + 1
    report = (lambda done, _spans: on_step(done, steps)) if on_step else None
    rows = store_rollup_refresh(store, spans, on_step=report)
    if on_step:
        on_step(steps - 1, steps)
    alerts_evaluate(store, store_yesterday(store))
    return rows


@shared_task(name=STORE_REFRESH_TASK, bind=True, **RETRY)
def store_refresh_task(
    self: Any, store_id: int, date_from: str | None = None, date_to: str | None = None
) -> dict[str, Any]:
    """Refresh one store: the given range (ISO dates), or its dirty ranges when none is given."""
    store = Store.objects.filter(pk=store_id).first()
    if store is None:
        return {"store": store_id, "skipped": "store no longer exists"}
    if date_from and date_to:
        spans = [(date.fromisoformat(date_from), date.fromisoformat(date_to))]
    else:
        spans = [(first, last) for _sid, first, last in dirty_ranges([store_id])]

    def progress(done: int, steps: int) -> None:
        self.update_state(state="PROGRESS", meta={"step": done, "steps": steps, "store": store.code})

    rows = store_refresh(store, spans, on_step=progress)
    return {"store": store.code, "ranges": [(f.isoformat(), t.isoformat()) for f, t in spans], "rows": rows}


@shared_task(name="opsplan.tasks.nightly", **RETRY)
def nightly(time_zone: str | None = None) -> int:
    """The night of every open store (of one time zone, when given): one refresh each of yesterday, the day
    before and its dirty days, fanned out as a Celery group."""
    stores = Store.objects.exclude(status=StoreStatus.CLOSED).order_by("pk")
    if time_zone:
        stores = stores.filter(time_zone=time_zone)
    dirty = {store_id: (first, last) for store_id, first, last in dirty_ranges([s.pk for s in stores])}
    jobs = []
    for store in stores:
        first, last = nightly_span(store, dirty.get(store.pk))
        jobs.append(store_refresh_task.si(store.pk, first.isoformat(), last.isoformat()))
    if jobs:
        group(jobs).apply_async()
    return len(jobs)


@shared_task(name=REFRESH_DIRTY_TASK, **RETRY)
def refresh_dirty_task() -> int:
    """Refresh every store with dirty days (debounced after writes: rollups.services.refresh_dirty_soon)."""
    cache.delete(DEBOUNCE_KEY)
    store_ids = sorted({store_id for store_id, _first, _last in dirty_ranges()})
    if store_ids:
        group(store_refresh_task.si(store_id) for store_id in store_ids).apply_async()
    return len(store_ids)


IMPORTERS: dict[str, Importer] = {
    ImportKind.SERVICE_LOG: service_log_import,
    ImportKind.PLATFORM_EXPORT: platform_export_import,
    ImportKind.PRODUCTS: products_import,
}


def import_job(job_id: int, *, now: datetime | None = None) -> ImportJob | None:
    """Run one upload's import with its kind's importer (see imports.services.import_job_run)."""
    return import_job_run(job_id, IMPORTERS, now=now)


@shared_task(name=IMPORT_TASK, acks_late=True)
def import_job_task(job_id: int) -> None:
    """Run one upload's import; an unexpected error fails the job (nothing was written) instead of retrying."""
    try:
        import_job(job_id)
    except Exception:
        logger.exception("Import job %s failed", job_id)
        import_job_fail(job_id, _("The import stopped on an unexpected error; nothing was saved. Try again."))


# The names that beat entries and queued messages made before these tasks moved here still carry.
legacy_import_task = shared_task(name="orders.tasks.service_log_import", acks_late=True)(import_job_task.run)
legacy_nightly = shared_task(name="rollups.tasks.rollup_nightly", **RETRY)(nightly.run)
