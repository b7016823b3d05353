"""Rollup writes: recompute the periods of stores' ranges in one transaction each, and clear the changed days
(stores.days) they covered."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from core.db import advisory_locks
from stores.days import dirty_clear, dirty_clear_spans, dirty_ranges, store_yesterday
from stores.models import Store

from . import sql
from .models import PeriodSegment, RollupRun


@dataclass(frozen=True)
class RollupResult:
    store_code: str
    date_from: date
    date_to: date
    rows: int


# A rebuild this large (store-days) sorts and groups more rows than the default work_mem holds: it gets more
# for its transaction, so the week and month groupings stay in memory (docs/benchmarks.md).
LARGE_REBUILD_DAYS = 20_000
LARGE_REBUILD_WORK_MEM = "64MB"
# Stores per transaction when rebuilding many at once: each store stays all-or-nothing, the advisory locks
# of one transaction stay far below max_locks_per_transaction, and the sorts stay small.
REBUILD_CHUNK = 100


def rollup_window(store_ids: Sequence[int], first: date, last: date, as_of: date) -> tuple[date, date]:
    """For a change to the days [first, last] of some stores: the days whose segments to recompute.

    A changed day changes the segment that holds it, and nothing else: a period, even a whole plan's, adds up its
    segments when read. So the window is [first, last], widened to hold the segments that ``as_of`` now splits
    differently (the days that were ahead of the last rollup's ``as_of`` and are now past, or the other way round),
    then to whole weeks and months: no segment crosses a week or a month, so none straddles the window's ends.
    Read inside the rollup's transaction, after its locks."""
    stale = PeriodSegment.objects.filter(_stale(as_of), store_id__in=store_ids).aggregate(
        first=Min("first_day"), last=Max("last_day")
    )
    first, last = min(first, stale["first"] or first), max(last, stale["last"] or last)
    return _whole_periods(first, last)


def _stale(as_of: date) -> Q:
    """The segments that ``as_of`` splits differently from the rollup that wrote them (see :func:`rollup_window`)."""
    # A segment lies within a month: one that ends after as_of begins less than 31 days before it, a bound the
    # index on (store, first_day) can use; the segments ahead of as_of have an index of their own.
    behind = Q(past=True, last_day__gt=as_of, first_day__gt=as_of - timedelta(days=31))
    ahead = Q(past=False, first_day__lte=as_of)
    return behind | ahead


def _whole_periods(first: date, last: date) -> tuple[date, date]:
    """[first, last] widened to whole weeks and months: no segment crosses a week or a month."""
    weeks, months = sql.grain_window("week", first, last), sql.grain_window("month", first, last)
    return min(weeks[0], months[0]), max(weeks[1], months[1])


def rollup_windows(spans: Mapping[int, tuple[date, date]], as_of: date) -> dict[int, tuple[date, date]]:
    """:func:`rollup_window` of each store on its own, for stores whose changed days differ: store id -> the days
    whose segments to recompute. One query for them all; read inside the rollup's transaction, after its locks."""
    stale = {
        row["store_id"]: (row["first"], row["last"])
        for row in PeriodSegment.objects.filter(_stale(as_of), store_id__in=list(spans))
        .values("store_id")
        .annotate(first=Min("first_day"), last=Max("last_day"))
        .order_by()
    }
    windows = {}
    for store_id, (first, last) in spans.items():
        old_first, old_last = stale.get(store_id, (first, last))
        windows[store_id] = _whole_periods(min(first, old_first), max(last, old_last))
    return windows


def _fault_delay(cursor) -> None:
    """Fault-injection tests (a worker killed mid-rollup) slow the transaction down here; 0 in production."""
    delay = settings.ROLLUP_FAULT_DELAY_SECONDS
    if delay:
        cursor.execute("SELECT pg_sleep(%s)", [delay])


def stores_rollup_build(stores: Sequence[Store], date_from: date, date_to: date, *, as_of: date) -> RollupResult:
    """Recompute the rollups of ``stores`` after their days in [date_from, date_to] changed, in one transaction:
    the segments holding a day of the range (see :func:`rollup_window`), from the day rows (the ``DayRollup``
    view, which always shows the current actuals against the current targets); the periods (the ``PeriodRollup``
    view: weeks, months, plan stages and plans) add them up when read. Returns the segment rows written.

    Idempotent: running it twice gives the same tables. A crash leaves the previous state (all or nothing).
    """
    store_ids = sorted(s.pk for s in stores)
    now = timezone.now()
    runs = RollupRun.objects.bulk_create(
        [RollupRun(store=s, date_from=date_from, date_to=date_to, started_at=now) for s in stores]
    )
    with transaction.atomic():
        # In store order everywhere, so that concurrent rollups cannot deadlock.
        advisory_locks(("rollup", store_id) for store_id in store_ids)
        days = rollup_window(store_ids, date_from, date_to, as_of)
        with connection.cursor() as cursor:
            if len(store_ids) * ((days[1] - days[0]).days + 1) > LARGE_REBUILD_DAYS:
                sql.work_mem(cursor, LARGE_REBUILD_WORK_MEM)
            rows = sql.build_segments(cursor, store_ids, days, as_of, now)
            _fault_delay(cursor)
        dirty_clear(store_ids, date_from, date_to, marked_by=now)
        # Done with the figures, in the same commit; earlier runs still "running" died with their worker and
        # this run has redone their work.
        finished = timezone.now()
        RollupRun.objects.filter(pk__in=[r.pk for r in runs]).update(
            status=RollupRun.Status.DONE, rows=rows, finished_at=finished
        )
        RollupRun.objects.filter(store_id__in=store_ids, status=RollupRun.Status.RUNNING, started_at__lt=now).update(
            status=RollupRun.Status.FAILED, finished_at=finished
        )
    return RollupResult(",".join(s.code for s in stores), date_from, date_to, rows)


def stores_rollup_rebuild(
    stores: QuerySet[Store] | Iterable[Store],
    date_from: date,
    date_to: date,
    *,
    as_of: date,
    chunk: int = REBUILD_CHUNK,
    workers: int = 1,
) -> int:
    """Recompute many stores' rollups for a range (a backfill, a migration, "recompute everything"): set-based,
    ``chunk`` stores per transaction, each store all-or-nothing as in :func:`stores_rollup_build`, the chunks
    spread over ``workers`` database connections at once (as more Celery workers would take more stores). A
    crash leaves the chunks done so far rebuilt and the others as they were; running it again finishes the job.
    Returns the segment rows written.

    Given a QuerySet, only the stores' ids are held for the whole run and each chunk's stores are read when it
    starts, so the process's memory does not grow with the number of stores (bench/scaling.py). More than one
    worker needs committed data (each has its own connection), so callers inside a transaction keep 1."""
    if isinstance(stores, QuerySet):
        ids = sorted(stores.values_list("pk", flat=True))
    else:
        ids = sorted(s.pk for s in stores)
    chunks = [ids[i : i + chunk] for i in range(0, len(ids), chunk)]

    def rebuild(chunk_ids: list[int]) -> int:
        batch = list(Store.objects.filter(pk__in=chunk_ids).order_by("pk"))
        return stores_rollup_build(batch, date_from, date_to, as_of=as_of).rows

    if workers <= 1 or len(chunks) <= 1:
        return sum(rebuild(c) for c in chunks)

    def worker(mine: list[list[int]]) -> int:
        try:
            return sum(rebuild(c) for c in mine)
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(worker, [chunks[w::workers] for w in range(workers)]))


