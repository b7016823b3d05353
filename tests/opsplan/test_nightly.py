"""The nightly run in chunks: a chunk of stores writes what one refresh per store writes, in one transaction,
once per store, again and again the same; a chunk that stops before its commit leaves the previous state."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from alerts.models import AlertEvaluation
from funnel.choices import SERVICE_LOG_SOURCE
from funnel.models import DailyMetric
from funnel.services.plans import plan_activate, plan_create_from_template
from opsplan import tasks
from opsplan.tasks import nightly, nightly_chunk, nightly_chunk_task, nightly_chunks, store_refresh
from rollups import services
from rollups.models import PeriodSegment, RollupRun
from rollups.services import nightly_span, store_rollup_build
from stores.choices import StoreStatus
from stores.days import dirty_ranges, store_yesterday
from stores.models import DirtyRange
from tests.factories import StoreFactory, UserFactory

T0 = datetime(2026, 1, 1, tzinfo=UTC)
SEGMENT_KEY = ("store_id", "first_day", "week", "month", "plan_id", "stage", "past")


def shop(code: str, n: int, manager, time_zone: str = "Asia/Shanghai"):
    """A store with 70 days of actuals up to its yesterday and an active plan around it."""
    store = StoreFactory(code=code, time_zone=time_zone)
    yesterday = store_yesterday(store)
    DailyMetric.objects.bulk_create(
        DailyMetric(
            store=store,
            date=yesterday - timedelta(days=d),
            source=SERVICE_LOG_SOURCE,
            orders=d % 7 + n,
            uv=200 + d + n,
            created_at=T0,
            updated_at=T0,
        )
        for d in range(70)
    )
    plan = plan_create_from_template(
        store,
        manager,
        name="p",
        period_start=yesterday - timedelta(days=45),
        period_end=yesterday + timedelta(days=30),
        as_of=yesterday,
    )
    plan_activate(plan, manager)
    return store


def previous_night(stores) -> None:
    """The state a night starts from: rolled up three days ago, yesterday's figures changed since, and the
    second store with older changed days (a window of its own)."""
    PeriodSegment.objects.all().delete()
    DirtyRange.objects.all().delete()
    for n, store in enumerate(stores):
        yesterday = store_yesterday(store)
        store_rollup_build(store, yesterday - timedelta(days=70), yesterday, as_of=yesterday - timedelta(days=3))
        DailyMetric.objects.filter(store=store, date=yesterday).update(orders=50 + n)
    old = store_yesterday(stores[1]) - timedelta(days=50)
    DirtyRange.objects.create(store=stores[1], date_from=old, date_to=old + timedelta(days=2), marked_at=T0)
    RollupRun.objects.all().delete()


def segments(stores=None) -> list[tuple]:
    """The segment rows, but for their ids and the time they were written."""
    columns = [f.attname for f in PeriodSegment._meta.concrete_fields if f.attname not in ("id", "computed_at")]
    rows = PeriodSegment.objects.order_by(*SEGMENT_KEY)
    if stores is not None:
        rows = rows.filter(store__in=stores)
    return list(rows.values_list(*columns))


def one_refresh_per_store(stores) -> list[tuple]:
    """What the night wrote when it refreshed one store per task (the spans read before any of them ran)."""
    previous_night(stores)
    dirty = {store_id: (first, last) for store_id, first, last in dirty_ranges()}
    for store in stores:
        store_refresh(store, [nightly_span(store, dirty.get(store.pk))])
    return segments()


@pytest.fixture
def night(db, settings):
    settings.ROLLUP_ON_WRITE = False
    manager = UserFactory(username="mgr")
    stores = [shop(f"night-{n}", n, manager) for n in range(4)]
    # Far from Shanghai: most hours of the day its yesterday is another day, so a chunk of both has two.
    stores.append(shop("night-ny", 4, manager, time_zone="America/New_York"))
    return stores


def test_a_chunk_writes_what_one_refresh_per_store_writes(night):
    expected = one_refresh_per_store(night)
    previous_night(night)
    result = nightly_chunk([s.pk for s in night])
    assert segments() == expected
    assert result.stores == len(night) and result.rows > 0
    assert result.rollup_seconds > 0 and result.alerts_seconds > 0


def test_a_chunk_rolls_each_store_up_once_over_its_span_and_clears_its_dirty_days(night):
    previous_night(night)
    dirty = {store_id: (first, last) for store_id, first, last in dirty_ranges()}
    spans = {s.pk: nightly_span(s, dirty.get(s.pk)) for s in night}
    assert spans[night[1].pk][0] < spans[night[0].pk][0]  # its older changed days
    nightly_chunk_task.delay([s.pk for s in night]).get()
    runs = RollupRun.objects.values_list("store_id", "status", "date_from", "date_to")
    assert sorted(runs) == sorted((pk, "done", *span) for pk, span in spans.items())
    assert RollupRun.objects.filter(rows=0).count() == 0
    assert not DirtyRange.objects.exists()
    evaluated = dict(AlertEvaluation.objects.values_list("store_id", "as_of"))
    assert evaluated == {s.pk: store_yesterday(s) for s in night}


def test_running_a_chunk_again_changes_nothing(night):
    previous_night(night)
    ids = [s.pk for s in night]
    nightly_chunk(ids)
    once = segments()
    nightly_chunk(ids)
    assert segments() == once
    assert RollupRun.objects.filter(status="done").count() == 2 * len(night)


def test_a_store_in_two_chunks_gets_what_one_refresh_per_store_gives(night):
    expected = one_refresh_per_store(night)
    previous_night(night)
    first, shared, last = night[0], night[1], night[2]
    nightly_chunk([first.pk, shared.pk])
    nightly_chunk([shared.pk, last.pk])
    nightly_chunk([s.pk for s in night[3:]])
    assert segments() == expected
    assert RollupRun.objects.filter(store=shared, status="done").count() == 2


def test_a_chunk_that_stops_before_its_commit_leaves_the_previous_state(night, monkeypatch):
    previous_night(night)
    before, dirty = segments(), dirty_ranges()
    ids = [s.pk for s in night if s.time_zone == "Asia/Shanghai"]  # one yesterday: one transaction

    def stop(*args, **kwargs):
        raise RuntimeError("the worker stops here")

    monkeypatch.setattr(services, "dirty_clear_spans", stop)
    with pytest.raises(RuntimeError):
        nightly_chunk(ids)
    assert segments() == before
    assert dirty_ranges() == dirty
    assert set(RollupRun.objects.values_list("status", flat=True)) == {"running"}
    monkeypatch.undo()
    nightly_chunk(ids)
    assert not DirtyRange.objects.exists()
    statuses = RollupRun.objects.values_list("store_id", "status")
    # The runs of the chunk that stopped are closed as failed by the one that redid their work.
    assert sorted(statuses) == sorted([(pk, "failed") for pk in ids] + [(pk, "done") for pk in ids])


def test_the_chunk_alerts_go_through_one_function(night, monkeypatch):
    calls = []
    monkeypatch.setattr(tasks, "_chunk_alerts", lambda stores, as_of: calls.append(([s.pk for s in stores], as_of)))
    shanghai = [s for s in night if s.time_zone == "Asia/Shanghai"]
    nightly_chunk([s.pk for s in shanghai])
    assert calls == [([s.pk for s in shanghai], store_yesterday(shanghai[0]))]


def test_the_night_hands_each_open_store_to_exactly_one_chunk_of_one_time_zone(db, settings):
    settings.ROLLUP_ON_WRITE = False
    settings.NIGHTLY_CHUNK_STORES = 2
    shanghai = [StoreFactory(code=f"sh-{n}") for n in range(5)]
    new_york = [StoreFactory(code=f"ny-{n}", time_zone="America/New_York") for n in range(2)]
    StoreFactory(code="closed", status=StoreStatus.CLOSED)
    ids = lambda stores: [s.pk for s in stores]  # noqa: E731
    assert nightly_chunks() == [ids(new_york), ids(shanghai[:2]), ids(shanghai[2:4]), ids(shanghai[4:])]
    assert nightly_chunks("America/New_York") == [ids(new_york)]
    assert nightly() == 7
    done = list(RollupRun.objects.filter(status="done").values_list("store_id", flat=True))
    assert sorted(done) == sorted(ids(shanghai + new_york))


@pytest.mark.django_db(transaction=True)
def test_two_chunks_sharing_stores_at_once_wait_for_each_other_and_both_finish(settings):
    settings.ROLLUP_ON_WRITE = False
    settings.ROLLUP_FAULT_DELAY_SECONDS = 0.5  # each holds its locks a while: the other has to wait
    manager = UserFactory(username="mgr")
    stores = [shop(f"night-{n}", n, manager) for n in range(3)]
    expected = one_refresh_per_store(stores)
    previous_night(stores)
    errors: list[BaseException] = []

    def chunk(store_ids: list[int]) -> None:
        try:
            nightly_chunk(store_ids)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    # Overlapping, listed in different orders: the locks are taken in store order all the same.
    threads = [
        threading.Thread(target=chunk, args=(ids,)) for ids in ([s.pk for s in stores], [stores[2].pk, stores[1].pk])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert segments() == expected
    assert RollupRun.objects.filter(status="done").count() == 5
