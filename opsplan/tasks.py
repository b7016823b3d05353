"""What the workers run across apps, in one place that reads top to bottom.

- The night of every store: chunks of stores of one time zone, each chunk's rollup in one transaction, then its
  alerts on the fresh figures. The morning briefing reads them at the store's hour (briefings.tasks).
- The refresh of one store whose figures changed (after late data, or "recompute now"): its rollup, then its
  alerts.
- The import of an upload: every kind of import job and its importer, listed, from the apps that own the rows.

Lower layers queue these by name (core.tasks); every task is idempotent and acknowledged late.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from celery import group, shared_task
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.services import alerts_evaluate, alerts_evaluate_many
from core.tasks import IMPORT_TASK, REFRESH_DIRTY_TASK, RETRY, STORE_REFRESH_TASK
from imports.choices import ImportKind
from imports.models import ImportJob
from imports.services import Importer, import_job_fail, import_job_run
from inventory.services.imports import products_import
from orders.platform_exports import platform_export_import
from orders.services import service_log_import
from rollups.services import nightly_span, store_rollup_refresh, stores_rollup_spans
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


@dataclass(frozen=True)
class ChunkResult:
    stores: int
    rows: int  # segment rows written
    rollup_seconds: float
    alerts_seconds: float


def _chunk_alerts(stores: Sequence[Store], as_of: date) -> None:
    """Evaluate the alerts of a chunk's stores on their fresh figures up to ``as_of``, set-based for the chunk."""
    alerts_evaluate_many(stores, {store.pk: as_of for store in stores})


def nightly_chunk(store_ids: Sequence[int]) -> ChunkResult:
    """The night of some stores: each store's nightly span (yesterday, the day before and its dirty days) rolled up
    for them all in one transaction (rollups.services.stores_rollup_spans), then their alerts. A nightly chunk's
    stores share a time zone, so a yesterday; stores with different ones are done one yesterday after the other.
    Idempotent: run again, it writes the same figures."""
    now = timezone.now()
    by_day: dict[date, list[Store]] = defaultdict(list)
    for store in Store.objects.filter(pk__in=list(store_ids)).order_by("pk"):
        by_day[store_yesterday(store, now)].append(store)
    dirty = {store_id: (first, last) for store_id, first, last in dirty_ranges(store_ids)}
    rows, seconds = 0, {"rollup": 0.0, "alerts": 0.0}
    for as_of, stores in sorted(by_day.items()):
        started = time.perf_counter()
        spans = [(store, *nightly_span(store, dirty.get(store.pk), as_of)) for store in stores]
        rows += sum(stores_rollup_spans(spans, as_of=as_of).values())
        seconds["rollup"] += time.perf_counter() - started
        started = time.perf_counter()
        _chunk_alerts(stores, as_of)
        seconds["alerts"] += time.perf_counter() - started
    return ChunkResult(sum(len(s) for s in by_day.values()), rows, seconds["rollup"], seconds["alerts"])


@shared_task(name="opsplan.tasks.nightly_chunk_task", **RETRY)
def nightly_chunk_task(store_ids: list[int]) -> dict[str, Any]:
    """The night of a chunk of stores (see :func:`nightly_chunk`); a store that no longer exists is left out."""
    return asdict(nightly_chunk(store_ids))


def nightly_chunks(time_zone: str | None = None) -> list[list[int]]:
    """The nightly chunks of every open store (of one time zone, when given): ``NIGHTLY_CHUNK_STORES`` stores of one
    time zone each, in store order."""
    stores = Store.objects.exclude(status=StoreStatus.CLOSED)
    if time_zone:
        stores = stores.filter(time_zone=time_zone)
    zones: dict[str, list[int]] = defaultdict(list)
    for store_id, zone in stores.order_by("time_zone", "pk").values_list("pk", "time_zone"):
        zones[zone].append(store_id)
    size = settings.NIGHTLY_CHUNK_STORES
    return [ids[i : i + size] for ids in zones.values() for i in range(0, len(ids), size)]


@shared_task(name="opsplan.tasks.nightly", **RETRY)
def nightly(time_zone: str | None = None) -> int:
    """The night of every open store (of one time zone, when given), fanned out as a Celery group of one task per
    chunk of stores (:func:`nightly_chunks`). Returns the number of stores."""
    chunks = nightly_chunks(time_zone)
    if chunks:
        group(nightly_chunk_task.si(ids) for ids in chunks).apply_async()
    return sum(len(ids) for ids in chunks)


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