def stores_rollup_spans(spans: Sequence[tuple[Store, date, date]], *, as_of: date) -> dict[int, int]:
    """Recompute many stores' rollups, each after its own days [first, last] changed (a nightly chunk: yesterday,
    the day before and the store's dirty days), in one transaction, set-based: the stores' advisory locks in one
    statement, the windows (see :func:`rollup_window`, here store by store) in one query, the segments by one
    DELETE and one INSERT … SELECT, the dirty marks within the spans cleared and the runs closed in one statement
    each. A store listed twice is rolled up once, over both spans. Returns the segment rows written, by store id.

    Idempotent, and all or nothing as :func:`stores_rollup_build`: a worker that dies leaves the previous state,
    and its runs "running" until the next rollup of the store closes them as failed."""
    merged: dict[int, tuple[Store, date, date]] = {}
    for store, first, last in spans:
        _s, old_first, old_last = merged.get(store.pk, (store, first, last))
        merged[store.pk] = (store, min(first, old_first), max(last, old_last))
    if not merged:
        return {}
    store_ids = sorted(merged)
    now = timezone.now()
    with connection.cursor() as cursor:  # committed at once: seen running while the chunk runs
        runs = sql.runs_start(cursor, [(i, merged[i][1], merged[i][2]) for i in store_ids], now)
    with transaction.atomic():
        advisory_locks(("rollup", store_id) for store_id in store_ids)  # in store order, as everywhere
        windows: dict[tuple[date, date], list[int]] = defaultdict(list)
        for store_id, days in rollup_windows({i: merged[i][1:] for i in store_ids}, as_of).items():
            windows[days].append(store_id)
        with connection.cursor() as cursor:
            if sum(len(ids) * ((last - first).days + 1) for (first, last), ids in windows.items()) > LARGE_REBUILD_DAYS:
                sql.work_mem(cursor, LARGE_REBUILD_WORK_MEM)
            rows = sql.build_segments_windows(cursor, windows, as_of, now)
            _fault_delay(cursor)
            dirty_clear_spans([(i, merged[i][1], merged[i][2]) for i in store_ids], marked_by=now)
            finished = timezone.now()
            sql.runs_done(cursor, {run: rows.get(store_id, 0) for store_id, run in runs.items()}, finished)
        RollupRun.objects.filter(store_id__in=store_ids, status=RollupRun.Status.RUNNING, started_at__lt=now).update(
            status=RollupRun.Status.FAILED, finished_at=finished
        )
    return rows


def store_rollup_build(store: Store, date_from: date, date_to: date, *, as_of: date | None = None) -> RollupResult:
    """Recompute one store's rollups for a range (see :func:`stores_rollup_build`)."""
    return stores_rollup_build([store], date_from, date_to, as_of=as_of or store_yesterday(store))


def store_rollup_refresh(
    store: Store,
    spans: Sequence[tuple[date, date]] | None = None,
    on_step: Callable[[int, int], None] | None = None,
) -> int:
    """Roll up a store's spans (its dirty ranges when none are given); returns the segment rows written.
    ``on_step(done, steps)`` reports progress, one step per span. The alerts on the fresh figures are the caller's
    next step (opsplan.tasks.store_refresh)."""
    if spans is None:
        spans = [(first, last) for _sid, first, last in dirty_ranges([store.pk])]
    rows = 0
    for done, (first, last) in enumerate(spans):
        if on_step:
            on_step(done, len(spans))
        rows += store_rollup_build(store, first, last).rows
    return rows


def nightly_span(store: Store, dirty: tuple[date, date] | None, yesterday: date | None = None) -> tuple[date, date]:
    """What the night recomputes: yesterday (the store's, unless given) and the day before (pace moves every day),
    plus anything dirty."""
    yesterday = yesterday or store_yesterday(store)
    first, last = yesterday - timedelta(days=1), yesterday
    if dirty:
        first, last = min(first, dirty[0]), max(last, dirty[1])
    return first, last
