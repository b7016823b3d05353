"""`manage.py rollup`: the periods of a range or of the dirty days; the day rows pick each store-day's actuals from
its sources."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from funnel.choices import SERVICE_LOG_SOURCE, client_source
from funnel.models import DailyMetric
from rollups.models import DailyActual, PeriodRollup, RollupRun
from stores.days import dirty_mark
from stores.models import DirtyRange
from tests.factories import StoreFactory, api_client_with_key

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 1, tzinfo=UTC)


def run(*args) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("rollup", *args, stdout=out)
    return out.getvalue()


def metric(store, day, source, orders, uv=None, updated=T0, client=None):
    return DailyMetric.objects.create(
        store=store,
        date=day,
        source=source,
        api_client=client,
        orders=orders,
        uv=uv,
        created_at=updated,
        updated_at=updated,
    )


@pytest.fixture
def shop():
    return StoreFactory(code="shop")


def test_the_api_source_counts_by_default_and_the_log_fills_gaps(shop):
    client, _ = api_client_with_key("erp", shop)
    metric(shop, date(2026, 11, 1), client_source(client.pk), 40, uv=1000, client=client)
    metric(shop, date(2026, 11, 1), SERVICE_LOG_SOURCE, 38)
    metric(shop, date(2026, 11, 2), SERVICE_LOG_SOURCE, 30)
    output = run("--store", "shop", "--from", "2026-11-01", "--to", "2026-11-03")
    actuals = {a.date.day: (a.orders, a.source) for a in DailyActual.objects.all()}
    assert actuals == {1: (40, client_source(client.pk)), 2: (30, SERVICE_LOG_SOURCE)}
    # Sunday 1 and Monday 2 November lie in two weeks of one month: two segments; no plan, so no stage or plan.
    assert "shop: 2026-11-01 .. 2026-11-03 (3 days), 2 period segments written" in output


def test_a_store_preferring_the_service_log_gets_its_figures(shop):
    shop.source_policy = "service_log"
    shop.save()
    client, _ = api_client_with_key("erp", shop)
    metric(shop, date(2026, 11, 1), client_source(client.pk), 40, uv=1000, client=client)
    metric(shop, date(2026, 11, 1), SERVICE_LOG_SOURCE, 38)
    run("--from", "2026-11-01", "--to", "2026-11-01")
    assert DailyActual.objects.get().orders == 38


def test_between_two_clients_the_latest_update_wins(shop):
    a, _ = api_client_with_key("a", shop)
    b, _ = api_client_with_key("b", shop)
    metric(shop, date(2026, 11, 1), client_source(a.pk), 40, uv=900, client=a, updated=T0)
    metric(shop, date(2026, 11, 1), client_source(b.pk), 44, uv=950, client=b, updated=T0 + timedelta(hours=1))
    run("--from", "2026-11-01", "--to", "2026-11-01")
    assert DailyActual.objects.get().orders == 44


def test_running_twice_gives_the_same_table(shop):
    metric(shop, date(2026, 11, 1), SERVICE_LOG_SOURCE, 38)
    run("--from", "2026-11-01", "--to", "2026-11-30")
    first = list(DailyActual.objects.values("store_id", "date", "orders", "source"))
    run("--from", "2026-11-01", "--to", "2026-11-30")
    assert list(DailyActual.objects.values("store_id", "date", "orders", "source")) == first


def test_without_dates_it_recomputes_only_dirty_days_and_clears_them(shop):
    metric(shop, date(2026, 11, 5), SERVICE_LOG_SOURCE, 12)
    metric(shop, date(2026, 10, 1), SERVICE_LOG_SOURCE, 9)
    dirty_mark([(shop.pk, date(2026, 11, 5))])
    output = run()
    assert list(PeriodRollup.objects.values_list("grain", "period_start")) == [
        ("month", date(2026, 11, 1)),
        ("week", date(2026, 11, 2)),
    ]  # October's day is not dirty: its periods are not computed
    assert not DirtyRange.objects.exists()
    assert RollupRun.objects.get().status == "done"
    assert "Nothing to roll up" in run()
    assert "1 period segments" in output  # 5 November, the month's and the week's only day with metrics


def test_a_deleted_source_row_disappears_from_the_actuals(shop):
    row = metric(shop, date(2026, 11, 1), SERVICE_LOG_SOURCE, 38)
    run("--from", "2026-11-01", "--to", "2026-11-01")
    row.delete()
    run("--from", "2026-11-01", "--to", "2026-11-01")
    assert not DailyActual.objects.exists()


@pytest.mark.parametrize(
    "args,message",
    [
        (["--store", "nope"], "no store with code 'nope'"),
        (["--from", "2026-11-01"], "both --from and --to"),
        (["--from", "2026-11-31", "--to", "2026-12-01"], "Enter a date like 2026-11-11"),
        (["--from", "2026-11-01", "--to", "9999-12-31"], "Enter a date from 2000-01-01 to 2099-12-31"),
        (["--from", "2026-12-01", "--to", "2026-11-01"], "is after --to"),
    ],
)
def test_bad_arguments_fail_with_a_message_and_change_nothing(shop, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not RollupRun.objects.exists()
