"""Dashboard selectors against hand-built rollup rows and against a real rollup run."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from alerts.models import Alert
from dashboards.selectors import days_detail, portfolio_rows, recompute_span, store_dashboard
from funnel.choices import SERVICE_LOG_SOURCE
from funnel.models import Plan
from rollups.models import DayRollup, PeriodRollup
from rollups.selectors import stage_status
from tests.factories import StoreFactory
from tests.rollups.days import day_figures, month_segments

from .conftest import store_with_history, yesterday_of

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 21, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # yesterday: 20 March


def day_rollup(day: date, orders: int | None, target: int | None) -> tuple[date, dict]:
    return day, {"orders": orders, "target_orders": target}


def test_portfolio_reads_yesterday_the_last_7_days_and_the_month_to_date_from_the_rollups():
    shop = StoreFactory(code="hand-built", platform="jd")
    day_figures(
        shop,
        [day_rollup(date(2026, 3, 13), 99, 1)]  # 8 days back: not in the 7 days
        + [day_rollup(date(2026, 3, 14) + timedelta(days=i), 10 + i, 12) for i in range(7)]
        + [day_rollup(date(2026, 3, 21), 50, 12)],  # today: not a full day yet
    )
    month_segments(shop, date(2026, 2, 28), {"gmv": Decimal(1), "target_gmv": Decimal(1)})
    # March to the 20th: 5,000 against 4,000, and 2,200 more targeted for the rest of the month.
    month_segments(shop, date(2026, 3, 20), {"gmv": Decimal(5000), "target_gmv": Decimal(4000)}, {"target_gmv": 2200})
    Alert.objects.create(store=shop, kind="behind_plan", key="a", title="Behind", first_seen=NOW, last_seen=NOW)
    Alert.objects.create(
        store=shop, kind="late_shipping", key="b", title="Late", state="resolved", first_seen=NOW, last_seen=NOW
    )

    [row] = portfolio_rows([shop], now=NOW)

    assert row["yesterday"] == date(2026, 3, 20)
    assert (row["orders_yesterday"], row["target_orders_yesterday"]) == (16, 12)
    assert (row["orders_7d"], row["target_orders_7d"]) == (sum(range(10, 17)), 84)
    assert row["attainment_7d"] == Decimal("1.0833")  # 91 / 84
    assert (row["gmv_mtd"], row["target_gmv_mtd"]) == (Decimal(5000), Decimal(4000))
    assert row["attainment_mtd"] == Decimal("1.2500")
    assert (row["projected_gmv"], row["period_target_gmv"], row["pace_gmv"]) == (
        Decimal(7750),
        Decimal(6200),
        Decimal("1.2500"),
    )
    assert row["open_alerts"] == 1
    assert row["stage"] == 1  # the plan of the targets above has one stage
    assert (row["week_from"], row["month_from"]) == (date(2026, 3, 14), date(2026, 3, 1))


def test_a_store_without_rollups_shows_nothing_rather_than_zero():
    [row] = portfolio_rows([StoreFactory(code="empty-shop")], now=NOW)
    assert row["orders_yesterday"] is None and row["gmv_mtd"] is None and row["pace_gmv"] is None
    assert row["open_alerts"] == 0 and row["last_rollup_at"] is None


def test_the_portfolio_stage_and_recommendation_are_the_funnels(manager):
    stores = [
        store_with_history("strong-shop", manager=manager, orders=40),
        store_with_history("weak-shop", manager=manager, orders=1),
    ]
    rows = {r["code"]: r for r in portfolio_rows(stores)}
    for store in stores:
        status = stage_status(store, yesterday_of(store) + timedelta(days=1))
        assert rows[store.code]["stage"] == status.stage.number
        assert rows[store.code]["recommendation"] == status.recommendation
        assert rows[store.code]["last_rollup_at"] is not None
    assert rows["weak-shop"]["recommendation"] == "behind"


def test_the_portfolio_agrees_with_a_real_rollup(shop):
    [row] = portfolio_rows([shop])
    yesterday = yesterday_of(shop)
    days = DayRollup.objects.filter(store=shop, date__gt=yesterday - timedelta(days=7), date__lte=yesterday)
    assert row["orders_7d"] == sum(d.orders for d in days)
    assert row["target_orders_7d"] == sum(d.target_orders for d in days)
    month = PeriodRollup.objects.get(store=shop, grain="month", period_start=yesterday.replace(day=1))
    assert row["gmv_mtd"] == month.gmv and row["projected_gmv"] == month.projected_gmv


def test_the_store_dashboard_splits_the_variance_and_shades_the_plans_event_days(shop):
    Plan.objects.filter(store=shop).update(event_weights={(yesterday_of(shop) - timedelta(days=3)).isoformat(): 3})
    data = store_dashboard(shop, "day")
    assert len(data["chart"]["labels"]) == 90
    assert data["chart"]["shades"] and data["chart"]["shades"][0]["from"] == 86
    assert [v["grain"] for v in data["variance"]] == ["month", "plan"]
    for split in data["variance"]:
        effects = split["uv_effect"] + split["conversion_effect"] + split["aov_effect"]
        assert abs(effects - split["gmv_variance"]) <= Decimal("0.02")
        assert [s["step"] for s in split["steps"]] == ["target", "uv", "conversion", "aov", "actual"]
    assert data["timeline"]["stages"][0]["number"] == 1
    assert sum(s["current"] for s in data["timeline"]["stages"]) == 1
    assert data["rows"][0]["start"] == yesterday_of(shop)
    assert data["last_rollup_at"] is not None


def test_week_and_month_grains_cover_the_plan_period_with_the_rollups_pace(shop):
    plan = Plan.objects.get(store=shop, status="active")
    weeks = store_dashboard(shop, "week")
    assert weeks["first"] <= plan.period_start and weeks["last"] >= plan.period_end
    assert weeks["chart"]["series"]["target_orders"][-1] is not None  # the plan line runs to the period's end
    assert all(r["start"] <= yesterday_of(shop) for r in weeks["rows"])  # the table: periods begun
    assert "pace_gmv" in weeks["rows"][0]
    months = store_dashboard(shop, "month")
    assert all(label.count("-") == 1 for label in months["chart"]["labels"])


def test_the_days_behind_a_figure_list_every_source_and_mark_the_one_that_counted(shop):
    yesterday = yesterday_of(shop)
    days = days_detail(shop, DayRollup.objects.filter(store=shop, date=yesterday), yesterday, yesterday)
    [day] = days
    sources = {r["source"]: r for r in day["records"]}
    assert set(sources) == {day["source"], SERVICE_LOG_SOURCE}
    assert day["source"].startswith("client:")  # the store prefers API clients
    assert sources[day["source"]]["counted"] and not sources[SERVICE_LOG_SOURCE]["counted"]
    assert day["source_label"] == "API client tmall-shop-erp"
    assert day["orders"] == sources[day["source"]]["orders"]


def test_days_pushed_since_the_last_rollup_are_shown_at_once(shop):
    from funnel.models import DailyMetric

    today = yesterday_of(shop) + timedelta(days=1)
    now = timezone.now()
    DailyMetric.objects.create(
        store=shop, date=today, source=SERVICE_LOG_SOURCE, orders=3, created_at=now, updated_at=now
    )
    days = days_detail(shop, DayRollup.objects.filter(store=shop, date=today), today, today)
    [day] = days
    assert (day["orders"], day["source"]) == (3, SERVICE_LOG_SOURCE)
    assert day["records"][0]["counted"] and day["records"][0]["orders"] == 3


def test_recompute_covers_the_plan_period_or_the_last_400_days(shop):
    plan = Plan.objects.get(store=shop, status="active")
    assert recompute_span(shop) == (plan.period_start, plan.period_end)
    lone = StoreFactory(code="no-plan")
    first, last = recompute_span(lone, now=NOW)
    assert last == date(2026, 3, 20) and (last - first).days == 399


@pytest.mark.parametrize("grain", ["day", "week", "month"])
def test_the_charts_periods_summed_in_sql_are_the_day_rows_bucketed_in_python(grain):
    """The charts' periods come from one SQL statement; summing the day rows in Python (dashboards.domain.buckets)
    and taking each chart's share there (metric_rows) gives every figure the same."""
    from dashboards.domain import CHART_TARGETS, buckets, metric_rows

    store = store_with_history("sql-buckets", days=80)
    board = store_dashboard(store, grain)
    days = DayRollup.objects.filter(store=store, date__gte=board["first"], date__lte=board["last"]).values()
    expected = buckets(list(days), grain, board["first"], board["last"])
    assert [p["start"] for p in board["periods"]] == [p["start"] for p in expected]
    for key, target in CHART_TARGETS:
        for name in (key, target):
            assert [p[name] for p in board["periods"]] == [p[name] for p in expected], name
        for p in expected:
            p["to"] = p["end"]
        shares = [r["share"] for r in metric_rows(board["periods"], key, target)]
        assert shares == [r["share"] for r in metric_rows(expected, key, target)], key
    assert any(p["orders_share"] is not None for p in board["periods"])


@pytest.mark.parametrize("grain", ["day", "week", "month"])
def test_the_dashboards_stage_status_is_the_stores_whatever_the_grain(grain):
    """The dashboard hands the stage status the plan, days and month pace it read for the charts."""
    store = store_with_history("status-shop", days=80)
    shown = store_dashboard(store, grain)["status"]
    alone = stage_status(store)
    assert (shown.plan, shown.stage, shown.next_stage) == (alone.plan, alone.stage, alone.next_stage)
    assert shown.advice == alone.advice
    assert shown.anomalies == alone.anomalies
    assert shown.advice is not None and shown.last_7 is not None
