"""Rebuilding many stores in chunks gives what one transaction per store gives; the day rows are a view of the
actuals against the targets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from funnel.choices import SERVICE_LOG_SOURCE
from funnel.models import DailyMetric
from funnel.services.plans import plan_activate, plan_create_from_template
from rollups.models import DailyActual, DayRollup, PeriodRollup, PeriodSegment, RollupRun
from rollups.services import store_rollup_build, stores_rollup_rebuild
from tests.factories import StoreFactory, UserFactory

pytestmark = pytest.mark.django_db
FIRST, LAST = date(2026, 9, 1), date(2026, 10, 31)
T0 = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def shops():
    manager = UserFactory(username="mgr")
    stores = [StoreFactory(code=f"shop-{n}") for n in range(3)]
    for n, store in enumerate(stores):
        DailyMetric.objects.bulk_create(
            DailyMetric(
                store=store,
                date=FIRST + timedelta(days=d),
                source=SERVICE_LOG_SOURCE,
                orders=d % 9 + n,
                uv=100 + d,
                created_at=T0,
                updated_at=T0,
            )
            for d in range(0, 61, 2)  # every other day: the days between have only a target
        )
    # The last store has a plan: its days carry targets, stages and the plan's periods.
    plan = plan_create_from_template(stores[-1], manager, name="p", period_start=FIRST, period_end=LAST, as_of=FIRST)
    plan_activate(plan, manager)
    return stores


def snapshot() -> tuple[list, list]:
    days = DayRollup.objects.order_by("store_id", "date").values_list(
        "store_id", "date", "source", "orders", "target_orders", "stage", "gmv_variance"
    )
    periods = PeriodRollup.objects.order_by("store_id", "grain", "period_start").values_list(
        "store_id", "grain", "period_start", "period_end", "orders", "period_target_orders", "pace_orders"
    )
    return list(days), list(periods)


def test_a_rebuild_in_chunks_equals_one_rollup_per_store(shops):
    for store in shops:
        store_rollup_build(store, FIRST, LAST, as_of=LAST)
    one_by_one = snapshot()
    PeriodSegment.objects.all().delete()
    assert not PeriodRollup.objects.exists()

    written = stores_rollup_rebuild(shops, FIRST, LAST, as_of=LAST, chunk=2)

    assert snapshot() == one_by_one
    assert written == PeriodSegment.objects.count()
    assert {p[1] for p in one_by_one[1]} == {"week", "month", "stage", "plan"}
    assert RollupRun.objects.filter(status=RollupRun.Status.DONE).count() == 2 * len(shops)


def test_a_rebuild_twice_changes_nothing(shops):
    stores_rollup_rebuild(shops, FIRST, LAST, as_of=LAST, chunk=2)
    first = snapshot()
    stores_rollup_rebuild(shops, FIRST, LAST, as_of=LAST, chunk=1)
    assert snapshot() == first


def test_a_rebuild_of_a_queryset_reads_its_stores_chunk_by_chunk_and_equals_one_of_the_list(shops):
    from django.db.models.signals import post_init

    from stores.models import Store

    stores_rollup_rebuild(shops, FIRST, LAST, as_of=LAST)
    from_list = snapshot()
    loaded: list[int] = []

    def count(sender, instance, **kwargs):
        loaded.append(instance.pk)

    post_init.connect(count, sender=Store)
    try:
        stores_rollup_rebuild(Store.objects.filter(pk__in=[s.pk for s in shops]), FIRST, LAST, as_of=LAST, chunk=2)
    finally:
        post_init.disconnect(count, sender=Store)
    assert snapshot() == from_list
    assert sorted(loaded) == sorted(s.pk for s in shops)  # each store read once, by its chunk


def test_daily_actuals_are_the_day_rollups_that_have_a_source(shops):
    planned = shops[-1]
    assert DayRollup.objects.filter(store=planned).count() == (LAST - FIRST).days + 1
    actuals = DailyActual.objects.filter(store=planned)
    assert actuals.count() == 31
    assert set(actuals.values_list("source", flat=True)) == {SERVICE_LOG_SOURCE}
    # The other stores have no plan: a day rollup only where there are actuals.
    assert DayRollup.objects.filter(store=shops[0]).count() == DailyActual.objects.filter(store=shops[0]).count()


def test_day_rows_follow_the_metrics_at_once_and_the_periods_at_the_next_rollup(shops):
    store = shops[-1]
    stores_rollup_rebuild(shops, FIRST, LAST, as_of=LAST)
    day = FIRST + timedelta(days=10)
    month = PeriodRollup.objects.get(store=store, grain="month", period_start=FIRST)
    DailyMetric.objects.filter(store=store, date=day).update(orders=500)

    assert DayRollup.objects.get(store=store, date=day).orders == 500  # the view reads the metric
    assert PeriodRollup.objects.get(pk=month.pk).orders == month.orders  # the stored period waits for a rollup
    store_rollup_build(store, day, day, as_of=LAST)
    assert PeriodRollup.objects.get(store=store, grain="month", period_start=FIRST).orders == month.orders + 500 - (
        10 % 9 + 2
    )


def test_a_day_rollup_is_found_by_its_id(shops):
    day = DayRollup.objects.filter(store=shops[-1]).order_by("date")[3]
    assert DayRollup.objects.get(pk=day.pk).date == FIRST + timedelta(days=3)
    assert DayRollup.objects.filter(pk=day.pk).count() == 1


PERIOD_FIGURES = (
    "store_id", "grain", "period_start", "period_end", "stage", "days", "days_elapsed", "uv", "orders",
    "target_orders", "orders_variance", "orders_attainment", "period_target_orders", "projected_orders",
    "pace_orders",
)  # fmt: skip


def periods() -> list[tuple]:
    return list(PeriodRollup.objects.order_by("store_id", "grain", "period_start").values_list(*PERIOD_FIGURES))


def test_a_later_rollup_of_one_day_moves_every_segment_that_as_of_splits_differently(shops):
    """The days between the last rollup's as_of and the next one's become "to date" although they did not change:
    a rollup of one day in the next month rewrites their segments as well, so that every period equals a rebuild
    as of the new day, stages and the plan included."""
    store_rollup_build(shops[-1], FIRST, LAST, as_of=date(2026, 9, 20))  # 21 September to 31 October ahead
    store_rollup_build(shops[-1], date(2026, 10, 22), date(2026, 10, 22), as_of=date(2026, 10, 25))
    incremental = periods()
    month = PeriodRollup.objects.get(store=shops[-1], grain="month", period_start=FIRST)
    assert month.days_elapsed == 30 and month.orders == sum(
        DailyMetric.objects.filter(store=shops[-1], date__lte=date(2026, 9, 30)).values_list("orders", flat=True)
    )
    PeriodSegment.objects.all().delete()
    store_rollup_build(shops[-1], FIRST, LAST, as_of=date(2026, 10, 25))
    assert incremental == periods()
